using System.Globalization;
using Brink.Scenarios;

namespace Brink.Application.Report;

/// <summary>The evidence behind one number: a source (with its title, date, address and quote) or the author's judgement.</summary>
public sealed record EvidenceDoc(string? SourceId, string? Title, string? Url, string? Date, string? Quote, bool Judgement, string? Note)
{
    /// <summary>One line for a tooltip or a table cell: "source-id: “quote”" or "judgement: note".</summary>
    public string Summary()
    {
        var parts = new List<string>();
        if (SourceId is not null) parts.Add(Title is null ? SourceId : $"{SourceId} ({Title}{(Date is null ? "" : ", " + Date)})");
        if (Judgement) parts.Add("the author's judgement");
        if (Quote is not null) parts.Add($"“{Quote}”");
        if (Note is not null) parts.Add(Note);
        return string.Join(": ", parts);
    }
}

/// <summary>One actor number as read: its point value, its distribution (when uncertain) and its evidence.</summary>
public sealed record InputNumber(string FieldPath, double Value, string? Distribution, IReadOnlyList<EvidenceDoc> Evidence);

/// <summary>One actor on one issue: capability, position and salience (salience on 0–1, as the models read it).</summary>
public sealed record InputRow(string ActorId, string Actor, string Issue, InputNumber Capability, InputNumber Position, InputNumber Salience);

/// <summary>
/// The inputs of a scenario as a table of actors × issues with the source and quote behind each
/// number: what the report prints and the workbench's table view shows beside the numbers.
/// </summary>
public static class ScenarioInputTable
{
    public static IReadOnlyList<InputRow> Of(Scenario scenario, string? issueId = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var evidence = scenario.Evidence.GroupBy(e => e.FieldPath, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var sources = scenario.Sources.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var uncertain = scenario.Uncertain.GroupBy(u => u.Target).ToDictionary(g => g.Key, g => g.First().Distribution);
        InputNumber Number(string path, double value, ParameterRef target) =>
            new(path, value, uncertain.TryGetValue(target, out var d) ? Describe(d) : null,
                evidence.TryGetValue(path, out var links) ? [.. links.Select(l => Evidence(l, sources))] : []);
        var rows = new List<InputRow>();
        foreach (var issue in scenario.Issues.Where(i => issueId is null || i.Id == issueId))
            foreach (var actor in scenario.Actors)
            {
                if (!actor.Stances.TryGetValue(issue.Id, out var stance)) continue;
                var stancePath = $"actors[{actor.Id}].positions[{issue.Id}]";
                rows.Add(new InputRow(actor.Id, actor.DisplayName, issue.Id,
                    Number($"actors[{actor.Id}].capability", actor.Capability, new ParameterRef(actor.Id, ActorParameter.Capability)),
                    Number(stancePath + ".position", stance.Position, new ParameterRef(actor.Id, ActorParameter.Position, issue.Id)),
                    Number(stancePath + ".salience", stance.Salience, new ParameterRef(actor.Id, ActorParameter.Salience, issue.Id))));
            }
        return rows;
    }

    /// <summary>The evidence linked to any field path (e.g. an issue's <c>status_quo</c>).</summary>
    public static IReadOnlyList<EvidenceDoc> EvidenceFor(Scenario scenario, string fieldPath)
    {
        var sources = scenario.Sources.ToDictionary(s => s.Id, StringComparer.Ordinal);
        return [.. scenario.Evidence.Where(e => e.FieldPath == fieldPath).Select(e => Evidence(e, sources))];
    }

    private static EvidenceDoc Evidence(EvidenceLink link, Dictionary<string, Source> sources)
    {
        var source = link.SourceId is { } id && sources.TryGetValue(id, out var s) ? s : null;
        // The quote written at the number wins; else the source's own quote (verbatim words only, never a paraphrase).
        return new EvidenceDoc(link.SourceId, source?.Title, source?.Url, source?.Date, link.Quote ?? source?.Quote, link.IsJudgement, link.Note);
    }

    /// <summary>A distribution in words, e.g. "range 10–35" or "triangular 10, 20, 35".</summary>
    public static string Describe(Distribution distribution) => distribution switch
    {
        UniformDistribution u => $"range {F(u.Min)}–{F(u.Max)}",
        TriangularDistribution t => $"triangular {F(t.Min)}, mode {F(t.Mode)}, {F(t.Max)}",
        TruncatedNormalDistribution n => $"normal mean {F(n.Mean)}, sd {F(n.Sd)} in [{F(n.Min)}, {F(n.Max)}]",
        BetaDistribution b => $"beta({F(b.A)}, {F(b.B)}) on [{F(b.Min)}, {F(b.Max)}]",
        DiscreteDistribution d => $"one of {string.Join(", ", d.Values.Select(F))}",
        _ => distribution.ToString(),
    };

    private static string F(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}
