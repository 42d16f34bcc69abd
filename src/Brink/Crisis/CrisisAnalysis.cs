using System.Collections.Immutable;
using Brink.Models;
using Brink.Scenarios;

namespace Brink.Crisis;

/// <summary>Why a dyad was analysed by the crisis model (or not).</summary>
public enum HandOverReason
{
    /// <summary>At least one perspective ends in conflict.</summary>
    Conflict,
    /// <summary>The two perspectives predict different outcomes.</summary>
    Disagreement,
    /// <summary>No EUM result was given: every dyad is analysed.</summary>
    NoEum,
    /// <summary>Selected because <see cref="DyadSelection.All"/> was asked for.</summary>
    All,
    /// <summary>Not handed over: both perspectives agree on a peaceful outcome, taken as certain.</summary>
    Agreement,
}

/// <summary>The crisis analysis of one dyad on one issue.</summary>
public sealed record DyadCrisisReport(
    string Issue, string ActorA, string ActorB, DyadOutcome? EumViewA, DyadOutcome? EumViewB, HandOverReason Reason,
    CrisisOutcome Outcome, ImmutableDictionary<WarCause, double> WarByCause, ImmutableArray<WarCause> Conditions,
    double PTrue, double PViewA, double PViewB, double MisperceptionGap, double OptimismThreshold, bool MutualOptimism,
    DyadCrisisInputs? Inputs, DyadCrisisResult? Detail)
{
    /// <summary>True when the crisis model, not the EUM mapping, produced the outcome.</summary>
    public bool HandedOver => Reason != HandOverReason.Agreement;
}

/// <summary>Summary over all dyads: mean probabilities, P(at least one war) treating dyads as independent, and the mean P(war) by cause.</summary>
public sealed record CrisisOverall(int Dyads, int HandedOver, CrisisOutcome Mean, double ProbabilityAnyWar, ImmutableDictionary<WarCause, double> WarByCause);

/// <summary>Result of <see cref="CrisisAnalysis.Run(Scenario, IReadOnlyDictionary{string, EumResult}?, CrisisOptions)"/>.</summary>
public sealed record CrisisAnalysisResult(ImmutableArray<DyadCrisisReport> Dyads, CrisisOverall Overall, ImmutableArray<BeliefGap> BeliefGaps,
    ImmutableArray<Diagnostic> Diagnostics) : IModelResult
{
    /// <inheritdoc/>
    public string Model => "crisis";
    /// <summary>Always <c>fearon-composite</c>: Fearon's bargaining, audience-cost and commitment games combined per dyad.</summary>
    public string Variant => "fearon-composite";
    /// <summary>The crisis model makes no point forecast of positions; NaN.</summary>
    public Forecast Forecast => new(double.NaN, double.NaN);
    /// <inheritdoc />
    public ImmutableArray<ResultWarning> Warnings { get; init; } = [];
}

/// <summary>
/// Joins the expected utility model to the crisis games (design §4.3): for every issue, the EUM
/// dyads that end in conflict, or whose two perspectives disagree, are solved by
/// <see cref="DyadCrisis"/> with parameters read from the scenario (<see cref="ActorCrisisInputs"/>,
/// <see cref="Perspectives"/>); the others keep the EUM mapping (compromise → negotiated
/// settlement, capitulation → capitulation by the receiver, status quo → status quo).
/// A pure function of its inputs.
/// </summary>
public static class CrisisAnalysis
{
    /// <summary>Runs without the EUM: every dyad of every issue is analysed (reason <see cref="HandOverReason.NoEum"/>).</summary>
    public static CrisisAnalysisResult Run(Scenario scenario, CrisisOptions options) => Run(scenario, (IReadOnlyDictionary<string, EumResult>?)null, options);

    /// <summary>Runs with an EUM runner called once per issue.</summary>
    public static CrisisAnalysisResult Run(Scenario scenario, Func<SpatialIssue, EumResult> eum, CrisisOptions options)
    {
        ArgumentNullException.ThrowIfNull(eum);
        var results = scenario.Issues.ToDictionary(i => i.Id, i => eum(SpatialIssue.From(scenario, i.Id)));
        return Run(scenario, results, options);
    }

    /// <summary>Runs with precomputed EUM results per issue id; an issue without one (or a null map) has every dyad analysed.</summary>
    /// <exception cref="ArgumentException">Invalid options, or an EUM result whose dyad matrix does not match the issue's actors.</exception>
    public static CrisisAnalysisResult Run(Scenario scenario, IReadOnlyDictionary<string, EumResult>? eum, CrisisOptions options) =>
        Run(scenario, eum, options, perceived: null);

    /// <summary>
    /// As <see cref="Run(Scenario, IReadOnlyDictionary{string, EumResult}?, CrisisOptions)"/>, with each side's quadrant read from the
    /// EUM run on its own beliefs (perceptual analysis, design §9; <c>brink run --model crisis --perspectives</c>): for the dyad
    /// (a, b), a's view is the quadrant of (a, b) in a's perspective and b's the quadrant of (b, a) in b's. <paramref name="perceived"/>
    /// maps an issue id to one EUM result per actor holding the issue, in scenario order; issues missing from it use <paramref name="eum"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid options, or an EUM result whose dyad matrix does not match the issue's actors.</exception>
    public static CrisisAnalysisResult Run(Scenario scenario, IReadOnlyDictionary<string, EumResult>? eum, CrisisOptions options,
        IReadOnlyDictionary<string, IReadOnlyList<EumResult>>? perceived)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems), nameof(options));

        var file = scenario.SourceFile ?? "scenario";
        var diagnostics = new List<Diagnostic>();
        var inputs = scenario.Actors.ToDictionary(a => a.Id, a => ActorCrisisInputs.From(a, options, file, diagnostics));
        var views = new Perspectives(scenario, inputs, options, diagnostics);
        var indivisible = options.IndivisibleIssues.Union(
            scenario.Metadata.TryGetValue("crisis.indivisible", out var list)
                ? list.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries) : []);
        var reputation = new ReputationModel(0.5, options.BluffRate, options.Tremble);

        var dyads = ImmutableArray.CreateBuilder<DyadCrisisReport>();
        var changedByBeliefs = 0;
        foreach (var issue in scenario.Issues)
        {
            var actors = scenario.Actors.Where(a => a.Stances.ContainsKey(issue.Id)).ToList();
            var n = actors.Count;
            IReadOnlyList<DyadOutcome>? chart = null;
            if (eum is not null && eum.TryGetValue(issue.Id, out var r))
                chart = CheckedChart(r, issue.Id, n, options.DyadRound, nameof(eum));
            // Per actor: the chart of its own perspective (null: the shared chart above).
            IReadOnlyList<DyadOutcome>[]? own = null;
            if (perceived is not null && perceived.TryGetValue(issue.Id, out var perspectiveResults))
            {
                if (perspectiveResults.Count != n)
                    throw new ArgumentException($"Perspectives for issue '{issue.Id}': {perspectiveResults.Count} EUM results for {n} actors.", nameof(perceived));
                own = [.. perspectiveResults.Select(v => CheckedChart(v, issue.Id, n, options.DyadRound, nameof(perceived)))];
            }
            for (var i = 0; i < n; i++)
                for (var j = i + 1; j < n; j++)
                {
                    DyadOutcome? viewA = own is not null ? own[i][i * n + j] : chart?[i * n + j];
                    DyadOutcome? viewB = own is not null ? own[j][j * n + i] : chart?[j * n + i];
                    if (own is not null && chart is not null && (viewA != chart[i * n + j] || viewB != chart[j * n + i])) changedByBeliefs++;
                    dyads.Add(AnalyseDyad(issue.Id, inputs[actors[i].Id], inputs[actors[j].Id], viewA, viewB, indivisible.Contains(issue.Id), views, reputation, options));
                }
        }

        var all = dyads.ToImmutable();
        var warnings = Warn(scenario, inputs, all, options);
        if (perceived is not null)
            warnings = warnings.Add(new ResultWarning(PerspectivesCode,
                "Each side's EUM quadrant is read from the EUM run on its own beliefs (--perspectives): " +
                (eum is null ? "the true-inputs reading was not given for comparison."
                    : changedByBeliefs == 0 ? "the beliefs change no dyad's reading, so the hand-off is the one on true inputs."
                    : $"the beliefs change the reading of {changedByBeliefs} dyad(s) against the true inputs, and with it which dyads go to the crisis games.")));
        return new CrisisAnalysisResult(all, Summarise(all), views.Gaps(), [.. diagnostics])
        {
            Warnings = warnings,
        };
    }

    /// <summary>Code: the dyads' EUM quadrants came from each side's own perspective, not from the true inputs.</summary>
    public const string PerspectivesCode = "crisis-perspectives";

    /// <summary>Code: the scenario gives no crisis input for any actor, so every P(war) follows from defaults.</summary>
    public const string NoInputsCode = "crisis-no-inputs";
    /// <summary>Code: some actors in analysed dyads took a default for one parameter (one warning per parameter).</summary>
    public const string DefaultInputCode = "crisis-default-input";
    /// <summary>Code: no EUM was joined, so every dyad went to the crisis games (differs from the EUM-joined run).</summary>
    public const string EveryDyadCode = "crisis-every-dyad";
    /// <summary>Code: the EUM chose which dyads the crisis games solve (differs from solving every dyad).</summary>
    public const string EumJoinCode = "crisis-eum-join";
    /// <summary>Code: P(at least one war) multiplies the dyads as if they were independent.</summary>
    public const string AnyWarIndependentCode = "crisis-any-war-independent";

    // No silent defaults: say which actors' parameters the crisis games took from CrisisOptions, and
    // only for actors in dyads the crisis model actually solved (elsewhere the EUM mapping decides).
    private static ImmutableArray<ResultWarning> Warn(Scenario scenario, Dictionary<string, ActorCrisisInputs> inputs,
        ImmutableArray<DyadCrisisReport> dyads, CrisisOptions options)
    {
        var warnings = ImmutableArray.CreateBuilder<ResultWarning>();
        var handed = dyads.Where(d => d.HandedOver).ToList();
        var anyInput = inputs.Values.Any(a => a.Defaulted.Length < 3 || a.HasRecord || a.CapabilityNext is not null)
            || !scenario.Beliefs.IsDefaultOrEmpty;
        if (!anyInput)
        {
            warnings.Add(new ResultWarning(NoInputsCode,
                $"The scenario gives no crisis inputs (war_cost, resolve, audience_cost, threat records, beliefs) for any actor: every P(war) here follows from the defaults " +
                $"(war cost {Num(options.DefaultWarCost)}, resolve {Num(options.DefaultResolve)}, audience cost {Num(options.DefaultAudienceCost)}) and the capabilities alone; it illustrates the model, it is not a forecast."));
        }
        else if (handed.Count > 0)
        {
            var involved = handed.SelectMany(d => new[] { d.ActorA, d.ActorB }).ToHashSet();
            foreach (var (field, value) in new[] { ("war_cost", options.DefaultWarCost), ("resolve", options.DefaultResolve), ("audience_cost", options.DefaultAudienceCost) })
            {
                var who = scenario.Actors.Select(a => a.Id).Where(id => involved.Contains(id) && inputs[id].Defaulted.Contains(field)).ToImmutableArray();
                if (who.IsEmpty) continue;
                var dyadCount = handed.Count(d => who.Contains(d.ActorA) || who.Contains(d.ActorB));
                warnings.Add(new ResultWarning(DefaultInputCode,
                    $"{field} took the default {Num(value)} for {who.Length} actor{(who.Length == 1 ? "" : "s")} ({string.Join(", ", who)}); " +
                    $"P(war) in {dyadCount} of {handed.Count} analysed dyads follows partly from that default.")
                { Actors = who });
            }
        }
        if (!dyads.IsEmpty)
        {
            var agreed = dyads.Count(d => !d.HandedOver);
            warnings.Add(dyads.All(d => d.Reason == HandOverReason.NoEum)
                ? new ResultWarning(EveryDyadCode,
                    "Every dyad is solved by the crisis games without the EUM; joined to the EUM (brink run --model crisis) only dyads it puts in conflict or disagreement are, " +
                    "and who challenges follows its quadrants, so the two answers differ.")
                : new ResultWarning(EumJoinCode,
                    $"{dyads.Length - agreed} of {dyads.Length} dyads were handed to the crisis games by the EUM's quadrants; the other {agreed} keep the EUM's peaceful outcome (P(war) 0), " +
                    "so the figures differ from solving every dyad without the EUM (brink crisis scenario)."));
        }
        if (dyads.Length > 1 && dyads.Any(d => d.Outcome.War > 0))
            warnings.Add(new ResultWarning(AnyWarIndependentCode,
                $"P(at least one war) = 1 − Π(1 − P(war)) over {dyads.Length} dyads treats them as independent; they share actors and issues, " +
                "so it is a summary of the per-dyad figures, not the probability that a war breaks out."));
        return warnings.ToImmutable();
    }

    private static string Num(double x) => x.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The quadrant of every ordered dyad (row-major, receiver i first) in the chosen round: round 1 is
    /// classified from that round's expected-utility matrices when the trace kept them; otherwise the
    /// EUM's last-round dyads are used.
    /// </summary>
    private static IReadOnlyList<DyadOutcome> CheckedChart(EumResult result, string issueId, int n, DyadRound round, string parameter)
    {
        var chart = DyadChart(result, round);
        if (chart.Count != n * n)
            throw new ArgumentException($"EUM result for issue '{issueId}' has {chart.Count} dyad outcomes; {n}×{n} = {n * n} expected.", parameter);
        return chart;
    }

    private static IReadOnlyList<DyadOutcome> DyadChart(EumResult result, DyadRound round)
    {
        if (round == DyadRound.First && result.Rounds.Length > 0 && result.Rounds[0] is { EuIJ.IsDefaultOrEmpty: false } first)
        {
            var n2 = first.EuIJ.Length;
            var n = (int)Math.Round(Math.Sqrt(n2));
            var chart = new DyadOutcome[n2];
            for (var k = 0; k < n2; k++)
                chart[k] = k / n == k % n ? DyadOutcome.StatusQuo : Brink.Models.Eum.EumQuadrant.Classify(first.EuIJ[k], first.EuJI[k]);
            return chart;
        }
        return result.Dyads;
    }

    private static DyadCrisisReport AnalyseDyad(string issue, ActorCrisisInputs a, ActorCrisisInputs b, DyadOutcome? viewA, DyadOutcome? viewB,
        bool indivisible, Perspectives views, ReputationModel reputation, CrisisOptions options)
    {
        var pTrue = views.WinProbability(null, a.Id, b.Id);
        var pA = views.WinProbability(a.Id, a.Id, b.Id);
        var pB = views.WinProbability(b.Id, a.Id, b.Id);
        var optimism = MutualOptimism.Solve(pA, pB, a.WarCost, b.WarCost);

        var reason = Reason(viewA, viewB, options.Selection);
        if (reason == HandOverReason.Agreement)
        {
            var outcome = viewA switch
            {
                DyadOutcome.Compromise => new CrisisOutcome(0, 1, 0, 0, 0),
                DyadOutcome.Capitulation => new CrisisOutcome(0, 0, 1, 0, 0),
                _ => new CrisisOutcome(0, 0, 0, 0, 1),
            };
            return new DyadCrisisReport(issue, a.Id, b.Id, viewA, viewB, reason, outcome, NoWar, [], pTrue, pA, pB, optimism.Gap, optimism.Threshold,
                optimism.War, null, null);
        }

        double? pNext = null;
        if (a.CapabilityNext is not null || b.CapabilityNext is not null)
        {
            var ca = a.CapabilityNext ?? a.Capability;
            var cb = b.CapabilityNext ?? b.Capability;
            // Allies are held fixed; only the two actors' own capabilities shift.
            var allyA = views.CoalitionCapability(a.Id, a.Id, b.Id) - a.Capability;
            var allyB = views.CoalitionCapability(b.Id, b.Id, a.Id) - b.Capability;
            pNext = ca + allyA + cb + allyB > 0 ? (ca + allyA) / (ca + allyA + cb + allyB) : 0.5;
        }
        var x = new DyadCrisisInputs
        {
            PTrue = pTrue, PViewA = pA, PViewB = pB,
            CostA = a.WarCost, CostB = b.WarCost,
            CostBSeenByA = views.View(a.Id, b.Id, ActorParameter.WarCost),
            CostASeenByB = views.View(b.Id, a.Id, ActorParameter.WarCost),
            ResolveA = Math.Clamp(views.View(b.Id, a.Id, ActorParameter.Resolve), 0, 1),
            ResolveB = Math.Clamp(views.View(a.Id, b.Id, ActorParameter.Resolve), 0, 1),
            AudienceCostA = a.AudienceCost, AudienceCostB = b.AudienceCost,
            HonestA = a.HasRecord ? a.HonestPosterior(reputation with { Resolve = Math.Clamp(a.Resolve, 1e-9, 1) }) : null,
            HonestB = b.HasRecord ? b.HonestPosterior(reputation with { Resolve = Math.Clamp(b.Resolve, 1e-9, 1) }) : null,
            PNext = pNext,
            Indivisible = indivisible,
            ChallengerWeightA = ChallengerWeight(viewA, viewB),
            CostSpread = options.CostSpread, Discount = options.Discount, BluffRate = options.BluffRate, Tremble = options.Tremble,
        };
        var detail = DyadCrisis.Solve(x);
        return new DyadCrisisReport(issue, a.Id, b.Id, viewA, viewB, reason, detail.Outcome, detail.WarByCause, detail.Conditions,
            pTrue, pA, pB, optimism.Gap, optimism.Threshold, optimism.War, x, detail);
    }

    private static readonly ImmutableDictionary<WarCause, double> NoWar = Enum.GetValues<WarCause>().ToImmutableDictionary(c => c, _ => 0.0);

    /// <summary>What each perspective predicts for the dyad: conflict → war, compromise → settlement, capitulation → the receiver gives way, else status quo.</summary>
    internal static HandOverReason Reason(DyadOutcome? viewA, DyadOutcome? viewB, DyadSelection selection)
    {
        if (viewA is null || viewB is null) return HandOverReason.NoEum;
        if (viewA == DyadOutcome.Conflict || viewB == DyadOutcome.Conflict) return HandOverReason.Conflict;
        // Capitulation in A's view means A gives way, in B's view that B does: those disagree.
        var agree = viewA == viewB && viewA != DyadOutcome.Capitulation;
        if (!agree) return HandOverReason.Disagreement;
        return selection == DyadSelection.All ? HandOverReason.All : HandOverReason.Agreement;
    }

    /// <summary>
    /// Probability that A is the challenger: each perspective votes; in the receiver's quadrant,
    /// compromise or capitulation means the other side presses (e_ij &lt; 0 &lt; e_ji), conflict or
    /// status quo splits evenly; the two votes are averaged.
    /// </summary>
    internal static double ChallengerWeight(DyadOutcome? viewA, DyadOutcome? viewB)
    {
        static double Vote(DyadOutcome? receiverView) => receiverView is DyadOutcome.Compromise or DyadOutcome.Capitulation ? 0 : 0.5;
        var fromA = Vote(viewA);          // A presses with 0 if A expects B to press
        var fromB = 1 - Vote(viewB);      // in B's view, B pressed on means A presses
        return (fromA + fromB) / 2;
    }

    private static CrisisOverall Summarise(ImmutableArray<DyadCrisisReport> dyads)
    {
        if (dyads.IsEmpty) return new CrisisOverall(0, 0, new CrisisOutcome(0, 0, 0, 0, 1), 0, NoWar);
        var n = dyads.Length;
        var mean = new CrisisOutcome(dyads.Average(d => d.Outcome.War), dyads.Average(d => d.Outcome.Settlement),
            dyads.Average(d => d.Outcome.CapitulationA), dyads.Average(d => d.Outcome.CapitulationB), dyads.Average(d => d.Outcome.StatusQuo));
        var noWar = 1.0;
        foreach (var d in dyads) noWar *= 1 - d.Outcome.War;
        var byCause = Enum.GetValues<WarCause>().ToImmutableDictionary(c => c, c => dyads.Sum(d => d.WarByCause[c]) / n);
        return new CrisisOverall(n, dyads.Count(d => d.HandedOver), mean, 1 - noWar, byCause);
    }
}
