namespace Brink.Ledger.Scoring;

/// <summary>One bin of a calibration table: forecasts whose probability fell in [<see cref="Lower"/>, <see cref="Upper"/>).</summary>
public sealed record CalibrationBin(
    double Lower, double Upper, double Centre, int Count, double MeanForecast, double ObservedFrequency, double WilsonLow, double WilsonHigh);

/// <summary>A calibration table: how often events forecast at p actually happened, per probability bin.</summary>
public sealed record CalibrationTable(IReadOnlyList<CalibrationBin> Bins, int Events, double Confidence);

/// <summary>Calibration tables with Wilson score intervals.</summary>
public static class Calibration
{
    /// <summary>
    /// Bins (probability, happened) pairs into <paramref name="binCount"/> equal-width bins on [0, 1] (p = 1 falls in the last bin);
    /// empty bins are left out. Each bin reports its centre, count, mean forecast, observed frequency and a Wilson interval.
    /// </summary>
    public static CalibrationTable Build(IEnumerable<(double Probability, bool Happened)> events, int binCount = 10, double confidence = 0.95)
    {
        if (binCount < 1) throw new ArgumentOutOfRangeException(nameof(binCount), binCount, "binCount must be at least 1.");
        var counts = new int[binCount];
        var hits = new int[binCount];
        var sums = new double[binCount];
        var total = 0;
        foreach (var (p, happened) in events)
        {
            var b = Math.Clamp((int)Math.Floor(p * binCount), 0, binCount - 1);
            counts[b]++;
            sums[b] += p;
            if (happened) hits[b]++;
            total++;
        }
        var z = NormalQuantile(0.5 + confidence / 2);
        var bins = new List<CalibrationBin>();
        for (var b = 0; b < binCount; b++)
        {
            if (counts[b] == 0) continue;
            var (lo, hi) = Wilson(hits[b], counts[b], z);
            bins.Add(new CalibrationBin((double)b / binCount, (double)(b + 1) / binCount, (b + 0.5) / binCount, counts[b],
                sums[b] / counts[b], (double)hits[b] / counts[b], lo, hi));
        }
        return new CalibrationTable(bins, total, confidence);
    }

    /// <summary>
    /// Wilson score interval for a binomial proportion (Wilson 1927, JASA 22(158), p. 210):
    /// (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n).
    /// </summary>
    public static (double Low, double High) Wilson(int successes, int n, double z)
    {
        if (n == 0) return (0, 1);
        var p = (double)successes / n;
        var z2 = z * z;
        var denom = 1 + z2 / n;
        var centre = (p + z2 / (2.0 * n)) / denom;
        var half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    private static double NormalQuantile(double p) => MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, p);
}
