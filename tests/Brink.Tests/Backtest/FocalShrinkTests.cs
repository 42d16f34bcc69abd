using System.Collections.Immutable;
using Brink.Backtest;
using Brink.Models;
using CsCheck;

namespace Brink.Tests.Backtest;

public sealed class FocalShrinkTests
{
    private static BacktestCase Case(string proposal, string id, double[] x, double outcome, double? rp, string proc = "COD") =>
        new(proposal, id, new SpatialIssue
        {
            IssueId = id,
            Actors = ["com", "ep", "de", "fr", "it"],
            Capability = [10, 10, 8, 6, 4],
            Position = [.. x],
            Salience = [1, 0.5, 0.8, 0.3, 1],
            StatusQuo = rp,
            ScaleMax = 100,
        }, proc, "QMV", outcome);

    private static ImmutableArray<BacktestCase> Synthetic(int proposals, int seed)
    {
        var rng = new Random(seed);
        var list = ImmutableArray.CreateBuilder<BacktestCase>();
        for (var p = 0; p < proposals; p++)
            for (var i = 0; i < 1 + p % 3; i++)
            {
                var x = Enumerable.Range(0, 5).Select(_ => (double)(5 * rng.Next(0, 21))).ToArray();
                list.Add(Case("p" + p, $"p{p}i{i}", x, 5 * rng.Next(0, 21), p % 4 == 0 ? null : 5 * rng.Next(0, 21), p % 2 == 0 ? "COD" : "CNS"));
            }
        return list.ToImmutable();
    }

    [Fact]
    public void Focal_positions_are_the_scale_ends_and_middle_the_reference_point_and_the_Commission()
    {
        Assert.Equal([0, 50, 100, 20, 70], FocalShrinkModel.Focals(Case("p", "a", [70, 10, 20, 30, 40], 0, rp: 20)));
        Assert.Equal([0, 50, 100, 70], FocalShrinkModel.Focals(Case("p", "a", [70, 10, 20, 30, 40], 0, rp: null)));
    }

    [Fact]
    public void Shrinkage_moves_the_forecast_toward_the_nearest_focal_position_and_never_past_it()
    {
        Gen.Select(Gen.Double[0, 100], Gen.Double[0, 100], Gen.Double[0, 100], Gen.Double[0, 1], Gen.Double[0, 100]).Sample((f, rp, com, a, t) =>
        {
            var c = Case("p", "a", [com, 10, 20, 30, 40], 0, rp);
            var z = FocalShrinkModel.Focals(c).MinBy(v => Math.Abs(v - f));
            var s = FocalShrinkModel.Shrink(f, c, new FocalShrinkage(a, t));
            Assert.InRange(s, Math.Min(f, z) - 1e-9, Math.Max(f, z) + 1e-9);
            Assert.True(Math.Abs(s - z) <= Math.Abs(f - z) + 1e-9);
            Assert.Equal(f, FocalShrinkModel.Shrink(f, c, FocalShrinkage.None));
            if (Math.Abs(z - f) > t) Assert.Equal(f, s);
        });
    }

    [Fact]
    public void Given_outcomes_at_the_reference_point_When_fitted_Then_it_shrinks_fully_to_it()
    {
        var rng = new Random(2);
        var cases = Enumerable.Range(0, 40).Select(k =>
        {
            var rp = 5.0 * rng.Next(1, 20);
            var x = new[] { rp, rp + 2, rp + 4, rp - 3, rp + 1 }.Select(v => Math.Clamp(v, 0, 100)).ToArray();
            return Case("p" + k, "i" + k, x, rp, rp, k % 2 == 0 ? "COD" : "CNS");
        }).ToList();
        var f = (FocalShrinkForecaster)new FocalShrinkModel("focal", BaselineForecasts.CompromiseModel).Fit(cases, BacktestProtocol.Default);
        Assert.All(f.ByProcedure.Values, s => Assert.Equal(1, s.Strength));
        Assert.All(cases, c => Assert.Equal(c.ReferencePoint!.Value, f.Forecast(c)!.Value, 9));
    }

    [Fact]
    public void A_procedure_without_training_issues_is_not_shrunk_and_an_abstaining_base_abstains()
    {
        var training = Synthetic(12, 4).Where(c => c.Procedure == "COD").ToList();
        var f = new FocalShrinkModel("focal", BaselineForecasts.CompromiseModel).Fit(training, BacktestProtocol.Default);
        var cns = Case("q", "x", [70, 10, 20, 30, 40], 0, rp: 49, proc: "CNS");
        Assert.Equal(BaselineForecasts.Compromise(cns.Issue), f.Forecast(cns)!.Value, 12);
        var g = new FocalShrinkModel("focal", BaselineForecasts.StatusQuo).Fit(training, BacktestProtocol.Default);
        Assert.Null(g.Forecast(Case("q", "y", [70, 10, 20, 30, 40], 0, rp: null)));
    }

    [Fact]
    public void Out_of_fold_forecasts_do_not_depend_on_the_outcomes_of_the_held_out_proposal()
    {
        var cases = Synthetic(24, 7);
        var protocol = BacktestProtocol.Default with { InfluencePenalties = [10], ChoicePenalties = [1] };
        var model = new FocalShrinkModel("f", new EnsembleModel("ic", [new InfluenceModel(), new PositionChoiceModel()]));
        var before = CrossValidation.OutOfFold(model, cases, 4, [1], protocol);
        var changed = cases.Select(c => c.Proposal == "p5" ? c with { Outcome = 100 - c.Outcome } : c).ToImmutableArray();
        var after = CrossValidation.OutOfFold(model, changed, 4, [1], protocol);
        var held = Enumerable.Range(0, cases.Length).Where(i => cases[i].Proposal == "p5").ToList();
        Assert.NotEmpty(held);
        Assert.All(held, i => Assert.Equal(before[i], after[i]));
        // The other proposals' forecasts may change: the altered outcomes are in their training folds.
        Assert.Contains(Enumerable.Range(0, cases.Length), i => cases[i].Proposal != "p5" && before[i] != after[i]);
    }
}
