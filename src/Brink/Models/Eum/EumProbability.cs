namespace Brink.Models.Eum;

/// <summary>The EUM's probability that x_i beats x_j under each reading of the vote (design §4.2).</summary>
public static class EumProbability
{
    /// <summary>
    /// P[i·n + j] for all ordered pairs (0 on the diagonal and between equal positions), with voter k's
    /// risk exponent r_k (used by <see cref="EumProbabilityRule.GlobalPowered"/> only) and Δ the scale of
    /// distances (Δ = 0 treats every distance as 0).
    /// </summary>
    public static double[] Compute(EumProbabilityRule rule, ReadOnlySpan<double> position, ReadOnlySpan<double> capability,
        ReadOnlySpan<double> salience, ReadOnlySpan<double> risk, double delta)
    {
        var n = position.Length;
        if (capability.Length != n || salience.Length != n || risk.Length != n)
            throw new ArgumentException("position, capability, salience and risk must have the same length.");
        if (n == 0) return [];
        return new EumEngine(n).Probabilities(rule, position, capability, salience, risk, delta);
    }
}
