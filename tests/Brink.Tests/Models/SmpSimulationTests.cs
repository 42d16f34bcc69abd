using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Brink.Application;
using Brink.Cluster;
using Brink.Models.Smp;
using Brink.Scenarios;
using Brink.Simulation;
using Brink.Tests.Cli;

namespace Brink.Tests.Models;

/// <summary>
/// The spatial model of politics in Monte Carlo, sensitivity and what-if (<c>--model smp</c>): every draw perturbs every
/// dimension of the negotiation jointly and runs the model once on the package; draws that were cut at the turn limit or
/// whose saliences were scaled to KTAB's limit are counted and reported.
/// </summary>
public sealed class SmpSimulationTests
{
    private static readonly string Package = TestPaths.InRepo("scenarios", "nato-2022-package.yaml");
    private static readonly string[] Dimensions = ["security.nato_membership", "security.force_posture"];

    private static Scenario Load() => ScenarioLoader.Load(Package).Value!;

    private static string Simulate(int threads, params string[] more) =>
        CliRunner.Run(["simulate", Package, "--model", "smp", "--draws", "60", "--seed", "5",
            "--threads", threads.ToString(CultureInfo.InvariantCulture), "--format", "json", .. more]) is var r && r.ExitCode == 0
            ? r.Out : throw new InvalidOperationException(r.Error);

    [Fact]
    public void The_same_seed_gives_the_same_bytes_at_one_and_two_threads_and_each_point_forecast_is_the_run_forecast()
    {
        var one = Simulate(1);
        Assert.Equal(one, Simulate(2));
        var run = CliRunner.Run("run", Package, "--model", "smp", "--format", "json");
        Assert.True(run.ExitCode == 0, run.Error);
        using var sim = JsonDocument.Parse(one);
        using var point = JsonDocument.Parse(run.Out);
        var forecast = point.RootElement.GetProperty("models")[0].GetProperty("forecast").EnumerateArray().ToList();
        var issues = sim.RootElement.GetProperty("issues").EnumerateArray().ToList();
        Assert.Equal(Dimensions, issues.Select(i => i.GetProperty("issue").GetString()));
        for (var k = 0; k < issues.Count; k++)
        {
            var model = Assert.Single(issues[k].GetProperty("models").EnumerateArray().ToList());
            Assert.Equal("smp", model.GetProperty("model").GetString());
            Assert.Equal(Dimensions, model.GetProperty("space").EnumerateArray().Select(x => x.GetString()));
            Assert.Equal(forecast[k].GetProperty("mean").GetDouble(), model.GetProperty("point_forecast").GetProperty("mean").GetDouble(), 12);
            Assert.Equal(forecast[k].GetProperty("median").GetDouble(), model.GetProperty("point_forecast").GetProperty("median").GetDouble(), 12);
            Assert.True(model.GetProperty("forecast_mean").GetProperty("std_dev").GetDouble() > 0, "the scenario's ranges should spread the draws");
        }
    }

    /// <summary>
    /// The plain check of the joint semantics: draw d of either dimension is the model run once on the package with every
    /// dimension's inputs of joint draw d (saliences over 1 scaled down in proportion), and the notes count exactly the draws
    /// that were cut at the turn limit or scaled.
    /// </summary>
    [Fact]
    public void Each_draw_of_each_dimension_is_one_run_of_the_package_on_the_joint_draw_and_the_notes_count_those_draws()
    {
        var scenario = Load();
        const double noise = 0.3; // wide enough that some drawn saliences add up to more than 1
        const int draws = 40;
        var options = new MonteCarloOptions { Draws = draws, Seed = 9, Threads = 2, KeepSamples = true };
        var model = new SmpIssueModel(scenario, new SmpOptions());
        var templates = Dimensions.Select(id => IssueTemplate.From(scenario, id, noise)).ToList();
        var results = templates.Select(t => MonteCarlo.Run(t, [model], options, scenario.Correlations)).ToList();

        var joint = JointDraws.Create(templates, scenario.Correlations, draws, options.Seed);
        var (buffers, row, rows) = joint.CreateBuffers();
        var point = SmpInputs.From(scenario, "security", out _);
        int n = point.Count, d = point.DimensionCount;
        long scaledDraws = 0, cutDraws = 0;
        for (var draw = 0; draw < draws; draw++)
        {
            joint.Fill(draw, buffers, row, rows);
            var capability = new double[n];
            var position = new double[n * d];
            var salience = new double[n * d];
            var scaled = false;
            for (var i = 0; i < n; i++)
            {
                var id = scenario.Actors.Single(a => a.DisplayName == point.Actors[i]).Id;
                capability[i] = buffers[0].Capability[templates[0].ActorIds.IndexOf(id)];
                for (var k = 0; k < d; k++)
                {
                    var slot = templates[k].ActorIds.IndexOf(id);
                    position[i * d + k] = buffers[k].Position[slot];
                    salience[i * d + k] = buffers[k].Salience[slot];
                }
                var total = Enumerable.Range(0, d).Sum(k => salience[i * d + k]);
                if (total > 1)
                {
                    scaled = true;
                    for (var k = 0; k < d; k++) salience[i * d + k] /= total;
                }
            }
            var run = SmpModel.Run(point with { Capability = [.. capability], Position = [.. position], Salience = [.. salience] }, new SmpOptions());
            if (scaled) scaledDraws++;
            if (!run.Converged) cutDraws++;
            for (var k = 0; k < d; k++) Assert.Equal(run.Forecasts()[k].Mean, results[k].Models[0].Samples[draw], 12);
        }
        Assert.True(scaledDraws > 0, "the test needs draws whose saliences exceed 1");
        foreach (var result in results)
        {
            Assert.Contains(result.Warnings, w => w.Code == SmpIssueModel.SalienceScaledCode && w.Message.Contains($"in {scaledDraws} of {draws} draws", StringComparison.Ordinal));
            if (cutDraws > 0) Assert.Contains(result.Warnings, w => w.Code == SmpIssueModel.NoConvergenceCode && w.Message.Contains($"in {cutDraws} of {draws} draws", StringComparison.Ordinal));
            else Assert.DoesNotContain(result.Warnings, w => w.Code == SmpIssueModel.NoConvergenceCode);
        }
    }

    [Fact]
    public void Chunks_through_the_cluster_codec_merged_give_the_whole_run_with_its_draw_notes()
    {
        var scenario = Load();
        var template = IssueTemplate.From(scenario, Dimensions[1], 0.3);
        IIssueModel[] models = [IssueModels.Compromise, new SmpIssueModel(scenario, new SmpOptions())];
        var options = new MonteCarloOptions { Draws = 30, Seed = 4, Threads = 1 };
        var whole = MonteCarlo.Run(template, models, options, scenario.Correlations);
        Assert.Contains(whole.Warnings, w => w.Code == SmpIssueModel.SalienceScaledCode);
        var chunks = new[] { (0, 11), (11, 30) }
            .Select(r => MonteCarlo.RunChunk(template, models, options, scenario.Correlations, r.Item1, r.Item2))
            .Select(c => ChunkCodec.DecodeMonteCarlo(ChunkCodec.Encode(c), c.Start, c.End)).Reverse().ToList();
        Assert.All(chunks, c => Assert.Equal([0, 2], c.NoteCounts.Select(x => x.Length)));
        Assert.Equal(JsonSerializer.Serialize(whole), JsonSerializer.Serialize(MonteCarlo.Merge(template, models, options, chunks)));
    }

    [Fact]
    public void A_chunk_stored_without_draw_notes_still_decodes()
    {
        var chunk = new MonteCarloChunk(0, 2, [[1.0, 2.0]], [[1.0, 2.0]], [[]]);
        var bytes = ChunkCodec.Encode(chunk);
        // The bytes an encoder without draw notes wrote: everything but the trailing note counts (an int 0).
        var old = bytes[..^sizeof(int)];
        Assert.Empty(ChunkCodec.DecodeMonteCarlo(old, 0, 2).NoteCounts);
        Assert.Empty(ChunkCodec.DecodeMonteCarlo(bytes, 0, 2).NoteCounts);
    }

    [Fact]
    public void Without_uncertain_inputs_every_draw_is_the_run_and_nothing_is_noted()
    {
        var scenario = Load() with { Uncertain = [], Correlations = [], Noise = null };
        var expected = SmpModel.Run(SmpInputs.From(scenario, "security", out _), new SmpOptions());
        var model = new SmpIssueModel(scenario, new SmpOptions());
        for (var k = 0; k < Dimensions.Length; k++)
        {
            var result = MonteCarlo.Run(IssueTemplate.From(scenario, Dimensions[k]), [model], new MonteCarloOptions { Draws = 5, Seed = 1, KeepSamples = true });
            Assert.All(result.Models[0].Samples, x => Assert.Equal(expected.Forecasts()[k].Mean, x));
            Assert.DoesNotContain(result.Warnings, w => w.Code.StartsWith("smp-draw", StringComparison.Ordinal));
            Assert.Contains(result.Warnings, w => w.Code == MonteCarlo.NoUncertainInputsCode);
        }
    }

    [Fact]
    public void Sensitivity_and_what_if_vary_one_dimension_with_the_others_at_their_point_values()
    {
        var source = ScenarioSource.FromText(File.ReadAllText(Package), ScenarioFormat.Yaml, "nato-2022-package.yaml");
        var sensitivity = SensitivityService.Run(new SensitivityRequest
        {
            Scenario = source, Model = "smp", Issue = Dimensions[1],
            Options = new SensitivityOptions { Seed = 3, MorrisTrajectories = 2, SobolSamples = 8 },
        });
        Assert.True(sensitivity.Ok, string.Join("; ", sensitivity.Diagnostics.Select(x => x.Message)));
        var result = sensitivity.Result!;
        Assert.Equal(SmpRunService.Run(new SmpRunRequest { Scenario = source }).Document!.Models![0].Forecast[1].Mean, result.Baseline, 12);
        Assert.Contains(result.Tornado, t => Math.Abs(t.HighForecast - t.LowForecast) > 0.5);

        var whatIf = WhatIfService.Run(new WhatIfRequest { Scenario = source, Model = "smp", Issue = Dimensions[0], Target = 20, Actors = ["russia", "usa"] });
        Assert.True(whatIf.Ok, string.Join("; ", whatIf.Diagnostics.Select(x => x.Message)));
        Assert.True(whatIf.Result!.Best.Distance < Math.Abs(whatIf.Result.Baseline.Mean - 20), "a change of Russia or the US should move the forecast toward 20");
    }

    [Fact]
    public void A_changed_salience_is_kept_and_the_actors_other_dimensions_make_room()
    {
        var scenario = Load();
        var template = IssueTemplate.From(scenario, Dimensions[0]);
        var russia = template.ActorIds.IndexOf("russia");
        var buffer = template.CreateBuffer();
        template.Reset(buffer);
        buffer.Salience[russia] = 0.9; // Russia's other dimension holds more than 0.1
        var forecast = new SmpIssueModel(scenario, new SmpOptions()).CreateWorker().Evaluate(template, buffer, []);

        var point = SmpInputs.From(scenario, "security", out _);
        var i = point.Actors.IndexOf(scenario.Actors.Single(a => a.Id == "russia").DisplayName);
        Assert.True(point.Salience[i * 2 + 1] > 0.1);
        var salience = point.Salience.ToArray();
        salience[i * 2] = 0.9;
        salience[i * 2 + 1] = 0.1;
        var expected = SmpModel.Run(point with { Salience = [.. salience] }, new SmpOptions()).Forecasts()[0];
        Assert.Equal(expected.Mean, forecast.Mean, 12);
    }

    [Fact]
    public void A_what_if_that_needs_room_on_the_other_dimensions_says_so()
    {
        var scenario = Load();
        var model = new SmpIssueModel(scenario, new SmpOptions());
        var template = IssueTemplate.From(scenario, Dimensions[0]);
        var russia = template.ActorIds.IndexOf("russia");
        var room = model.Adjustment(template, russia, IssueField.Salience, 0.9);
        Assert.NotNull(room);
        Assert.Equal(SmpIssueModel.SalienceRoomCode, room.Code);
        Assert.Contains("leaves 0.1 for its other dimensions", room.Message, StringComparison.Ordinal);
        Assert.Null(model.Adjustment(template, russia, IssueField.Salience, 0.1));
        Assert.Null(model.Adjustment(template, russia, IssueField.Position, 90));

        var source = ScenarioSource.FromText(File.ReadAllText(Package), ScenarioFormat.Yaml, "nato-2022-package.yaml");
        var whatIf = WhatIfService.Run(new WhatIfRequest
        {
            Scenario = source, Model = "smp", Issue = Dimensions[0], Target = 100, Actors = ["russia"],
            Parameters = [IssueField.Salience], MaxSalienceChange = 0.5,
        });
        Assert.True(whatIf.Ok, string.Join("; ", whatIf.Diagnostics.Select(x => x.Message)));
        var best = whatIf.Result!.Best;
        var others = scenario.Actors.Single(a => a.Id == "russia").Stances[Dimensions[1]].Salience;
        Assert.Equal(best.To + others > 1, whatIf.Result.Warnings.Any(w => w.Code == SmpIssueModel.SalienceRoomCode));
        Assert.True(best.To + others > 1, $"the test needs a change past the room left (best {best.To}, other dimension {others})");
    }

    [Fact]
    public void An_unknown_variant_is_refused_with_the_valid_ones()
    {
        var r = CliRunner.Run("simulate", Package, "--model", "smp", "--variant", "nope", "--draws", "5");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Valid variants: brink, ktab", r.Error, StringComparison.Ordinal);
        var ktab = Simulate(1, "--variant", "ktab");
        using var doc = JsonDocument.Parse(ktab);
        Assert.Equal("ktab", doc.RootElement.GetProperty("issues")[0].GetProperty("models")[0].GetProperty("variant").GetString());
    }
}
