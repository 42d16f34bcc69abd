using System.Text.RegularExpressions;
using Brink.Backtest;
using Brink.Ledger.Import;
using Brink.Scenarios;

namespace Brink.Application;

/// <summary>Counts that describe a valid scenario; <see cref="UnusedFields"/>: fields read but read by no model.</summary>
public sealed record ScenarioSummary(string Title, int Actors, int Issues, int Sources, int EvidenceLinks, int UncertainInputs, int Beliefs, int Relations,
    int UnusedFields = 0)
{
    public static ScenarioSummary Of(Scenario s) =>
        new(s.Title, s.Actors.Length, s.Issues.Length, s.Sources.Length, s.Evidence.Length, s.Uncertain.Length, s.Beliefs.Length, s.Relations.Length,
            s.UnusedFields.Length);
}

/// <summary>
/// <c>brink validate</c> / <c>POST /api/validate</c>: one or more scenarios, every problem at once.
/// <see cref="Issue"/> picks one issue of a DEU data file, as <c>brink run --issue</c> reads it.
/// </summary>
public sealed record ValidateRequest(IReadOnlyList<ScenarioSource> Scenarios)
{
    public string? Issue { get; init; }

    public IReadOnlyList<Diagnostic> Validate() =>
        Scenarios.Count == 0 ? [Outcome.RequestError("file", "give at least one scenario")] : [];
}

/// <summary>The document of <c>POST /api/validate</c> (and the workbench's editor): <c>{valid, diagnostics[], summary}</c>.</summary>
public sealed record ValidationDocument(bool Valid, IReadOnlyList<DiagnosticDoc> Diagnostics, ScenarioSummary? Summary);

/// <summary>The document of <c>brink validate --format json</c>; <c>deu_issues</c> is set for a whole DEU data file.</summary>
public sealed record ValidateFilesDocument(bool Valid, IReadOnlyList<ValidateFilesDocument.FileDoc> Files)
{
    public sealed record FileDoc(string File, bool Valid, int Errors, int Warnings, ScenarioSummary? Summary, IReadOnlyList<DiagnosticLine> Diagnostics)
    {
        public int? DeuIssues { get; init; }
        /// <summary>Set for a ledger document (<c>ledger:</c> at the top): what it holds.</summary>
        public LedgerFileSummary? Ledger { get; init; }
    }

    public sealed record DiagnosticLine(string File, int Line, int Column, string Field, string Message, Severity Severity);
}

/// <summary>
/// One checked input. <see cref="Result"/> holds the scenario (and its diagnostics, including the
/// notices about unused fields); for a whole DEU data file there is no one scenario, and
/// <see cref="DeuIssues"/> counts the issues read.
/// </summary>
public sealed record ValidateReport(ScenarioSource Source, LoadResult<Scenario> Result)
{
    public int? DeuIssues { get; init; }
    /// <summary>Set when the file is a ledger document (as <c>ledger/example.yaml</c>), checked as the ledger import reads it.</summary>
    public LedgerFileSummary? Ledger { get; init; }
    public bool Ok => DeuIssues is not null || Ledger is not null ? !Result.Errors.Any() : Result.Ok;
}

/// <summary>What a ledger document holds, as its import would read it.</summary>
public sealed record LedgerFileSummary(int Forecasters, int Questions, int Forecasts, int Resolutions);

public sealed record ValidateOutcome : Outcome
{
    public required IReadOnlyList<ValidateReport> Reports { get; init; }

    public bool Valid => Reports.All(r => r.Ok);

    public ValidateFilesDocument FilesDocument() => new(Valid,
    [
        .. Reports.Select(r => new ValidateFilesDocument.FileDoc(r.Source.FileName, r.Ok, r.Result.Errors.Count(),
            r.Result.Diagnostics.Count(d => d.Severity == Severity.Warning), r.Result.Ok ? ScenarioSummary.Of(r.Result.Value!) : null,
            [.. r.Result.Diagnostics.Select(d => new ValidateFilesDocument.DiagnosticLine(d.File, d.Line, d.Column, d.FieldPath, d.Message, d.Severity))])
        { DeuIssues = r.DeuIssues, Ledger = r.Ledger }),
    ]);

    /// <summary>The first (or only) scenario as the API's <c>{valid, diagnostics[]}</c>.</summary>
    public ValidationDocument Document()
    {
        var r = Reports[0];
        return new ValidationDocument(r.Ok, [.. r.Result.Diagnostics.Select(DiagnosticDoc.From)], r.Result.Ok ? ScenarioSummary.Of(r.Result.Value!) : null);
    }
}

/// <summary>
/// Checks every input <c>brink run</c> accepts: scenario files and text, classic actor tables, and
/// DEU data files (the whole file, or one issue). Besides errors it reports, as notices, fields that
/// no model reads (<see cref="Scenario.UnusedFields"/>) and a YAML/JSON scenario that does not say
/// what its capability numbers mean (<c>capability_scale</c>).
/// </summary>
public static partial class ValidateService
{
    public static ValidateOutcome Validate(ValidateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = request.Validate();
        if (problems.Count > 0) return new ValidateOutcome { Diagnostics = problems, Reports = [] };
        var reports = request.Scenarios.Select(s => Check(s, request.Issue)).ToList();
        return new ValidateOutcome { Reports = reports, Diagnostics = [.. reports.SelectMany(r => r.Result.Diagnostics)] };
    }

    private static ValidateReport Check(ScenarioSource source, string? issueId)
    {
        if (source.Path is { } path && File.Exists(path) && DeuImporter.LooksLikeDeu(path))
        {
            if (issueId is not null) return new ValidateReport(source, WithNotices(DeuImporter.LoadScenario(path, issueId), source, deu: true));
            var data = DeuImporter.Load(path);
            return new ValidateReport(source, new LoadResult<Scenario>(null, data.Diagnostics)) { DeuIssues = data.Value?.Issues.Length ?? 0 };
        }
        if (source.Path is { } ledgerPath && File.Exists(ledgerPath) && LooksLikeLedger(ledgerPath))
        {
            if (issueId is not null)
                return new ValidateReport(source, new LoadResult<Scenario>(null,
                    [new Diagnostic(source.FileName, 0, 0, "", "--issue applies to DEU data files (one issue per row); this file is a ledger document")]));
            return CheckLedger(source, ledgerPath);
        }
        if (issueId is not null)
            return new ValidateReport(source, new LoadResult<Scenario>(null,
                [new Diagnostic(source.FileName, 0, 0, "", "--issue applies to DEU data files (one issue per row); this file is a scenario")]));
        var result = source.Path is not null ? ScenarioLoader.Load(source.Path) : ScenarioLoader.Parse(source.Text ?? "", source.FileName, source.Format);
        return new ValidateReport(source, WithNotices(result, source, deu: false));
    }

    /// <summary>A YAML/JSON file with <c>ledger:</c> (the ledger format version) at the top level is a ledger document, not a scenario.</summary>
    private static bool LooksLikeLedger(string path)
    {
        if (Path.GetExtension(path).ToUpperInvariant() is not (".YAML" or ".YML" or ".JSON")) return false;
        using var reader = new StreamReader(path);
        var head = new char[64 * 1024];
        var text = new string(head, 0, reader.ReadBlock(head));
        return LedgerKey().IsMatch(text);
    }

    // Source-generated, so that checking a file does not build a regex interpreter at start-up.
    [GeneratedRegex(@"^(ledger\s*:|\s*""ledger""\s*:)", RegexOptions.Multiline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex LedgerKey();

    /// <summary>Reads a ledger document as <c>brink ledger import</c> does (every question, forecast and resolution checked), importing nothing.</summary>
    private static ValidateReport CheckLedger(ScenarioSource source, string path)
    {
        try
        {
            var batch = LedgerDocument.Read(path);
            var diagnostics = batch.Problems.Select(d => d with { File = source.FileName }).ToList();
            return new ValidateReport(source, new LoadResult<Scenario>(null, diagnostics))
            {
                Ledger = new LedgerFileSummary(batch.Forecasters.Count, batch.Questions.Count, batch.Forecasts.Count, batch.Resolutions.Count),
            };
        }
        catch (ImportFormatException e)
        {
            return new ValidateReport(source, new LoadResult<Scenario>(null, [new Diagnostic(source.FileName, 1, 1, "ledger", e.Message)]))
            {
                Ledger = new LedgerFileSummary(0, 0, 0, 0),
            };
        }
    }

    private static LoadResult<Scenario> WithNotices(LoadResult<Scenario> result, ScenarioSource source, bool deu)
    {
        if (!result.Ok) return result;
        var s = result.Value!;
        var diagnostics = result.Diagnostics.Concat(s.UnusedFields).ToList();
        var format = source.Path is null ? source.Format
            : ScenarioLoader.Extensions.TryGetValue(Path.GetExtension(source.Path), out var f) ? f : ScenarioFormat.Csv;
        if (!deu && s.CapabilityScale is null && format is ScenarioFormat.Yaml or ScenarioFormat.Json)
            diagnostics.Add(new Diagnostic(source.FileName, 1, 1, "capability_scale",
                "the scenario does not say what its capability numbers mean; add capability_scale: \"…\" (e.g. \"relative influence over the talks, United States = 100\")", Severity.Notice));
        return result with { Diagnostics = [.. diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column)] };
    }
}
