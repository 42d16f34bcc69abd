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
    /// The lower weighted median: the smallest position p whose weight at or below it,
    /// Σ_{x_i ≤ p} w_i, reaches half the total (relative slack 1e-12 for rounding); w = c·s, equal
    /// weights when all are zero. It minimises Σ w_i |x_i − p| (design §4.1).
    /// </summary>
    public static double WeightedMedian(IReadOnlyList<double> x, IReadOnlyList<double> c, IReadOnlyList<double> s)
    {
        var w = Weights(c, s);
        if (w.Sum() <= 0) w = [.. w.Select(_ => 1.0)];
        var total = w.Sum();
        return x.Order().First(p => x.Select((xi, i) => xi <= p ? w[i] : 0).Sum() >= total / 2 - 1e-12 * total);
    }

    private static double[] Weights(IReadOnlyList<double> c, IReadOnlyList<double> s) => [.. c.Select((ci, i) => ci * s[i])];
}
