using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Brink.Scenarios.Parsing;

/// <summary>
/// Reads KTAB's SMP scenario CSV as it is (KTAB source/smpread.cpp, SMPModel::csvRead): line 1 is
/// scenario name, description, number of actors, number of dimensions; line 2 the header
/// <c>Actor,Description,Power,Pstn1,Sal1,…</c>; then one row per actor with name, description,
/// capability and a position and salience per dimension, both on 0–100. The dimensions become one
/// multi-dimensional issue (each dimension an <see cref="Issue"/> with <see cref="Issue.Package"/>
/// set, scale 0–100); saliences are divided by 100 as KTAB does.
/// </summary>
internal static class KtabCsvReader
{
    /// <summary>True when the text has KTAB's layout: the second non-blank line starts with Actor, Description.</summary>
    public static bool Looks(string text)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Take(2).ToList();
        if (lines.Count < 2) return false;
        var header = lines[1].Split(',').Select(f => f.Trim().Trim('"')).ToList();
        return header.Count >= 3 && header[0].Equals("Actor", StringComparison.OrdinalIgnoreCase)
            && header[1].Equals("Description", StringComparison.OrdinalIgnoreCase);
    }

    public static Scenario? Read(string text, string file, List<Diagnostic> diagnostics)
    {
        var start = diagnostics.Count;
        var rows = new List<(int Line, List<string> Fields)>();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            TrimOptions = TrimOptions.Trim,
            IgnoreBlankLines = true,
            DetectColumnCountChanges = false,
            MissingFieldFound = null,
            BadDataFound = args => diagnostics.Add(new Diagnostic(file, args.Context.Parser?.RawRow ?? 0, 1, "", $"malformed CSV: bad quoting in field '{args.Field}'")),
        };
        try
        {
            using var parser = new CsvParser(new StringReader(text), config);
            while (parser.Read())
            {
                var fields = Enumerable.Range(0, parser.Count).Select(i => (parser[i] ?? "").Trim()).ToList();
                // KTAB's files end each line with a comma: drop the trailing empty fields.
                while (fields.Count > 0 && fields[^1].Length == 0) fields.RemoveAt(fields.Count - 1);
                if (fields.Count > 0) rows.Add((parser.Row, fields));
            }
        }
        catch (CsvHelperException ex)
        {
            diagnostics.Add(new Diagnostic(file, ex.Context?.Parser?.RawRow ?? 0, 1, "", $"malformed CSV: {ex.Message.Split('\n')[0]}"));
            return null;
        }
        if (diagnostics.Count > start || rows.Count < 2)
        {
            if (diagnostics.Count == start) diagnostics.Add(new Diagnostic(file, 1, 1, "", "a KTAB SMP file needs a scenario line, a header line and one row per actor"));
            return null;
        }
        var (firstLine, first) = rows[0];
        if (first.Count < 4)
        {
            diagnostics.Add(new Diagnostic(file, firstLine, 1, "scenario", $"KTAB's first line is: scenario name, description, number of actors, number of dimensions; found {first.Count} fields"));
            return null;
        }
        var name = first[0];
        var description = first[1];
        if (!int.TryParse(first[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var numActors) || numActors < 1)
            diagnostics.Add(new Diagnostic(file, firstLine, 3, "number of actors", $"expected a positive whole number, found '{first[2]}'"));
        if (!int.TryParse(first[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var numDims) || numDims < 1)
            diagnostics.Add(new Diagnostic(file, firstLine, 4, "number of dimensions", $"expected a positive whole number, found '{first[3]}'"));
        if (diagnostics.Count > start) return null;

        var (headerLine, header) = rows[1];
        if (header.Count < 3 + 2 * numDims)
        {
            diagnostics.Add(new Diagnostic(file, headerLine, 1, "header",
                $"{numDims} dimension(s) need {3 + 2 * numDims} columns (Actor, Description, Power, then a position and a salience column per dimension); found {header.Count}"));
            return null;
        }
        var package = Slug(name, "smp");
        var dimIds = new List<string>();
        var issues = new List<Issue>();
        for (var d = 0; d < numDims; d++)
        {
            var label = header[3 + 2 * d];
            var id = Slug(label, $"dim{d + 1}");
            while (dimIds.Contains(id)) id += "_";
            dimIds.Add(id);
            issues.Add(new Issue { Id = $"{package}.{id}", Description = label, Min = 0, Max = 100, Package = package, Dimension = id });
        }
        var actorRows = rows.Skip(2).ToList();
        if (actorRows.Count != numActors)
            diagnostics.Add(new Diagnostic(file, actorRows.Count > 0 ? actorRows[^1].Line : headerLine, 1, "actors",
                $"line 1 announces {numActors} actors but the file has {actorRows.Count} actor rows"));
        var actors = new List<Actor>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, f) in actorRows)
        {
            if (f.Count < 3 + 2 * numDims)
            {
                diagnostics.Add(new Diagnostic(file, line, 1, "actor", $"expected {3 + 2 * numDims} fields (name, description, power, then position and salience per dimension), found {f.Count}"));
                continue;
            }
            var actorName = f[0];
            if (actorName.Length == 0) { diagnostics.Add(new Diagnostic(file, line, 1, "Actor", "the actor needs a name")); continue; }
            if (!seen.Add(actorName)) diagnostics.Add(new Diagnostic(file, line, 1, "Actor", $"duplicate actor '{actorName}'"));
            var cap = Number(f[2], line, 3, header[2], 0, 1e8, diagnostics, file);
            var stances = ImmutableDictionary.CreateBuilder<string, Stance>(StringComparer.Ordinal);
            double total = 0;
            for (var d = 0; d < numDims; d++)
            {
                var p = Number(f[3 + 2 * d], line, 4 + 2 * d, header[3 + 2 * d], 0, 100, diagnostics, file);
                var s = Number(f[4 + 2 * d], line, 5 + 2 * d, header[4 + 2 * d], 0, 100, diagnostics, file);
                if (p is null || s is null) continue;
                total += s.Value;
                stances[issues[d].Id] = new Stance(p.Value, s.Value / 100.0);
            }
            if (total > 100)
                diagnostics.Add(new Diagnostic(file, line, 5, "salience", $"actor '{actorName}': saliences add up to {total.ToString("0.##", CultureInfo.InvariantCulture)}, more than 100 (KTAB: at most 100% of attention over all dimensions)"));
            if (cap is null) continue;
            actors.Add(new Actor
            {
                Id = actorName, Name = actorName, Capability = cap.Value, Stances = stances.ToImmutable(),
                Attributes = f[1].Length > 0 ? ImmutableDictionary<string, string>.Empty.Add("description", f[1]) : ImmutableDictionary<string, string>.Empty,
            });
        }
        if (diagnostics.Skip(start).Any(x => x.Severity == Severity.Error)) return null;
        return new Scenario
        {
            Title = name,
            Question = description.Length > 0 ? description : null,
            Issues = [.. issues],
            Actors = [.. actors],
            Metadata = ImmutableDictionary<string, string>.Empty.Add("format", "ktab-smp-csv"),
            SourceFile = file,
        };
    }

    private static double? Number(string text, int line, int column, string field, double lo, double hi, List<Diagnostic> diagnostics, string file)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !double.IsFinite(x))
        {
            diagnostics.Add(new Diagnostic(file, line, column, field, $"expected a number, found '{text}'"));
            return null;
        }
        if (x < lo || x > hi)
        {
            diagnostics.Add(new Diagnostic(file, line, column, field, $"{text} lies outside [{lo.ToString(CultureInfo.InvariantCulture)}, {hi.ToString(CultureInfo.InvariantCulture)}]"));
            return null;
        }
        return x;
    }

    /// <summary>A lower-case id from free text: letters, digits, '-' and '_' kept, runs of anything else become '_'.</summary>
    internal static string Slug(string text, string fallback)
    {
        var sb = new StringBuilder();
        foreach (var ch in text.Trim().ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_') sb.Append(ch);
            else if (sb.Length > 0 && sb[^1] != '_') sb.Append('_');
        }
        var s = sb.ToString().Trim('_');
        return s.Length == 0 ? fallback : s;
    }
}
