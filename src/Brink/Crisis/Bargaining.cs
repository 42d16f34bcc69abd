using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace Brink.Crisis;

/// <summary>The bargaining range [p − c_A, p + c_B] of A's shares that both prefer to war (Fearon 1995, §"The existence of a bargaining range").</summary>
public readonly record struct BargainingRange(double Low, double High)
{
    /// <summary>Width c_A + c_B; positive whenever war is costly.</summary>
    public double Width => High - Low;
    /// <summary>True when the range meets the feasible shares [0, 1].</summary>
    public bool IsFeasible => High >= 0 && Low <= 1 && High >= Low;
    /// <summary>True when share x (A's share of the good) is in the range.</summary>
    public bool Contains(double x) => x >= Low - 1e-12 && x <= High + 1e-12;
}

/// <summary>
/// Outcome of a take-it-or-leave-it demand by A when A is unsure of B's type: A's optimal demand x*
/// (A's share of the good), the probability B rejects (war), and A's expected utility. Range is the
/// widest bargaining range over B's types, [p − c_A, p + max c_B].
/// </summary>
public sealed record DemandSolution(double Demand, double ProbabilityWar, double ExpectedUtility, BargainingRange Range, string Method);

/// <summary>
/// Fearon (1995) bargaining over a good of value 1 in [0, 1]: A wins a war with probability p, war
/// costs A c_A and B c_B (as shares of the good), so war gives A p − c_A and B 1 − p − c_B.
/// </summary>
public static class FearonBargaining
{
    /// <summary>Complete information: the range [p − c_A, p + c_B] (Fearon 1995, p. 388, Fig. 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">p outside [0,1] or a negative cost.</exception>
    public static BargainingRange Range(double p, double costA, double costB)
    {
        CrisisGuard.RequireProbability(p, nameof(p));
        CrisisGuard.RequireNonNegative(costA, nameof(costA));
        CrisisGuard.RequireNonNegative(costB, nameof(costB));
        return new BargainingRange(p - costA, p + costB);
    }

    /// <summary>
    /// Complete information with A making a take-it-or-leave-it demand: A asks for the top of the
    /// range, min(1, p + c_B), and B accepts; no war.
    /// </summary>
    public static DemandSolution CompleteInformation(double p, double costA, double costB)
    {
        var range = Range(p, costA, costB);
        var x = Math.Min(1, range.High);
        return new DemandSolution(x, 0, x, range, "complete-information");
    }

    /// <summary>
    /// Private cost c_B ~ U[0, c̄] (Fearon 1995, pp. 394–395): B accepts x iff 1 − x ≥ 1 − p − c_B.
    /// A maximises x(1 − F(x − p)) + F(x − p)(p − c_A) and gets x* = p + (c̄ − c_A)/2, clamped to
    /// [p, min(1, p + c̄)], and P(war) = F(x* − p) = max(0, (c̄ − c_A)/(2c̄)) before the clamp at 1.
    /// </summary>
    public static DemandSolution UniformPrivateCost(double p, double costA, double costBMax)
    {
        CrisisGuard.RequireProbability(p, nameof(p));
        CrisisGuard.RequireNonNegative(costA, nameof(costA));
        CrisisGuard.RequirePositive(costBMax, nameof(costBMax));
        var t = Math.Clamp((costBMax - costA) / 2, 0, Math.Min(costBMax, 1 - p));
        var pWar = t / costBMax;
        var x = p + t;
        var eu = x * (1 - pWar) + pWar * (p - costA);
        return new DemandSolution(x, pWar, eu, new BargainingRange(p - costA, p + costBMax), "uniform-closed-form");
    }

    /// <summary>
    /// Private cost c_B with any distribution on [0, ∞): A's optimal demand found numerically (grid,
    /// then golden-section search on A's expected utility; Fearon 1995 eq. for EU_A(x)). Agrees with
    /// <see cref="UniformPrivateCost"/> when the distribution is uniform.
    /// </summary>
    public static DemandSolution PrivateCost(double p, double costA, IContinuousDistribution costB)
    {
        CrisisGuard.RequireProbability(p, nameof(p));
        CrisisGuard.RequireNonNegative(costA, nameof(costA));
        ArgumentNullException.ThrowIfNull(costB);
        double Reject(double x) => costB.CumulativeDistribution(x - p);
        double Eu(double x) { var f = Reject(x); return x * (1 - f) + f * (p - costA); }
        var x = MaximiseOn(Eu, p, 1);
        return new DemandSolution(x, Reject(x), Eu(x), new BargainingRange(p - costA, p + UpperSupport(costB)), "numeric");
    }

    /// <summary>
    /// Private information about capability: B knows p (A's chance of winning), A holds a
    /// distribution over it; B accepts x iff x ≤ p + c_B. A maximises
    /// x·Pr(p ≥ x − c_B) + ∫_{p &lt; x − c_B} (p − c_A) dG(p), numerically.
    /// </summary>
    public static DemandSolution PrivateCapability(IContinuousDistribution power, double costA, double costB)
    {
        ArgumentNullException.ThrowIfNull(power);
        CrisisGuard.RequireNonNegative(costA, nameof(costA));
        CrisisGuard.RequireNonNegative(costB, nameof(costB));
        double Eu(double x)
        {
            var cut = x - costB;
            if (cut <= 0) return x;
            var reject = power.CumulativeDistribution(cut);
            // Integrate over the part of the support below the cut (a narrow density would fall between fixed nodes).
            var lo = Math.Max(0, double.IsFinite(power.Minimum) ? power.Minimum : 0);
            var hi = Math.Min(Math.Min(1, cut), double.IsFinite(power.Maximum) ? power.Maximum : 1);
            var warPart = reject <= 0 || hi <= lo ? 0 : Integrate.GaussLegendre(q => (q - costA) * power.Density(q), lo, hi, 64);
            return x * (1 - reject) + warPart;
        }
        var x = MaximiseOn(Eu, 0, 1);
        var pWar = x - costB <= 0 ? 0 : power.CumulativeDistribution(x - costB);
        return new DemandSolution(x, pWar, Eu(x), new BargainingRange(power.Mean - costA, power.Mean + costB), "numeric");
    }

    /// <summary>
    /// Indivisible good: only the listed shares for A are possible (e.g. {0, 1}). Returns the share A
    /// gets by demanding the best feasible share in the range, or null when none is in the range:
    /// then war (Fearon 1995, pp. 389–390).
    /// </summary>
    public static double? FeasibleSplit(double p, double costA, double costB, IReadOnlyCollection<double> feasibleShares)
    {
        var range = Range(p, costA, costB);
        double? best = null;
        foreach (var x in feasibleShares)
            if (range.Contains(x) && (best is null || x > best)) best = x;
        return best;
    }

    private static double UpperSupport(IContinuousDistribution d) =>
        double.IsFinite(d.Maximum) ? d.Maximum : d.Mean + 4 * d.StdDev;

    /// <summary>Maximises a function of one variable on [lo, hi]: grid of 401 points, then golden-section search around the best.</summary>
    internal static double MaximiseOn(Func<double, double> f, double lo, double hi)
    {
        if (hi <= lo) return lo;
        const int n = 400;
        var bestI = 0;
        var best = double.NegativeInfinity;
        for (var i = 0; i <= n; i++)
        {
            var v = f(lo + (hi - lo) * i / n);
            if (v > best) { best = v; bestI = i; }
        }
        var a = lo + (hi - lo) * Math.Max(0, bestI - 1) / n;
        var b = lo + (hi - lo) * Math.Min(n, bestI + 1) / n;
        var x = GoldenSection(f, a, b, 1e-10);
        return f(x) >= best ? x : lo + (hi - lo) * bestI / n;
    }

    /// <summary>Golden-section search for a maximum of a unimodal function on [a, b] (Kiefer 1953); stays inside the bounds.</summary>
    internal static double GoldenSection(Func<double, double> f, double a, double b, double tolerance)
    {
        var invPhi = (Math.Sqrt(5) - 1) / 2;
        double c = b - invPhi * (b - a), d = a + invPhi * (b - a);
        double fc = f(c), fd = f(d);
        while (b - a > tolerance)
        {
            if (fc >= fd) { b = d; d = c; fd = fc; c = b - invPhi * (b - a); fc = f(c); }
            else { a = c; c = d; fc = fd; d = a + invPhi * (b - a); fd = f(d); }
        }
        return (a + b) / 2;
    }
}
