using System.Collections.Immutable;

namespace Brink.Crisis;

/// <summary>Probabilities of how a crisis between A and B ends; they sum to one.</summary>
public sealed record CrisisOutcome(double War, double Settlement, double CapitulationA, double CapitulationB, double StatusQuo)
{
    /// <summary>A certain outcome of one kind.</summary>
    public static CrisisOutcome CertainWar { get; } = new(1, 0, 0, 0, 0);

    /// <summary>Sum of the five probabilities (1 up to rounding).</summary>
    public double Total => War + Settlement + CapitulationA + CapitulationB + StatusQuo;

    internal CrisisOutcome Scale(double w) => new(War * w, Settlement * w, CapitulationA * w, CapitulationB * w, StatusQuo * w);
    internal CrisisOutcome Plus(CrisisOutcome o) => new(War + o.War, Settlement + o.Settlement, CapitulationA + o.CapitulationA, CapitulationB + o.CapitulationB, StatusQuo + o.StatusQuo);
    internal CrisisOutcome Swap() => new(War, Settlement, CapitulationB, CapitulationA, StatusQuo);
}

/// <summary>
/// Everything the dyadic crisis model needs, in numbers. Win probabilities are A's (p = Pr(A beats B)):
/// the truth, A's view and B's view. Costs are shares of the good.
/// </summary>
public sealed record DyadCrisisInputs
{
    /// <summary>p = Pr(A beats B in a war), the truth as the inputs give it (capability share).</summary>
    public required double PTrue { get; init; }
    /// <summary>p as A sees it (its own beliefs about capabilities).</summary>
    public required double PViewA { get; init; }
    /// <summary>p as B sees it.</summary>
    public required double PViewB { get; init; }
    /// <summary>c_A: A's cost of war, as a share of the good at stake.</summary>
    public required double CostA { get; init; }
    /// <summary>c_B: B's cost of war, as a share of the good at stake.</summary>
    public required double CostB { get; init; }
    /// <summary>A's estimate of B's war cost (centre of A's uncertainty when A proposes).</summary>
    public double? CostBSeenByA { get; init; }
    /// <summary>B's estimate of A's war cost.</summary>
    public double? CostASeenByB { get; init; }
    /// <summary>π when A challenges: B's belief that A is resolved.</summary>
    public double ResolveA { get; init; } = 0.5;
    /// <summary>π when B challenges: A's belief that B is resolved.</summary>
    public double ResolveB { get; init; } = 0.5;
    /// <summary>a_A ≥ 0: what A pays for backing down from a public threat (Fearon 1994), as a share of the good.</summary>
    public double AudienceCostA { get; init; }
    /// <summary>a_B ≥ 0: the same for B.</summary>
    public double AudienceCostB { get; init; }
    /// <summary>B's belief that A is an honest threatener, when A has a follow-through record (else null: equilibrium bluffing).</summary>
    public double? HonestA { get; init; }
    /// <summary>A's belief that B is an honest threatener, when B has a record.</summary>
    public double? HonestB { get; init; }
    /// <summary>Pr(A beats B) next period when power is shifting (null: no shift).</summary>
    public double? PNext { get; init; }
    /// <summary>The good is all-or-nothing.</summary>
    public bool Indivisible { get; init; }
    /// <summary>Probability that A is the challenger (B otherwise).</summary>
    public double ChallengerWeightA { get; init; } = 0.5;
    /// <summary>The challenger's uncertainty about the target's war cost: c_T ~ U[0, spread × the challenger's estimate] (Fearon 1995).</summary>
    public double CostSpread { get; init; } = 2;
    /// <summary>δ: the per-period discount factor of the shifting-power game (Fearon 1995).</summary>
    public double Discount { get; init; } = 0.9;
    /// <summary>b: how often a strategic, unresolved threatener bluffs (Sartori 2002), used with a follow-through record.</summary>
    public double BluffRate { get; init; } = 0.5;
    /// <summary>ε: how often an honest, resolved threatener still backs down (Sartori 2002).</summary>
    public double Tremble { get; init; } = 0.05;
}

/// <summary>One challenger direction of the threat stage: who threatens, the target's threshold and belief, and the outcome.</summary>
public sealed record ThreatStage(string Challenger, double Weight, string Mechanism, double QStar, double TargetBelief, double? Beta, double? Sigma,
    double ProbabilityStandoff, double ProbabilityWarInStandoff, double Demand, CrisisOutcome Outcome);

/// <summary>Solution for one dyad: the outcome, P(war) by cause, the deterministic conditions that hold, and the trace of each stage.</summary>
public sealed record DyadCrisisResult(CrisisOutcome Outcome, ImmutableDictionary<WarCause, double> WarByCause, ImmutableArray<WarCause> Conditions,
    OptimismResult Optimism, ShiftingPowerResult? ShiftingPower, ImmutableArray<ThreatStage> Stages);

/// <summary>
/// Brink's dyadic crisis model: a composition of the textbook games (docs/crisis.md, "How the pieces fit").
/// (1) Conditions that make war certain whatever is said, checked in the order indivisibility (no
/// all-or-nothing split in [p − c_A, p + c_B], Fearon 1995), misperception (p^A − p^B &gt; c_A + c_B),
/// commitment (the two-period shifting-power game on [p, p_next] ends in war); the first that holds
/// is the war's cause. (2) Otherwise a crisis with a challenger (A with the given weight, else B):
/// the challenger issues a public threat as in the tying-hands game (Fearon 1994) or, when the
/// target holds a follow-through record on it, with credibility κ (Sartori 2002); no threat → status
/// quo, the target concedes → capitulation by the target, a bluffer backs down → capitulation by the
/// challenger; a resolved challenger that is resisted makes its optimal demand with the target's cost
/// uncertain (uniform on [0, k·ĉ], Fearon 1995): rejected → war (cause: information), accepted →
/// negotiated settlement.
/// </summary>
public static class DyadCrisis
{
    /// <exception cref="ArgumentOutOfRangeException">A probability outside [0,1] or a negative cost.</exception>
    public static DyadCrisisResult Solve(DyadCrisisInputs x)
    {
        ArgumentNullException.ThrowIfNull(x);
        CrisisGuard.RequireProbability(x.PTrue, nameof(x.PTrue));
        CrisisGuard.RequireProbability(x.ChallengerWeightA, nameof(x.ChallengerWeightA));
        var optimism = MutualOptimism.Solve(x.PViewA, x.PViewB, x.CostA, x.CostB);
        ShiftingPowerResult? shift = x.PNext is { } pn ? ShiftingPower.Solve([x.PTrue, pn], x.CostA, x.CostB, x.Discount) : null;

        var conditions = ImmutableArray.CreateBuilder<WarCause>();
        if (x.Indivisible && FearonBargaining.FeasibleSplit(x.PTrue, x.CostA, x.CostB, [0.0, 1.0]) is null) conditions.Add(WarCause.Indivisibility);
        if (optimism.War) conditions.Add(WarCause.Misperception);
        if (shift is { War: true }) conditions.Add(WarCause.Commitment);
        if (conditions.Count > 0)
        {
            var byCause = Enum.GetValues<WarCause>().ToImmutableDictionary(c => c, c => c == conditions[0] ? 1.0 : 0.0);
            return new DyadCrisisResult(CrisisOutcome.CertainWar, byCause, conditions.ToImmutable(), optimism, shift, []);
        }

        var stages = ImmutableArray.CreateBuilder<ThreatStage>();
        var total = new CrisisOutcome(0, 0, 0, 0, 0);
        if (x.ChallengerWeightA > 0)
        {
            var s = Stage("a", x.ChallengerWeightA, pChallengerTargetView: x.PViewB, pChallengerOwnView: x.PViewA, costTarget: x.CostB,
                costTargetSeen: x.CostBSeenByA ?? x.CostB, costChallenger: x.CostA, prior: x.ResolveA, audience: x.AudienceCostA, honest: x.HonestA, x);
            stages.Add(s);
            total = total.Plus(s.Outcome.Scale(s.Weight));
        }
        if (x.ChallengerWeightA < 1)
        {
            var s = Stage("b", 1 - x.ChallengerWeightA, pChallengerTargetView: 1 - x.PViewA, pChallengerOwnView: 1 - x.PViewB, costTarget: x.CostA,
                costTargetSeen: x.CostASeenByB ?? x.CostA, costChallenger: x.CostB, prior: x.ResolveB, audience: x.AudienceCostB, honest: x.HonestB, x);
            // The stage is solved with the challenger as "A"; swap capitulations back to the dyad's A and B.
            s = s with { Outcome = s.Outcome.Swap() };
            stages.Add(s);
            total = total.Plus(s.Outcome.Scale(s.Weight));
        }
        var causes = Enum.GetValues<WarCause>().ToImmutableDictionary(c => c, c => c == WarCause.Information ? total.War : 0.0);
        return new DyadCrisisResult(total, causes, [], optimism, shift, stages.ToImmutable());
    }

    private static ThreatStage Stage(string challenger, double weight, double pChallengerTargetView, double pChallengerOwnView, double costTarget,
        double costTargetSeen, double costChallenger, double prior, double audience, double? honest, DyadCrisisInputs x)
    {
        CrisisGuard.RequireProbability(prior, "resolve");
        // Threat stage, all from the target's view of the challenger's chance of winning.
        var qStar = pChallengerTargetView + costTarget > 0 ? TyingHands.ThresholdBelief(pChallengerTargetView, costTarget) : double.PositiveInfinity;
        double threat, standoff, concede, backDown, belief;
        double? beta = null, sigma = null;
        string mechanism;
        if (honest is { } mu)
        {
            // Reputation: strategic types (1 − μ) bluff at rate b; the target resists iff κ < q* (Sartori 2002).
            mechanism = "reputation";
            var model = new ReputationModel(prior, x.BluffRate, x.Tremble);
            belief = model.Credibility(mu);
            threat = prior + (1 - prior) * (1 - mu) * x.BluffRate;
            var resist = belief < qStar;
            standoff = resist ? prior : 0;
            backDown = resist ? threat - prior : 0;
            concede = resist ? 0 : threat;
        }
        else
        {
            mechanism = "tying-hands";
            var th = TyingHands.Solve(pChallengerTargetView, costTarget, audience, prior);
            belief = th.Posterior; beta = th.Beta; sigma = th.Sigma;
            threat = th.ProbabilityThreat;
            standoff = th.ProbabilityWar; // resolved and resisted
            concede = th.ProbabilityTargetConcedes;
            backDown = th.ProbabilityChallengerBacksDown;
        }
        // Standoff: the resolved challenger demands its optimal share with the target's cost uncertain (Fearon 1995).
        var demand = costTargetSeen > 0
            ? FearonBargaining.UniformPrivateCost(pChallengerOwnView, costChallenger, x.CostSpread * costTargetSeen)
            : FearonBargaining.CompleteInformation(pChallengerOwnView, costChallenger, 0);
        var war = standoff * demand.ProbabilityWar;
        var outcome = new CrisisOutcome(war, standoff - war, backDown, concede, 1 - threat);
        return new ThreatStage(challenger, weight, mechanism, qStar, belief, beta, sigma, standoff, demand.ProbabilityWar, demand.Demand, outcome);
    }
}

/// <summary>How one simulated crisis ends.</summary>
public enum CrisisEnd
{
    /// <summary>The crisis ends in war.</summary>
    War,
    /// <summary>A negotiated split of the good inside the bargaining range.</summary>
    Settlement,
    /// <summary>A gives way to B's demand.</summary>
    CapitulationA,
    /// <summary>B gives way to A's demand.</summary>
    CapitulationB,
    /// <summary>No threat is made; nothing changes.</summary>
    StatusQuo,
}

/// <summary>One simulated crisis: how it ends and, for a war, its cause.</summary>
public readonly record struct CrisisDraw(CrisisEnd End, WarCause? Cause);

/// <summary>Draws single crises from a solved dyad, so a Monte Carlo run can tag every simulated war with its cause.</summary>
public static class CrisisSampler
{
    /// <summary>
    /// Maps a uniform number u in [0, 1) to an outcome by inverse CDF over (war by cause in enum order,
    /// settlement, capitulation A, capitulation B, status quo). The caller owns the seeded random stream.
    /// </summary>
    public static CrisisDraw Draw(DyadCrisisResult result, double u)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!(u >= 0 && u < 1)) throw new ArgumentOutOfRangeException(nameof(u), "u must be in [0, 1).");
        var acc = 0.0;
        foreach (var cause in Enum.GetValues<WarCause>())
        {
            acc += result.WarByCause[cause];
            if (u < acc) return new CrisisDraw(CrisisEnd.War, cause);
        }
        var o = result.Outcome;
        if (u < (acc += o.Settlement)) return new CrisisDraw(CrisisEnd.Settlement, null);
        if (u < (acc += o.CapitulationA)) return new CrisisDraw(CrisisEnd.CapitulationA, null);
        if (u < acc + o.CapitulationB) return new CrisisDraw(CrisisEnd.CapitulationB, null);
        return new CrisisDraw(CrisisEnd.StatusQuo, null);
    }
}
