using System.Globalization;
using Brink.Models;
using Brink.Scenarios;
using Brink.Simulation;

namespace Brink.Application;

/// <summary>
/// <c>brink whatif</c> / <c>POST /api/whatif</c>: the single change of one actor's position or salience, within bounds, that
/// brings one model's forecast on one issue closest to <see cref="Target"/>, with the next-best alternatives.
/// </summary>
public sealed record WhatIfRequest
{
    public required ScenarioSource Scenario { get; init; }
    public required double Target { get; init; }
    public string Model { get; init; } = ModelRunner.DefaultModel;
    public string? Variant { get; init; }
    /// <summary>The issue; null = the first (with a notice naming the others).</summary>
    public string? Issue { get; init; }
    /// <summary>Actors that may change (ids; comma-separated lists allowed); empty = every actor.</summary>
    public IReadOnlyList<string> Actors { get; init; } = [];
    /// <summary>Largest change of a position in scale units; null = a quarter of the scale width (the result states the bound used).</summary>
    public double? MaxPositionChange { get; init; }
    /// <summary>Largest change of a salience on [0,1]; null = 0.25.</summary>
    public double? MaxSalienceChange { get; init; }
    /// <summary>Which numbers may change: position and/or salience.</summary>
    public IReadOnlyList<IssueField> Parameters { get; init; } = [IssueField.Position, IssueField.Salience];
    public ForecastMeasure Measure { get; init; } = ForecastMeasure.Mean;
    /// <summary>Worker threads, 0 = one per core.</summary>
    public int Threads { get; init; }

    /// <summary>The actor ids, comma-separated lists split.</summary>
    public IReadOnlyList<string> ActorIds() =>
        [.. Actors.SelectMany(a => a.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    public IReadOnlyList<Diagnostic> Validate()
    {
        var problems = new List<Diagnostic>();
        if (!double.IsFinite(Target)) problems.Add(Outcome.RequestError("target", "--target must be a finite number"));
        if (MaxPositionChange is { } p && !(p >= 0)) problems.Add(Outcome.RequestError("max_position_change", $"--max-position-change must be ≥ 0 (got {p})"));
        if (MaxSalienceChange is { } s && !(s >= 0)) problems.Add(Outcome.RequestError("max_salience_change", $"--max-salience-change must be ≥ 0 (got {s})"));
        if (Threads < 0) problems.Add(Outcome.RequestError("threads", $"--threads must be 0 (all cores) or more (got {Threads})"));
        if (Parameters.Count == 0 || Parameters.Any(f => f is not (IssueField.Position or IssueField.Salience)))
            problems.Add(Outcome.RequestError("parameters", "--parameters must be position, salience or both"));
        if (problems.Count == 0 && !new SimulateRequest { Scenario = Scenario, Models = [Model], Variant = Variant }.TryModels(out _, out var error))
            problems.Add(error!);
        return problems;
    }
}

public sealed record WhatIfOutcome : Outcome
{
    /// <summary>The search result; also the JSON document (<c>brink whatif --format json</c>).</summary>
    public WhatIfResult? Result { get; init; }
}

/// <summary>
/// A what-if request checked and loaded, with its candidates (actor × parameter), ready to search in ranges of candidates (the
/// cluster's sweeps): every check of <see cref="WhatIfService.Run"/> is made by <see cref="WhatIfService.Prepare"/> first.
/// </summary>
public sealed class WhatIfPlan
{
    internal WhatIfPlan(WhatIfSearch search, string issueId, IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<string> notices, ResultWarning? perDimension)
    {
        _perDimension = perDimension;
        Search = search;
        IssueId = issueId;
        Diagnostics = diagnostics;
        Notices = notices;
    }

    /// <summary>The search: candidates, bounds, baseline.</summary>
    public WhatIfSearch Search { get; }
    /// <summary>The issue searched.</summary>
    public string IssueId { get; }
    /// <summary>Problems found that do not stop the search.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
    /// <summary>Plain remarks for stderr.</summary>
    public IReadOnlyList<string> Notices { get; }

    /// <summary>The outcome of <see cref="WhatIfService.Run"/> from every candidate's best change, in candidate order.</summary>
    /// <exception cref="ArgumentException">Not one change per candidate.</exception>
    public WhatIfOutcome Finish(IReadOnlyList<WhatIfChange> changes, IReadOnlyList<int> evaluations)
    {
        var result = Search.Finish(changes, evaluations);
        return new() { Diagnostics = Diagnostics, Notices = Notices, Result = _perDimension is { } warning ? result with { Warnings = result.Warnings.Add(warning) } : result };
    }

    // Nash on a dimension of a package is solved on that dimension alone (as in simulate): the result says so.
    private readonly ResultWarning? _perDimension;
}

public static class WhatIfService
{
    /// <param name="preloaded">A scenario already in memory (tests); else the request's source is loaded.</param>
    public static WhatIfOutcome Run(WhatIfRequest request, IProgressRunner? progress = null, Scenario? preloaded = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        progress ??= IProgressRunner.None;
        var (plan, failure) = Prepare(request, preloaded);
        if (plan is null) return failure!;
        var search = plan.Search;
        var (changes, evaluations) = progress.Run($"whatif {plan.IssueId}", search.Candidates, report => search.Run(0, search.Candidates, request.Threads, report, cancellation));
        return plan.Finish(changes, evaluations);
    }

    /// <summary>
    /// Every check of <see cref="Run"/> (options, scenario, issue, model, actors, bounds) and the search's candidates, without
    /// searching: the plan, or the outcome with the diagnostics that stop the request.
    /// </summary>
    /// <param name="preloaded">A scenario already in memory (tests); else the request's source is loaded.</param>
    public static (WhatIfPlan? Plan, WhatIfOutcome? Failure) Prepare(WhatIfRequest request, Scenario? preloaded = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = request.Validate();
        if (problems.Count > 0) return (null, new WhatIfOutcome { Diagnostics = problems });
        var diagnostics = new List<Diagnostic>();
        var notices = new List<string>();
        var scenario = preloaded;
        if (scenario is null)
        {
            var load = ScenarioInputs.Load(request.Scenario, request.Issue);
            diagnostics.AddRange(load.Diagnostics);
            notices.AddRange(load.Notices);
            if (!load.Ok) return (null, new WhatIfOutcome { Diagnostics = diagnostics, Notices = notices });
            scenario = load.Scenario!;
        }
        (WhatIfPlan?, WhatIfOutcome?) Fail(string field, string message) => (null, new WhatIfOutcome { Diagnostics = [.. diagnostics, Outcome.RequestError(field, message)], Notices = notices });
        if (!MonteCarloRequestBase.TryIssues(scenario, request.Issue, out var issues, out var issueError))
            return (null, new WhatIfOutcome { Diagnostics = [.. diagnostics, issueError!], Notices = notices });
        if (request.Issue is null && issues.Count > 1)
            notices.Add($"brink: notice: analysing issue '{issues[0]}'; use --issue for another ({string.Join(", ", issues.Skip(1))}).");
        var issueId = issues[0];
        if (!new SimulateRequest { Scenario = request.Scenario, Models = [request.Model], Variant = request.Variant }.TryModels(out var models, out var modelError, scenario))
            return (null, new WhatIfOutcome { Diagnostics = [.. diagnostics, modelError!], Notices = notices });
        if (MonteCarloRequestBase.LimitProblem(scenario, [issueId], models.Select(m => m.Name)) is { } tooMany)
            return (null, new WhatIfOutcome { Diagnostics = [.. diagnostics, tooMany], Notices = notices });
        var template = IssueTemplate.From(scenario, issueId);
        if (template.Count == 0) return Fail("issue", $"{request.Scenario.FileName}: issue '{issueId}' has no actors with a stance");
        var issue = scenario.FindIssue(issueId)!;
        if (request.Target < issue.Min || request.Target > issue.Max)
            notices.Add($"brink: notice: target {F(request.Target)} lies outside the scale [{F(issue.Min)}, {F(issue.Max)}] of issue '{issue.Id}'.");
        var actorIds = request.ActorIds();
        foreach (var id in actorIds.Where(id => !template.ActorIds.Contains(id)))
            return Fail("actors", $"--actors: no actor '{id}' on issue '{issue.Id}'; actors: {string.Join(", ", template.ActorIds)}");
        var options = new WhatIfOptions
        {
            Target = request.Target,
            Actors = actorIds.Count > 0 ? [.. actorIds] : null,
            MaxPositionChange = request.MaxPositionChange,
            MaxSalienceChange = request.MaxSalienceChange,
            Parameters = [.. request.Parameters],
            Measure = request.Measure,
            Threads = request.Threads,
        };
        try
        {
            return (new WhatIfPlan(WhatIf.Prepare(template, models[0], options), issue.Id, diagnostics, notices, ScenarioRun.SimulatedPerDimension(scenario, issue.Id, models[0].Name)), null);
        }
        catch (ArgumentException ex)
        {
            return Fail("actors", ex.Message);
        }
    }

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
