using System.Collections.Immutable;
using System.Text.Json;
using Brink.Crisis;
using Brink.Models;
using Brink.Scenarios;
using Brink.Simulation;
using Brink.Tests.Cli;

namespace Brink.Tests.Simulation;

/// <summary>The crisis model under input uncertainty (<see cref="CrisisMonteCarlo"/>, <c>brink simulate --model crisis</c>).</summary>
public sealed class CrisisMonteCarloTests
{
    private static Scenario Nato()
    {
        var loaded = ScenarioLoader.Load(TestPaths.InRepo("scenarios", "nato-2022.yaml"));
        Assert.True(loaded.Ok, string.Join("\n", loaded.Diagnostics));
        return loaded.Value!;
    }

    /// <summary>Two actors at opposite ends of one issue; every dyad goes to the crisis model.</summary>
    private static Scenario TwoActors(Distribution? warCostB, double pointCostB = 0.2)
    {
        static Actor A(string id, double cap, double pos, double cost) => new()
        {
            Id = id, Capability = cap, Resolve = 0.8, WarCost = cost,
            Stances = ImmutableDictionary<string, Stance>.Empty.Add("i", new Stance(pos, 0.9)),
        };
        return new Scenario
        {
            Title = "two",
            Issues = [new Issue { Id = "i", Min = 0, Max = 100, StatusQuo = 50 }],
            Actors = [A("a", 1.0, 0, 0.2), A("b", 0.8, 100, pointCostB)],
            Uncertain = warCostB is null ? [] : [new UncertainInput(new ParameterRef("b", ActorParameter.WarCost), warCostB)],
        };
    }

    private static readonly CrisisOptions All = new() { Selection = DyadSelection.All };

    [Fact]
    public void Same_seed_gives_identical_results_on_one_and_two_threads()
    {
        var scenario = Nato();
        var one = CrisisMonteCarlo.Run(scenario, 40, 7, 1, "paper", new CrisisOptions(), chunkSize: 3);
        var two = CrisisMonteCarlo.Run(scenario, 40, 7, 2, "paper", new CrisisOptions(), chunkSize: 5);
        Assert.Equal(40, one.DrawsCompleted);
        Assert.Equal(Json(one), Json(two));
        // The inputs really vary: some dyad's P(war) has a non-degenerate interval.
        Assert.Contains(one.Dyads, d => d.War.P95 > d.War.P05);
        var other = CrisisMonteCarlo.Run(scenario, 40, 8, 2, "paper", new CrisisOptions());
        Assert.NotEqual(Json(one), Json(other));
    }

    [Fact]
    public void Without_uncertain_inputs_every_draw_is_brink_run_model_crisis()
    {
        var path = TestPaths.InRepo("scenarios", "nato-2022.yaml");
        var run = CliRunner.Run("run", path, "--model", "crisis", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var expected = doc.RootElement.GetProperty("dyads").EnumerateArray().ToList();

        var result = CrisisMonteCarlo.Run(Nato() with { Uncertain = [], Correlations = [] }, 12, 3, 2, "paper", new CrisisOptions());
        Assert.Empty(result.Inputs);
        Assert.Equal(expected.Count, result.Dyads.Length);
        for (var k = 0; k < expected.Count; k++)
        {
            var d = result.Dyads[k];
            var e = expected[k];
            Assert.Equal(e.GetProperty("actor_a").GetString(), d.ActorA);
            Assert.Equal(e.GetProperty("actor_b").GetString(), d.ActorB);
            var war = e.GetProperty("p_war").GetDouble();
            Assert.Equal(war, d.Point.War);
            Assert.Equal(war, d.War.P05);
            Assert.Equal(war, d.War.P95);
            Assert.Equal(war, d.War.Mean, 12);
            Assert.Equal(e.GetProperty("p_settlement").GetDouble(), d.Mean.Settlement, 12);
            Assert.Equal(e.GetProperty("p_status_quo").GetDouble(), d.Mean.StatusQuo, 12);
            var handed = e.GetProperty("reason").GetString() != "agreement";
            Assert.Equal(handed ? 1.0 : 0.0, d.HandedOver);
        }
        Assert.Equal(doc.RootElement.GetProperty("overall").GetProperty("p_war").GetDouble(), result.Overall.War.Mean, 12);
        Assert.Equal(result.Overall.War.P05, result.Overall.War.P95);
    }

    [Fact]
    public void A_higher_war_cost_range_lowers_mean_war_probability()
    {
        var cheap = CrisisMonteCarlo.Run(TwoActors(new UniformDistribution(0.01, 0.05)), 200, 1, 2, "paper", All);
        var costly = CrisisMonteCarlo.Run(TwoActors(new UniformDistribution(0.7, 0.9)), 200, 1, 2, "paper", All);
        var dyadCheap = Assert.Single(cheap.Dyads);
        var dyadCostly = Assert.Single(costly.Dyads);
        Assert.Equal(["b.WarCost"], cheap.Inputs.ToArray());
        Assert.Equal(1.0, dyadCheap.HandedOver);
        Assert.True(dyadCheap.War.Mean > 0, $"P(war) {dyadCheap.War.Mean}");
        Assert.True(dyadCheap.War.Mean > dyadCostly.War.Mean, $"cheap war {dyadCheap.War.Mean} vs costly war {dyadCostly.War.Mean}");
        // On [0.01, 0.05] P(war) falls with b's war cost, so the mean lies between its values at the two ends.
        double PointWar(double cost) => CrisisMonteCarlo.Run(TwoActors(null, cost), 1, 1, 1, "paper", All).Dyads[0].War.Mean;
        Assert.InRange(dyadCheap.War.Mean, PointWar(0.05), PointWar(0.01));
        Assert.True(dyadCheap.War.P95 > dyadCheap.War.P05);
        // The five probabilities of a dyad add up to one in every draw, so their means do too.
        var m = dyadCheap.Mean;
        Assert.Equal(1.0, m.War + m.Settlement + m.CapitulationA + m.CapitulationB + m.StatusQuo, 9);
        Assert.Equal(m.War, dyadCheap.WarByCause.Values.Sum(), 9);
    }

    [Fact]
    public void Noise_adds_capability_position_and_salience_inputs()
    {
        var result = CrisisMonteCarlo.Run(TwoActors(null), 30, 1, 1, "paper", All, noise: 0.1);
        Assert.Equal(["a.Capability", "b.Capability", "a.i.Position", "a.i.Salience", "b.i.Position", "b.i.Salience"], result.Inputs.ToArray());
        Assert.Equal(30, result.DrawsCompleted);
        Assert.Empty(CrisisMonteCarlo.Run(TwoActors(null), 2, 1, 1, "paper", All).Inputs);
    }

    [Fact]
    public void Cancelled_run_is_partial()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var result = CrisisMonteCarlo.Run(TwoActors(new UniformDistribution(0.01, 0.05)), 50, 1, 2, "paper", All, cancellation: cts.Token);
        Assert.True(result.Partial);
        Assert.Equal(0, result.DrawsCompleted);
    }

    [Fact]
    public void Cli_simulate_model_crisis_prints_json_and_table()
    {
        var path = TestPaths.InRepo("scenarios", "nato-2022.yaml");
        var json = CliRunner.Run("simulate", path, "--model", "crisis", "--draws", "30", "--seed", "2", "--issue", "nato_membership", "--format", "json");
        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Out);
        var root = doc.RootElement;
        Assert.Equal(30, root.GetProperty("draws_completed").GetInt32());
        Assert.Equal("paper", root.GetProperty("eum_variant").GetString());
        Assert.All(root.GetProperty("dyads").EnumerateArray(), d => Assert.Equal("nato_membership", d.GetProperty("issue").GetString()));
        var war = root.GetProperty("overall").GetProperty("p_war");
        Assert.InRange(war.GetProperty("mean").GetDouble(), war.GetProperty("p05").GetDouble(), war.GetProperty("p95").GetDouble());
        var table = CliRunner.Run("simulate", path, "--model", "crisis", "--draws", "10", "--issue", "nato_membership");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("Overall (mean over", table.Out);
        Assert.Equal(2, CliRunner.Run("simulate", path, "--model", "crisis,eum").ExitCode);
    }

    private static readonly JsonSerializerOptions NamedFloats = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private static string Json(CrisisMonteCarloResult r) => JsonSerializer.Serialize(r, NamedFloats);
}
