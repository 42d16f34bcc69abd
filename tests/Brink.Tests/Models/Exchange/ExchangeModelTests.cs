using System.Collections.Immutable;
using Brink.Models;
using Brink.Models.Exchange;
using CsCheck;

namespace Brink.Tests.Models.Exchange;

/// <summary>Exchange model (Stokman &amp; Van Oosten 1994; Arregui, Stokman &amp; Thomson 2006): hand-computed case and laws.</summary>
public sealed class ExchangeModelTests
{
    private static ExchangeIssue Issue(string id, string[] actors, double[] c, double[] x, double[] s) =>
        new(SpatialIssue.Create(actors, c, x, s, issueId: id) with { ScaleMin = 0, ScaleMax = 100 }, [.. actors]);

    [Fact]
    public void Given_two_actors_with_opposite_priorities_then_each_concedes_its_minor_issue_and_both_gain_12()
    {
        // Issue a: w_i = 0.8, w_j = 0.2, O_a = 20; issue b: O_b = 80. Shifts are capped at A = B = 20
        // (the outcomes reach the gainers' positions); gain = 20 (0.64 − 0.04)/(0.2 + 0.8) = 12 each.
        string[] ids = ["i", "j"];
        var space = new[] { Issue("a", ids, [1, 1], [0, 100], [0.8, 0.2]), Issue("b", ids, [1, 1], [0, 100], [0.2, 0.8]) };
        var results = ExchangeModel.Run(space);
        var exchange = Assert.Single(results[0].Exchanges);
        Assert.Equal(("i", "j", "a", "b"), (exchange.Gainer, exchange.Partner, exchange.GainIssue, exchange.GiveIssue));
        Assert.Equal(20, exchange.GainShift, 9);
        Assert.Equal(20, exchange.GiveShift, 9);
        Assert.Equal(12, exchange.Gain, 9);
        Assert.Equal(20, results[0].Compromise, 9);
        Assert.Equal(0, results[0].Forecast.Mean, 9);
        Assert.Equal(100, results[1].Forecast.Mean, 9);
        Assert.Equal([0.0, 0.0], results[0].VotingPositions.Select(v => Math.Round(v, 9)));
        Assert.Empty(results[0].Warnings);
    }

    [Fact]
    public void Given_unequal_salience_sums_then_the_outcome_shifts_follow_the_equal_gain_ratio()
    {
        // s_ia + s_ja = 1.0, s_ib + s_jb = 0.5: B = 2A. Issue a: weights 0.9·1, 0.1·1 → O_a = 10;
        // j may move O_a by at most min(0.1·100, 10) = 10. Issue b: weights 0.1, 0.4 → O_b = 80; i may move
        // O_b by at most min(0.2·100, 20) = 20 = 2·10. So A = 10, B = 20, gain = 10 (0.9·0.4 − 0.1·0.1)/0.5 = 7.
        string[] ids = ["i", "j"];
        var space = new[] { Issue("a", ids, [1, 1], [0, 100], [0.9, 0.1]), Issue("b", ids, [1, 1], [0, 100], [0.1, 0.4]) };
        var exchange = ExchangeModel.Run(space)[0].Exchanges[0];
        Assert.Equal(10, exchange.GainShift, 9);
        Assert.Equal(20, exchange.GiveShift, 9);
        Assert.Equal(7, exchange.Gain, 9);
        // Both gains, by each trader's own saliences: i: 0.9·10 − 0.1·20 = 7; j: 0.4·20 − 0.1·10 = 7.
    }

    [Fact]
    public void Given_one_issue_then_nothing_is_exchanged_and_the_result_says_so()
    {
        var results = ExchangeModel.Run([Issue("a", ["i", "j"], [1, 2], [0, 100], [0.5, 0.5])]);
        Assert.Empty(results[0].Exchanges);
        Assert.Equal(results[0].Compromise, results[0].Forecast.Mean, 12);
        Assert.Contains(results[0].Warnings, w => w.Code == "exchange-single-issue");
    }

    private static Gen<ExchangeIssue[]> Space =>
        Gen.Int[2, 6].SelectMany(n => Gen.Int[2, 4].SelectMany(m => Gen.Select(
            Gen.Double[0.1, 1].Array[n], Gen.Double[0, 100].Array[n * m], Gen.Double[0.05, 1].Array[n * m],
            (c, x, s) => Enumerable.Range(0, m).Select(d => Issue($"d{d}", [.. Enumerable.Range(0, n).Select(k => $"A{k}")], c,
                [.. x.Skip(d * n).Take(n)], [.. s.Skip(d * n).Take(n)])).ToArray())));

    private static double[][] Voting(ImmutableArray<ExchangeResult> r) => [.. r.Select(x => x.VotingPositions.ToArray())];

    [Fact]
    public void No_exchange_makes_either_trader_worse_off_by_its_own_saliences() =>
        Space.Sample(space =>
        {
            var final = ExchangeModel.Run(space);
            var count = Math.Min(final[0].Exchanges.Length, 12);
            var before = Voting(ExchangeModel.Run(space, 0));
            for (var k = 1; k <= count; k++)
            {
                var after = Voting(ExchangeModel.Run(space, k));
                var e = final[0].Exchanges[k - 1];
                foreach (var trader in new[] { e.Gainer, e.Partner })
                {
                    var gain = ExchangeModel.Loss(space, trader, before) - ExchangeModel.Loss(space, trader, after);
                    Assert.True(gain >= -1e-9, $"exchange {k}: {trader} loses {-gain}");
                    // Only the two traded issues move, and the gain is the equal-gain figure.
                    Assert.Equal(e.Gain, gain, 1e-6);
                }
                before = after;
            }
        }, iter: 200, threads: 1);

    [Fact]
    public void Forecasts_stay_within_the_range_of_the_positions_on_each_issue() =>
        Space.Sample(space =>
        {
            var results = ExchangeModel.Run(space);
            for (var d = 0; d < space.Length; d++)
                Assert.InRange(results[d].Forecast.Mean, space[d].Input.Position.Min() - 1e-9, space[d].Input.Position.Max() + 1e-9);
        }, iter: 200, threads: 1);

    [Fact]
    public void Relabelling_actors_changes_nothing() =>
        Gen.Select(Space, Gen.Int).Sample((space, seed) =>
        {
            var n = space[0].ActorIds.Length;
            var perm = ModelGen.Permutation(n, seed);
            var permuted = space.Select(i => new ExchangeIssue(ModelGen.Permute(i.Input, perm), [.. perm.Select(k => i.ActorIds[k])])).ToArray();
            var a = ExchangeModel.Run(space);
            var b = ExchangeModel.Run(permuted);
            for (var d = 0; d < space.Length; d++)
            {
                Assert.Equal(a[d].Forecast.Mean, b[d].Forecast.Mean, 1e-7);
                for (var k = 0; k < n; k++) Assert.Equal(a[d].VotingPositions[perm[k]], b[d].VotingPositions[k], 1e-6);
            }
        }, iter: 200, threads: 1);
}
