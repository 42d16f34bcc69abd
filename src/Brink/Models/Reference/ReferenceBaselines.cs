namespace Brink.Models.Reference;

/// <summary>
/// Plain, obviously correct versions of the baseline statistics (design §4.1), written for reading,
/// not speed. The property tests check the fast code against them.
/// </summary>
public static class ReferenceBaselines
{
    /// <summary>Σ w_i x_i / Σ w_i with w = c·s; the plain mean when every weight is zero.</summary>
    public static double WeightedMean(IReadOnlyList<double> x, IReadOnlyList<double> c, IReadOnlyList<double> s)
    {
        var w = Weights(c, s);
        return w.Sum() > 0 ? x.Select((xi, i) => w[i] * xi).Sum() / w.Sum() : x.Average();
    }

    /// <summary>
    /// The smallest position p that minimises Σ w_i |x_i − p| (w = c·s; equal weights when all are
    /// zero), i.e. the lower weighted median.
    /// </summary>
    public static double WeightedMedian(IReadOnlyList<double> x, IReadOnlyList<double> c, IReadOnlyList<double> s)
    {
        var w = Weights(c, s);
        if (w.Sum() <= 0) w = [.. w.Select(_ => 1.0)];
        double Loss(double p) => x.Select((xi, i) => w[i] * Math.Abs(xi - p)).Sum();
        var best = x.Min(Loss);
        var tolerance = 1e-10 * (Math.Abs(best) + w.Sum() * (x.Max() - x.Min()) + double.Epsilon);
        return x.Where(p => Loss(p) <= best + tolerance).Min();
    }

    private static double[] Weights(IReadOnlyList<double> c, IReadOnlyList<double> s) => [.. c.Select((ci, i) => ci * s[i])];
}
