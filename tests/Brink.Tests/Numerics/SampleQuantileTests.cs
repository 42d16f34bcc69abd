using Brink.Backtest;
using Brink.Ledger.Scoring;
using Brink.Numerics;
using Brink.Simulation;

namespace Brink.Tests.Numerics;

/// <summary>Pins the quantile definitions Brink takes from Math.NET on cases computed by hand.</summary>
public sealed class SampleQuantileTests
{
    /// <summary>Type 7, 0-based h = (n − 1)·p, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋ + 1] − x[⌊h⌋]), by hand.</summary>
    [Theory]
    [InlineData(new[] { 1.0, 2, 3, 4 }, 0.5, 2.5)]      // h = 1.5
    [InlineData(new[] { 1.0, 2, 3, 4 }, 0.05, 1.15)]    // h = 0.15
    [InlineData(new[] { 1.0, 2, 3, 4 }, 0.95, 3.85)]    // h = 2.85
    [InlineData(new[] { 1.0, 2, 3, 4 }, 0.0, 1.0)]
    [InlineData(new[] { 1.0, 2, 3, 4 }, 1.0, 4.0)]
    [InlineData(new[] { 10.0, 20, 40 }, 0.25, 15.0)]    // h = 0.5; type 8 would give 11.67, type 6 10
    [InlineData(new[] { 10.0, 20, 40 }, 0.75, 30.0)]    // h = 1.5; type 8 would give 36.67, type 6 40
    [InlineData(new[] { 7.0 }, 0.9, 7.0)]
    public void Linear_is_type_7(double[] sorted, double p, double expected)
    {
        Assert.Equal(expected, SampleQuantile.Linear(sorted, p), 12);
        Assert.Equal(expected, OutcomeSummary.Quantile(sorted, p), 12);
        Assert.Equal(expected, ScoringRules.EmpiricalQuantile(sorted, p), 12);
        Assert.Equal(expected, ClusterBootstrap.Quantile(sorted, p), 12);
    }

    /// <summary>Nearest rank: the ⌈n·p⌉-th smallest value (1-based), the smallest at p = 0.</summary>
    [Theory]
    [InlineData(0.5, 5.0)]
    [InlineData(0.55, 6.0)]
    [InlineData(0.99, 10.0)]
    [InlineData(0.1, 1.0)]
    [InlineData(0.0, 1.0)]
    public void Nearest_rank_is_type_1(double p, double expected)
    {
        var sorted = Enumerable.Range(1, 10).Select(i => (double)i).ToArray();
        Assert.Equal(expected, SampleQuantile.NearestRank(sorted, p));
        Assert.Equal(expected, Brink.Cli.Commands.ServerLoad.Percentile(sorted, p));
    }

    [Fact]
    public void No_data_is_NaN()
    {
        Assert.True(double.IsNaN(SampleQuantile.Linear([], 0.5)));
        Assert.True(double.IsNaN(SampleQuantile.NearestRank([], 0.5)));
    }

    private static double Before(double[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double[] Sample(int n)
    {
        var x = new double[n];
        for (var d = 0; d < n; d++) x[d] = new DrawRandom(5, 0, (ulong)d).NextDouble() * 100 - 30;
        Array.Sort(x);
        return x;
    }

    /// <summary>
    /// The definition reproduces the hand-written copies it replaced bit for bit at the sample sizes of Brink's default
    /// outputs (Monte Carlo draws, the 2000 bootstrap replicates) and the levels they print.
    /// </summary>
    [Theory]
    [InlineData(100)]
    [InlineData(200)]
    [InlineData(300)]
    [InlineData(500)]
    [InlineData(1000)]
    [InlineData(2000)]
    [InlineData(10_000)]
    public void Linear_gives_the_same_bits_as_the_formula_it_replaced_at_the_printed_sizes(int n)
    {
        var x = Sample(n);
        foreach (var p in new[] { 0.025, 0.05, 0.5, 0.95, 0.975 })
            Assert.Equal(BitConverter.DoubleToInt64Bits(Before(x, p)), BitConverter.DoubleToInt64Bits(SampleQuantile.Linear(x, p)));
    }

    /// <summary>
    /// At any size the two agree to rounding: Math.NET computes h as (n − 1)·p + 1 (1-based), which loses the last bit of
    /// the interpolation weight when (n − 1)·p lies just below a power of two (e.g. n = 10, p = 0.025), a difference of at
    /// most a few units in the last place of the data's range.
    /// </summary>
    [Fact]
    public void Linear_agrees_with_the_formula_it_replaced_to_rounding_at_every_size()
    {
        foreach (var n in Enumerable.Range(1, 400))
        {
            var x = Sample(n);
            var tolerance = 4 * double.Epsilon + 4 * Math.Pow(2, -52) * (x[^1] - x[0] + Math.Abs(x[0]));
            foreach (var p in new[] { 0.0, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975, 0.99, 1.0 })
                Assert.True(Math.Abs(Before(x, p) - SampleQuantile.Linear(x, p)) <= tolerance, $"n={n} p={p}");
        }
    }
}
