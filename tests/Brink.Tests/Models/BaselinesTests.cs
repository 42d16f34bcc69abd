using Brink.Models;
using Brink.Models.Reference;
using CsCheck;

namespace Brink.Tests.Models;

public sealed class BaselinesTests
{
    [Fact]
    public void WeightedMean_weights_by_capability_times_salience()
    {
        double[] x = [0, 10], c = [1, 3], s = [1, 1];
        Assert.Equal(7.5, Baselines.WeightedMean(x, c, s), 12);
    }

    [Fact]
    public void WeightedMedian_is_the_position_where_half_the_weight_is_reached()
    {
        double[] x = [0, 5, 10], c = [1, 1, 3], s = [1, 1, 1];
        Assert.Equal(10, Baselines.WeightedMedian(x, c, s));
    }

    [Fact]
    public void WeightedMedian_takes_the_lower_median_when_half_the_weight_is_reached_exactly()
    {
        // Convention of the replication behind emission_round_summary.csv (checked there round by round).
        double[] x = [10, 0], c = [1, 1], s = [0.5, 0.5];
        Assert.Equal(0, Baselines.WeightedMedian(x, c, s));
    }

    [Fact]
    public void Fast_statistics_equal_the_reference_and_the_median_minimises_weighted_distance() =>
        Gen.Select(ModelGen.Issue(30), ModelGen.Issue(30, grid: true)).Sample((a, b) =>
        {
            foreach (var issue in new[] { a, b })
            {
                double[] x = [.. issue.Position], c = [.. issue.Capability], s = [.. issue.Salience];
                Assert.Equal(ReferenceBaselines.WeightedMean(x, c, s), Baselines.WeightedMean(x, c, s), 1e-9);
                var median = Baselines.WeightedMedian(x, c, s);
                Assert.Equal(ReferenceBaselines.WeightedMedian(x, c, s), median);
                double Loss(double p) => x.Select((xi, i) => c[i] * s[i] * Math.Abs(xi - p)).Sum();
                Assert.All(x, p => Assert.True(Loss(median) <= Loss(p) + 1e-9, $"loss at median {Loss(median)} > loss at {p} {Loss(p)}"));
            }
        }, iter: 300, threads: 1);

    [Fact]
    public void Compromise_and_median_models_report_their_point_and_weights()
    {
        var emission = EumReferenceData.Emission;
        var compromise = CompromiseResult.Run(emission);
        var median = MedianResult.Run(emission);
        // Round 0 of emission_round_summary.csv.
        Assert.Equal(7.3899556869, compromise.Forecast.Mean, 1e-9);
        Assert.Equal(compromise.Value, compromise.Forecast.Median);
        Assert.Equal(7, median.Value);
        Assert.Equal(7, emission.Position[median.MedianActor]);
        Assert.Equal(1.0, compromise.Weights.Sum(), 12);
        Assert.Equal(0.08 * 0.8 / 0.677, compromise.Weights[0], 1e-12); // Netherlands: c·s / Σ c·s
    }
}
