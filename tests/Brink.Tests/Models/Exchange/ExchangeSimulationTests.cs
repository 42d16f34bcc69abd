using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Brink.Application;
using Brink.Models;
using Brink.Models.Exchange;
using Brink.Scenarios;
using Brink.Simulation;
using Brink.Tests.Cli;

namespace Brink.Tests.Models.Exchange;

/// <summary>The exchange model in Monte Carlo (<c>brink simulate --model exchange</c>): every draw perturbs every issue of the space jointly.</summary>
public sealed class ExchangeSimulationTests
{
    private static readonly string Linked = TestPaths.InRepo("scenarios", "nato-2022-linked.yaml");

    private static Actor Actor(string id, double capability, params (string Issue, double Position, double Salience)[] stances) => new()
    {
        Id = id,
        Capability = capability,
        Stances = stances.ToImmutableDictionary(s => s.Issue, s => new Stance(s.Position, s.Salience)),
    };

    // i cares most about a, j most about b: unconstrained, they trade (ExchangeLinkageTests).
    private static Scenario TwoIssues() => new()
    {
        Title = "two issues",
        Issues = [new Issue { Id = "a", Min = 0, Max = 100 }, new Issue { Id = "b", Min = 0, Max = 100 }],
        Actors =
        [
            Actor("i", 1.0, ("a", 0, 0.8), ("b", 0, 0.2)),
            Actor("j", 1.0, ("a", 100, 0.2), ("b", 100, 0.8)),
            Actor("k", 0.5, ("a", 40, 0.5), ("b", 60, 0.5)),
        ],
    };

    private static string Simulate(int threads) =>
        CliRunner.Run("simulate", Linked, "--model", "exchange", "--draws", "300", "--seed", "1",
            "--threads", threads.ToString(CultureInfo.InvariantCulture), "--format", "json") is var r && r.ExitCode == 0 ? r.Out : throw new InvalidOperationException(r.Error);

    [Fact]
    public void The_same_seed_gives_the_same_bytes_at_one_and_two_threads_and_each_point_forecast_is_the_run_forecast()
    {
        var one = Simulate(1);
        Assert.Equal(one, Simulate(2));
        var run = CliRunner.Run("run", Linked, "--model", "exchange", "--format", "json");
        Assert.True(run.ExitCode == 0, run.Error);
        using var sim = JsonDocument.Parse(one);
        using var point = JsonDocument.Parse(run.Out);
        var runIssues = point.RootElement.GetProperty("issues").EnumerateArray().ToList();
        var simIssues = sim.RootElement.GetProperty("issues").EnumerateArray().ToList();
        Assert.Equal(3, simIssues.Count);
        foreach (var issue in simIssues)
        {
            var id = issue.GetProperty("issue").GetString();
            var model = Assert.Single(issue.GetProperty("models").EnumerateArray().ToList());
            Assert.Equal(["nato_membership", "force_posture", "arms_control"], model.GetProperty("space").EnumerateArray().Select(x => x.GetString()));
            var expected = runIssues.Single(i => i.GetProperty("issue").GetString() == id).GetProperty("models")[0].GetProperty("forecast").GetProperty("mean").GetDouble();
            Assert.Equal(expected, model.GetProperty("point_forecast").GetProperty("mean").GetDouble(), 12);
            var mean = model.GetProperty("forecast_mean");
            Assert.True(mean.GetProperty("std_dev").GetDouble() > 0, $"{id}: the scenario's ranges should spread the draws");
        }
    }

    [Fact]
    public void Given_no_uncertain_input_every_draw_is_the_run_of_the_exchange_model()
    {
        var scenario = TwoIssues();
        var expected = ExchangeModel.Run(scenario);
        Assert.NotEmpty(expected[0].Exchanges); // the case trades, so the invariant is not the compromise model's
        var model = new ExchangeIssueModel(scenario);
        foreach (var (id, k) in new[] { ("a", 0), ("b", 1) })
        {
            var result = MonteCarlo.Run(IssueTemplate.From(scenario, id), [model], new MonteCarloOptions { Draws = 50, Seed = 3, Threads = 2, KeepSamples = true });
            var dist = Assert.Single(result.Models);
            Assert.All(dist.Samples, x => Assert.Equal(expected[k].Forecast.Mean, x));
            Assert.Equal(expected[k].Forecast.Mean, dist.PointForecast.Mean);
            Assert.Equal(["a", "b"], dist.Space);
        }
    }

    [Fact]
    public void Given_one_issue_the_exchange_draws_are_the_compromise_draws()
    {
        // A space of one issue makes no exchange, and its joint draw is the one-issue draw: draw by draw the compromise model.
        var scenario = Brink.Tests.Simulation.SimulationFixtures.Uncertain();
        var template = IssueTemplate.From(scenario, "i", noise: 0.05);
        var result = MonteCarlo.Run(template, [IssueModels.Compromise, new ExchangeIssueModel(scenario)],
            new MonteCarloOptions { Draws = 400, Seed = 7, ChunkSize = 33, KeepSamples = true }, scenario.Correlations);
        var compromise = result.Models[0].Samples.ToArray();
        var exchange = result.Models[1].Samples.ToArray();
        Assert.Equal(compromise.Length, exchange.Length);
        for (var d = 0; d < compromise.Length; d++) Assert.Equal(compromise[d], exchange[d], 9);
        Assert.True(result.Models[1].ForecastMean.StdDev > 0);
    }

    [Fact]
    public void A_joint_draw_gives_an_actor_one_capability_on_every_issue()
    {
        var scenario = TwoIssues();
        var templates = new[] { IssueTemplate.From(scenario, "a", 0.2), IssueTemplate.From(scenario, "b", 0.2) };
        var draws = JointDraws.Create(templates, [], 20, 11);
        // Capability is one number per actor: 3 shared slots, then 3 positions and 3 saliences per issue.
        Assert.Equal(3 + 2 * 6, draws.Inputs.Length);
        var (buffers, row, rows) = draws.CreateBuffers();
        var differ = false;
        for (var d = 0; d < 20; d++)
        {
            draws.Fill(d, buffers, row, rows);
            Assert.Equal(buffers[0].Capability, buffers[1].Capability);
            differ |= buffers[0].Position[0] != templates[0].BasePosition[0];
        }
        Assert.True(differ);
        // Row d depends on d and the seed only.
        var again = JointDraws.Create(templates, [], 20, 11);
        var (b2, r2, rows2) = again.CreateBuffers();
        again.Fill(7, b2, r2, rows2);
        draws.Fill(7, buffers, row, rows);
        Assert.Equal(row, r2);
    }

    [Fact]
    public void The_simulate_service_the_web_job_runs_reports_the_exchange_model_on_the_requested_issue()
    {
        var request = new SimulateRequest
        {
            Scenario = ScenarioSource.FromText(File.ReadAllText(Linked), ScenarioFormat.Yaml, "nato-2022-linked.yaml"),
            Models = ["exchange,compromise"], Draws = 100, Seed = 2, Issue = "arms_control",
        };
        Assert.Empty(request.Validate());
        var outcome = SimulateService.Run(request);
        Assert.True(outcome.Ok, string.Join("; ", outcome.Diagnostics.Select(d => d.Message)));
        var issue = Assert.Single(outcome.Report!.Issues);
        Assert.Equal("arms_control", issue.Issue);
        Assert.Equal(["exchange", "compromise"], issue.Models.Select(m => m.Model));
        Assert.Equal(100, issue.DrawsCompleted);
        // The compromise model bargains over arms control alone and says it ignores Russia's linkage; the exchange model reads it.
        Assert.Contains(issue.Models[1].Warnings, w => w.Code == ModelCatalog.LinkagesIgnoredCode);
        Assert.DoesNotContain(issue.Models[0].Warnings, w => w.Code == ModelCatalog.LinkagesIgnoredCode);
        Assert.Null(issue.Models[1].Space);
    }
}
