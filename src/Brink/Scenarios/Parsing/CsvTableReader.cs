using System.Collections.Immutable;
using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Brink.Scenarios.Parsing;

/// <summary>
/// Reads the classic expected-utility actor table (one row per actor: name, capability, position,
/// salience) as a one-issue scenario. Header names are matched case-insensitively with the synonyms
/// used in published tables (Stakeholder, Resources, Clout, name …); other columns become actor
/// attributes. A salience column printed on 0–100 (every non-zero value above 1) is divided by 100 with a
/// notice; a column mixing the two scales is rejected as a typo.
/// </summary>
internal static class CsvTableReader
{
    public const string IssueId = "issue";

    private static readonly string[] ActorNames = ["actor", "name", "stakeholder", "player", "party", "actorname", "stakeholdername"];
    private static readonly string[] CapabilityNames = ["capability", "capabilities", "resources", "resource", "clout", "power", "influence", "cap", "strength"];
    private static readonly string[] PositionNames = ["position", "pos", "stance"];
    private static readonly string[] SalienceNames = ["salience", "saliency", "importance", "sal"];

    public static Scenario? Read(string text, string file, char delimiter, List<Diagnostic> diagnostics)
    {
        var start = diagnostics.Count;
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter.ToString(),
            HasHeaderRecord = true,
            TrimOptions = TrimOptions.Trim,
            IgnoreBlankLines = true,
            DetectColumnCountChanges = false,
            MissingFieldFound = null,
            BadDataFound = args => diagnostics.Add(new Diagnostic(file, BadRecordLine(args.Context.Parser?.RawRow ?? 0, args.RawRecord), 1, "",
                $"malformed {(delimiter == '\t' ? "TSV" : "CSV")}: bad quoting in field '{Shorten(args.Field)}' (a quote inside a field must be doubled and the field quoted)")),
        };
        var rows = new List<Row>();
        string[] header;
        var headerRaw = "";
        try
        {
            using var csv = new CsvReader(new StringReader(text), config);
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } h)
            {
                diagnostics.Add(new Diagnostic(file, 1, 1, "", "the file is empty; expected a header such as Actor,Capability,Position,Salience and one row per actor"));
                return null;
            }
            header = h;
            headerRaw = csv.Parser.RawRecord;
            while (csv.Read())
            {
                var fields = new string[csv.Parser.Count];
                for (var i = 0; i < fields.Length; i++) fields[i] = csv.Parser[i] ?? "";
                rows.Add(new Row(StartLine(csv.Parser.RawRow, csv.Parser.RawRecord), csv.Parser.RawRecord, fields));
            }
        }
        catch (CsvHelperException ex)
        {
            diagnostics.Add(new Diagnostic(file, ex.Context?.Parser?.RawRow ?? 0, 1, "", $"malformed {(delimiter == '\t' ? "TSV" : "CSV")}: {FirstLine(ex.Message)}"));
            return null;
        }
        if (diagnostics.Count > start) return null;

        // Every column needs a distinct, non-empty name: an extra column becomes an actor attribute, so an empty or
        // repeated name would lose a column's values silently.
        var headerOk = true;
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            if (header[i].Length == 0)
            {
                diagnostics.Add(new Diagnostic(file, 1, ColumnOf(headerRaw, i, delimiter), "header", $"column {i + 1} has no name; give every column a name (or delete the empty column)"));
                headerOk = false;
            }
            else if (!names.TryAdd(header[i], i))
            {
                diagnostics.Add(new Diagnostic(file, 1, ColumnOf(headerRaw, i, delimiter), "header", $"column {i + 1} '{Shorten(header[i])}' repeats the name of column {names[header[i]] + 1}; column names must be distinct"));
                headerOk = false;
            }
        }
        if (!headerOk) return null;

        var actorCol = Find(header, ActorNames);
        var capCol = Find(header, CapabilityNames);
        var posCol = Find(header, PositionNames);
        var salCol = Find(header, SalienceNames);
        var missing = new List<string>();
        if (actorCol < 0) missing.Add($"an actor column ({string.Join(", ", ActorNames.Take(5))})");
        if (capCol < 0) missing.Add($"a capability column ({string.Join(", ", CapabilityNames.Take(5))})");
        if (posCol < 0) missing.Add("a position column (position)");
        if (salCol < 0) missing.Add("a salience column (salience, importance)");
        if (missing.Count > 0)
        {
            diagnostics.Add(new Diagnostic(file, 1, 1, "header",
                $"missing {string.Join("; ", missing)}; found columns {string.Join(", ", header.Select(x => $"'{x}'"))}"));
            return null;
        }
        if (rows.Count == 0)
        {
            diagnostics.Add(new Diagnostic(file, 1, 1, "actors", "the scenario has no actors: the table has a header but no rows"));
            return null;
        }

        var known = new[] { actorCol, capCol, posCol, salCol };
        var extra = Enumerable.Range(0, header.Length).Where(i => !known.Contains(i)).ToList();
        var parsed = new List<(Row Row, string Name, double Capability, double Position, double Salience)>();
        var saliences = new List<(Row Row, string Name, double Salience)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.Fields.Length != header.Length)
            {
                diagnostics.Add(new Diagnostic(file, row.Line, 1, $"row {row.Line}",
                    $"expected {header.Length} fields as in the header, found {row.Fields.Length}"));
                continue;
            }
            var name = row.Fields[actorCol];
            var ok = true;
            if (name.Length == 0)
            {
                Error(row, actorCol, header, "the actor name is empty");
                ok = false;
            }
            else if (seen.TryGetValue(name, out var firstLine))
            {
                Error(row, actorCol, header, $"duplicate actor '{name}' (first on line {firstLine})");
                ok = false;
            }
            else seen[name] = row.Line;
            var c = Number(row, capCol, header);
            var x = Number(row, posCol, header);
            var s = Number(row, salCol, header);
            if (c is < 0)
            {
                Error(row, capCol, header, $"capability {ScenarioReader.Fmt(c.Value)} is negative: expected a number ≥ 0");
                ok = false;
            }
            if (s is not null) saliences.Add((row, name, s.Value));
            if (ok && c is not null && x is not null && s is not null) parsed.Add((row, name, c.Value, x.Value, s.Value));

            void Error(Row r, int col, string[] h, string message) =>
                diagnostics.Add(new Diagnostic(file, r.Line, ColumnOf(r.Raw, col, delimiter), $"actors[{name}].{h[col]}", message));
            double? Number(Row r, int col, string[] h)
            {
                var textValue = r.Fields[col];
                if (!ScenarioReader.TryParseNumber(textValue, out var v))
                {
                    Error(r, col, h, $"expected a number in column '{h[col]}', found '{Shorten(textValue)}'");
                    return null;
                }
                if (!double.IsFinite(v))
                {
                    Error(r, col, h, $"expected a finite number in column '{h[col]}', found {(double.IsNaN(v) ? "NaN" : "an infinite value")} ('{textValue}')");
                    return null;
                }
                if (Math.Abs(v) > Files.InputLimits.MaxMagnitude)
                {
                    Error(r, col, h, $"'{Shorten(textValue)}' in column '{h[col]}' is larger in magnitude than {Files.InputLimits.MaxMagnitude:0e0}, the largest number Brink computes with safely; rescale it");
                    return null;
                }
                return v;
            }
        }
        // Only a column whose saliences are all on 0–100 is rescaled; a mixed column is a typo (ScaleDetection).
        var outcome = ScaleDetection.Detect([.. saliences.Select(p => (p.Salience, p))], "salience", null);
        var scale = outcome.Scale;
        var typos = new HashSet<Row>();
        foreach (var (p, message) in outcome.Typos)
        {
            typos.Add(p.Row);
            diagnostics.Add(new Diagnostic(file, p.Row.Line, ColumnOf(p.Row.Raw, salCol, delimiter), $"actors[{p.Name}].{header[salCol]}", message));
        }
        if (scale == 100 && outcome.Typos.Count == 0)
            diagnostics.Add(new Diagnostic(file, 1, 1, header[salCol],
                $"salience looks like a 0–100 scale (none lies strictly between 0 and 1; largest value {ScenarioReader.Fmt(saliences.Max(p => p.Salience))}); all saliences are divided by 100", Severity.Notice));
        foreach (var p in saliences)
            if (!typos.Contains(p.Row) && (p.Salience < 0 || p.Salience / scale > 1))
                diagnostics.Add(new Diagnostic(file, p.Row.Line, ColumnOf(p.Row.Raw, salCol, delimiter), $"actors[{p.Name}].{header[salCol]}",
                    $"salience {ScenarioReader.Fmt(p.Salience)} is out of range: expected a number in [0, {(scale == 1 ? "1" : "100")}]"));
        if (diagnostics.Skip(start).Any(d => d.Severity == Severity.Error)) return null;

        var min = parsed.Min(p => p.Position);
        var max = parsed.Max(p => p.Position);
        if (min == max)
            diagnostics.Add(new Diagnostic(file, 1, 1, header[posCol], $"every actor holds the same position ({ScenarioReader.Fmt(min)}); the models have nothing to resolve", Severity.Warning));
        var title = Path.GetFileNameWithoutExtension(file);
        return new Scenario
        {
            Title = title,
            Issues = [new Issue { Id = IssueId, Description = $"Imported from {Path.GetFileName(file)}", Min = min, Max = max }],
            Actors =
            [
                .. parsed.Select(p => new Actor
                {
                    Id = p.Name,
                    Name = p.Name,
                    Capability = p.Capability,
                    Stances = ImmutableDictionary<string, Stance>.Empty.Add(IssueId, new Stance(p.Position, p.Salience / scale)),
                    Attributes = extra.ToImmutableDictionary(i => header[i], i => p.Row.Fields[i], StringComparer.Ordinal),
                }),
            ],
            Metadata = ImmutableDictionary<string, string>.Empty.Add("imported_from", Path.GetFileName(file)),
            SourceFile = file,
            UnusedFields =
            [
                .. extra.Where(i => !ModelInputs.ActorAttributes.Contains(header[i])).Select(i => new Diagnostic(file, 1,
                    ColumnOf(text.Split('\n', 2)[0].TrimEnd('\r'), i, delimiter), header[i],
                    $"unused: no model reads the column '{header[i]}' (kept as an actor attribute), so it does not change any result", Severity.Notice)),
            ],
        };
    }

    private sealed record Row(int Line, string Raw, string[] Fields);

    private static int Find(string[] header, string[] names)
    {
        for (var i = 0; i < header.Length; i++)
            if (names.Contains(Normalize(header[i]))) return i;
        return -1;
    }

    private static string Normalize(string header) =>
        new string(header.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();

    /// <summary>1-based character column where field <paramref name="index"/> starts in the raw record (quote-aware).</summary>
    internal static int ColumnOf(string raw, int index, char delimiter)
    {
        var field = 0;
        var quoted = false;
        for (var i = 0; i < raw.Length; i++)
        {
            if (field == index) return i + 1;
            var ch = raw[i];
            if (ch == '"') quoted = !quoted;
            else if (ch == delimiter && !quoted) field++;
        }
        return field == index ? raw.Length + 1 : 1;
    }

    /// <summary>CsvHelper's RawRow is the line where the record ends; a quoted field may span lines.</summary>
    private static int StartLine(int endLine, string? raw) =>
        raw is null ? endLine : endLine - raw.TrimEnd('\r', '\n').Count(c => c == '\n');

    /// <summary>An unterminated quote swallows every line break to the end, including the last.</summary>
    private static int BadRecordLine(int endLine, string? raw) =>
        raw is not null && raw.Count(c => c == '"') % 2 == 1 ? endLine - raw.Count(c => c == '\n') : StartLine(endLine, raw);

    private static string Shorten(string text)
    {
        text = text.Trim().ReplaceLineEndings("⏎");
        return text.Length <= 40 ? text : text[..40] + "…";
    }

    private static string FirstLine(string text)
    {
        var cut = text.IndexOf('\n');
        return (cut >= 0 ? text[..cut] : text).Trim();
    }
}
