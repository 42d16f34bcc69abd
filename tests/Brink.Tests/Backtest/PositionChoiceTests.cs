using Brink.Backtest;
using Brink.Models;

namespace Brink.Tests.Backtest;

public sealed class PositionChoiceTests
{
    private static BacktestCase Case(string id, double[] x, double outcome, double? rp = 0, string rule = "QMV") =>
        new("p" + id, id, new SpatialIssue
        {
            IssueId = id,
            Actors = ["com", "ep", "de", "fr", "it"],
            Capability = [10, 10, 10, 10, 10],
            Position = [.. x],
            Salience = [1, 1, 1, 1, 1],
            StatusQuo = rp,
            ScaleMax = 100,
        }, "COD", rule, outcome);

    [Fact]
    public void Candidates_are_the_distinct_coded_positions_the_reference_point_and_the_compromise_in_order()
    {
        var c = Case("a", [100, 100, 40, 40, 0], 50, rp: 20);
        var cands = PositionChoiceModel.Candidates(c);
        Assert.Equal([0, 20, 40, 56, 100], cands.Select(k => k.Position));
        var at100 = cands[^1].Features;
        Assert.Equal(Math.Log(0.4 + 0.01), at100[0], 12);   // log support
        Assert.Equal(1, at100[3]);                             // Commission there
        Assert.Equal(1, at100[4]);                             // Parliament there, codecision
        Assert.Equal(1, cands[1].Features[6]);                 // reference point
        Assert.Equal(1, cands[3].Features[8]);                 // compromise
    }

    [Fact]
    public void With_zero_coefficients_the_forecast_is_the_lower_median_of_the_candidates()
    {
        var c = Case("a", [100, 100, 40, 40, 0], 50, rp: 20);
        var f = new PositionChoiceForecaster(0, new double[PositionChoiceModel.FeatureNames.Length]);
        Assert.Equal(40, f.Forecast(c));
        Assert.Equal(1, f.Distribution(c).Sum(d => d.Probability), 12);
    }

    [Fact]
    public void Given_outcomes_that_always_follow_the_Commission_When_fitted_Then_it_forecasts_the_Commission_position()
    {
        var rng = new Random(4);
        var cases = Enumerable.Range(0, 80).Select(k =>
        {
            var x = Enumerable.Range(0, 5).Select(_ => (double)(10 * rng.Next(0, 11))).ToArray();
            return Case("i" + k, x, x[0], rp: null);
        }).ToList();
        var f = (PositionChoiceForecaster)new PositionChoiceModel().Fit(cases, BacktestProtocol.Default with { ChoicePenalties = [0.1] });
        var commission = PositionChoiceModel.FeatureNames.IndexOf("commission");
        Assert.True(f.Coefficients[commission] > 2);
        var test = Case("t", [70, 10, 20, 30, 40], 70, rp: null);
        Assert.Equal(70, f.Forecast(test));
    }

    [Fact]
    public void Ensemble_forecast_is_the_mean_of_its_members()
    {
        var c = Case("a", [100, 100, 40, 40, 0], 50);
        var e = new EnsembleModel("e", [BaselineForecasts.CompromiseModel, BaselineForecasts.Constant50]).Fit([c], BacktestProtocol.Default);
        Assert.Equal((56 + 50) / 2.0, e.Forecast(c)!.Value, 12);
    }

    [Fact]
    public void The_best_shipped_model_is_the_mean_of_its_parts_on_a_DEU_issue()
    {
        var scenario = DeuImporter.LoadScenario(DeuImporterTests.DevFile, "d00060i1").Value!;
        var best = FittedModels.Forecast(FittedModels.Best, scenario, "d00060i1")!.Value;
        var parts = FittedModels.Best.Split('+').Select(n => FittedModels.Forecast(n, scenario, "d00060i1")!.Value).ToList();
        Assert.Equal(parts.Average(), best, 12);
        Assert.Contains(BacktestModels.Named, m => m.Name == FittedModels.Best + "-dev");
        Assert.Throws<ArgumentException>(() => FittedModels.StoredForecaster("oracle"));
    }
}
