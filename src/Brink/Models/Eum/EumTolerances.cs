namespace Brink.Models.Eum;

/// <summary>
/// The two numerical resolutions of the EUM, shared by the fast engine and the reference. Below them
/// the model's quantities are rounding noise: for actors d apart, E^i(U_ij) and E^i(U_ji) are O(d)
/// while the terms they are computed from are O(1) (absolute rounding ≈ 1e-16), and the test
/// |e_ij| &lt; e_ji separates compromise from capitulation by only O(d²): below d ≈ 1e-8 the last
/// bits decide it. The resolution below keeps d² four orders of magnitude above that noise.
/// </summary>
public static class EumTolerances
{
    /// <summary>Expected utilities within this of zero count as zero (no offer, status-quo quadrant).</summary>
    public const double Noise = 1e-12;

    /// <summary>
    /// Relative margin of the comparisons between e_ij and e_ji. Some configurations put a dyad exactly
    /// on a boundary (with s_i = s_j = 1 and r_i = 1 the paper's e_ij + e_ji is 0, so |e_ij| = e_ji), where
    /// rounding would pick the side: a lost conflict needs e_ji − e_ij &gt; margin, a capitulation
    /// |e_ij| − e_ji &gt; margin, with margin = 1e-9·(|e_ij| + |e_ji|); a compromise takes the rest, its
    /// concession |e_ij/e_ji| capped at 1.
    /// </summary>
    public const double RelativeMargin = 1e-9;

    /// <summary>Actors closer than this fraction of Δ count as one position: they make each other no offers.</summary>
    public const double PositionResolution = 1e-6;

    /// <summary>
    /// The replication's <c>==</c> on positions, as closely as a second implementation can follow it:
    /// positions equal up to rounding (1e-12·Δ, a few thousand rounding units of Δ, the scale of
    /// <see cref="Noise"/>). Bit-for-bit equality would make the fast engine and the reference (which sum
    /// in different orders) disagree on positions the replication copies exactly, such as
    /// x_i + (x_j − x_i)·1; any gap the replication can tell apart at its own precision stays apart.
    /// </summary>
    public const double RoundingEquality = 1e-12;

    /// <summary>
    /// Offers whose selection keys (distances, changes or the compromise key, all in scale units) are
    /// within this of the best count as tied, and the proposer listed first wins: 1e-11 times the
    /// largest of Δ and |x| over the initial positions, about a hundred rounding units.
    /// </summary>
    public static double TieScale(ReadOnlySpan<double> initialPositions)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity, big = 0;
        foreach (var x in initialPositions)
        {
            lo = Math.Min(lo, x);
            hi = Math.Max(hi, x);
            big = Math.Max(big, Math.Abs(x));
        }
        return initialPositions.IsEmpty ? 0 : 1e-11 * Math.Max(hi - lo, big);
    }
}
