using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Brink.Files;
using Brink.Models;
using Brink.Scenarios;

namespace Brink.Backtest;

/// <summary>
/// Reads files in the DEU layout (Thomson et al. 2012; Arregui &amp; Perarnaud 2021, DEU III):
/// tab-separated, a header row, an optional GDP row, then one row per controversial issue. Columns are
/// found by header name, never by position: <c>prnr</c>, <c>isnr</c>, <c>proc</c>, <c>counvte</c>,
/// <c>intro</c>, <c>rp</c>, <c>out</c>, and <c>p</c>/<c>s</c> + actor code for positions and saliences
/// (see <see cref="DeuActors"/>). A bad row is skipped and reported with its line number; only a file
/// that cannot be read at all is an error.
/// </summary>
public static partial class DeuImporter
{
    private static readonly string[] Required = ["prnr", "isnr", "proc", "counvte", "out"];

    /// <summary>Loads a DEU file.</summary>
    public static LoadResult<DeuDataset> Load(string path)
    {
        // The same opening path and byte limit as every scenario format.
        if (!InputFile.TryReadText(path, InputLimits.MaxInputBytes, out var text, out var error)) return new(null, [error!]);
        using var reader = new StringReader(text);
        return Parse(reader, path);
    }

    /// <summary>Parses DEU text; <paramref name="file"/> names it in diagnostics.</summary>
    public static LoadResult<DeuDataset> Parse(TextReader reader, string file)
    {
        var diagnostics = new List<Diagnostic>();
        var headerLine = reader.ReadLine();
        if (headerLine is null) return new(null, [new Diagnostic(file, 1, 1, "", "empty file: expected a DEU header row")]);
        var header = SplitRow(headerLine);
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var k = 0; k < header.Length; k++)
            if (header[k].Length > 0 && !index.ContainsKey(header[k])) index[header[k]] = k;
        var missing = Required.Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            return new(null, [new Diagnostic(file, 1, 1, "header", $"missing column(s) {string.Join(", ", missing)}; a DEU file needs {string.Join(", ", Required)} and p<actor>/s<actor> columns")]);
        var actors = DeuActors.All.Where(a => index.ContainsKey("p" + a.Code)).Select(a => a.Code).ToList();
        if (actors.Count == 0)
            return new(null, [new Diagnostic(file, 1, 1, "header", "no position columns (pcom, pep, pat, …) found")]);
        foreach (var code in actors.Where(c => !index.ContainsKey("s" + c)))
            diagnostics.Add(new Diagnostic(file, 1, 1, "header", $"column p{code} has no salience column s{code}; its saliences are taken as missing", Severity.Warning));

        var gdp = ImmutableDictionary.CreateBuilder<string, double>();
        var issues = ImmutableArray.CreateBuilder<DeuIssue>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var lineNo = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var row = new Row(SplitRow(line), index, file, lineNo);
            if (row.Fields.Length > header.Length)
            {
                diagnostics.Add(new Diagnostic(file, lineNo, header.Length + 1, "", $"row has {row.Fields.Length} fields, the header {header.Length}; row skipped", Severity.Warning));
                continue;
            }
            var prnr = row.Text("prnr");
            var isnr = row.Text("isnr");
            if (prnr.Length == 0 && isnr.Length == 0)
            {
                if (issues.Count == 0 && gdp.Count == 0) { ReadGdp(row, actors, gdp, diagnostics); continue; }
                diagnostics.Add(new Diagnostic(file, lineNo, row.Column("isnr"), "isnr", "row without proposal and issue id; row skipped", Severity.Warning));
                continue;
            }
            var issue = ReadIssue(row, actors, diagnostics);
            if (issue is null) continue;
            if (!seen.Add(issue.IssueId))
            {
                diagnostics.Add(new Diagnostic(file, lineNo, row.Column("isnr"), "isnr", $"duplicate issue id '{issue.IssueId}'; row skipped", Severity.Warning));
                continue;
            }
            issues.Add(issue);
        }
        if (issues.Count == 0)
        {
            diagnostics.Add(new Diagnostic(file, 0, 0, "", "no usable issue rows"));
            return new(null, diagnostics);
        }
        return new(new DeuDataset(file, issues.ToImmutable(), gdp.ToImmutable()), diagnostics);
    }

    private static void ReadGdp(Row row, List<string> actors, ImmutableDictionary<string, double>.Builder gdp, List<Diagnostic> diagnostics)
    {
        foreach (var code in actors)
        {
            var text = row.Text("p" + code);
            if (text.Length == 0) continue;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= 0) gdp[code] = v;
            else diagnostics.Add(new Diagnostic(row.File, row.Line, row.Column("p" + code), "gdp." + code, $"GDP value '{text}' is not a non-negative number; ignored", Severity.Warning));
        }
    }

    private static DeuIssue? ReadIssue(Row row, List<string> actors, List<Diagnostic> diagnostics)
    {
        var problems = new List<Diagnostic>();
        var prnr = row.Text("prnr");
        var isnr = row.Text("isnr");
        if (prnr.Length == 0) problems.Add(row.Problem("prnr", "missing proposal id"));
        if (isnr.Length == 0) problems.Add(row.Problem("isnr", "missing issue id"));

        var proc = row.Text("proc").ToUpperInvariant();
        if (proc is not ("COD" or "CNS"))
            diagnostics.Add(row.Problem("proc", $"procedure '{row.Text("proc")}' is neither COD nor CNS; kept as coded", Severity.Notice));
        var vote = row.Text("counvte");
        var rule = vote.ToUpperInvariant() switch
        {
            "QMV" => "QMV",
            "UNAN" or "UNANIMITY" or "UNANIMOUS" => "unanimity",
            _ => vote,
        };
        if (rule is not ("QMV" or "unanimity"))
            diagnostics.Add(row.Problem("counvte", $"voting rule '{vote}' is neither QMV nor unanimity; kept as coded", Severity.Notice));

        var rp = row.Score("rp", problems);
        var outcome = row.Score("out", problems);
        DateOnly? introduced = null;
        if (row.Has("intro") && row.Text("intro").Length > 0)
        {
            introduced = DeuDates.Parse(row.Text("intro"), prnr, out var note);
            if (introduced is null) diagnostics.Add(row.Problem("intro", $"date '{row.Text("intro")}' is unreadable; the vote regime follows the member states coded", Severity.Warning));
            else if (note is not null) diagnostics.Add(row.Problem("intro", note, Severity.Notice));
        }

        var raw = new List<(string Code, double Position, double? Salience)>();
        foreach (var code in actors)
        {
            var position = row.Score("p" + code, problems);
            var salience = row.Has("s" + code) ? row.Score("s" + code, problems) : null;
            if (position is not null) raw.Add((code, position.Value, salience));
        }
        if (problems.Count == 0 && raw.Count < 2)
            problems.Add(row.Problem("p*", $"only {raw.Count} actor(s) have a position; an issue needs two"));
        if (problems.Count > 0)
        {
            foreach (var p in problems) diagnostics.Add(p with { Message = p.Message + "; row skipped", Severity = Severity.Warning });
            return null;
        }

        // A position without a salience: impute the mean salience of the actors coded on the issue (documented choice).
        var coded = raw.Where(r => r.Salience is not null).Select(r => r.Salience!.Value).ToList();
        var fill = coded.Count > 0 ? coded.Average() : 50;
        foreach (var r in raw.Where(r => r.Salience is null))
            diagnostics.Add(row.Problem("s" + r.Code, $"position without salience; salience set to the issue's mean {fill:0.#}", Severity.Notice));
        return new DeuIssue
        {
            Proposal = prnr,
            IssueId = isnr,
            ProposalName = NullIfEmpty(row.Text("prname")),
            LegalType = NullIfEmpty(row.Text("type")),
            CouncilFormation = NullIfEmpty(row.Text("council")),
            Procedure = proc,
            VotingRule = rule,
            Introduced = introduced,
            ReferencePoint = rp,
            Outcome = outcome,
            Stances = [.. raw.Select(r => new DeuStance(r.Code, r.Position, (r.Salience ?? fill) / 100.0))],
            Line = row.Line,
        };
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    /// <summary>Splits a tab-separated row and strips the quotes around each field.</summary>
    internal static string[] SplitRow(string line)
    {
        var fields = line.Split('\t');
        for (var k = 0; k < fields.Length; k++)
        {
            var f = fields[k].Trim();
            if (f.Length >= 2 && f[0] == '"' && f[^1] == '"') f = f[1..^1].Replace("\"\"", "\"").Trim();
            fields[k] = f;
        }
        return fields;
    }

    private sealed class Row(string[] fields, Dictionary<string, int> index, string file, int line)
    {
        public string[] Fields { get; } = fields;
        public string File { get; } = file;
        public int Line { get; } = line;

        public bool Has(string column) => index.ContainsKey(column);
        public int Column(string column) => index.TryGetValue(column, out var k) ? k + 1 : 0;
        public string Text(string column) => index.TryGetValue(column, out var k) && k < Fields.Length ? Fields[k] : "";

        public Diagnostic Problem(string column, string message, Severity severity = Severity.Warning) =>
            new(File, Line, Column(column), column, message, severity);

        /// <summary>A value on the 0–100 scale, null if blank; a problem if not a number in range.</summary>
        public double? Score(string column, List<Diagnostic> problems)
        {
            var text = Text(column);
            if (text.Length == 0 || text == "NA") return null;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            {
                problems.Add(Problem(column, $"'{text}' is not a number"));
                return null;
            }
            if (v is < 0 or > 100)
            {
                problems.Add(Problem(column, $"{text} is outside the 0–100 scale"));
                return null;
            }
            return v;
        }
    }

    // ---- building scenarios and back-test cases ----

    /// <summary>Capabilities of the actors coded on an issue under a scheme, and a note on the choice made.</summary>
    public static (ImmutableDictionary<string, double> Capability, string Basis) Capabilities(DeuDataset data, DeuIssue issue, DeuCapabilities scheme)
    {
        var caps = ImmutableDictionary.CreateBuilder<string, double>();
        switch (scheme)
        {
            case DeuCapabilities.Equal:
                foreach (var s in issue.Stances) caps[s.Actor] = 1;
                return (caps.ToImmutable(), "equal");
            case DeuCapabilities.Gdp:
                foreach (var s in issue.Stances) caps[s.Actor] = data.Gdp.TryGetValue(s.Actor, out var g) ? g : 0;
                return (caps.ToImmutable(), "gdp (file row 2)");
            default:
                var (regime, date) = VoteRegime(issue);
                var largest = CouncilVotes.LargestWeight(regime, date);
                foreach (var s in issue.Stances)
                    caps[s.Actor] = DeuActors.IsInstitution(s.Actor) ? largest : CouncilVotes.Weight(s.Actor, regime, date);
                return (caps.ToImmutable(), regime.Id);
        }
    }

    /// <summary>
    /// The Council regime whose votes weigh an issue: the one in force at the introduction date, or,
    /// when a member state is coded that joined later (the proposal was decided after an enlargement),
    /// the one in force when the last of the coded states joined.
    /// </summary>
    public static (CouncilRegime Regime, DateOnly Date) VoteRegime(DeuIssue issue)
    {
        var date = issue.Introduced ?? DateOnly.MinValue;
        foreach (var s in issue.Stances)
            if (CouncilVotes.Accession.TryGetValue(s.Actor, out var joined) && joined > date) date = joined;
        return (CouncilVotes.RegimeAt(date), date);
    }

    /// <summary>The back-test case for an issue (null when it has no outcome).</summary>
    public static BacktestCase? ToCase(DeuDataset data, DeuIssue issue, DeuCapabilities scheme)
    {
        if (issue.Outcome is null) return null;
        var (caps, _) = Capabilities(data, issue, scheme);
        return new BacktestCase(issue.Proposal, issue.IssueId, Spatial(issue, caps), issue.Procedure, issue.VotingRule, issue.Outcome.Value, issue.Line);
    }

    /// <summary>Every issue with an outcome as a back-test case.</summary>
    public static ImmutableArray<BacktestCase> Cases(DeuDataset data, DeuCapabilities scheme) =>
        [.. data.Issues.Select(i => ToCase(data, i, scheme)).OfType<BacktestCase>()];

    private static SpatialIssue Spatial(DeuIssue issue, ImmutableDictionary<string, double> caps) => new()
    {
        IssueId = issue.IssueId,
        Actors = [.. issue.Stances.Select(s => s.Actor)],
        Capability = [.. issue.Stances.Select(s => caps[s.Actor])],
        Position = [.. issue.Stances.Select(s => s.Position)],
        Salience = [.. issue.Stances.Select(s => s.Salience)],
        ScaleMin = 0,
        ScaleMax = 100,
        StatusQuo = issue.ReferencePoint,
        DecisionRule = issue.VotingRule,
    };

    /// <summary>
    /// A one-issue scenario: the Commission, the Parliament and the member states coded on the issue, with
    /// capability by <paramref name="scheme"/>, the reference point as status quo, and procedure, voting
    /// rule, introduction date, proposal, capability basis and (if coded) outcome as metadata.
    /// </summary>
    public static Scenario ToScenario(DeuDataset data, DeuIssue issue, DeuCapabilities scheme)
    {
        var (caps, basis) = Capabilities(data, issue, scheme);
        var metadata = ImmutableDictionary.CreateBuilder<string, string>();
        metadata["dataset"] = "deu";
        metadata["proposal"] = issue.Proposal;
        metadata["procedure"] = issue.Procedure;
        metadata["voting_rule"] = issue.VotingRule;
        metadata["capabilities"] = scheme.ToString().ToLowerInvariant();
        metadata["capability_basis"] = basis;
        if (issue.Introduced is { } d) metadata["introduced"] = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (issue.Outcome is { } o) metadata["outcome"] = o.ToString(CultureInfo.InvariantCulture);
        if (issue.LegalType is { } t) metadata["legal_type"] = t;
        if (issue.CouncilFormation is { } c) metadata["council"] = c;
        return new Scenario
        {
            Title = issue.ProposalName is null ? $"DEU issue {issue.IssueId}" : $"DEU issue {issue.IssueId} ({issue.ProposalName})",
            Question = $"Where will issue {issue.IssueId} of proposal {issue.Proposal} settle on the 0–100 scale?",
            AsOf = issue.Introduced,
            Issues = [new Issue { Id = issue.IssueId, Min = 0, Max = 100, StatusQuo = issue.ReferencePoint, DecisionRule = issue.VotingRule == "QMV" ? "qmv" : issue.VotingRule }],
            Actors = [.. issue.Stances.Select(s => new Actor
            {
                Id = s.Actor,
                Name = DeuActors.NameOf(s.Actor),
                Capability = caps[s.Actor],
                Stances = ImmutableDictionary<string, Stance>.Empty.Add(issue.IssueId, new Stance(s.Position, s.Salience)),
            })],
            Metadata = metadata.ToImmutable(),
            SourceFile = data.File,
        };
    }

    /// <summary>
    /// Loads a DEU file and returns the one-issue scenario for <paramref name="issueId"/> (for
    /// <c>brink run FILE.tsv --issue ID</c>). Row warnings come back as diagnostics.
    /// </summary>
    public static LoadResult<Scenario> LoadScenario(string path, string issueId, DeuCapabilities scheme = DeuCapabilities.Votes)
    {
        var loaded = Load(path);
        if (loaded.Value is null) return new(null, loaded.Diagnostics);
        var issue = loaded.Value.FindIssue(issueId);
        if (issue is null)
            return new(null, [.. loaded.Diagnostics, new Diagnostic(path, 0, 0, "isnr", $"no issue '{issueId}' in the file (issue ids are in the isnr column, e.g. '{loaded.Value.Issues[0].IssueId}')")]);
        return new(ToScenario(loaded.Value, issue, scheme), loaded.Diagnostics);
    }

    /// <summary>True when a file's header looks like the DEU layout (has prnr, isnr and out columns).</summary>
    public static bool LooksLikeDeu(string path)
    {
        // A FIFO or device is not opened here (it could block or never end); the loader reports it.
        if (InputFile.Problem(path, InputLimits.MaxInputBytes) is not null) return false;
        try
        {
            using var reader = InputFile.OpenText(path, InputLimits.MaxInputBytes);
            var header = reader.ReadLine();
            if (header is null) return false;
            var names = SplitRow(header).ToHashSet(StringComparer.OrdinalIgnoreCase);
            return names.Contains("prnr") && names.Contains("isnr") && names.Contains("out");
        }
        catch (Exception e) when (e is IOException or InputFileException or System.Text.DecoderFallbackException) { return false; }
    }
}

/// <summary>
/// Introduction dates as they appear in DEU files: <c>dd-mm-yy</c>, <c>dd-mm-yyyy</c>, and
/// <c>yyyy-mm-dd</c> strings that are <c>dd-mm-yy</c> originals a spreadsheet misread as
/// <c>yy-mm-dd</c> (e.g. <c>2029-09-04</c> for 29 September 2004, <c>1930-06-05</c> for 30 June 2005).
/// The proposal id carries the year of the Commission document (introduction that year or the next) (<c>d05245</c> → 2005, <c>d180104</c> →
/// 2018), which decides between the literal and the repaired reading.
/// </summary>
public static partial class DeuDates
{
    [GeneratedRegex(@"^[A-Za-z]+(\d{2})\d{3,}")]
    private static partial Regex ProposalYear();

    /// <summary>The year a proposal id names, if any (two digits, 1950–2049).</summary>
    public static int? YearOfProposal(string prnr)
    {
        var m = ProposalYear().Match(prnr);
        return m.Success ? ExpandYear(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)) : null;
    }

    private static int ExpandYear(int yy) => yy < 50 ? 2000 + yy : 1900 + yy;

    /// <summary>Parses a DEU date; <paramref name="note"/> says when a reading was repaired.</summary>
    public static DateOnly? Parse(string text, string prnr, out string? note)
    {
        note = null;
        var parts = text.Split('-', '/', '.');
        if (parts.Length != 3 || !parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit))) return null;
        var a = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var b = int.Parse(parts[1], CultureInfo.InvariantCulture);
        var c = int.Parse(parts[2], CultureInfo.InvariantCulture);
        if (parts[0].Length <= 2)
            return Make(parts[2].Length <= 2 ? ExpandYear(c) : c, b, a);
        // yyyy-mm-dd: literal, or a dd-mm-yy original misread as yy-mm-dd.
        var literal = Make(a, b, c);
        var repaired = Make(ExpandYear(c % 100), b, a % 100);
        var year = YearOfProposal(prnr);
        if (repaired is not null && (literal is null || (year is not null && InYear(repaired.Value, year.Value) && !InYear(literal.Value, year.Value))))
        {
            note = $"date '{text}' read as {repaired.Value:yyyy-MM-dd} (a dd-mm-yy date misread as yy-mm-dd{(year is null ? "" : $"; proposal year {year}")})";
            return repaired;
        }
        return literal;
    }

    // A proposal is introduced in the year its COM number names or, rarely, early the next.
    private static bool InYear(DateOnly date, int year) => date.Year == year || date.Year == year + 1;

    private static DateOnly? Make(int year, int month, int day) =>
        month is >= 1 and <= 12 && day >= 1 && year is >= 1900 and <= 2100 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day) : null;
}
