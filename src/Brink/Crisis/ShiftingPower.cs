using System.Collections.Immutable;

namespace Brink.Crisis;

/// <summary>What happens in one period of the shifting-power game on the equilibrium path, and the continuation values.</summary>
public sealed record PowerPeriod(int Period, double P, double OfferToA, string Decision, double ValueA, double ValueB, double WarValueA, double WarValueB);

/// <summary>Outcome of the commitment-problem game: the first period of war on the path (null = peace), who starts it, and the per-period trace.</summary>
public sealed record ShiftingPowerResult(int? WarPeriod, string? Initiator, ImmutableArray<PowerPeriod> Periods)
{
    /// <summary>True when war breaks out in some period on the equilibrium path.</summary>
    public bool War => WarPeriod is not null;
    /// <summary>Tagged cause of any war here.</summary>
    public WarCause? Cause => War ? WarCause.Commitment : null;
}

/// <summary>
/// Shifting power and the commitment problem (Fearon 1995, pp. 401–409; Powell 2006). Each period a
/// good worth 1 is divided; A's chance of winning a war in period t is p_t. War ends the game: the
/// winner keeps the good in every remaining period and each side pays its cost once (c_A, c_B in
/// units of one period's good). Future payoffs are discounted by δ. The side whose power is rising
/// cannot commit to future shares, so each period B offers A the least A accepts given the
/// equilibrium continuation, and either side may fight. Solved by backward induction.
/// With two periods and p₁ &gt; p₂ the declining side A fights iff
/// δ(p₁ − p₂) &gt; (1 − p₁) + (1 − δ)c_A (design §4.3).
/// </summary>
public static class ShiftingPower
{
    /// <summary>
    /// The two-period inequality for the declining side A (p₁ ≥ p₂). It assumes p₂ ≥ c_A, so that A's
    /// period-2 threat is credible and B must offer it p₂ − c_A; otherwise use <see cref="Solve"/>.
    /// </summary>
    public static bool DecliningSideFights(double p1, double p2, double costA, double discount)
    {
        CrisisGuard.RequireProbability(p1, nameof(p1));
        CrisisGuard.RequireProbability(p2, nameof(p2));
        CrisisGuard.RequireNonNegative(costA, nameof(costA));
        CrisisGuard.RequireProbability(discount, nameof(discount));
        return discount * (p1 - p2) > (1 - p1) + (1 - discount) * costA;
    }

    /// <summary>Backward induction over any number of periods (path of A's win probability p_t).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A probability outside [0,1], a negative cost, or fewer than one period.</exception>
    public static ShiftingPowerResult Solve(IReadOnlyList<double> powerPath, double costA, double costB, double discount)
    {
        if (powerPath.Count < 1) throw new ArgumentOutOfRangeException(nameof(powerPath), "powerPath needs at least one period.");
        for (var t = 0; t < powerPath.Count; t++) CrisisGuard.RequireProbability(powerPath[t], $"powerPath[{t}]");
        CrisisGuard.RequireNonNegative(costA, nameof(costA));
        CrisisGuard.RequireNonNegative(costB, nameof(costB));
        CrisisGuard.RequireProbability(discount, nameof(discount));

        var n = powerPath.Count;
        var periods = new PowerPeriod[n];
        double nextA = 0, nextB = 0; // continuation values from period t+1
        for (var t = n - 1; t >= 0; t--)
        {
            var p = powerPath[t];
            var horizon = 0.0; // Σ_{s=t}^{n-1} δ^{s−t}
            for (var s = t; s < n; s++) horizon += Math.Pow(discount, s - t);
            var warA = p * horizon - costA;
            var warB = (1 - p) * horizon - costB;
            // Least share A accepts now: x_t + δV^A_{t+1} ≥ W^A_t.
            var need = warA - discount * nextA;
            double va, vb, offer;
            string decision;
            if (need > 1)
            {
                decision = "a_fights"; va = warA; vb = warB; offer = double.NaN;
            }
            else
            {
                offer = Math.Max(0, need);
                var peaceB = 1 - offer + discount * nextB;
                if (peaceB < warB) { decision = "b_fights"; va = warA; vb = warB; }
                else { decision = "peace"; va = offer + discount * nextA; vb = peaceB; }
            }
            periods[t] = new PowerPeriod(t + 1, p, offer, decision, va, vb, warA, warB);
            nextA = va; nextB = vb;
        }
        for (var t = 0; t < n; t++)
            if (periods[t].Decision != "peace")
                return new ShiftingPowerResult(t + 1, periods[t].Decision == "a_fights" ? "a" : "b", [.. periods]);
        return new ShiftingPowerResult(null, null, [.. periods]);
    }
}
