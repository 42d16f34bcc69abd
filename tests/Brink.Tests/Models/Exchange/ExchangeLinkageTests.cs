using System.Collections.Immutable;
using Brink.Models;
using Brink.Models.Exchange;
using Brink.Scenarios;
using CsCheck;

namespace Brink.Tests.Models.Exchange;

/// <summary>Declared linkages as a constraint on the exchange model: a linked actor concedes on an issue only for movement on one it requires.</summary>
public sealed class ExchangeLinkageTests
{
    private static ExchangeIssue Issue(string id, string[] actors, double[] c, double[] x, double[] s) =>
        new(SpatialIssue.Create(actors, c, x, s, issueId: id) with { ScaleMin = 0, ScaleMax = 100 }, [.. actors]);

    // i cares most about a, j most about b; c is minor to both. Unconstrained, j concedes a for b.
    private static ExchangeIssue[] ThreeIssues()
    {
        string[] ids = ["i", "j"];
        return
        [
            Issue("a", ids, [1, 1], [0, 100], [0.8, 0.2]),
            Issue("b", ids, [1, 1], [0, 100], [0.2, 0.8]),
            Issue("c", ids, [1, 1], [100, 0], [0.1, 0.3]),
        ];
    }

    [Fact]
    public void Given_j_links_a_to_c_then_j_never_concedes_a_for_b_and_the_result_says_how_often_the_linkage_bound()
    {
        var free = ExchangeModel.Run(ThreeIssues());
        Assert.Contains(free[0].Exchanges, e => e.Partner == "j" && e.GainIssue == "a" && e.GiveIssue == "b");

        var linkage = new IssueLinkage("j", "a", ["c"]);
        var bound = ExchangeModel.Run(ThreeIssues(), [linkage]);
        Assert.DoesNotContain(bound[0].Exchanges, e => e.Partner == "j" && e.GainIssue == "a" && e.GiveIssue != "c");
        Assert.DoesNotContain(bound[0].Exchanges, e => e.Gainer == "j" && e.GiveIssue == "a" && e.GainIssue != "c");
        Assert.True(bound[0].BarredByLinkage > 0);
        Assert.Same(linkage, Assert.Single(bound[0].Linkages));
        Assert.NotEqual(free[0].Forecast.Mean, bound[0].Forecast.Mean);
        Assert.Equal(0, free[0].BarredByLinkage);
    }

    [Fact]
    public void A_linkage_naming_an_issue_outside_the_space_is_refused_with_the_issue_named()
    {
        var e = Assert.Throws<ArgumentException>(() => ExchangeModel.Run(ThreeIssues(), [new IssueLinkage("j", "a", ["missiles"])]));
        Assert.Contains("'missiles'", e.Message);
    }

    private static Gen<(ExchangeIssue[] Space, IssueLinkage Linkage)> Linked =>
        Gen.Int[2, 5].SelectMany(n => Gen.Int[3, 4].SelectMany(m => Gen.Select(
            Gen.Double[0.1, 1].Array[n], Gen.Double[0, 100].Array[n * m], Gen.Double[0.05, 1].Array[n * m], Gen.Int[0, n - 1], Gen.Int[0, m - 1], Gen.Int[1, m - 1],
            (c, x, s, actor, issue, offset) =>
            {
                var ids = Enumerable.Range(0, n).Select(k => $"A{k}").ToArray();
                var space = Enumerable.Range(0, m).Select(d => Issue($"d{d}", ids, c, [.. x.Skip(d * n).Take(n)], [.. s.Skip(d * n).Take(n)])).ToArray();
                return (space, new IssueLinkage(ids[actor], $"d{issue}", [$"d{(issue + offset) % m}"]));
            })));

    [Fact]
    public void No_realised_exchange_breaks_a_linkage() =>
        Linked.Sample(t =>
        {
            var (space, l) = t;
            foreach (var e in ExchangeModel.Run(space, [l])[0].Exchanges)
            {
                if (e.Partner == l.Actor && e.GainIssue == l.Issue) Assert.Contains(e.GiveIssue, l.Requires);
                if (e.Gainer == l.Actor && e.GiveIssue == l.Issue) Assert.Contains(e.GainIssue, l.Requires);
            }
        }, iter: 200, threads: 1);

    [Fact]
    public void A_linkage_that_requires_every_other_issue_changes_nothing() =>
        Linked.Sample(t =>
        {
            var (space, l) = t;
            var everything = l with { Requires = [.. space.Select(i => i.Id).Where(id => id != l.Issue)] };
            var free = ExchangeModel.Run(space);
            var bound = ExchangeModel.Run(space, [everything]);
            Assert.Equal(free[0].Exchanges.ToArray(), bound[0].Exchanges.ToArray());
            Assert.Equal(0, bound[0].BarredByLinkage);
        }, iter: 100, threads: 1);
}
