using Brink.Models;
using Brink.Scenarios;
using Brink.Simulation;

namespace Brink.Application;

/// <summary>
/// Reports progress of long work. The CLI draws a terminal bar, the HTTP jobs publish counts;
/// <see cref="None"/> runs the work as it is.
/// </summary>
public interface IProgressRunner
{
    T Run<T>(string label, long total, Func<Action<int>, T> work);

    public static IProgressRunner None { get; } = new NoProgress();

    private sealed class NoProgress : IProgressRunner
    {
        public T Run<T>(string label, long total, Func<Action<int>, T> work) => work(_ => { });
    }
}

/// <summary>Monte Carlo options shared by <c>simulate</c> (bargaining models and the crisis join).</summary>
public abstract record MonteCarloRequestBase
{
    public required ScenarioSource Scenario { get; init; }
    public int Draws { get; init; } = 1000;
    public ulong Seed { get; init; } = 1;
    /// <summary>Worker threads, 0 = one per core.</summary>
    public int Threads { get; init; }
    /// <summary>Global noise for numbers without a range; null = the scenario's, else 0.</summary>
    public double? Noise { get; init; }
    public string? Issue { get; init; }
    public int Bins { get; init; } = 20;

    protected List<Diagnostic> CheckCommon()
    {
        var problems = new List<Diagnostic>();
        if (ModelLimits.DrawsProblem(Draws) is { } badDraws) problems.Add(Outcome.RequestError("draws", badDraws));
        if (Threads < 0) problems.Add(Outcome.RequestError("threads", $"--threads must be 0 (all cores) or more (got {Threads})"));
        if (Noise is { } given && (!(given >= 0) || double.IsInfinity(given))) problems.Add(Outcome.RequestError("noise", $"--noise must be a number ≥ 0 (got {given})"));
        if (Bins < 1) problems.Add(Outcome.RequestError("bins", $"--bins must be at least 1 (got {Bins})"));
        return problems;
    }

    /// <summary>An issue with more actors than a chosen model takes (the message says how many fit), or null.</summary>
    internal static Diagnostic? LimitProblem(Scenario scenario, IEnumerable<string> issues, IEnumerable<string> models)
    {
        var names = models.ToList();
        foreach (var issue in issues)
        {
            var actors = scenario.Actors.Count(a => a.Stances.ContainsKey(issue));
            foreach (var model in names)
                if (ModelLimits.ActorProblem(model, issue, actors) is { } problem)
                    return Outcome.RequestError("issue", $"{scenario.SourceFile ?? "scenario"}: {problem}");
        }
        return null;
    }

    /// <summary>The issues to analyse: the named one or every issue.</summary>
    internal static bool TryIssues(Scenario scenario, string? issueId, out List<string> issues, out Diagnostic? error)
    {
        issues = [];
        error = null;
        if (issueId is not null)
        {
            if (scenario.FindIssue(issueId) is null)
            {
                error = Outcome.RequestError("issue", $"{scenario.SourceFile ?? "scenario"}: --issue: {scenario.UnknownIssueMessage(issueId)}");
                return false;
            }
            issues.Add(issueId);
            return true;
        }
        if (scenario.Issues.IsEmpty)
        {
            error = Outcome.RequestError("issue", $"{scenario.SourceFile ?? "scenario"}: the scenario has no issues");
            return false;
        }
        issues.AddRange(scenario.Issues.Select(i => i.Id));
        return true;
    }
}

/// <summary><c>brink simulate</c> / the simulate job: Monte Carlo of the bargaining models over the scenario's uncertain inputs.</summary>
public sealed record SimulateRequest : MonteCarloRequestBase
{
    /// <summary>Model names (comma-separated lists allowed); empty = every bargaining model.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];
    public string? Variant { get; init; }
    /// <summary>Add the stability summary (salience shocks, removal of each actor).</summary>
    public bool Shocks { get; init; }
    /// <summary>Keep every draw's forecast (needed to record the distribution in the ledger; needs one issue).</summary>
    public bool KeepSamples { get; init; }

    public IReadOnlyList<Diagnostic> Validate()
    {
        var problems = CheckCommon();
        if (Names().Any(ModelRegistry.IsCrisis)) problems.Add(Outcome.RequestError("model", $"model '{ModelRegistry.CrisisModel}' is simulated by the crisis request"));
        else if (!TryModels(out _, out var error)) problems.Add(error!);
        return problems;
    }

    private static readonly Scenario EmptyScenario = new() { Title = "", Issues = [], Actors = [] };

    internal IEnumerable<string> Names() =>
        (Models.Count > 0 ? Models : ModelRunner.Models)
        .SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        .Distinct(StringComparer.OrdinalIgnoreCase);

    /// <param name="scenario">The loaded scenario (models that read its relations need it); null while only validating names.</param>
    internal bool TryModels(out List<IIssueModel> models, out Diagnostic? error, Scenario? scenario = null)
    {
        models = [];
        error = null;
        var options = new ModelOptions { FullTrace = false };
        foreach (var name in Names())
        {
            // Validation before the scenario is loaded: whether the scenario has a package is checked once it is.
            if (scenario is null && ModelRegistry.IsPackageNash(name))
            {
                if (Brink.Models.Nash.PackageNashIssueModel.VariantProblem(Variant) is not { } badVariant) continue;
                error = Outcome.RequestError("model", $"--model: {badVariant}");
                return false;
            }
            // Validation before the scenario is loaded: the influence and exchange models only need to be known models here.
            if (scenario is null && (string.Equals(name, Brink.Models.Influence.InfluenceModel.Name, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(name, Brink.Models.Exchange.ExchangeModel.Name, StringComparison.OrdinalIgnoreCase)
                    || ModelRegistry.IsSmp(name))
                && ModelRunner.TryResolve(name, Variant, options, out _, out _, EmptyScenario)) continue;
            if (!ModelRunner.TryResolve(name, Variant, options, out var model, out var message, scenario))
            {
                error = Outcome.RequestError("model", $"--model: {message}");
                return false;
            }
            models.Add(model);
        }
        return true;
    }
}

/// <summary>The document of <c>brink simulate --format json</c>.</summary>
public sealed record SimulationReport(string Scenario, string File, ulong Seed, int Draws, double Noise, bool Partial, int DrawsCompleted, IReadOnlyList<IssueReport> Issues)
{
    /// <summary>Every warning of the run: each issue's, then each model's on the point values (also under <c>issues[].models[].warnings</c>).</summary>
    public IReadOnlyList<WarningDoc> Warnings => WarningDoc.From(Issues.SelectMany(i => i.Warnings.Concat(i.Models.SelectMany(m => m.Warnings))));
}

public sealed record IssueReport(string Issue, bool Partial, int DrawsCompleted, IReadOnlyList<string> Inputs, IReadOnlyList<string> IgnoredInputs,
    IReadOnlyList<ModelDistribution> Models, IReadOnlyList<StabilitySummary>? Stability)
{
    /// <summary>Warnings about this issue's run (e.g. no uncertain inputs, so every draw is the same).</summary>
    public IReadOnlyList<ResultWarning> Warnings { get; init; } = [];
}

public sealed record SimulateOutcome : Outcome
{
    public SimulationReport? Report { get; init; }
    public bool Partial => Report?.Partial ?? false;
}

/// <summary>
/// A simulate request checked and loaded, ready to run in chunks of draws (the cluster's sweeps): every check of
/// <see cref="SimulateService.Run"/> is made by <see cref="SimulateService.Prepare"/> before any draw.
/// </summary>
public sealed class SimulatePlan
{
    internal SimulatePlan(SimulateRequest request, Scenario scenario, double noise, IReadOnlyList<IIssueModel> models, IReadOnlyList<IssueTemplate> templates,
        int issueCount, IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<string> notices)
    {
        Request = request;
        Scenario = scenario;
        Noise = noise;
        Models = models;
        Templates = templates;
        IssueCount = issueCount;
        Diagnostics = diagnostics;
        Notices = notices;
    }

    public SimulateRequest Request { get; }
    public Scenario Scenario { get; }
    public double Noise { get; }
    public IReadOnlyList<IIssueModel> Models { get; }
    /// <summary>The issues simulated (those with actors), in report order.</summary>
    public IReadOnlyList<IssueTemplate> Templates { get; }
    /// <summary>Issues asked for, including those skipped for having no actors.</summary>
    internal int IssueCount { get; }
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
    public IReadOnlyList<string> Notices { get; }

    public MonteCarloOptions Options => new()
    {
        Draws = Request.Draws, Seed = Request.Seed, Threads = Request.Threads, HistogramBins = Request.Bins, KeepSamples = Request.KeepSamples,
    };

    /// <summary>Draws [start, end) of issue <paramref name="issue"/> (an index into <see cref="Templates"/>), with <paramref name="threads"/> worker threads.</summary>
    public MonteCarloChunk RunChunk(int issue, int start, int end, int threads, CancellationToken cancellation = default) =>
        MonteCarlo.RunChunk(Templates[issue], Models, Options with { Threads = threads }, Scenario.Correlations, start, end, cancellation);

    /// <summary>The report of <see cref="SimulateService.Run"/> from every issue's chunks (<paramref name="chunks"/>[i] covers every draw of issue i).</summary>
    public SimulateOutcome Merge(IReadOnlyList<IEnumerable<MonteCarloChunk>> chunks, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        if (chunks.Count != Templates.Count) throw new ArgumentException($"expected chunks for {Templates.Count} issues, got {chunks.Count}", nameof(chunks));
        var results = Templates.Select((t, i) => MonteCarlo.Merge(t, Models, Options, chunks[i])).ToList();
        return SimulateService.Report(this, results, cancellation);
    }
}

public static class SimulateService
{
    /// <param name="preloaded">A scenario already in memory (tests); else the request's source is loaded.</param>
    public static SimulateOutcome Run(SimulateRequest request, IProgressRunner? progress = null, Scenario? preloaded = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        progress ??= IProgressRunner.None;
        var (plan, failure) = Prepare(request, preloaded);
        if (plan is null) return failure!;
        var options = plan.Options;
        var results = new List<MonteCarloResult>();
        foreach (var template in plan.Templates)
        {
            var result = progress.Run($"simulate {template.IssueId}", request.Draws,
                report => MonteCarlo.Run(template, plan.Models, options, plan.Scenario.Correlations, report, cancellation));
            results.Add(result);
            if (result.Partial) break;
        }
        return Report(plan, results, cancellation);
    }

    /// <summary>
    /// Every check of <see cref="Run"/> (options, scenario, issues, models, size limits, rank correlations) without drawing: the plan, or
    /// the outcome with the diagnostics that stop the request.
    /// </summary>
    /// <param name="preloaded">A scenario already in memory (tests); else the request's source is loaded.</param>
    public static (SimulatePlan? Plan, SimulateOutcome? Failure) Prepare(SimulateRequest request, Scenario? preloaded = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = request.Validate();
        if (problems.Count > 0) return (null, new SimulateOutcome { Diagnostics = problems });
        var diagnostics = new List<Diagnostic>();
        var notices = new List<string>();
        var scenario = preloaded;
        if (scenario is null)
        {
            var load = ScenarioInputs.Load(request.Scenario, request.Issue);
            diagnostics.AddRange(load.Diagnostics);
            notices.AddRange(load.Notices);
            if (!load.Ok) return (null, new SimulateOutcome { Diagnostics = diagnostics, Notices = notices });
            scenario = load.Scenario!;
        }
        (SimulatePlan?, SimulateOutcome?) Fail(Diagnostic d) => (null, new SimulateOutcome { Diagnostics = [.. diagnostics, d], Notices = notices });
        if (!MonteCarloRequestBase.TryIssues(scenario, request.Issue, out var issues, out var issueError)) return Fail(issueError!);
        if (request.KeepSamples && issues.Count != 1)
            return Fail(Outcome.RequestError("issue", $"--record needs one issue; the scenario has {issues.Count}: choose one with --issue ({string.Join(", ", issues)})"));
        var noise = request.Noise ?? scenario.Noise ?? 0;
        if (!request.TryModels(out var models, out var modelError, scenario)) return Fail(modelError!);
        foreach (var warning in models.OfType<Brink.Models.Influence.InfluenceIssueModel>().Take(1)
                     .SelectMany(_ => issues.SelectMany(id => Brink.Models.Influence.InfluenceNetwork.From(scenario, id).Warnings)))
            notices.Add($"brink: notice: influence ({warning.Issue}): {warning.Message}");
        if (MonteCarloRequestBase.LimitProblem(scenario, issues, models.Select(m => m.Name)) is { } tooLarge) return Fail(tooLarge);

        var templates = new List<IssueTemplate>();
        foreach (var id in issues)
        {
            var template = IssueTemplate.From(scenario, id, noise);
            if (template.Count == 0)
            {
                notices.Add($"brink: notice: issue '{id}' has no actors with a stance; skipped.");
                continue;
            }
            if (template.Slots.IsEmpty)
                notices.Add($"brink: notice: issue '{id}' has no uncertain inputs, so every draw is the same; give ranges or distributions, or use --noise.");
            // The rank correlations are checked here, before any draw (a bad matrix stops the whole request): the
            // correlated columns are prepared as every chunk prepares them.
            if (InputSampler.CorrelationMatrix(template, scenario.Correlations).Columns.Length >= 2)
            {
                try
                {
                    DrawSource.Create(template, scenario.Correlations, request.Draws, request.Seed, request.Threads);
                }
                catch (ArgumentException ex)
                {
                    return Fail(Outcome.RequestError("correlations", $"{request.Scenario.FileName}: correlations: {ex.Message}"));
                }
            }
            templates.Add(template);
        }
        return (new SimulatePlan(request, scenario, noise, models, templates, issues.Count, diagnostics, notices), null);
    }

    /// <summary>The report from the issues' results (in plan order; fewer when the run stopped part-way), with the stability summaries.</summary>
    internal static SimulateOutcome Report(SimulatePlan plan, IReadOnlyList<MonteCarloResult> results, CancellationToken cancellation)
    {
        var request = plan.Request;
        var reports = new List<IssueReport>();
        foreach (var (template, result) in plan.Templates.Zip(results))
        {
            var stability = request.Shocks && !result.Partial && !cancellation.IsCancellationRequested
                ? plan.Models.Select(m => Shocks.Run(template, m, new ShockOptions { Seed = request.Seed, Threads = request.Threads }, cancellation)).ToList()
                : null;
            // As brink run: a model that bargains over the issue alone says that it ignores the linkages touching it.
            // ... and Nash on a dimension of a package says that it bargained over that dimension alone.
            var models = result.Models.Select(m => m with
            {
                Warnings = m.Warnings.AddRange(new[]
                {
                    ModelCatalog.LinkagesIgnored(plan.Scenario, template.IssueId, m.Model),
                    ScenarioRun.SimulatedPerDimension(plan.Scenario, template.IssueId, m.Model),
                }.OfType<ResultWarning>()),
            }).ToList();
            reports.Add(new IssueReport(template.IssueId, result.Partial, result.DrawsCompleted, result.Inputs, result.IgnoredInputs, models, stability)
            {
                Warnings = [.. result.Warnings],
            });
            if (result.Partial) break;
        }
        // As the single run always did: an issue skipped for having no actors also marks the report partial.
        var partial = reports.Count < plan.IssueCount || reports.Any(r => r.Partial);
        var report = new SimulationReport(plan.Scenario.Title, request.Scenario.FileName, request.Seed, request.Draws, plan.Noise, partial,
            reports.Count < plan.IssueCount ? 0 : reports.Select(r => r.DrawsCompleted).DefaultIfEmpty(0).Min(), reports);
        return new SimulateOutcome { Diagnostics = plan.Diagnostics, Notices = plan.Notices, Report = report };
    }
}
