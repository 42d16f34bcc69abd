using System.Collections.Immutable;
using Brink.Backtest;
using Brink.Models;
using Brink.Scenarios;

namespace Brink.Application;

/// <summary>
/// <c>brink backtest deu FILE</c> / the back-test job: every model on every DEU issue with an outcome, scored against the
/// outcomes (design §7), learned models cross-validated on <see cref="Data"/> or fitted on <see cref="Fit"/> only.
/// </summary>
public sealed record DeuBacktestRequest
{
    /// <summary>The DEU file (tab-separated, columns found by header name): a path (CLI) or its text (HTTP).</summary>
    public required ScenarioSource Data { get; init; }
    /// <summary>Fit learned models on this DEU file only and evaluate them on <see cref="Data"/>; null = grouped cross-validation on <see cref="Data"/>.</summary>
    public ScenarioSource? Fit { get; init; }
    /// <summary>Model names (comma-separated lists allowed); empty = <see cref="BacktestModels.All"/>. The baseline (compromise) is always added.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];
    /// <summary>votes, gdp or equal.</summary>
    public string Capabilities { get; init; } = "votes";
    /// <summary>A protocol JSON file (folds, seeds, bootstrap); null = <see cref="Protocol"/>, else the built-in protocol.</summary>
    public string? ProtocolPath { get; init; }
    /// <summary>A protocol's JSON text (HTTP: the <c>protocol</c> part), named <see cref="ProtocolName"/> in messages.</summary>
    public string? ProtocolText { get; init; }
    public string ProtocolName { get; init; } = "protocol.json";
    public BacktestProtocol? Protocol { get; init; }

    public static readonly ImmutableArray<string> CapabilitySchemes = ["votes", "gdp", "equal"];

    public IReadOnlyList<Diagnostic> Validate()
    {
        var problems = new List<Diagnostic>();
        if (!CapabilitySchemes.Contains(Capabilities))
            problems.Add(Outcome.RequestError("capabilities", $"--capabilities must be one of {string.Join(", ", CapabilitySchemes)}, got '{Capabilities}'"));
        var (_, unknown) = BacktestModels.Resolve(Models);
        if (unknown.Length > 0)
            problems.Add(Outcome.RequestError("models", $"unknown model(s) {string.Join(", ", unknown)}; known: {string.Join(", ", BacktestModels.Names)}."));
        if (new object?[] { Protocol, ProtocolPath, ProtocolText }.Count(p => p is not null) > 1)
            problems.Add(Outcome.RequestError("protocol", "give the protocol as a file or as a value, not both"));
        return problems;
    }

    /// <summary>The models that run, in report order, the baseline first when it was not named.</summary>
    public ImmutableArray<IBacktestModel> ResolvedModels()
    {
        var models = Models.Count == 0 ? BacktestModels.All : BacktestModels.Resolve(Models).Models;
        return models.Contains(BaselineForecasts.CompromiseModel) ? models : models.Insert(0, BaselineForecasts.CompromiseModel);
    }
}

/// <summary>The document of <c>brink backtest deu --format json</c>.</summary>
public sealed record BacktestDocument(string File, string Capabilities, string? Fit, BacktestProtocol Protocol, string Baseline, int Issues, int Proposals,
    IReadOnlyList<BacktestDocument.ModelDoc> Models, IReadOnlyList<FittedModel> Fitted, IReadOnlyList<WarningDoc> Warnings)
{
    public sealed record ModelDoc(string Model, string Description, string Evaluation, int N, double Mae, IReadOnlyList<double> MaeCi, double MedianAe,
        double Rmse, double Within10, double Within20, ComparisonDoc? VsBaseline, IReadOnlyList<GroupDoc> Groups);

    public sealed record GroupDoc(string Group, int Proposals, int N, double Mae, IReadOnlyList<double> MaeCi, double MedianAe, double Rmse,
        double Within10, double Within20, ComparisonDoc? VsBaseline);

    /// <summary>The model against the baseline on the issues both forecast: MAE difference and relative improvement with intervals.</summary>
    public sealed record ComparisonDoc(string Baseline, int N, double MaeDifference, IReadOnlyList<double> DifferenceCi, double Improvement,
        IReadOnlyList<double> ImprovementCi);

    /// <param name="file">The DEU file's name as given (the document's <c>file</c>).</param>
    public static BacktestDocument From(BacktestReport report, string file) => new(file, report.Capabilities, report.FitSource, report.Protocol,
        report.Baseline, report.Cases.Length, report.Cases.Select(c => c.Proposal).Distinct().Count(),
        [
            .. report.Models.Select(m => new ModelDoc(m.Model, m.Description, m.Evaluation, m.Overall.Stats.N, m.Overall.Stats.Mae,
                [m.Overall.MaeInterval.Low, m.Overall.MaeInterval.High], m.Overall.Stats.MedianAbsoluteError, m.Overall.Stats.Rmse,
                m.Overall.Stats.Within10, m.Overall.Stats.Within20, Compare(m.Overall.VsBaseline),
                [
                    .. m.Groups.Skip(1).Select(g => new GroupDoc(g.Group, g.Proposals, g.Stats.N, g.Stats.Mae, [g.MaeInterval.Low, g.MaeInterval.High],
                        g.Stats.MedianAbsoluteError, g.Stats.Rmse, g.Stats.Within10, g.Stats.Within20, Compare(g.VsBaseline))),
                ])),
        ],
        [.. report.Fitted.Select(f => f.Export(report.Capabilities, report.FitSource ?? file, report.FitIssues))],
        WarningDoc.From(report.Warnings));

    private static ComparisonDoc? Compare(Comparison? c) => c is null ? null
        : new(c.Baseline, c.N, c.MaeDifference, [c.DifferenceInterval.Low, c.DifferenceInterval.High], c.Improvement,
            [c.ImprovementInterval.Low, c.ImprovementInterval.High]);
}

public sealed record BacktestOutcome : Outcome
{
    public BacktestReport? Report { get; init; }
    public BacktestDocument? Document { get; init; }
}

/// <summary>
/// A back-test request checked and loaded, ready to run in pieces (the cluster's sweeps): every check of
/// <see cref="BacktestService.Run"/> is made by <see cref="BacktestService.Prepare"/> before any model runs.
/// </summary>
public sealed class BacktestPlan
{
    private readonly ResultWarning? _overlap;

    internal BacktestPlan(DeuBacktestRequest request, BacktestRequest core, ResultWarning? overlap, IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<string> notices)
    {
        Request = request;
        Core = core;
        _overlap = overlap;
        Diagnostics = diagnostics;
        Notices = notices;
    }

    /// <summary>The request as given.</summary>
    public DeuBacktestRequest Request { get; }
    /// <summary>The core back-test: cases, models, protocol.</summary>
    public BacktestRequest Core { get; }
    /// <summary>Problems found that do not stop the back-test (warnings of the DEU files).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
    /// <summary>Plain remarks for stderr (repaired dates, imputed saliences).</summary>
    public IReadOnlyList<string> Notices { get; }

    /// <summary>The pieces of the back-test (<see cref="BacktestRunner.Units"/>), <paramref name="casesPerUnit"/> cases per piece of direct forecasts and warnings.</summary>
    public ImmutableArray<BacktestUnit> Units(int casesPerUnit) => BacktestRunner.Units(Core, casesPerUnit);

    /// <summary>Computes one piece (<see cref="BacktestRunner.RunUnit"/>).</summary>
    public BacktestUnitOutput RunUnit(BacktestUnit unit) => BacktestRunner.RunUnit(Core, unit);

    /// <summary>The outcome of <see cref="BacktestService.Run"/> from every piece's output.</summary>
    /// <exception cref="ArgumentException">A piece is missing or its output does not fit.</exception>
    public BacktestOutcome Merge(IReadOnlyList<(BacktestUnit Unit, BacktestUnitOutput Output)> outputs, CancellationToken cancellation = default) =>
        Finish(BacktestRunner.Merge(Core, outputs, cancellation));

    internal BacktestOutcome Finish(BacktestReport report)
    {
        // The overlap of --fit and FILE is a warning of the result: in the document's warnings[] and the table's warning lines.
        if (_overlap is not null) report = report with { Warnings = report.Warnings.Insert(0, _overlap) };
        return new BacktestOutcome { Diagnostics = Diagnostics, Notices = Notices, Report = report, Document = BacktestDocument.From(report, Request.Data.FileName) };
    }
}

public static class BacktestService
{
    /// <summary>Code of the warning that proposals of the <c>--fit</c> file are also in FILE (their fitted figures are in-sample).</summary>
    public const string FitOverlapWarning = "backtest-fit-overlap";

    public static BacktestOutcome Run(DeuBacktestRequest request, IProgressRunner? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        progress ??= IProgressRunner.None;
        var (plan, failure) = Prepare(request);
        if (plan is null) return failure!;
        var core = plan.Core;
        var report = progress.Run($"backtest {core.Cases.Length} cases × {core.Models.Length} models", core.Models.Length,
            step => BacktestRunner.Run(core, step, cancellation));
        return plan.Finish(report);
    }

    /// <summary>
    /// Every check of <see cref="Run"/> (options, protocol, models, the DEU files) without running a model: the plan, or the
    /// outcome with the diagnostics that stop the request.
    /// </summary>
    public static (BacktestPlan? Plan, BacktestOutcome? Failure) Prepare(DeuBacktestRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = request.Validate();
        if (problems.Count > 0) return (null, new BacktestOutcome { Diagnostics = problems });
        var diagnostics = new List<Diagnostic>();
        var notices = new List<string>();
        (BacktestPlan?, BacktestOutcome?) Fail() => (null, new BacktestOutcome { Diagnostics = diagnostics, Notices = notices });

        var protocol = request.Protocol ?? BacktestProtocol.Default;
        if (request.ProtocolPath is { } protocolPath)
        {
            var p = BacktestProtocol.Load(protocolPath);
            diagnostics.AddRange(p.Diagnostics);
            if (!p.Ok) return Fail();
            protocol = p.Value!;
        }
        else if (request.ProtocolText is { } protocolText)
        {
            var p = BacktestProtocol.Parse(protocolText, request.ProtocolName);
            diagnostics.AddRange(p.Diagnostics);
            if (!p.Ok) return Fail();
            protocol = p.Value!;
        }
        var models = request.ResolvedModels();
        var scheme = Enum.Parse<DeuCapabilities>(request.Capabilities, ignoreCase: true);
        if (Cases(request.Data, scheme, diagnostics, notices) is not { } cases) return Fail();
        ImmutableArray<BacktestCase>? fitCases = null;
        ResultWarning? overlap = null;
        if (request.Fit is { } fit)
        {
            if (Cases(fit, scheme, diagnostics, notices) is not { } dev) return Fail();
            // Proposals in both files: the fitted figures are in-sample for them.
            var shared = dev.Select(c => c.Proposal).Intersect(cases.Select(c => c.Proposal)).ToList();
            if (shared.Count > 0)
                overlap = new ResultWarning(FitOverlapWarning,
                    $"{shared.Count} proposal(s) are in both {fit.FileName} and {request.Data.FileName} (e.g. {shared[0]}); fitted figures are not out-of-sample for them.");
            fitCases = dev;
        }
        var core = new BacktestRequest(cases, models, protocol, request.Capabilities, fitCases, request.Fit?.FileName);
        return (new BacktestPlan(request, core, overlap, diagnostics, notices), null);
    }

    /// <summary>The DEU file the server has beside the repository: <see cref="BundledFileName"/> in shared/reference/deu found above the current folder, or in $BRINK_REFERENCE/deu; null when neither exists.</summary>
    public static string? BundledDeuFile()
    {
        if (Environment.GetEnvironmentVariable("BRINK_REFERENCE") is { Length: > 0 } env && File.Exists(Path.Combine(env, "deu", BundledFileName)))
            return Path.Combine(env, "deu", BundledFileName);
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "reference", "deu", BundledFileName);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>The DEU III development file (Thomson et al.), the file of docs/backtest.md.</summary>
    public const string BundledFileName = "deu3_dev.tsv";

    /// <summary>
    /// Every check of <see cref="Run"/> before it scores anything: the options, the protocol and both DEU files. Empty when the request can run;
    /// else the diagnostics that stop it, located in the file at fault. A job (HTTP, the workbench) checks first, so bad input is reported at once.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Check(DeuBacktestRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = request.Validate();
        if (problems.Count > 0) return problems;
        if (request.ProtocolPath is { } protocolPath && BacktestProtocol.Load(protocolPath) is { Ok: false } badFile) return badFile.Diagnostics;
        if (request.ProtocolText is { } protocolText && BacktestProtocol.Parse(protocolText, request.ProtocolName) is { Ok: false } badText) return badText.Diagnostics;
        var scheme = Enum.Parse<DeuCapabilities>(request.Capabilities, ignoreCase: true);
        var diagnostics = new List<Diagnostic>();
        if (Cases(request.Data, scheme, diagnostics, []) is null) return diagnostics;
        if (request.Fit is { } fit && Cases(fit, scheme, diagnostics, []) is null) return diagnostics;
        return [];
    }

    /// <summary>The issues with an outcome of a DEU file; null (with the reason in <paramref name="diagnostics"/>) when there are none or it cannot be read.</summary>
    public static ImmutableArray<BacktestCase>? Cases(ScenarioSource source, DeuCapabilities scheme, List<Diagnostic> diagnostics, List<string> notices)
    {
        var name = source.FileName;
        var loaded = source.Path is { } path ? DeuImporter.Load(path) : DeuImporter.Parse(new StringReader(source.Text ?? ""), name);
        diagnostics.AddRange(loaded.Diagnostics.Where(d => d.Severity != Severity.Notice));
        var count = loaded.Diagnostics.Count(d => d.Severity == Severity.Notice);
        if (count > 0) notices.Add($"{name}: {count} notice(s) (repaired dates, imputed saliences); see docs/backtest.md.");
        if (loaded.Value is null)
        {
            // A file that could not be read always says why; make sure the outcome counts as failed.
            if (!diagnostics.Any(d => d.Severity == Severity.Error)) diagnostics.Add(new Diagnostic(name, 0, 0, "", "not a DEU data file"));
            return null;
        }
        if (scheme == DeuCapabilities.Gdp && loaded.Value.Gdp.Count == 0)
        {
            diagnostics.Add(new Diagnostic(name, 0, 0, "", "--capabilities gdp needs the GDP row (the row after the header) and this file has none."));
            return null;
        }
        var cases = DeuImporter.Cases(loaded.Value, scheme);
        if (cases.Length == 0)
        {
            diagnostics.Add(new Diagnostic(name, 0, 0, "", "no issue has an outcome (column out); nothing to back-test."));
            return null;
        }
        return cases;
    }
}
