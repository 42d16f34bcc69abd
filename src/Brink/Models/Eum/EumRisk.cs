namespace Brink.Models.Eum;

/// <summary>The guard on the risk normalisation R_i = (2S_i − S_max − S_min)/(S_max − S_min) (Bueno de Mesquita 1994).</summary>
public static class EumRisk
{
    /// <summary>
    /// True when the security sums are spread enough to normalise. A spread below 1e-10·max(1, |S|)
    /// is rounding noise (dyads at one position contribute ±1e-17 instead of 0), and dividing by it
    /// would turn noise into risk exponents of 0.5 or 2; every actor then gets R = 0, r = 1.
    /// </summary>
    public static bool Spread(double sMax, double sMin) =>
        sMax - sMin > 1e-10 * Math.Max(1, Math.Max(Math.Abs(sMax), Math.Abs(sMin)));
}
