using System.Collections.Immutable;
using Brink.Models;
using Brink.Scenarios;

namespace Brink.Application;

/// <summary>
/// <c>brink run</c> / <c>POST /api/run</c>: the bargaining models (or a fitted DEU model) on the issues of a scenario.
/// The crisis join (<c>--model crisis</c>) is its own request.
/// </summary>
public sealed record RunRequest
{
    public required ScenarioSource Scenario { get; init; }
    /// <summary>Model name, <c>all</c> or null (every bargaining model); a fitted DEU name such as <c>influence+choice-dev</c>.</summary>
    public string? Model { get; init; }
    /// <summary>Variant, <c>all</c> or null (each model's default).</summary>
    public string? Variant { get; init; }
    public int Rounds { get; init; } = new ModelOptions().Rounds;
    public string? Issue { get; init; }
    /// <summary>Actors whose <c>follows</c> relations are dropped before the run (influence model: what if they break ranks).</summary>
    public IReadOnlyList<string> BreakRanks { get; init; } = [];
    /// <summary>Refuse, before allocating, a model whose working memory would exceed this (bytes); null = <see cref="ModelMemory.DefaultLimitBytes"/>.</summary>
    public long? MaxMemoryBytes { get; init; }
    /// <summary>Keep E^i(U_ij) and E^i(U_ji) of every dyad in every round (<c>--trace dyads</c>: 16n² bytes a round); off by default.</summary>
    public bool TraceDyads { get; init; }
    /// <summary>
    /// Threads of each EUM run's rounds (row-parallel, <see cref="ModelOptions.Threads"/>): 1 = serial (default),
    /// 0 = one per processor. The result is bit-identical whatever the number.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>Most threads a run may ask for.</summary>
    public const int MaxThreads = 256;

    /// <summary>Checks the options (not the scenario, which loads with its own diagnostics).</summary>
    public IReadOnlyList<Diagnostic> Validate()
    {
        var problems = new List<Diagnostic>();
        if (Rounds is < 0 or > ModelRegistry.MaxRounds)
            problems.Add(Outcome.RequestError("rounds", $"--rounds must be between 0 and {ModelRegistry.MaxRounds}, got {Rounds}"));
        if (Threads is < 0 or > MaxThreads)
            problems.Add(Outcome.RequestError("threads", $"--threads must be between 0 (one per processor) and {MaxThreads}, got {Threads}"));
        if (ModelRegistry.IsCrisis(Model))
            problems.Add(Outcome.RequestError("model", $"model '{ModelRegistry.CrisisModel}' is run by the crisis request, not by run"));
        else if (ModelRegistry.FittedDeuModel(Model) is null && !ScenarioRun.TrySelectModels(Model, Variant, out _, out var error))
            problems.Add(Outcome.RequestError(Variant is not null && error.StartsWith("unknown variant", StringComparison.Ordinal) ? "variant" : "model", error));
        return problems;
    }
}

/// <summary>The run and its JSON document (exactly what <c>brink run --format json</c> prints).</summary>
public sealed record RunOutcome : Outcome
{
    public ScenarioRunResult? Result { get; init; }
    public RunDocument? Document { get; init; }
}

public static class RunService
{
    public static RunOutcome Run(RunRequest request, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = request.Validate();
        if (problems.Count > 0) return new RunOutcome { Diagnostics = problems };
        if (ModelRegistry.FittedDeuModel(request.Model) is { } fitted) return RunFitted(request, fitted);
        ScenarioRun.TrySelectModels(request.Model, request.Variant, out var specs, out _);
        var load = ScenarioInputs.Load(request.Scenario, request.Issue);
        if (!load.Ok) return new RunOutcome { Diagnostics = load.Diagnostics, Notices = load.Notices };
        var scenario = load.Scenario!;
        var file = request.Scenario.FileName;
        if (!ScenarioRun.TrySelectIssues(scenario, request.Issue, out var issues, out var issueError))
            return Fail(load, "issue", $"{file}: {issueError}");
        var options = new ModelOptions
        {
            Rounds = request.Rounds, FullTrace = request.TraceDyads, MaxMemoryBytes = request.MaxMemoryBytes, MaxMemoryOption = "--max-memory",
            Threads = request.Threads,
        };
        if (MemoryProblem(scenario, issues, specs, options) is { } memory) return Fail(load, "max-memory", $"{file}: {memory}");
        ScenarioRunResult run;
        try
        {
            if (request.BreakRanks.Count > 0) scenario = Models.Influence.InfluenceNetwork.BreakRanks(scenario, [.. request.BreakRanks]);
            // The per-round n×n expected-utility matrices are kept only with --trace dyads (at 5,000 actors
            // they are 4 GB for 10 rounds).
            run = ScenarioRun.Run(scenario, issues, specs, options, cancellation);
        }
        catch (ArgumentException ex)
        {
            return Fail(load, "", $"{file}: {ex.Message}");
        }
        return new RunOutcome { Diagnostics = load.Diagnostics, Notices = load.Notices, Result = run, Document = RunDocument.From(run) };
    }

    /// <summary>A fitted DEU model on one issue of a DEU file (it needs the DEU actor codes and metadata).</summary>
    private static RunOutcome RunFitted(RunRequest request, string stored)
    {
        var load = ScenarioInputs.Load(request.Scenario, request.Issue);
        if (!load.Ok) return new RunOutcome { Diagnostics = load.Diagnostics, Notices = load.Notices };
        var scenario = load.Scenario!;
        var file = request.Scenario.FileName;
        if (scenario.Issues.Length != 1 || !scenario.Metadata.TryGetValue("dataset", out var dataset) || dataset != "deu")
            return Fail(load, "model", $"{file}: model '{stored}-dev' was fitted on DEU issues and runs only on a DEU file with --issue ISNR");
        var issue = scenario.Issues[0];
        var value = Backtest.FittedModels.Forecast(stored, scenario, issue.Id);
        if (value is not { } x) return Fail(load, "model", $"{file}: model '{stored}-dev' gives no forecast for issue '{issue.Id}'");
        var result = new FittedForecast($"{stored}-dev", "dev-fitted", new Forecast(x, x));
        var input = SpatialIssue.From(scenario, issue.Id);
        var run = new ScenarioRunResult(scenario, new ModelOptions(), [new ModelSpec(result.Model, result.Variant, "DEU model fitted on the dev file", "docs/backtest.md")],
            [new IssueForecasts(issue, input, [result])]);
        return new RunOutcome { Diagnostics = load.Diagnostics, Notices = load.Notices, Result = run, Document = RunDocument.From(run) };
    }

    /// <summary>The first issue and model over its actor cap or memory limit, as a message naming how many actors fit; null when all fit.</summary>
    private static string? MemoryProblem(Scenario scenario, ImmutableArray<Issue> issues, ImmutableArray<ModelSpec> specs, ModelOptions options)
    {
        foreach (var issue in issues)
        {
            var actors = SpatialIssue.From(scenario, issue.Id).Count;
            foreach (var model in specs.Select(s => s.Model).Distinct())
                if (ModelLimits.ActorProblem(model, issue.Id, actors, options) is { } problem)
                    return problem;
        }
        return null;
    }

    private static RunOutcome Fail(ScenarioLoad load, string field, string message) =>
        new() { Diagnostics = [.. load.Diagnostics, Outcome.RequestError(field, message)], Notices = load.Notices };

    /// <summary>The point forecast of a fitted back-test model.</summary>
    private sealed record FittedForecast(string Model, string Variant, Forecast Forecast) : IModelResult
    {
        public ImmutableArray<ResultWarning> Warnings { get; init; } = [];
    }
}
