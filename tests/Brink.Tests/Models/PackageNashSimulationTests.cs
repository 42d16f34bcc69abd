using System.Globalization;
using System.Text.Json;
using Brink.Application;
using Brink.Models.Nash;
using Brink.Models.Smp;
using Brink.Scenarios;
using Brink.Simulation;
using Brink.Tests.Cli;

namespace Brink.Tests.Models;

/// <summary>
/// Nash bargaining on the product space of a package in Monte Carlo, sensitivity and what-if (<c>--model nash-package</c>): every
/// draw perturbs every dimension of the package jointly and solves the package once; draws without a feasible agreement, and
/// draws of an issue that is not a dimension of a package, are counted and reported.
/// </summary>
public sealed class PackageNashSimulationTests
{
    private static readonly string Package = TestPaths.InRepo("scenarios", "nato-2022-package.yaml");
    private static readonly string[] Dimensions = ["security.nato_membership", "security.force_posture"];

    /// <summary>
    /// Two actors at opposite corners with equal attention on both dimensions: their contract curve is the diagonal, so with
    /// B at (100, 100) the status quo (50, 50) is Pareto optimal (no feasible agreement), with B at (60, 100) it is not.
    /// </summary>
    private const string TwoCorners = """
        title: Two actors at opposite corners of a package
        issues:
        - id: deal
          dimensions:
          - id: a
            scale: {min: 0, max: 100}
            status_quo: {value: 50}
          - id: b
            scale: {min: 0, max: 100}
            status_quo: {value: 50}
        - id: alone
          scale: {min: 0, max: 100}
        actors:
        - id: x
          capability: {value: 1}
          positions:
            deal:
              a: {position: {value: 0}, salience: {value: 0.5}}
              b: {position: {value: 0}, salience: {value: 0.5}}
            alone: {position: {value: 10, range: [0, 20]}, salience: {value: 0.5}}
        - id: y
          capability: {value: 1}
          positions:
            deal:
              a: {position: {value: 100, dist: discrete, values: [100, 60], weights: [1, 1]}, salience: {value: 0.5}}
              b: {position: {value: 100}, salience: {value: 0.5}}
            alone: {position: {value: 90}, salience: {value: 0.5}}
        """;

    private static Scenario Load() => ScenarioLoader.Load(Package).Value!;

    private static string Simulate(int threads, params string[] more) =>
        CliRunner.Run(["simulate", Package, "--model", "nash-package", "--draws", "200", "--seed", "1",
            "--threads", threads.ToString(CultureInfo.InvariantCulture), "--format", "json", .. more]) is var r && r.ExitCode == 0
            ? r.Out : throw new InvalidOperationException(r.Error);

    /// <summary><see cref="TwoCorners"/> in a temporary file, deleted on dispose.</summary>
    private sealed class TwoCornersFile : IDisposable
    {
        public TwoCornersFile() => File.WriteAllText(Path, TwoCorners);
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"brink-nash-package-{Guid.NewGuid():N}.yaml");
        public void Dispose() => File.Delete(Path);
    }

    [Fact]
    public void The_same_seed_gives_the_same_bytes_at_one_and_two_threads_and_each_point_forecast_is_the_run_product_space_nash()
    {
        var one = Simulate(1);
        Assert.Equal(one, Simulate(2));
        var run = CliRunner.Run("run", Package, "--format", "json");
        Assert.True(run.ExitCode == 0, run.Error);
        using var sim = JsonDocument.Parse(one);
        using var point = JsonDocument.Parse(run.Out);
        var nash = point.RootElement.GetProperty("packages")[0].GetProperty("models").EnumerateArray().Single(m => m.GetProperty("model").GetString() == "nash");
        Assert.Equal("product", nash.GetProperty("space").GetString());
        var forecast = nash.GetProperty("forecast").EnumerateArray().ToList();
        var issues = sim.RootElement.GetProperty("issues").EnumerateArray().ToList();
        Assert.Equal(Dimensions, issues.Select(i => i.GetProperty("issue").GetString()));
        for (var k = 0; k < issues.Count; k++)
        {
            var model = Assert.Single(issues[k].GetProperty("models").EnumerateArray().ToList());
            Assert.Equal("nash-package", model.GetProperty("model").GetString());
            Assert.Equal("quadratic", model.GetProperty("variant").GetString());
            Assert.Equal(Dimensions, model.GetProperty("space").EnumerateArray().Select(x => x.GetString()));
            Assert.Equal(forecast[k].GetProperty("mean").GetDouble(), model.GetProperty("point_forecast").GetProperty("mean").GetDouble());
            Assert.Equal(forecast[k].GetProperty("mean").GetDouble(), model.GetProperty("point_forecast").GetProperty("median").GetDouble());
            Assert.True(model.GetProperty("forecast_mean").GetProperty("std_dev").GetDouble() > 0, "the scenario's ranges should spread the draws");
        }
    }

    /// <summary>Draw d of either dimension is one plain <see cref="PackageNash.Run"/> on every dimension's inputs of joint draw d; the notes count its infeasible draws.</summary>
    [Fact]
    public void Each_draw_of_each_dimension_is_one_product_space_solution_of_the_joint_draw()
    {
        var scenario = Load();
        const double noise = 0.3;
        const int draws = 40;
        var options = new MonteCarloOptions { Draws = draws, Seed = 9, Threads = 2, KeepSamples = true };
        var model = new PackageNashIssueModel(scenario);
        var templates = Dimensions.Select(id => IssueTemplate.From(scenario, id, noise)).ToList();
        var results = templates.Select(t => MonteCarlo.Run(t, [model], options, scenario.Correlations)).ToList();

        var joint = JointDraws.Create(templates, scenario.Correlations, draws, options.Seed);
        var (buffers, row, rows) = joint.CreateBuffers();
        var point = SmpInputs.From(scenario, "security", out _);
        int n = point.Count, d = point.DimensionCount;
        long infeasible = 0;
        for (var draw = 0; draw < draws; draw++)
        {
            joint.Fill(draw, buffers, row, rows);
            var capability = new double[n];
            var position = new double[n * d];
            var salience = new double[n * d];
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
            }
            var solved = PackageNash.Run(point with { Capability = [.. capability], Position = [.. position], Salience = [.. salience] });
            if (!solved.Feasible) infeasible++;
            for (var k = 0; k < d; k++) Assert.Equal(solved.Solution[k], results[k].Models[0].Samples[draw]);
        }
        foreach (var result in results)
        {
            if (infeasible > 0) Assert.Contains(result.Warnings, w => w.Code == PackageNashIssueModel.NoFeasibleAgreementCode && w.Message.Contains($"in {infeasible} of {draws} draws", StringComparison.Ordinal));
            else Assert.DoesNotContain(result.Warnings, w => w.Code == PackageNashIssueModel.NoFeasibleAgreementCode);
            Assert.DoesNotContain(result.Warnings, w => w.Code == PackageNashIssueModel.SingleIssueCode);
            Assert.Equal(result.Models[0].ForecastMean.Mean, result.Models[0].ForecastMedian.Mean);
        }
    }

    [Fact]
    public void Draws_without_a_feasible_agreement_are_counted_in_json_and_in_the_table()
    {
        using var file = new TwoCornersFile();
        var path = file.Path;
        var scenario = ScenarioLoader.Load(path).Value!;
        var template = IssueTemplate.From(scenario, "deal.a");
        var result = MonteCarlo.Run(template, [new PackageNashIssueModel(scenario)], new MonteCarloOptions { Draws = 100, Seed = 2, KeepSamples = true });
        // Infeasible exactly where y stands at 100 on a: the status quo is then the draw's forecast.
        var joint = JointDraws.Create([template, IssueTemplate.From(scenario, "deal.b")], [], 100, 2);
        var (buffers, row, rows) = joint.CreateBuffers();
        var expected = 0;
        for (var draw = 0; draw < 100; draw++)
        {
            joint.Fill(draw, buffers, row, rows);
            var cornered = buffers[0].Position[template.ActorIds.IndexOf("y")] == 100;
            if (cornered)
            {
                expected++;
                Assert.Equal(50, result.Models[0].Samples[draw]);
            }
        }
        Assert.InRange(expected, 1, 99);
        Assert.Contains(result.Warnings, w => w.Code == PackageNashIssueModel.NoFeasibleAgreementCode && w.Message.Contains($"in {expected} of 100 draws", StringComparison.Ordinal));

        var json = CliRunner.Run("simulate", path, "--model", "nash-package", "--issue", "deal.a", "--draws", "100", "--seed", "2", "--format", "json");
        Assert.True(json.ExitCode == 0, json.Error);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Contains(doc.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == PackageNashIssueModel.NoFeasibleAgreementCode
            && w.GetProperty("message").GetString()!.Contains($"in {expected} of 100 draws", StringComparison.Ordinal));
        Assert.DoesNotContain("NaN", json.Out, StringComparison.Ordinal);
        var table = CliRunner.Run("simulate", path, "--model", "nash-package", "--issue", "deal.a", "--draws", "100", "--seed", "2");
        Assert.True(table.ExitCode == 0, table.Error);
        Assert.Contains($"in {expected} of 100 draws no point of the package's product space beat the status quo", table.Out + table.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Chunks_through_the_cluster_codec_merged_give_the_whole_run_with_its_infeasible_draw_count()
    {
        using var file = new TwoCornersFile();
        var path = file.Path;
        var scenario = ScenarioLoader.Load(path).Value!;
        var template = IssueTemplate.From(scenario, "deal.b");
        IIssueModel[] models = [IssueModels.Compromise, new PackageNashIssueModel(scenario)];
        var options = new MonteCarloOptions { Draws = 30, Seed = 4, Threads = 1 };
        var whole = MonteCarlo.Run(template, models, options, scenario.Correlations);
        Assert.Contains(whole.Warnings, w => w.Code == PackageNashIssueModel.NoFeasibleAgreementCode);
        var chunks = new[] { (0, 11), (11, 30) }
            .Select(r => MonteCarlo.RunChunk(template, models, options, scenario.Correlations, r.Item1, r.Item2))
            .Select(c => Brink.Cluster.ChunkCodec.DecodeMonteCarlo(Brink.Cluster.ChunkCodec.Encode(c), c.Start, c.End)).Reverse().ToList();
        Assert.Equal(JsonSerializer.Serialize(whole), JsonSerializer.Serialize(MonteCarlo.Merge(template, models, options, chunks)));
    }

    [Fact]
    public void An_issue_outside_any_package_is_solved_alone_and_its_draws_say_so()
    {
        using var file = new TwoCornersFile();
        var path = file.Path;
        var r = CliRunner.Run("simulate", path, "--model", "nash-package", "--issue", "alone", "--draws", "20", "--seed", "1", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Error);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Contains(doc.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == PackageNashIssueModel.SingleIssueCode
            && w.GetProperty("message").GetString()!.Contains("in 20 of 20 draws", StringComparison.Ordinal));
        var scenario = ScenarioLoader.Load(path).Value!;
        var alone = Brink.Models.ModelCatalog.Run("nash", "quadratic", scenario, "alone", new Brink.Models.ModelOptions());
        var model = doc.RootElement.GetProperty("issues")[0].GetProperty("models")[0];
        Assert.Equal(alone.Forecast.Mean, model.GetProperty("point_forecast").GetProperty("mean").GetDouble(), 9);
    }

    [Fact]
    public void Without_uncertain_inputs_every_draw_is_the_product_space_solution_and_nothing_is_noted()
    {
        var scenario = Load() with { Uncertain = [], Correlations = [], Noise = null };
        var expected = PackageNash.Run(SmpInputs.From(scenario, "security", out _));
        Assert.True(expected.Feasible);
        var model = new PackageNashIssueModel(scenario);
        for (var k = 0; k < Dimensions.Length; k++)
        {
            var result = MonteCarlo.Run(IssueTemplate.From(scenario, Dimensions[k]), [model], new MonteCarloOptions { Draws = 5, Seed = 1, KeepSamples = true });
            Assert.Equal(expected.Solution[k], result.Models[0].PointForecast.Mean);
            Assert.All(result.Models[0].Samples, x => Assert.Equal(expected.Solution[k], x));
            Assert.DoesNotContain(result.Warnings, w => w.Code.StartsWith("nash-package-draw", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_scenario_without_packages_is_refused_with_the_model_and_what_it_needs()
    {
        var plain = TestPaths.InRepo("scenarios", "nato-2022.yaml");
        foreach (var args in new[]
                 {
                     new[] { "simulate", plain, "--model", "nash-package", "--draws", "5" },
                     ["sensitivity", plain, "--model", "nash-package"],
                     ["whatif", plain, "--model", "nash-package", "--target", "50"],
                 })
        {
            var r = CliRunner.Run(args);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("model 'nash-package' solves Nash bargaining on the product space of a package's dimensions and needs a scenario with a multi-dimensional package", r.Error, StringComparison.Ordinal);
        }
        var bad = CliRunner.Run("simulate", Package, "--model", "nash-package", "--variant", "linear", "--draws", "5");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("Valid variants: quadratic", bad.Error, StringComparison.Ordinal);
        var run = CliRunner.Run("run", Package, "--model", "nash-package");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("runs in brink simulate, sensitivity and whatif; brink run reports the product-space solution of each package under model nash", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Sensitivity_and_what_if_vary_one_dimension_with_the_others_at_their_point_values()
    {
        var source = ScenarioSource.FromText(File.ReadAllText(Package), ScenarioFormat.Yaml, "nato-2022-package.yaml");
        var expected = PackageNash.Run(SmpInputs.From(Load(), "security", out _));
        var sensitivity = SensitivityService.Run(new SensitivityRequest
        {
            Scenario = source, Model = "nash-package", Issue = Dimensions[1],
            Options = new SensitivityOptions { Seed = 3, MorrisTrajectories = 2, SobolSamples = 8 },
        });
        Assert.True(sensitivity.Ok, string.Join("; ", sensitivity.Diagnostics.Select(x => x.Message)));
        Assert.Equal(expected.Solution[1], sensitivity.Result!.Baseline);
        Assert.Contains(sensitivity.Result.Tornado, t => Math.Abs(t.HighForecast - t.LowForecast) > 0.5);

        var whatIf = WhatIfService.Run(new WhatIfRequest { Scenario = source, Model = "nash-package", Issue = Dimensions[0], Target = 40, Actors = ["russia", "usa"] });
        Assert.True(whatIf.Ok, string.Join("; ", whatIf.Diagnostics.Select(x => x.Message)));
        Assert.Equal(expected.Solution[0], whatIf.Result!.Baseline.Mean);
        Assert.True(whatIf.Result.Best.Distance < Math.Abs(whatIf.Result.Baseline.Mean - 40), "a change of Russia or the US should move the solution toward 40");
    }

    [Fact]
    public void A_reported_value_without_a_feasible_agreement_says_so()
    {
        using var file = new TwoCornersFile();
        var path = file.Path;
        var scenario = ScenarioLoader.Load(path).Value!;
        var model = new PackageNashIssueModel(scenario);
        var template = IssueTemplate.From(scenario, "deal.a");
        var y = template.ActorIds.IndexOf("y");
        var warning = model.Adjustment(template, y, IssueField.Position, 100);
        Assert.NotNull(warning);
        Assert.Equal(PackageNash.NoFeasibleAgreementCode, warning.Code);
        Assert.Null(model.Adjustment(template, y, IssueField.Position, 60));
    }
}
