namespace Brink.Crisis;

/// <summary>
/// Outcome of the mutual-optimism check: A's own estimate that A wins (p^A), B's estimate that A
/// wins (p^B), the gap p^A − p^B, the threshold c_A + c_B and whether war follows.
/// </summary>
public sealed record OptimismResult(double PA, double PB, double Gap, double Threshold, bool War)
{
    /// <summary>How far the gap exceeds (positive) or falls short of (negative) the threshold.</summary>
    public double Margin => Gap - Threshold;
    /// <summary>A's expected war payoff p^A − c_A in A's view.</summary>
    public double ValueA { get; init; }
    /// <summary>B's expected war payoff 1 − p^B − c_B in B's view.</summary>
    public double ValueB { get; init; }
}

/// <summary>
/// Mutual optimism (Fearon 1995, pp. 390–392; Blainey 1973): each side bargains on its own estimate
/// of the chance that A wins. A accepts no share below p^A − c_A, B concedes no share above
/// p^B + c_B, so no split satisfies both, and war follows, iff p^A − p^B &gt; c_A + c_B.
/// </summary>
public static class MutualOptimism
{
    /// <exception cref="ArgumentOutOfRangeException">An estimate outside [0,1] or a negative cost.</exception>
    public static OptimismResult Solve(double pA, double pB, double costA, double costB)
    {
        CrisisGuard.RequireProbability(pA, nameof(pA));
        CrisisGuard.RequireProbability(pB, nameof(pB));
        CrisisGuard.RequireNonNegative(costA, nameof(costA));
        CrisisGuard.RequireNonNegative(costB, nameof(costB));
        var gap = pA - pB;
        var threshold = costA + costB;
        return new OptimismResult(pA, pB, gap, threshold, gap > threshold) { ValueA = pA - costA, ValueB = 1 - pB - costB };
    }

    /// <summary>The least misperception gap p^A − p^B that produces war: c_A + c_B.</summary>
    public static double Threshold(double costA, double costB) => costA + costB;
}
