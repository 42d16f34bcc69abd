using MathNet.Numerics.Statistics;

namespace Brink.Numerics;

/// <summary>
/// Sample quantiles of sorted data, computed by Math.NET Numerics (<see cref="SortedArrayStatistics.QuantileCustom(double[], double, QuantileDefinition)"/>)
/// so that Brink has one definition instead of hand-written copies. Every forecast interval, bootstrap interval and
/// interval score of Brink uses <see cref="Linear"/>.
/// </summary>
public static class SampleQuantile
{
    /// <summary>
    /// The definition of <see cref="Linear"/>: Hyndman &amp; Fan (1996) type 7 (R's and NumPy's default), linear
    /// interpolation between order statistics at h = (n − 1)·p: x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎), 0-based.
    /// </summary>
    public const QuantileDefinition LinearDefinition = QuantileDefinition.R7;

    /// <summary>The definition of <see cref="NearestRank"/>: type 1, the inverse of the empirical distribution function.</summary>
    public const QuantileDefinition NearestRankDefinition = QuantileDefinition.R1;

    /// <summary>Type-7 quantile (<see cref="LinearDefinition"/>) of ascending <paramref name="sorted"/> data at level <paramref name="p"/> in [0, 1]; NaN for no data.</summary>
    /// <param name="sorted">Data sorted in ascending order.</param>
    /// <param name="p">Level in [0, 1].</param>
    public static double Linear(double[] sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted.Length == 0 ? double.NaN : SortedArrayStatistics.QuantileCustom(sorted, p, LinearDefinition);
    }

    /// <summary>Nearest-rank quantile (<see cref="NearestRankDefinition"/>): the smallest value with at least a share p of the data at or below it; NaN for no data.</summary>
    /// <param name="sorted">Data sorted in ascending order.</param>
    /// <param name="p">Level in [0, 1].</param>
    public static double NearestRank(double[] sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted.Length == 0 ? double.NaN : SortedArrayStatistics.QuantileCustom(sorted, p, NearestRankDefinition);
    }
}
