using System.Collections.Immutable;
using System.Globalization;
using Brink.Crisis;
using Brink.Ledger;
using Brink.Models;
using Brink.Scenarios;

namespace Brink.Application;

/// <summary>
/// <c>brink run --model crisis</c> / <c>brink crisis scenario</c> / <c>POST /api/crisis</c>: the crisis model on the dyads of a
/// scenario. Joined to the EUM (<see cref="JoinEum"/>, the default) only the dyads its quadrants put in conflict or
/// disagreement go to the crisis games; without it every dyad does.
/// </summary>
public sealed record CrisisRequest
{
    public required ScenarioSource Scenario { get; init; }
    /// <summary>True: the EUM picks the dyads (<c>brink run --model crisis</c>); false: every dyad (<c>brink crisis scenario</c>).</summary>
    public bool JoinEum { get; init; } = true;
    /// <summary>The EUM variant whose dyads feed the crisis model; null = <see cref="ModelRegistry.CrisisDefaultEumVariant"/>.</summary>
    public string? Variant { get; init; }
    public int Rounds { get; init; } = new ModelOptions().Rounds;
    public string? Issue { get; init; }
    /// <summary>
    /// True: each side's EUM quadrant comes from the EUM run on its own beliefs (<c>--perspectives</c>, the perceptual analysis
    /// of <c>brink run --perspectives</c>) instead of from the true inputs. Needs the EUM join.
    /// </summary>
    public bool Perspectives { get; init; }
    /// <summary>Follow-through records read from the ledger (<c>--threats-from-ledger</c>); they replace the file's <c>threat_record</c>.</summary>
    public IReadOnlyList<ActorThreatRecord>? ThreatRecords { get; init; }

    /// <summary>The EUM variant that runs.</summary>
    public string EumVariant => Variant ?? ModelRegistry.CrisisDefaultEumVariant;

    public IReadOnlyList<Diagnostic> Validate()
    {
        var problems = new List<Diagnostic>();
        if (!JoinEum)
        {
            if (Variant is not null) problems.Add(Outcome.RequestError("variant", "variant applies to the crisis model joined to the EUM (join=eum)"));
            if (Perspectives) problems.Add(Outcome.RequestError("perspectives", "perspectives apply to the crisis model joined to the EUM (join=eum): they change how the EUM reads each dyad"));
            return problems;
        }
        if (Rounds is < 0 or > ModelRegistry.MaxRounds)
            problems.Add(Outcome.RequestError("rounds", $"--rounds must be between 0 and {ModelRegistry.MaxRounds}, got {Rounds}"));
        if (!ScenarioRun.TrySelectModels("eum", EumVariant, out _, out var error)) problems.Add(Outcome.RequestError("variant", error));
        return problems;
    }
}

/// <summary>
/// The JSON document of <c>brink run --model crisis --format json</c> and <c>brink crisis scenario --format json</c>: per dyad the five
/// outcome probabilities, P(war) by cause, the perspectives and the threat stages; the overall means; the belief gaps; the warnings.
/// Every number has passed <see cref="CrisisResultGuard"/>: a q* undefined by design is null (with a warning), nothing is NaN.
/// </summary>
public sealed record CrisisDocument(string Model, string Variant, IReadOnlyList<CrisisDocument.DyadDoc> Dyads, CrisisDocument.OverallDoc Overall,
    IReadOnlyList<CrisisDocument.BeliefGapDoc> BeliefGaps, IReadOnlyList<string> Diagnostics, IReadOnlyList<WarningDoc> Warnings)
{
    public sealed record DyadDoc(string Issue, string ActorA, string ActorB, DyadOutcome? EumViewA, DyadOutcome? EumViewB, HandOverReason Reason,
        double PWar, double PSettlement, double PCapitulationA, double PCapitulationB, double PStatusQuo,
        IReadOnlyDictionary<string, double> WarByCause, IReadOnlyList<WarCause> Conditions,
        double PTrue, double PViewA, double PViewB, double MisperceptionGap, double OptimismThreshold, bool MutualOptimism,
        IReadOnlyList<StageDoc>? Stages);

    /// <summary>One challenger direction of the threat stage; <see cref="QStar"/> is null where 1/(p + c_D) is undefined (p + c_D = 0).</summary>
    public sealed record StageDoc(string Challenger, double Weight, string Mechanism, double? QStar, double TargetBelief, double? Beta, double? Sigma,
        double ProbabilityStandoff, double ProbabilityWarInStandoff, double Demand, OutcomeDoc Outcome);

    public sealed record OutcomeDoc(double War, double Settlement, double CapitulationA, double CapitulationB, double StatusQuo, double Total);

    public sealed record OverallDoc(int Dyads, int HandedOver, double PWar, double PSettlement, double PCapitulationA, double PCapitulationB,
        double PStatusQuo, double PAnyWar, IReadOnlyDictionary<string, double> WarByCause);

    public sealed record BeliefGapDoc(string Holder, string About, ActorParameter Parameter, string? Issue, double Believed, double Actual, double Gap);

    /// <summary>The document of a result that has passed <see cref="CrisisResultGuard.EnsureFinite"/>.</summary>
    public static CrisisDocument From(CrisisAnalysisResult r) => new(r.Model, r.Variant,
        [
            .. r.Dyads.Select(d => new DyadDoc(d.Issue, d.ActorA, d.ActorB, d.EumViewA, d.EumViewB, d.Reason,
                d.Outcome.War, d.Outcome.Settlement, d.Outcome.CapitulationA, d.Outcome.CapitulationB, d.Outcome.StatusQuo,
                Causes(d.WarByCause), d.Conditions, d.PTrue, d.PViewA, d.PViewB, d.MisperceptionGap, d.OptimismThreshold, d.MutualOptimism,
                d.Detail is { } detail ? [.. detail.Stages.Select(Stage)] : null)),
        ],
        new OverallDoc(r.Overall.Dyads, r.Overall.HandedOver, r.Overall.Mean.War, r.Overall.Mean.Settlement, r.Overall.Mean.CapitulationA,
            r.Overall.Mean.CapitulationB, r.Overall.Mean.StatusQuo, r.Overall.ProbabilityAnyWar, Causes(r.Overall.WarByCause)),
        [.. r.BeliefGaps.Select(g => new BeliefGapDoc(g.Holder, g.About, g.Parameter, g.Issue, g.Believed, g.Actual, g.Gap))],
        [.. r.Diagnostics.Select(d => d.ToString())],
        WarningDoc.From(r.Warnings));

    private static StageDoc Stage(ThreatStage s) => new(s.Challenger, s.Weight, s.Mechanism, double.IsFinite(s.QStar) ? s.QStar : null, s.TargetBelief,
        s.Beta, s.Sigma, s.ProbabilityStandoff, s.ProbabilityWarInStandoff, s.Demand,
        new OutcomeDoc(s.Outcome.War, s.Outcome.Settlement, s.Outcome.CapitulationA, s.Outcome.CapitulationB, s.Outcome.StatusQuo, s.Outcome.Total));

    /// <summary>P(war) by cause, in the order of <see cref="WarCause"/>, keyed by the cause's lower-case name.</summary>
    public static IReadOnlyDictionary<string, double> Causes(IReadOnlyDictionary<WarCause, double> c) =>
        c.OrderBy(kv => kv.Key).ToDictionary(kv => kv.Key.ToString().ToLowerInvariant(), kv => kv.Value);
}

public sealed record CrisisRunOutcome : Outcome
{
    public CrisisAnalysisResult? Result { get; init; }
    public CrisisDocument? Document { get; init; }
    /// <summary>The EUM variant that chose the dyads (null without the join).</summary>
    public string? EumVariant { get; init; }
}

public static class CrisisService
{
    public static CrisisRunOutcome Run(CrisisRequest request, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = request.Validate();
        if (problems.Count > 0) return new CrisisRunOutcome { Diagnostics = problems };
        var load = ScenarioInputs.Load(request.Scenario, request.Issue);
        if (!load.Ok) return new CrisisRunOutcome { Diagnostics = load.Diagnostics, Notices = load.Notices };
        var scenario = load.Scenario!;
        var notices = load.Notices.ToList();
        if (request.JoinEum || request.Issue is not null)
        {
            if (!ScenarioRun.TrySelectIssues(scenario, request.Issue, out var issues, out var issueError))
                return new CrisisRunOutcome
                {
                    Diagnostics = [.. load.Diagnostics, Outcome.RequestError("issue", $"{request.Scenario.FileName}: {issueError}")], Notices = notices,
                };
            if (request.Issue is not null) scenario = scenario with { Issues = issues };
        }
        if (request.ThreatRecords is { } records) scenario = ApplyThreats(scenario, records, notices);
        cancellation.ThrowIfCancellationRequested();
        CrisisAnalysisResult result;
        if (request.JoinEum)
        {
            var variant = request.EumVariant;
            // The full trace keeps round 1's expected-utility matrices: the crisis join reads that round's quadrants.
            var options = new ModelOptions { Rounds = request.Rounds };
            ScenarioRun.TrySelectModels("eum", variant, out var specs, out _);
            if (request.Perspectives)
            {
                // Every actor's own view of each issue (beliefs about capability, position, salience, risk) and the truth beside it.
                var views = scenario.Issues.Select(i => Models.Perspectives.EumPerspectives.Run(scenario, i.Id, Models.Eum.EumVariant.Find(specs[0].Variant)!, options)).ToList();
                result = CrisisAnalysis.Run(scenario, views.ToDictionary(v => v.IssueId, v => v.Truth), new CrisisOptions(),
                    views.ToDictionary(v => v.IssueId, v => (IReadOnlyList<EumResult>)[.. v.Perspectives.Select(p => p.Result)]));
            }
            else result = CrisisAnalysis.Run(scenario, input => (EumResult)ModelCatalog.Run("eum", specs[0].Variant, input, options), new CrisisOptions());
        }
        else result = CrisisAnalysis.Run(scenario, new CrisisOptions());
        result = CrisisResultGuard.EnsureFinite(result);
        return new CrisisRunOutcome
        {
            Diagnostics = load.Diagnostics, Notices = notices, Result = result, Document = CrisisDocument.From(result),
            EumVariant = request.JoinEum ? request.EumVariant : null,
        };
    }

    /// <summary>
    /// The follow-through records of every actor with resolved threat questions in <paramref name="store"/> (what
    /// <c>--threats-from-ledger</c> reads; the server reads its own ledger for <c>threatsFromLedger=true</c>).
    /// </summary>
    public static IReadOnlyList<ActorThreatRecord> ThreatRecordsOf(ILedgerStore store, double priorAlpha = 1, double priorBeta = 1, double? forgetting = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        return ThreatRecords.Build(store.ListQuestions(), store.CurrentResolutions(), priorAlpha, priorBeta, forgetting);
    }

    /// <summary>Sets the actors' <c>threat_record</c> from the ledger's records, with one notice per actor changed (or one saying none was).</summary>
    public static Scenario ApplyThreats(Scenario scenario, IReadOnlyList<ActorThreatRecord> records, List<string> notices)
    {
        var (result, applied) = ThreatRecords.Apply(scenario, records);
        foreach (var a in applied)
        {
            var rec = records.First(r => string.Equals(r.Actor, a.Actor, StringComparison.OrdinalIgnoreCase)).Record;
            var mean = double.IsNaN(rec.Mean) ? "–" : rec.Mean.ToString("0.000", CultureInfo.InvariantCulture);
            notices.Add($"brink: notice: actor '{a.Actor}': threat_record \"{a.Record}\" from the ledger ({a.Observations} resolved threat question(s), " +
                $"mean follow-through {mean})" + (a.Replaced is { } old ? $", replacing the file's \"{old}\"" : "") + ".");
        }
        if (applied.Count == 0)
            notices.Add("brink: notice: the ledger has no resolved threat questions for this scenario's actors; the file's threat records are used.");
        return result;
    }
}
