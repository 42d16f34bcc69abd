using Brink.Scenarios;

namespace Brink.Application.Report;

/// <summary>What a report is written as.</summary>
public enum ReportFormat { Html, Pdf }

/// <summary>
/// <c>brink report</c> / <c>POST /api/report</c>: a run (the same options as <see cref="RunRequest"/>) written as one
/// self-contained HTML document (tables, inline SVG charts, the inputs with their sources and quotes, the warnings,
/// the Brink version, the date and the equivalent command), or that document printed to PDF by headless Chromium.
/// </summary>
public sealed record ReportRequest
{
    public required RunRequest Run { get; init; }
    public ReportFormat Format { get; init; } = ReportFormat.Html;
    /// <summary>The version printed in the report (the caller's: CLI or server).</summary>
    public string BrinkVersion { get; init; } = "0.0.0";
    /// <summary>When the report was made (printed in it); null = now.</summary>
    public DateTimeOffset? At { get; init; }

    public IReadOnlyList<Diagnostic> Validate() => Run.Validate();
}

public sealed record ReportOutcome : Outcome
{
    /// <summary>The HTML document (also when the format is PDF: it is what was printed).</summary>
    public string? Html { get; init; }
    /// <summary>The PDF bytes (format PDF only).</summary>
    public byte[]? Pdf { get; init; }
    /// <summary>The run the report shows.</summary>
    public RunOutcome? Run { get; init; }
}

public static class ReportService
{
    /// <summary>Runs the request and writes the report; bad input comes back as diagnostics, a missing Chromium as <see cref="PdfUnavailableException"/>.</summary>
    public static ReportOutcome Make(ReportRequest request, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var run = RunService.Run(request.Run, cancellation);
        if (!run.Ok || run.Result is null || run.Document is null)
            return new ReportOutcome { Diagnostics = run.Diagnostics, Notices = run.Notices, Run = run };
        var html = RunReportHtml.Write(run, request.Run, request.BrinkVersion, request.At ?? DateTimeOffset.UtcNow);
        var pdf = request.Format == ReportFormat.Pdf ? ChromiumPdf.Print(html, cancellation: cancellation) : null;
        return new ReportOutcome { Diagnostics = run.Diagnostics, Notices = run.Notices, Run = run, Html = html, Pdf = pdf };
    }

    /// <summary>The <c>brink report</c> command line that makes the same report (options left at their defaults are left out).</summary>
    public static string Command(RunRequest run, string? output = null)
    {
        var parts = new List<string> { "brink", "report", Quote(run.Scenario.FileName) };
        if (run.Model is { } m) parts.AddRange(["--model", Quote(m)]);
        if (run.Variant is { } v) parts.AddRange(["--variant", Quote(v)]);
        if (run.Rounds != new Brink.Models.ModelOptions().Rounds) parts.AddRange(["--rounds", run.Rounds.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (run.Issue is { } i) parts.AddRange(["--issue", Quote(i)]);
        if (run.BreakRanks.Count > 0) parts.AddRange(["--break-ranks", Quote(string.Join(",", run.BreakRanks))]);
        parts.AddRange(["-o", Quote(output ?? Path.ChangeExtension(Path.GetFileName(run.Scenario.FileName), ".html"))]);
        return string.Join(' ', parts);
    }

    private static string Quote(string text) =>
        text.Length > 0 && text.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ',' or '+' or ':') ? text : "'" + text.Replace("'", "'\\''") + "'";
}
