namespace Brink.Models;

/// <summary>Weighted mean and weighted median of positions with weights c·s (design §4.1).</summary>
public static class Baselines
{
    /// <summary>Compromise model: Σ c_i s_i x_i / Σ c_i s_i. Falls back to the plain mean if all weights are zero.</summary>
    public static double WeightedMean(ReadOnlySpan<double> position, ReadOnlySpan<double> capability, ReadOnlySpan<double> salience)
    {
        double num = 0, den = 0;
        for (var i = 0; i < position.Length; i++)
        {
            var w = capability[i] * salience[i];
            num += w * position[i];
            den += w;
        }
        if (den > 0) return num / den;
        double sum = 0;
        foreach (var x in position) sum += x;
        return sum / position.Length;
    }

    /// <summary>
    /// Weighted median: argmin_p Σ c_i s_i |x_i − p|, taken as the smallest position at which the
    /// cumulative weight reaches half the total (the lower weighted median).
    /// </summary>
    public static double WeightedMedian(ReadOnlySpan<double> position, ReadOnlySpan<double> capability, ReadOnlySpan<double> salience)
    {
        var n = position.Length;
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        var pos = position.ToArray();
        Array.Sort(order, (a, b) => pos[a].CompareTo(pos[b]));
        double total = 0;
        for (var i = 0; i < n; i++) total += capability[i] * salience[i];
        if (total <= 0) return pos[order[(n - 1) / 2]];
        double acc = 0;
        foreach (var k in order)
        {
            acc += capability[k] * salience[k];
            if (acc >= total / 2 - 1e-12 * total) return pos[k];
        }
        return pos[order[^1]];
    }
}
