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
        if (e > EumTolerances.Noise && f > EumTolerances.Noise) return DyadOutcome.Conflict;
        if (e < -EumTolerances.Noise && f > EumTolerances.Noise) return -e > f ? DyadOutcome.Capitulation : DyadOutcome.Compromise;
        if (f < -EumTolerances.Noise && e > EumTolerances.Noise) return -f > e ? DyadOutcome.Capitulation : DyadOutcome.Compromise;
        return DyadOutcome.StatusQuo;
    }
}
