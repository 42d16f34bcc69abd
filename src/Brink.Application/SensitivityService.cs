using Brink.Models;
using Brink.Scenarios;
using Brink.Simulation;

namespace Brink.Application;

/// <summary>
/// <c>brink sensitivity</c> / the sensitivity job: which actor × parameter moves one model's forecast on one issue
/// (tornado, Morris, Sobol).
/// </summary>
public sealed record SensitivityRequest
{
    public required ScenarioSource Scenario { get; init; }
    public string Model { get; init; } = ModelRunner.DefaultModel;
    public string? Variant { get; init; }
    /// <summary>The issue; null = the first (with a notice naming the others).</summary>
    public string? Issue { get; init; }
    public SensitivityOptions Options { get; init; } = new();

    public IReadOnlyList<Diagnostic> Validate()
    {
        var problems = new List<Diagnostic>();
        var o = Options;
        if (o.SobolSamples < 2) problems.Add(Outcome.RequestError("samples", $"--samples must be at least 2 (got {o.SobolSamples})"));
        if (o.MorrisTrajectories < 2) problems.Add(Outcome.RequestError("trajectories", $"--trajectories must be at least 2 (got {o.MorrisTrajectories})"));
        if (o.Threads < 0) problems.Add(Outcome.RequestError("threads", $"--threads must be 0 (all cores) or more (got {o.Threads})"));
        foreach (var (name, v) in new[] { ("position-range", o.PositionRange), ("salience-range", o.SalienceRange), ("capability-range", o.CapabilityRange) })
            if (!(v >= 0) || double.IsInfinity(v)) problems.Add(Outcome.RequestError(name, $"--{name} must be a number ≥ 0 (got {v})"));
        if (!new SimulateRequest { Scenario = Scenario, Models = [Model], Variant = Variant }.TryModels(out _, out var error)) problems.Add(error!);
        return problems;
    }
}

/// <summary>The document of <c>brink sensitivity --format json</c>: the result, the files written with <c>--out</c>, the warnings.</summary>
public sealed record SensitivityDocument(SensitivityResult Result, IReadOnlyList<string> Files, IReadOnlyList<WarningDoc> Warnings)
{
    public static SensitivityDocument Of(SensitivityResult result, IReadOnlyList<string> files) => new(result, files, WarningDoc.From(result.Warnings));
}

public sealed record SensitivityOutcome : Outcome
{
    public SensitivityResult? Result { get; init; }
}

/// <summary>
/// A sensitivity request checked and loaded, ready to run in chunks (the cluster's sweeps): every check of
/// <see cref="SensitivityService.Run"/> is made by <see cref="SensitivityService.Prepare"/> before any model run.
/// </summary>
public sealed class SensitivityPlan
{
    internal SensitivityPlan(SensitivityRequest request, IssueTemplate template, IIssueModel model, int factors, IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<string> notices,
        ResultWarning? perDimension)
    {
        _perDimension = perDimension;
        Request = request;
        Template = template;
        Model = model;
        Factors = factors;
        Diagnostics = diagnostics;
        Notices = notices;
    }

    public SensitivityRequest Request { get; }
    public IssueTemplate Template { get; }
    public IIssueModel Model { get; }
    /// <summary>Number of factors k (actor × parameter).</summary>
    public int Factors { get; }
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
    public IReadOnlyList<string> Notices { get; }

    /// <summary>Model runs of the whole analysis: 2k (tornado) + r(k + 1) (Morris) + N(k + 2) (Sobol).</summary>
    public long Runs => (long)Factors * 2 + Request.Options.MorrisTrajectories * (Factors + 1L) + Request.Options.SobolSamples * (Factors + 2L);

    /// <summary>Units [from, to) of one part (see <see cref="Sensitivity.RunChunk"/>), with <paramref name="threads"/> worker threads.</summary>
    public double[] RunChunk(SensitivityPart part, int from, int to, int threads, CancellationToken cancellation = default) =>
        Sensitivity.RunChunk(Template, Model, Request.Options with { Threads = threads }, part, from, to, cancellation);

    /// <summary>The outcome of <see cref="SensitivityService.Run"/> from every unit's outputs of each part, in unit order.</summary>
    public SensitivityOutcome Merge(double[] tornado, double[] morris, double[] sobol) => Finish(Sensitivity.Merge(Template, Model, Request.Options, tornado, morris, sobol));

    // Nash on a dimension of a package is solved on that dimension alone (as in simulate): the result says so.
    private readonly ResultWarning? _perDimension;

    /// <summary>The outcome of a whole analysis, in one process or merged from parts, with the plan's own warnings added.</summary>
    internal SensitivityOutcome Finish(SensitivityResult result) => new()
    {
        Diagnostics = Diagnostics, Notices = Notices,
        Result = _perDimension is { } warning ? result with { Warnings = result.Warnings.Add(warning) } : result,
    };
}

public static class SensitivityService
{
    /// <param name="preloaded">A scenario already in memory (tests); else the request's source is loaded.</param>
    public static SensitivityOutcome Run(SensitivityRequest request, IProgressRunner? progress = null, Scenario? preloaded = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        progress ??= IProgressRunner.None;
        var (plan, failure) = Prepare(request, preloaded);
        if (plan is null) return failure!;
        var result = progress.Run($"sensitivity {plan.Template.IssueId}: model runs", plan.Runs,
            report => Sensitivity.Run(plan.Template, plan.Model, request.Options, report, cancellation));
        return plan.Finish(result);
    }

    /// <summary>Every check of <see cref="Run"/> (options, scenario, issue, model, size limits) without running the model: the plan, or the failure.</summary>
    /// <param name="preloaded">A scenario already in memory (tests); else the request's source is loaded.</param>
    public static (SensitivityPlan? Plan, SensitivityOutcome? Failure) Prepare(SensitivityRequest request, Scenario? preloaded = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = request.Validate();
        if (problems.Count > 0) return (null, new SensitivityOutcome { Diagnostics = problems });
        var diagnostics = new List<Diagnostic>();
        var notices = new List<string>();
        var scenario = preloaded;
        if (scenario is null)
        {
            var load = ScenarioInputs.Load(request.Scenario);
            diagnostics.AddRange(load.Diagnostics);
            notices.AddRange(load.Notices);
            if (!load.Ok) return (null, new SensitivityOutcome { Diagnostics = diagnostics, Notices = notices });
            scenario = load.Scenario!;
        }
        (SensitivityPlan?, SensitivityOutcome?) Fail(Diagnostic d) => (null, new SensitivityOutcome { Diagnostics = [.. diagnostics, d], Notices = notices });
        if (!MonteCarloRequestBase.TryIssues(scenario, request.Issue, out var issues, out var issueError)) return Fail(issueError!);
        if (request.Issue is null && issues.Count > 1)
            notices.Add($"brink: notice: analysing issue '{issues[0]}'; use --issue for another ({string.Join(", ", issues.Skip(1))}).");
        var issueId = issues[0];
        if (!new SimulateRequest { Scenario = request.Scenario, Models = [request.Model], Variant = request.Variant }.TryModels(out var models, out var modelError, scenario))
            return Fail(modelError!);
        if (MonteCarloRequestBase.LimitProblem(scenario, [issueId], models.Select(m => m.Name)) is { } tooMany) return Fail(tooMany);
        var template = IssueTemplate.From(scenario, issueId);
        if (template.Count == 0) return Fail(Outcome.RequestError("issue", $"{request.Scenario.FileName}: issue '{issueId}' has no actors with a stance"));
        var options = request.Options;
        var k = Sensitivity.Factors(template, options).Length;
        if (GlobalSensitivity.SizeProblem(k, options.SobolSamples, options.MorrisTrajectories) is { } tooLarge)
            return Fail(Outcome.RequestError("samples", $"{request.Scenario.FileName}: {tooLarge}"));
        return (new SensitivityPlan(request, template, models[0], k, diagnostics, notices, ScenarioRun.SimulatedPerDimension(scenario, issueId, models[0].Name)), null);
    }
}
