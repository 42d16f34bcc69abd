namespace Brink.Backtest;

/// <summary>Accuracy of point forecasts on the 0–100 scale.</summary>
/// <param name="N">Issues forecast.</param>
/// <param name="Mae">Mean absolute error (the DEU literature's metric).</param>
/// <param name="MedianAbsoluteError">Median absolute error.</param>
/// <param name="Rmse">Root mean squared error.</param>
/// <param name="Within10">Share of forecasts within 10 points of the outcome.</param>
/// <param name="Within20">Share within 20 points.</param>
public sealed record ErrorStats(int N, double Mae, double MedianAbsoluteError, double Rmse, double Within10, double Within20)
{
    /// <summary>Statistics of forecast errors (forecast − outcome).</summary>
    public static ErrorStats Of(IReadOnlyList<double> errors)
    {
        if (errors.Count == 0) return new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        var abs = errors.Select(Math.Abs).Order().ToArray();
        var n = abs.Length;
        return new(n, abs.Average(), MathNet.Numerics.Statistics.SortedArrayStatistics.Median(abs), Math.Sqrt(errors.Average(e => e * e)),
            abs.Count(e => e <= 10 + 1e-9) / (double)n, abs.Count(e => e <= 20 + 1e-9) / (double)n);
    }
}

/// <summary>A percentile bootstrap interval.</summary>
public readonly record struct Interval(double Low, double High);

/// <summary>
/// Cluster bootstrap: proposals (not issues) are resampled with replacement, because issues of one
/// proposal are decided together and their errors are correlated (Efron &amp; Tibshirani 1993, §6; Field
/// &amp; Welsh 2007 for the cluster case). Percentile intervals.
/// </summary>
public static class ClusterBootstrap
{
    /// <summary>Stream id of the bootstrap resamples in <see cref="Simulation.DrawRandom"/>.</summary>
    public const ulong Stream = 0xB007;

    /// <summary>
    /// Draws <paramref name="replicates"/> resamples of <paramref name="clusters"/> clusters, each of <paramref name="clusters"/>
    /// draws with replacement, and returns for each the multiplicity of every cluster index (0…clusters−1).
    /// </summary>
    /// <remarks>Replicate b draws from Brink's seeded generator <see cref="Simulation.DrawRandom"/>(seed, <see cref="Stream"/>, b),
    /// not System.Random, so the intervals do not depend on the .NET runtime version.</remarks>
    public static int[][] Draws(int clusters, int replicates, int seed)
    {
        var draws = new int[replicates][];
        for (var b = 0; b < replicates; b++)
        {
            var rng = new Simulation.DrawRandom(unchecked((ulong)seed), Stream, (ulong)b);
            var m = new int[clusters];
            for (var k = 0; k < clusters; k++) m[rng.NextInt(clusters)]++;
            draws[b] = m;
        }
        return draws;
    }

    /// <summary>Percentile interval of a set of replicate values (NaNs ignored).</summary>
    public static Interval Percentile(IEnumerable<double> values, double level)
    {
        var v = values.Where(double.IsFinite).Order().ToArray();
        if (v.Length == 0) return new(double.NaN, double.NaN);
        var alpha = (1 - level) / 2;
        return new(Quantile(v, alpha), Quantile(v, 1 - alpha));
    }

    /// <summary>Type-7 quantile of sorted values, by Math.NET (<see cref="Numerics.SampleQuantile.Linear"/>).</summary>
    internal static double Quantile(double[] sorted, double p) => Numerics.SampleQuantile.Linear(sorted, p);
}
