using System.Collections.Immutable;
using System.Text.Json;
using Brink.Models;
using Brink.Models.Eum;
using Brink.Tests.Cli;

namespace Brink.Tests.Models;

/// <summary>Cycles, odd/even alternation and pivotal moves read from hand-built EUM traces.</summary>
public sealed class EumWarningsTests
{
    private static readonly SpatialIssue Input = SpatialIssue.Create(["a", "b", "c"], [1, 1, 1], [0, 50, 100], [1, 1, 1], issueId: "x") with { ScaleMin = 0, ScaleMax = 100 };

    /// <summary>A trace from the positions after each round (row r = round r + 1), forecast = plain mean, median = middle value.</summary>
    private static EumResult Trace(params double[][] positions)
    {
        static Forecast F(double[] p) => new(p.Average(), p.Order().ElementAt(p.Length / 2));
        var start = Input.Position.ToArray();
        var rounds = new List<EumRound>();
        var before = start;
        for (var r = 0; r < positions.Length; r++)
        {
            var after = positions[r];
            var actors = Enumerable.Range(0, after.Length).Select(i => new EumActorRound(i, before[i], after[i], 1,
                after[i] != before[i] ? new EumOffer(OfferType.Capitulation, (i + 1) % after.Length, -1, 0.5) : null)).ToImmutableArray();
            rounds.Add(new EumRound(r + 1, actors, F(after)));
            before = after;
        }
        return new EumResult("test", [.. rounds], rounds[^1].Forecast, [.. positions[^1]]) { Initial = F(start) };
    }

    [Fact]
    public void Two_positions_swapping_every_round_is_a_period_two_cycle_with_the_average_beside_the_last_round()
    {
        // b alternates 50 → 70 → 50 → 70: forecasts 56.67 and 50, average 53.33.
        var r = EumWarnings.Annotate(Trace([0, 70, 100], [0, 50, 100], [0, 70, 100], [0, 50, 100], [0, 70, 100]), Input);
        var c = Assert.IsType<EumCycle>(r.Cycle);
        Assert.True(c.Exact);
        Assert.Equal(2, c.Period);
        Assert.Equal(0, c.FromRound);
        Assert.Equal(new[] { "b" }, c.Actors.ToArray());
        Assert.Equal(170.0 / 3, c.LastRound.Mean, 12);
        Assert.Equal((170.0 / 3 + 50) / 2, c.Average.Mean, 12);
        Assert.Equal(60, c.Average.Median, 12);
        var w = Assert.Single(r.Warnings);
        Assert.Equal(EumWarnings.CycleCode, w.Code);
        Assert.Contains("repeat every 2 rounds from round 0 (b)", w.Message);
        Assert.Contains("averaged over the cycle it is 53.33", w.Message);
    }

    [Fact]
    public void A_three_round_cycle_starting_late_is_found_with_its_start()
    {
        var r = EumWarnings.Annotate(Trace([0, 50, 90], [0, 50, 90], [10, 50, 90], [20, 50, 90], [0, 50, 90], [10, 50, 90], [20, 50, 90], [0, 50, 90]), Input);
        var c = Assert.IsType<EumCycle>(r.Cycle);
        Assert.Equal(3, c.Period);
        Assert.Equal(2, c.FromRound);
        Assert.Equal(new[] { "a" }, c.Actors.ToArray());
        Assert.Equal((140.0 / 3 + 150.0 / 3 + 160.0 / 3) / 3, c.Average.Mean, 12);
    }

    [Fact]
    public void Converged_positions_are_no_cycle()
    {
        var r = EumWarnings.Annotate(Trace([0, 60, 100], [0, 70, 100], [0, 70, 100], [0, 70, 100]), Input);
        Assert.Null(r.Cycle);
        Assert.DoesNotContain(r.Warnings, w => w.Code is EumWarnings.CycleCode or EumWarnings.AlternationCode);
    }

    [Fact]
    public void A_forecast_alternating_while_positions_drift_is_reported_as_odd_even_dependence()
    {
        // b drifts up, c alternates with a shrinking swing: no exact repetition, the mean goes up and down.
        var r = EumWarnings.Annotate(Trace([0, 51, 90], [0, 52, 100], [0, 53, 91], [0, 54, 99], [0, 55, 92]), Input);
        var c = Assert.IsType<EumCycle>(r.Cycle);
        Assert.False(c.Exact);
        Assert.Equal(2, c.Period);
        Assert.Equal((153.0 / 3 + 147.0 / 3) / 2, c.Average.Mean, 12);
        Assert.Equal(EumWarnings.AlternationCode, Assert.Single(r.Warnings).Code);
    }

    [Fact]
    public void Two_actors_swapping_large_swings_while_drifting_are_a_cycle_even_when_the_forecast_barely_moves()
    {
        // a and b trade places every round (as Germany and France do in nato-2022), drifting a little, so
        // nothing repeats exactly and the mean moves by less than 1e-4 of the scale.
        var r = EumWarnings.Annotate(Trace([60, 0, 100], [0, 60.5, 100], [61, 0, 100], [0, 61.5, 100], [62, 0, 100]), Input);
        var c = Assert.IsType<EumCycle>(r.Cycle);
        Assert.True(c.Oscillation);
        Assert.False(c.Exact);
        Assert.Equal(new[] { "a", "b" }, c.Actors.ToArray());
        Assert.Equal((161.5 / 3 + 162.0 / 3) / 2, c.Average.Mean, 12);
        var w = Assert.Single(r.Warnings);
        Assert.Equal(EumWarnings.CycleCode, w.Code);
        Assert.Contains("swing back and forth", w.Message);
    }

    [Fact]
    public void The_bundled_nato_scenario_reports_germany_and_france_swinging()
    {
        var r = CliRunner.Run("run", TestPaths.InRepo("scenarios", "nato-2022.yaml"), "--model", "eum", "--issue", "force_posture", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Error);
        using var doc = JsonDocument.Parse(r.Out);
        var eum = doc.RootElement.GetProperty("issues")[0].GetProperty("models")[0];
        Assert.True(eum.GetProperty("cycle").GetProperty("oscillation").GetBoolean());
        var warning = eum.GetProperty("warnings").EnumerateArray().Single(x => x.GetProperty("code").GetString() == EumWarnings.CycleCode);
        Assert.Equal(new[] { "Germany", "France" }, warning.GetProperty("actors").EnumerateArray().Select(a => a.GetString()!).ToArray());
    }

    [Fact]
    public void One_actor_crossing_most_of_the_scale_that_carries_the_forecast_is_named()
    {
        // Round 2: c capitulates from 100 to 20 (80 % of the scale); the mean goes 50 → 23.33, the whole net change.
        var r = EumWarnings.Annotate(Trace([0, 50, 100], [0, 50, 20], [0, 50, 20]), Input);
        var p = Assert.IsType<EumPivotalMove>(r.PivotalMove);
        Assert.Equal((2, "c", 100.0, 20.0, OfferType.Capitulation, "a"), (p.Round, p.Actor, p.From, p.To, p.Type, p.Proposer));
        var w = Assert.Single(r.Warnings);
        Assert.Equal(EumWarnings.PivotalMoveCode, w.Code);
        Assert.Equal(new[] { "c", "a" }, w.Actors.ToArray());
        Assert.Contains("in round 2 c went 100 → 20 (capitulation toward a), 80 % of the scale", w.Message);
    }

    [Fact]
    public void Small_or_undone_moves_are_not_pivotal()
    {
        Assert.Null(EumWarnings.Annotate(Trace([0, 40, 100], [0, 30, 100], [0, 20, 100]), Input).PivotalMove);
        // c goes to 20 and back: the last round does not rest on it (it is a cycle instead).
        var back = EumWarnings.Annotate(Trace([0, 50, 20], [0, 50, 100], [0, 50, 20], [0, 50, 100]), Input);
        Assert.Null(back.PivotalMove);
    }

    [Fact]
    public void The_bundled_ceasefire_scenario_cycles_and_run_json_reports_the_cycle()
    {
        var r = CliRunner.Run("run", TestPaths.InRepo("scenarios", "ceasefire-2025.yaml"), "--model", "eum", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Error);
        using var doc = JsonDocument.Parse(r.Out);
        foreach (var issue in doc.RootElement.GetProperty("issues").EnumerateArray())
        {
            var eum = issue.GetProperty("models")[0];
            var cycle = eum.GetProperty("cycle");
            Assert.Equal(2, cycle.GetProperty("period").GetInt32());
            Assert.Equal(eum.GetProperty("forecast").GetProperty("mean").GetDouble(), cycle.GetProperty("last_round").GetProperty("mean").GetDouble());
            var rounds = eum.GetProperty("rounds");
            var last2 = (rounds[rounds.GetArrayLength() - 1].GetProperty("forecast").GetProperty("mean").GetDouble()
                + rounds[rounds.GetArrayLength() - 2].GetProperty("forecast").GetProperty("mean").GetDouble()) / 2;
            Assert.Equal(last2, cycle.GetProperty("average").GetProperty("mean").GetDouble(), 12);
            Assert.Contains("eum-cycle", eum.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()));
        }
        var table = ResultWarningCliTests.Flat(CliRunner.Run("run", TestPaths.InRepo("scenarios", "ceasefire-2025.yaml"), "--model", "eum").Out);
        Assert.Contains("warning eum-cycle: Positions repeat every 2 rounds", table);
        var csv = CliRunner.Run("run", TestPaths.InRepo("scenarios", "ceasefire-2025.yaml"), "--model", "eum", "--format", "csv").Out;
        Assert.Contains("# warning: eum-cycle: Positions repeat every 2 rounds", csv);
    }

    [Fact]
    public void A_pivotal_move_in_a_published_table_is_in_the_json_and_the_table()
    {
        // uk_emu_labour under scholz-code-fixed: Finanscilar capitulates 9 → 1 in round 4 and stays.
        var file = TestPaths.Reference("eum", "inputs", "uk_emu_labour.csv");
        var r = CliRunner.Run("run", file, "--model", "eum", "--variant", "scholz-code-fixed", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Error);
        using var doc = JsonDocument.Parse(r.Out);
        var move = doc.RootElement.GetProperty("models")[0].GetProperty("pivotal_move");
        Assert.Equal(4, move.GetProperty("round").GetInt32());
        Assert.Equal("Finanscilar", move.GetProperty("actor").GetString());
        Assert.Equal("capitulation", move.GetProperty("type").GetString());
        Assert.Equal((9.0, 1.0), (move.GetProperty("from").GetDouble(), move.GetProperty("to").GetDouble()));
        var table = ResultWarningCliTests.Flat(CliRunner.Run("run", file, "--model", "eum", "--variant", "scholz-code-fixed").Out);
        Assert.Contains("warning eum-pivotal-move: The forecast rests on one large move: in round 4 Finanscilar went 9 → 1 (capitulation", table);
    }
}
