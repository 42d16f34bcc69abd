using System.Collections.Immutable;

namespace Brink.Crisis;

/// <summary>The eight outcomes of the international interaction game (Bueno de Mesquita &amp; Lalman 1992, Fig. 2.2).</summary>
public enum InteractionOutcome
{
    /// <summary>Neither side makes a demand.</summary>
    StatusQuo,
    /// <summary>Both make demands and negotiate.</summary>
    Negotiation,
    /// <summary>A gives in to B's demand without a fight.</summary>
    AcquiescenceA,
    /// <summary>B gives in to A's demand without a fight.</summary>
    AcquiescenceB,
    /// <summary>A backs down after B uses force.</summary>
    CapitulationA,
    /// <summary>B backs down after A uses force.</summary>
    CapitulationB,
    /// <summary>War started by A.</summary>
    WarA,
    /// <summary>War started by B.</summary>
    WarB,
}

/// <summary>One player's utility for each of the eight outcomes.</summary>
public sealed record InteractionPayoffs(double StatusQuo, double Negotiation, double AcquiescenceA, double AcquiescenceB,
    double CapitulationA, double CapitulationB, double WarA, double WarB)
{
    /// <summary>Utility of an outcome.</summary>
    public double Of(InteractionOutcome o) => o switch
    {
        InteractionOutcome.StatusQuo => StatusQuo,
        InteractionOutcome.Negotiation => Negotiation,
        InteractionOutcome.AcquiescenceA => AcquiescenceA,
        InteractionOutcome.AcquiescenceB => AcquiescenceB,
        InteractionOutcome.CapitulationA => CapitulationA,
        InteractionOutcome.CapitulationB => CapitulationB,
        InteractionOutcome.WarA => WarA,
        InteractionOutcome.WarB => WarB,
        _ => throw new ArgumentOutOfRangeException(nameof(o)),
    };

    /// <summary>From eight values in enum order (sq, nego, acq_a, acq_b, cap_a, cap_b, war_a, war_b).</summary>
    public static InteractionPayoffs FromList(IReadOnlyList<double> v)
    {
        if (v.Count != 8) throw new ArgumentException($"Expected 8 payoffs (sq, nego, acq_a, acq_b, cap_a, cap_b, war_a, war_b), got {v.Count}.", nameof(v));
        return new InteractionPayoffs(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    }
}

/// <summary>A decision node: who moves, the escalating and the non-escalating move, and the probability of escalating.</summary>
public sealed record InteractionNode(int Node, string Player, string Escalate, string Hold, double ProbabilityEscalate);

/// <summary>Solution of the game: the probability of each outcome, the move probabilities at each node and each player's expected utility.</summary>
public sealed record InteractionSolution(ImmutableDictionary<InteractionOutcome, double> Outcomes, ImmutableArray<InteractionNode> Nodes,
    double ExpectedUtilityA, double ExpectedUtilityB, double? Lambda)
{
    /// <summary>The most likely outcome (the backward-induction outcome when λ is null).</summary>
    public InteractionOutcome Modal => Outcomes.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).First().Key;
}

/// <summary>
/// The international interaction game (Bueno de Mesquita &amp; Lalman 1992, <i>War and Reason</i>, ch. 2):
/// node 1, A demands or not; node 2 (A did not), B demands or not (no: status quo); node 3 (A demanded),
/// B acquiesces (Acq_B) or counter-demands; node 5, A negotiates (Nego) or uses force; node 7, B
/// capitulates (Cap_B) or retaliates (War_A); node 4 (B demanded), A acquiesces (Acq_A) or
/// counter-demands; node 6, B negotiates or uses force; node 8, A capitulates (Cap_A) or retaliates (War_B).
/// Solved by backward induction (ties go to the non-escalating move) or by the agent logit quantal
/// response equilibrium (McKelvey &amp; Palfrey 1998): at each node Pr(move) ∝ exp(λ·EU(move)) with
/// EU taken under the later nodes' response probabilities, which in a tree is again backward recursion.
/// </summary>
public static class InteractionGame
{
    /// <summary>Backward induction (perfect information, subgame-perfect).</summary>
    public static InteractionSolution BackwardInduction(InteractionPayoffs a, InteractionPayoffs b) => Solve(a, b, null);

    /// <summary>Logit quantal response with precision λ ≥ 0 (λ = 0: uniform choices; λ → ∞: backward induction).</summary>
    /// <exception cref="ArgumentOutOfRangeException">λ negative or not finite.</exception>
    public static InteractionSolution QuantalResponse(InteractionPayoffs a, InteractionPayoffs b, double lambda)
    {
        CrisisGuard.RequireNonNegative(lambda, nameof(lambda));
        return Solve(a, b, lambda);
    }

    private static InteractionSolution Solve(InteractionPayoffs a, InteractionPayoffs b, double? lambda)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        double Choose(double euEscalate, double euHold) => lambda is { } l ? Logistic(l * (euEscalate - euHold)) : euEscalate > euHold ? 1 : 0;
        (double A, double B) U(InteractionOutcome o) => (a.Of(o), b.Of(o));
        static (double, double) Mix(double q, (double, double) esc, (double, double) hold) =>
            (q * esc.Item1 + (1 - q) * hold.Item1, q * esc.Item2 + (1 - q) * hold.Item2);

        // Node 7: B retaliates (War_A) or capitulates (Cap_B).
        var q7 = Choose(b.WarA, b.CapitulationB);
        var v7 = Mix(q7, U(InteractionOutcome.WarA), U(InteractionOutcome.CapitulationB));
        // Node 5: A uses force (→ node 7) or negotiates.
        var q5 = Choose(v7.Item1, a.Negotiation);
        var v5 = Mix(q5, v7, U(InteractionOutcome.Negotiation));
        // Node 3: B counter-demands (→ node 5) or acquiesces.
        var q3 = Choose(v5.Item2, b.AcquiescenceB);
        var v3 = Mix(q3, v5, U(InteractionOutcome.AcquiescenceB));
        // Node 8: A retaliates (War_B) or capitulates (Cap_A).
        var q8 = Choose(a.WarB, a.CapitulationA);
        var v8 = Mix(q8, U(InteractionOutcome.WarB), U(InteractionOutcome.CapitulationA));
        // Node 6: B uses force (→ node 8) or negotiates.
        var q6 = Choose(v8.Item2, b.Negotiation);
        var v6 = Mix(q6, v8, U(InteractionOutcome.Negotiation));
        // Node 4: A counter-demands (→ node 6) or acquiesces.
        var q4 = Choose(v6.Item1, a.AcquiescenceA);
        var v4 = Mix(q4, v6, U(InteractionOutcome.AcquiescenceA));
        // Node 2: B demands (→ node 4) or not (status quo).
        var q2 = Choose(v4.Item2, b.StatusQuo);
        var v2 = Mix(q2, v4, U(InteractionOutcome.StatusQuo));
        // Node 1: A demands (→ node 3) or not (→ node 2).
        var q1 = Choose(v3.Item1, v2.Item1);
        var v1 = Mix(q1, v3, v2);

        var reach3 = q1; var reach5 = reach3 * q3; var reach7 = reach5 * q5;
        var reach2 = 1 - q1; var reach4 = reach2 * q2; var reach6 = reach4 * q4; var reach8 = reach6 * q6;
        var outcomes = new Dictionary<InteractionOutcome, double>
        {
            [InteractionOutcome.StatusQuo] = reach2 * (1 - q2),
            [InteractionOutcome.AcquiescenceB] = reach3 * (1 - q3),
            [InteractionOutcome.Negotiation] = reach5 * (1 - q5) + reach6 * (1 - q6),
            [InteractionOutcome.CapitulationB] = reach7 * (1 - q7),
            [InteractionOutcome.WarA] = reach7 * q7,
            [InteractionOutcome.AcquiescenceA] = reach4 * (1 - q4),
            [InteractionOutcome.CapitulationA] = reach8 * (1 - q8),
            [InteractionOutcome.WarB] = reach8 * q8,
        };
        ImmutableArray<InteractionNode> nodes =
        [
            new(1, "a", "demand", "no_demand", q1),
            new(2, "b", "demand", "no_demand", q2),
            new(3, "b", "counter_demand", "acquiesce", q3),
            new(4, "a", "counter_demand", "acquiesce", q4),
            new(5, "a", "use_force", "negotiate", q5),
            new(6, "b", "use_force", "negotiate", q6),
            new(7, "b", "retaliate", "capitulate", q7),
            new(8, "a", "retaliate", "capitulate", q8),
        ];
        return new InteractionSolution(outcomes.ToImmutableDictionary(), nodes, v1.Item1, v1.Item2, lambda);
    }

    private static double Logistic(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}
