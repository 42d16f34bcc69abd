using Brink.Application.Report;
using Brink.Scenarios;

namespace Brink.Application;

/// <summary>One number of the table view: as written in the text, with the evidence behind it (when the scenario loads).</summary>
public sealed record TableCell(EditableNumber Number, IReadOnlyList<EvidenceDoc> Evidence)
{
    /// <summary>The sources and quotes in one line (the cell's tooltip); "no source given" when none.</summary>
    public string EvidenceText => Evidence.Count == 0 ? "no source given" : string.Join(" | ", Evidence.Select(e => e.Summary()));
}

/// <summary>One actor on one issue; <see cref="Capability"/> is the actor's (the same cell on each of its issues).</summary>
public sealed record TableRow(string ActorId, string? Issue, TableCell? Capability, TableCell? Position, TableCell? Salience);

/// <summary>The table view of a YAML or JSON scenario, or why there is none.</summary>
public sealed record ScenarioTable(IReadOnlyList<TableRow> Rows, string? Unavailable)
{
    public IEnumerable<TableCell> Cells => Rows.SelectMany(r => new[] { r.Capability, r.Position, r.Salience }).OfType<TableCell>();
}

/// <summary>
/// The workbench's actors × issues table of a scenario text: the numbers as written (capability, position, salience and
/// their ranges) with the sources and quotes behind them. Edits go back into the text through <see cref="ScenarioTextEdits"/>.
/// </summary>
public static class ScenarioTableView
{
    public static ScenarioTable Of(string text, ScenarioFormat format, string fileName)
    {
        if (format is not (ScenarioFormat.Yaml or ScenarioFormat.Json))
            return new ScenarioTable([], "the table view edits YAML and JSON scenarios; a CSV actor table is already a table: edit it as text");
        var numbers = ScenarioTextEdits.Numbers(text, format);
        if (numbers.Count == 0) return new ScenarioTable([], "no actor numbers to show: the text has no readable actors yet (see the validation)");
        // The evidence needs the loaded scenario; while the text has errors the numbers show without it.
        var load = ScenarioLoader.Parse(text, fileName, format);
        var evidence = load.Value is { } scenario ? Evidence(scenario) : [];
        TableCell Cell(EditableNumber n) => new(n, evidence.TryGetValue(n.FieldPath, out var e) ? e : []);
        var rows = new List<TableRow>();
        foreach (var actor in numbers.GroupBy(n => n.ActorId, StringComparer.Ordinal))
        {
            var cap = actor.FirstOrDefault(n => n.Parameter == ActorParameter.Capability) is { } c ? Cell(c) : null;
            var issues = actor.Where(n => n.IssueId is not null).GroupBy(n => n.IssueId!, StringComparer.Ordinal).ToList();
            if (issues.Count == 0) rows.Add(new TableRow(actor.Key, null, cap, null, null));
            foreach (var issue in issues)
            {
                var position = issue.FirstOrDefault(n => n.Parameter == ActorParameter.Position);
                var salience = issue.FirstOrDefault(n => n.Parameter == ActorParameter.Salience);
                rows.Add(new TableRow(actor.Key, issue.Key, cap, position is null ? null : Cell(position), salience is null ? null : Cell(salience)));
            }
        }
        return new ScenarioTable(rows, null);
    }

    private static Dictionary<string, IReadOnlyList<EvidenceDoc>> Evidence(Scenario scenario)
    {
        var sources = scenario.Sources.ToDictionary(s => s.Id, StringComparer.Ordinal);
        return scenario.Evidence.GroupBy(e => e.FieldPath, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<EvidenceDoc>)[.. g.Select(e => ScenarioInputTable.Evidence(e, sources))], StringComparer.Ordinal);
    }
}
