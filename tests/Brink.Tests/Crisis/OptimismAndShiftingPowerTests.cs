using Brink.Crisis;
using CsCheck;

namespace Brink.Tests.Crisis;

public sealed class MutualOptimismTests
{
    [Fact]
    public void War_iff_the_gap_exceeds_the_sum_of_costs()
    {
        Assert.True(MutualOptimism.Solve(0.7, 0.45, 0.1, 0.1).War);   // gap 0.25 > 0.2
        Assert.False(MutualOptimism.Solve(0.7, 0.55, 0.1, 0.1).War);  // gap 0.15 < 0.2
        Assert.Equal(0.2, MutualOptimism.Threshold(0.1, 0.1), 12);
    }

    [Fact]
    public void War_exactly_when_no_share_satisfies_both_sides() =>
        Gen.Select(Gen.Double[0, 1], Gen.Double[0, 1], Gen.Double[0, 0.5], Gen.Double[0, 0.5]).Sample((pA, pB, cA, cB) =>
        {
            // A accepts x ≥ pA − cA; B accepts x ≤ pB + cB.
            var noSplit = pA - cA > pB + cB;
            Assert.Equal(noSplit, MutualOptimism.Solve(pA, pB, cA, cB).War);
        }, iter: 500, seed: "0N0XIzNsQ0O2");
}

public sealed class ShiftingPowerTests
{
    [Fact]
    public void Two_period_example_computed_by_hand()
    {
        // δ(p1 − p2) = 0.9·0.6 = 0.54 > (1 − 0.8) + 0.1·0.1 = 0.21 → A fights in period 1.
        Assert.True(ShiftingPower.DecliningSideFights(0.8, 0.2, 0.1, 0.9));
        var r = ShiftingPower.Solve([0.8, 0.2], 0.1, 0.1, 0.9);
        Assert.Equal(1, r.WarPeriod);
        Assert.Equal("a", r.Initiator);
        Assert.Equal(WarCause.Commitment, r.Cause);
        // A's war value (1 + δ)p1 − c_A = 1.42; its peace value at best 1 + δ(p2 − c_A) = 1.09.
        Assert.Equal(1.42, r.Periods[0].WarValueA, 12);
    }

    [Fact]
    public void Backward_induction_agrees_with_the_two_period_inequality() =>
        Gen.Select(Gen.Double[0, 1], Gen.Double[0, 1], Gen.Double[0, 0.5], Gen.Double[0, 1]).Sample((p1, p2, cA, delta) =>
        {
            if (p2 > p1) (p1, p2) = (p2, p1);
            if (p2 < cA) return; // the inequality assumes A's period-2 threat is credible (p2 ≥ c_A)
            if (Math.Abs(delta * (p1 - p2) - (1 - p1) - (1 - delta) * cA) < 1e-9) return; // knife-edge: rounding decides
            var closed = ShiftingPower.DecliningSideFights(p1, p2, cA, delta);
            var solved = ShiftingPower.Solve([p1, p2], cA, 0.1, delta);
            Assert.Equal(closed, solved.WarPeriod == 1 && solved.Initiator == "a");
        }, iter: 1000, seed: "0N0XIzNsQ0O2");

    [Fact]
    public void Constant_power_over_many_periods_never_leads_to_war()
    {
        var r = ShiftingPower.Solve([0.6, 0.6, 0.6, 0.6, 0.6], 0.1, 0.1, 0.95);
        Assert.False(r.War);
        Assert.All(r.Periods, q => Assert.Equal("peace", q.Decision));
    }

    [Fact]
    public void When_B_declines_sharply_B_fights_first()
    {
        // A rises from 0.2 to 0.8: mirror image of the hand example, so B (declining) fights in period 1.
        var r = ShiftingPower.Solve([0.2, 0.8], 0.1, 0.1, 0.9);
        Assert.Equal(1, r.WarPeriod);
        Assert.Equal("b", r.Initiator);
    }

    [Fact]
    public void A_late_shift_in_a_three_period_game_is_met_in_the_period_before_it()
    {
        // Power is flat, then collapses between periods 2 and 3: the declining side fights in period 2.
        var r = ShiftingPower.Solve([0.8, 0.8, 0.1], 0.05, 0.05, 0.95);
        Assert.Equal(2, r.WarPeriod);
        Assert.Equal("a", r.Initiator);
    }
}

public sealed class MisperceptionSweepTests
{
    [Fact]
    public void The_misperception_part_matches_the_triangular_closed_form()
    {
        // P(c_A + c_B < g) with c ~ U[0, c̄]: g²/(2c̄²) for g ≤ c̄, 1 − (2c̄ − g)²/(2c̄²) above; midpoint grid error O(1/k).
        double[] gaps = [0, 0.05, 0.1, 0.15, 0.25, 0.35, 0.5];
        var points = MisperceptionSweep.Run(0.5, [0.2], gaps, grid: 80);
        foreach (var x in points)
            Assert.Equal(MisperceptionSweep.MisperceptionProbability(x.Gap, 0.2), x.WarMisperception, tolerance: 0.01);
    }

    [Fact]
    public void P_war_never_falls_as_the_gap_grows()
    {
        var points = MisperceptionSweep.Run(0.5, [0.3], [.. Enumerable.Range(0, 21).Select(i => i * 0.05)], grid: 20);
        for (var i = 1; i < points.Length; i++) Assert.True(points[i].ProbabilityWar >= points[i - 1].ProbabilityWar - 1e-12);
        Assert.Equal(1, points[^1].ProbabilityWar, 12);
    }
}
