namespace Brink.Models.Eum;

/// <summary>
/// Places a dyad in the receiver's quadrant chart (Bueno de Mesquita 1994, fig. 4.1; design §4.3
/// mapping) from e = E^i(U_ij) and f = E^i(U_ji).
/// </summary>
public static class EumQuadrant
{

    /// <summary>
    /// Both positive: <see cref="DyadOutcome.Conflict"/>. Opposite signs: the side that expects to lose
    /// compromises when its loss is smaller than the other's gain, and capitulates otherwise. Neither
    /// positive: <see cref="DyadOutcome.StatusQuo"/>.
    /// </summary>
    public static DyadOutcome Classify(double e, double f)
    {
        const double noise = EumTolerances.Noise;
        var margin = EumTolerances.RelativeMargin * (Math.Abs(e) + Math.Abs(f));
        if (e > noise && f > noise) return DyadOutcome.Conflict;
        if (e < -noise && f > noise) return -e - f > margin ? DyadOutcome.Capitulation : DyadOutcome.Compromise;
        if (f < -noise && e > noise) return -f - e > margin ? DyadOutcome.Capitulation : DyadOutcome.Compromise;
        return DyadOutcome.StatusQuo;
    }
}
