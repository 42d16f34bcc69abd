using Brink.Models.Smp;
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

    /// <summary>With <c>--model smp</c>: KTAB's parameters, the seed and the stopping rule (the variant comes from <see cref="RunRequest.Variant"/>).</summary>
    public SmpOptions Smp { get; init; } = new();

    /// <summary>Whether the report is of the spatial model of politics (<c>--model smp</c>) rather than of the bargaining models.</summary>
    public bool IsSmp => ModelRegistry.IsSmp(Run.Model);

    /// <summary>The run's checks; with <c>--model smp</c> also the refusal of the options the SMP does not read (it stops by its own rule).</summary>
    public IReadOnlyList<Diagnostic> Validate() => IsSmp ? SmpProblems() : Run.Validate();

    /// <summary>The <see cref="SmpRunRequest"/> of a <c>--model smp</c> report.</summary>
    public SmpRunRequest SmpRequest() =>
        new() { Scenario = Run.Scenario, Issue = Run.Issue, Variant = Run.Variant, Options = Smp, MaxMemoryBytes = Run.MaxMemoryBytes };

    private List<Diagnostic> SmpProblems()
    {
        var problems = new List<Diagnostic>();
        var model = ModelRegistry.SmpModel;
        if (Run.Rounds != new Brink.Models.ModelOptions().Rounds)
            problems.Add(Outcome.RequestError("rounds", $"--rounds applies to the EUM; --model {model} stops by its own rule (KTAB's stopping rule and --max-turns)"));
        if (Run.BreakRanks.Count > 0) problems.Add(Outcome.RequestError("break-ranks", $"--break-ranks is not available with --model {model}"));
        if (Run.Threads != 1) // RunRequest's default: one thread
            problems.Add(Outcome.RequestError("threads", $"--threads applies to the EUM's rounds, not to --model {model}"));
        if (Run.TraceDyads) problems.Add(Outcome.RequestError("trace", $"the dyad trace applies to the EUM, not to --model {model}"));
        problems.AddRange(SmpRequest().Validate());
        return problems;
    }
}

public sealed record ReportOutcome : Outcome
{
    /// <summary>The HTML document (also when the format is PDF: it is what was printed).</summary>
    public string? Html { get; init; }
    /// <summary>The PDF bytes (format PDF only).</summary>
    public byte[]? Pdf { get; init; }
    /// <summary>The run the report shows (the bargaining models; null for a <c>--model smp</c> report).</summary>
    public RunOutcome? Run { get; init; }
    /// <summary>The spatial model of politics' run the report shows (<c>--model smp</c> only).</summary>
    public SmpRunOutcome? Smp { get; init; }

    /// <summary>How many model warnings the report lists.</summary>
    public int WarningCount =>
        (Run?.Document?.Issues.Sum(i => i.Models.Sum(m => m.Warnings.Count)) ?? 0) + (Smp?.Document?.Issues.Sum(i => i.Models.Sum(m => m.Warnings.Count)) ?? 0);
}

public static class ReportService
{
    /// <summary>Runs the request and writes the report; bad input comes back as diagnostics, a missing Chromium as <see cref="PdfUnavailableException"/>.</summary>
    public static ReportOutcome Make(ReportRequest request, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.IsSmp) return MakeSmp(request, cancellation);
        var run = RunService.Run(request.Run, cancellation);
        if (!run.Ok || run.Result is null || run.Document is null)
            return new ReportOutcome { Diagnostics = run.Diagnostics, Notices = run.Notices, Run = run };
        var html = RunReportHtml.Write(run, request.Run, request.BrinkVersion, request.At ?? DateTimeOffset.UtcNow);
        var pdf = request.Format == ReportFormat.Pdf ? ChromiumPdf.Print(html, cancellation: cancellation) : null;
        return new ReportOutcome { Diagnostics = run.Diagnostics, Notices = run.Notices, Run = run, Html = html, Pdf = pdf };
    }

    private static ReportOutcome MakeSmp(ReportRequest request, CancellationToken cancellation)
    {
        if (request.Validate() is { Count: > 0 } problems) return new ReportOutcome { Diagnostics = problems };
        var smp = SmpRunService.Run(request.SmpRequest(), cancellation);
        if (!smp.Ok || smp.Document is null || smp.Scenario is null)
            return new ReportOutcome { Diagnostics = smp.Diagnostics, Notices = smp.Notices, Smp = smp };
        var html = RunReportHtml.WriteSmp(smp, request, request.BrinkVersion, request.At ?? DateTimeOffset.UtcNow);
        var pdf = request.Format == ReportFormat.Pdf ? ChromiumPdf.Print(html, cancellation: cancellation) : null;
        return new ReportOutcome { Diagnostics = smp.Diagnostics, Notices = smp.Notices, Smp = smp, Html = html, Pdf = pdf };
    }

    /// <summary>The <c>brink report</c> command line that makes the same report (options left at their defaults are left out).</summary>
    public static string Command(RunRequest run, string? output = null) => Command(run, null, output);

    /// <summary>
    /// The <c>brink report</c> command line of a run and, with <c>--model smp</c>, of the SMP options <paramref name="smp"/> that differ from
    /// KTAB's defaults (each KTAB parameter as the option it is named after: BigRRange → <c>--big-r-range</c>).
    /// </summary>
    public static string Command(RunRequest run, SmpOptions? smp, string? output = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var parts = new List<string> { "brink", "report", Quote(run.Scenario.FileName) };
        if (run.Model is { } m) parts.AddRange(["--model", Quote(m)]);
        if (run.Variant is { } v) parts.AddRange(["--variant", Quote(v)]);
        if (run.Rounds != new Brink.Models.ModelOptions().Rounds) parts.AddRange(["--rounds", run.Rounds.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (run.Issue is { } i) parts.AddRange(["--issue", Quote(i)]);
        if (run.BreakRanks.Count > 0) parts.AddRange(["--break-ranks", Quote(string.Join(",", run.BreakRanks))]);
        if (smp is not null && ModelRegistry.IsSmp(run.Model))
        {
            var defaults = new SmpOptions();
            var defaultValues = defaults.KtabParameters().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
            foreach (var (_, option, value) in smp.KtabParameters().Where(p => defaultValues[p.Name] != p.Value))
                parts.AddRange(["--" + option, Quote(value)]);
            if (smp.Seed != defaults.Seed) parts.AddRange(["--seed", smp.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            if (smp.MaxTurns != defaults.MaxTurns) parts.AddRange(["--max-turns", smp.MaxTurns.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }
        parts.AddRange(["-o", Quote(output ?? Path.ChangeExtension(Path.GetFileName(run.Scenario.FileName), ".html"))]);
        return string.Join(' ', parts);
    }

    private static string Quote(string text) =>
        text.Length > 0 && text.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ',' or '+' or ':') ? text : "'" + text.Replace("'", "'\\''") + "'";
}
