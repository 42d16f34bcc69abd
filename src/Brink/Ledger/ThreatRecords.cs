using System.Collections.Immutable;
using Brink.Crisis;
using Brink.Scenarios;

namespace Brink.Ledger;

/// <summary>One resolved threat question: the actor followed through (yes) or backed down (no).</summary>
public sealed record ThreatOutcome(string QuestionId, DateTimeOffset ResolvedAt, bool FollowedThrough);

/// <summary>An actor's empirical follow-through record built from the ledger: the outcomes, oldest first, and the Beta posterior.</summary>
public sealed record ActorThreatRecord(string Actor, ImmutableArray<ThreatOutcome> Outcomes, FollowThroughRecord Record)
{
    /// <summary>The outcomes as a scenario <c>threat_record</c> attribute, oldest first, e.g. <c>"F,B,B"</c>.</summary>
    public string Sequence => string.Join(",", Outcomes.Select(o => o.FollowedThrough ? "F" : "B"));

    /// <summary>Number of resolved threats in the record.</summary>
    public int Observations => Outcomes.Length;
}

/// <summary>
/// Threat questions (<see cref="Question.ThreatBy"/>) turned into follow-through records, and those records written
/// into a scenario's actors. A binary threat question resolved yes counts as "followed through", no as "backed down";
/// open, annulled and ambiguous questions are ignored. Outcomes are taken in order of resolution time (then question id),
/// so the forgetting factor discounts the older ones.
/// </summary>
public static class ThreatRecords
{
    /// <summary>
    /// Builds each actor's record: from the prior Beta(α₀, β₀), <see cref="FollowThroughRecord.Observe"/> for each outcome
    /// in time order, with forgetting φ (default <see cref="CrisisOptions.Forgetting"/>). Actors are sorted by id.
    /// <paramref name="current"/> is each question's current resolution (the latest revision).
    /// </summary>
    public static IReadOnlyList<ActorThreatRecord> Build(IEnumerable<Question> questions, IReadOnlyDictionary<string, Resolution> current,
        double priorAlpha = 1, double priorBeta = 1, double? forgetting = null)
    {
        var phi = forgetting ?? new CrisisOptions().Forgetting;
        var prior = FollowThroughRecord.Prior(priorAlpha, priorBeta, phi);
        var outcomes = new Dictionary<string, List<ThreatOutcome>>(StringComparer.Ordinal);
        foreach (var q in questions)
        {
            if (q.ThreatBy is not { Length: > 0 } actor || q.Kind != QuestionKind.Binary) continue;
            if (!current.TryGetValue(q.Id, out var r) || r.State != QuestionState.Resolved || r.Value is not { } v) continue;
            var at = r.ResolvedAt ?? q.ResolveTime ?? q.CloseTime;
            if (!outcomes.TryGetValue(actor, out var list)) outcomes[actor] = list = [];
            list.Add(new ThreatOutcome(q.Id, at, v >= 0.5));
        }
        return outcomes.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv =>
        {
            var ordered = kv.Value.OrderBy(o => o.ResolvedAt).ThenBy(o => o.QuestionId, StringComparer.Ordinal).ToImmutableArray();
            var record = ordered.Aggregate(prior, (rec, o) => rec.Observe(o.FollowedThrough));
            return new ActorThreatRecord(kv.Key, ordered, record);
        }).ToList();
    }

    /// <summary>What <see cref="Apply"/> did to one actor.</summary>
    public sealed record Applied(string Actor, string Record, string? Replaced, int Observations);

    /// <summary>
    /// Sets <c>threat_record</c> of every scenario actor that has a ledger record (actor ids compared case-insensitively);
    /// the ledger wins over the file. The counts <c>threat_followed</c>/<c>threat_backed_down</c> are superseded by
    /// <c>threat_record</c> anyway. Actors without a ledger record keep what the file says.
    /// </summary>
    public static (Scenario Scenario, IReadOnlyList<Applied> Applied) Apply(Scenario scenario, IReadOnlyList<ActorThreatRecord> records)
    {
        var byActor = records.ToDictionary(r => r.Actor, StringComparer.OrdinalIgnoreCase);
        var applied = new List<Applied>();
        var actors = scenario.Actors.Select(a =>
        {
            if (!byActor.TryGetValue(a.Id, out var rec) || rec.Observations == 0) return a;
            applied.Add(new Applied(a.Id, rec.Sequence, a.Attributes.GetValueOrDefault("threat_record"), rec.Observations));
            return a with { Attributes = a.Attributes.SetItem("threat_record", rec.Sequence) };
        }).ToImmutableArray();
        return (scenario with { Actors = actors }, applied);
    }
}
