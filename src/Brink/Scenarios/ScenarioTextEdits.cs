using System.Globalization;
using Brink.Scenarios.Parsing;

namespace Brink.Scenarios;

/// <summary>
/// One actor number of a YAML or JSON scenario as written in its text: the point value, the range when it has one
/// (<c>range: [lo, hi]</c>), and where the value stands (1-based line and column).
/// </summary>
/// <param name="HasOtherDistribution">A distribution given without <c>range</c> (min/max, values…): its range is edited in the text.</param>
public sealed record EditableNumber(string FieldPath, string ActorId, string? IssueId, ActorParameter Parameter, double Value, double? RangeLow, double? RangeHigh,
    bool HasOtherDistribution, int Line, int Column);

/// <summary>The text after an edit, or why the edit was not made.</summary>
public sealed record TextEdit(string? Text, string? Error)
{
    /// <summary>True when the edit was made (<see cref="Text"/> holds the new text).</summary>
    public bool Ok => Text is not null;
}

/// <summary>
/// Edits the numbers of a scenario in its own text (the workbench's table view): a value or a range is replaced where
/// it is written, so comments, order and layout stay as they were, and the located validation runs on the result as
/// on any typed text. YAML and JSON only (a CSV actor table is edited as text).
/// </summary>
public static class ScenarioTextEdits
{
    /// <summary>Capability per actor, position and salience per actor and issue, as written; empty when the text does not parse as a tree.</summary>
    public static IReadOnlyList<EditableNumber> Numbers(string text, ScenarioFormat format)
    {
        ArgumentNullException.ThrowIfNull(text);
        var numbers = new List<EditableNumber>();
        if (Root(text, format) is not MapNode root || root.Get("actors") is not SequenceNode actors) return numbers;
        foreach (var item in actors.Items)
        {
            if (item is not MapNode actor || actor.Get("id") is not ScalarNode { IsNull: false } idNode) continue;
            var id = idNode.Text;
            if (Read(actor.Get("capability"), $"actors[{id}].capability", id, null, ActorParameter.Capability) is { } capability) numbers.Add(capability);
            if (actor.Get("positions") is not MapNode positions) continue;
            foreach (var (key, value) in positions.Entries)
            {
                if (value is not MapNode stance) continue;
                if (stance.Get("position") is null && stance.Get("salience") is null)
                {
                    // A multi-dimensional issue: {dimension: {position, salience}}.
                    foreach (var (dimKey, dimValue) in stance.Entries)
                        if (dimValue is MapNode dim) AddStance(numbers, dim, id, $"{key.Text}.{dimKey.Text}");
                    continue;
                }
                AddStance(numbers, stance, id, key.Text);
            }
        }
        return numbers;
    }

    /// <summary>Sets the point value of the number at <paramref name="fieldPath"/> (as listed by <see cref="Numbers"/>).</summary>
    public static TextEdit SetValue(string text, ScenarioFormat format, string fieldPath, double value)
    {
        if (!double.IsFinite(value)) return new TextEdit(null, $"{fieldPath}: give a finite number");
        if (Find(text, format, fieldPath) is not { } node) return NotFound(fieldPath);
        var scalar = node is MapNode map ? map.Get("value") as ScalarNode : node as ScalarNode;
        if (scalar is null) return new TextEdit(null, $"{fieldPath}: the number has no plain value to replace; edit it in the text");
        return Replace(text, scalar, Number(value), fieldPath);
    }

    /// <summary>Sets <c>range: [low, high]</c> of the number at <paramref name="fieldPath"/>, adding the range (and the <c>{value: …}</c> form) when it has none.</summary>
    public static TextEdit SetRange(string text, ScenarioFormat format, string fieldPath, double low, double high)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high)) return new TextEdit(null, $"{fieldPath}: give finite numbers for the range");
        if (Find(text, format, fieldPath) is not { } node) return NotFound(fieldPath);
        var json = format == ScenarioFormat.Json;
        var range = json ? $"\"range\": [{Number(low)}, {Number(high)}]" : $"range: [{Number(low)}, {Number(high)}]";
        switch (node)
        {
            case ScalarNode scalar:
                return Replace(text, scalar, json ? $"{{\"value\": {scalar.Text}, {range}}}" : $"{{value: {scalar.Text}, {range}}}", fieldPath);
            case MapNode map when map.Get("range") is SequenceNode { Items: [ScalarNode lo, ScalarNode hi] }:
                // The later one first, so the earlier one's location still holds.
                var afterHigh = Replace(text, hi, Number(high), fieldPath);
                return afterHigh.Ok ? Replace(afterHigh.Text!, lo, Number(low), fieldPath) : afterHigh;
            case MapNode map when map.Get("range") is not null:
                return new TextEdit(null, $"{fieldPath}.range: not written as [lo, hi]; edit it in the text");
            case MapNode map when map.Get("min") is not null || map.Get("max") is not null || map.Get("values") is not null:
                return new TextEdit(null, $"{fieldPath}: its distribution is given by min/max or values; edit it in the text");
            case MapNode map when map.Get("value") is ScalarNode value:
                if (Offset(text, value) is not { } at) return new TextEdit(null, $"{fieldPath}: cannot locate the value in the text");
                if (json || IsFlow(text, map)) return new TextEdit(text.Insert(at + value.Text.Length, ", " + range), null);
                // A block mapping: a line of its own under `value:`, at the same indentation.
                var key = map.KeyNode("value")!;
                var lineEnd = text.IndexOf('\n', at);
                var line = new string(' ', key.Column - 1) + range;
                return new TextEdit(lineEnd < 0 ? text + "\n" + line + "\n" : text.Insert(lineEnd + 1, line + "\n"), null);
            default:
                return new TextEdit(null, $"{fieldPath}: the number has no plain value; edit it in the text");
        }
    }

    /// <summary>YAML scenario text as the equivalent JSON scenario (same fields, numbers as numbers); null with diagnostics when the YAML is malformed.</summary>
    public static string? YamlToJson(string yaml, string fileName, List<Diagnostic> diagnostics) => NodeJsonWriter.YamlToJson(yaml, fileName, diagnostics);

    private static void AddStance(List<EditableNumber> numbers, MapNode stance, string actor, string issue)
    {
        var path = $"actors[{actor}].positions[{issue}]";
        if (Read(stance.Get("position"), path + ".position", actor, issue, ActorParameter.Position) is { } position) numbers.Add(position);
        if (Read(stance.Get("salience"), path + ".salience", actor, issue, ActorParameter.Salience) is { } salience) numbers.Add(salience);
    }

    private static EditableNumber? Read(Node? node, string path, string actor, string? issue, ActorParameter parameter)
    {
        switch (node)
        {
            case ScalarNode { IsString: false } s when ScenarioReader.TryParseNumber(s.Text, out var x):
                return new EditableNumber(path, actor, issue, parameter, x, null, null, false, s.Line, s.Column);
            case MapNode map when map.Get("value") is ScalarNode { IsString: false } v && ScenarioReader.TryParseNumber(v.Text, out var x):
                double? lo = null, hi = null;
                if (map.Get("range") is SequenceNode { Items: [ScalarNode a, ScalarNode b] }
                    && ScenarioReader.TryParseNumber(a.Text, out var la) && ScenarioReader.TryParseNumber(b.Text, out var lb))
                    (lo, hi) = (la, lb);
                var other = lo is null && (map.Get("min") is not null || map.Get("max") is not null || map.Get("values") is not null || map.Get("dist") is not null);
                return new EditableNumber(path, actor, issue, parameter, x, lo, hi, other, v.Line, v.Column);
            default:
                return null;
        }
    }

    /// <summary>The node of the number at a field path of <see cref="Numbers"/>.</summary>
    private static Node? Find(string text, ScenarioFormat format, string fieldPath)
    {
        // actors[ID].capability | actors[ID].positions[ISSUE].position|salience (ISSUE = package.dimension for a dimension)
        if (!fieldPath.StartsWith("actors[", StringComparison.Ordinal)) return null;
        var close = fieldPath.IndexOf("].", StringComparison.Ordinal);
        if (close < 0) return null;
        var id = fieldPath[7..close];
        var rest = fieldPath[(close + 2)..];
        if (Root(text, format) is not MapNode root || root.Get("actors") is not SequenceNode actors) return null;
        var actor = actors.Items.OfType<MapNode>().FirstOrDefault(a => a.Get("id") is ScalarNode s && s.Text == id);
        if (actor is null) return null;
        if (rest == "capability") return actor.Get("capability");
        if (!rest.StartsWith("positions[", StringComparison.Ordinal) || actor.Get("positions") is not MapNode positions) return null;
        var end = rest.LastIndexOf("].", StringComparison.Ordinal);
        if (end < 0) return null;
        var issue = rest[10..end];
        var field = rest[(end + 2)..];
        if (positions.Get(issue) is MapNode stance) return stance.Get(field);
        var dot = issue.IndexOf('.');
        return dot > 0 && positions.Get(issue[..dot]) is MapNode package && package.Get(issue[(dot + 1)..]) is MapNode dim ? dim.Get(field) : null;
    }

    private static Node? Root(string text, ScenarioFormat format)
    {
        var ignored = new List<Diagnostic>();
        return format switch
        {
            ScenarioFormat.Yaml => YamlTreeReader.Read(text, "scenario", ignored),
            ScenarioFormat.Json => JsonTreeReader.Read(text, "scenario", ignored),
            _ => null,
        };
    }

    private static TextEdit Replace(string text, ScalarNode scalar, string replacement, string fieldPath)
    {
        if (scalar.IsString) return new TextEdit(null, $"{fieldPath}: the number is written as text (in quotes); edit it in the text");
        if (Offset(text, scalar) is not { } at) return new TextEdit(null, $"{fieldPath}: cannot locate the number in the text");
        return new TextEdit(string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + scalar.Text.Length)), null);
    }

    /// <summary>The character offset of a plain scalar, checked against its text (null when the location does not hold it).</summary>
    private static int? Offset(string text, ScalarNode scalar)
    {
        var at = LineStart(text, scalar.Line) is { } start ? start + scalar.Column - 1 : -1;
        if (at < 0 || at + scalar.Text.Length > text.Length) return null;
        return string.CompareOrdinal(text, at, scalar.Text, 0, scalar.Text.Length) == 0 ? at : null;
    }

    private static bool IsFlow(string text, MapNode map) =>
        LineStart(text, map.Line) is { } start && start + map.Column - 1 < text.Length && text[start + map.Column - 1] == '{';

    private static int? LineStart(string text, int line)
    {
        var start = 0;
        for (var l = 1; l < line; l++)
        {
            start = text.IndexOf('\n', start);
            if (start < 0) return null;
            start++;
        }
        return start;
    }

    private static TextEdit NotFound(string fieldPath) => new(null, $"{fieldPath}: no such number in the text (it may have been edited meanwhile)");

    private static string Number(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
