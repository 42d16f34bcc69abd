using System.Collections.Immutable;

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
    /// cumulative weight reaches half the total (the lower weighted median; this is the convention of
    /// the replication behind emission_round_summary.csv, checked round by round in the tests).
    /// Falls back to the lower unweighted median if all weights are zero.
    /// </summary>
    public static double WeightedMedian(ReadOnlySpan<double> position, ReadOnlySpan<double> capability, ReadOnlySpan<double> salience)
    {
        var n = position.Length;
        var keys = position.ToArray();
        var weights = new double[n];
        for (var i = 0; i < n; i++) weights[i] = capability[i] * salience[i];
        return WeightedMedianInPlace(keys, weights);
    }

    /// <summary>Lower weighted median; sorts both spans in place (allocation-free).</summary>
    internal static double WeightedMedianInPlace(Span<double> position, Span<double> weight)
    {
        var n = position.Length;
        position.Sort(weight);
        double total = 0;
        for (var i = 0; i < n; i++) total += weight[i];
        if (total <= 0) return position[(n - 1) / 2];
        double acc = 0;
        for (var i = 0; i < n; i++)
        {
            acc += weight[i];
            if (acc >= total / 2 - 1e-12 * total) return position[i];
        }
        return position[n - 1];
    }

    /// <summary>Each actor's share of Σ c·s (equal shares when every weight is zero).</summary>
    public static ImmutableArray<double> Shares(ReadOnlySpan<double> capability, ReadOnlySpan<double> salience)
    {
        var n = capability.Length;
        double total = 0;
        for (var i = 0; i < n; i++) total += capability[i] * salience[i];
        var b = ImmutableArray.CreateBuilder<double>(n);
        for (var i = 0; i < n; i++) b.Add(total > 0 ? capability[i] * salience[i] / total : 1.0 / n);
        return b.MoveToImmutable();
    }
}
