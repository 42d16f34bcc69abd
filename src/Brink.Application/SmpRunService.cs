using System.Collections.Immutable;
using Brink.Models;
using Brink.Models.Smp;
using Brink.Scenarios;

namespace Brink.Application;

/// <summary>
/// <c>brink run FILE --model smp</c> / <c>POST /api/run?model=smp</c>: KTAB's spatial model of politics on each multi-dimensional
/// issue (its dimensions together) and each one-dimensional issue of a scenario.
/// </summary>
public sealed record SmpRunRequest
{
    /// <summary>The scenario to run.</summary>
    public required ScenarioSource Scenario { get; init; }
    /// <summary>One issue (a package id or the id of one of its dimensions); null = every issue.</summary>
    public string? Issue { get; init; }
    /// <summary><c>brink</c> or <c>ktab</c>; null = the variant of <see cref="Options"/> (default brink).</summary>
    public string? Variant { get; init; }
    /// <summary>KTAB's parameters, the seed and the stopping rule.</summary>
    public SmpOptions Options { get; init; } = new();
    /// <summary>Keep the per-turn log (risk attitudes, challenges, chosen bargains) for <c>--trace FILE</c>.</summary>
    public bool Trace { get; init; }
    /// <summary>Refuse an issue whose estimated working memory exceeds this many bytes; null = half of the available memory.</summary>
    public long? MaxMemoryBytes { get; init; }

    /// <summary>The variant named <paramref name="variant"/>, or null with the error when it is not one.</summary>
    public static SmpVariant? ParseVariant(string variant, out string error)
    {
        error = "";
        if (SmpVariants.Parse(variant) is { } known) return known;
        error = $"unknown variant '{variant}' of model '{ModelRegistry.SmpModel}'; valid variants: brink (default), ktab";
        return null;
    }

    /// <summary>Checks the options (not the scenario, which loads with its own diagnostics).</summary>
    public IReadOnlyList<Diagnostic> Validate()
    {
        var problems = new List<Diagnostic>();
        if (Variant is not null && ParseVariant(Variant, out var error) is null) problems.Add(Outcome.RequestError("variant", error));
        if (Options.MaxTurns is < 1 or > 10_000)
            problems.Add(Outcome.RequestError("max-turns", $"--max-turns must be between 1 and 10000, got {Options.MaxTurns}"));
        if (Options.Seed == 0) problems.Add(Outcome.RequestError("seed", $"--seed must be a whole number from 1 to {ulong.MaxValue}, got '0'"));
        return problems;
    }
}

/// <summary>The run of one issue: the one-dimensional issue it is (null for a multi-dimensional package) and the model's result.</summary>
public sealed record SmpIssueRun(Issue? Package, SmpResult Result);

/// <summary>The runs, the options they ran under, the scenario and the JSON document (exactly what <c>brink run --model smp --format json</c> prints).</summary>
public sealed record SmpRunOutcome : Outcome
{
    /// <summary>The loaded scenario.</summary>
    public Scenario? Scenario { get; init; }
    /// <summary>The options the runs used (the request's, with its variant and trace).</summary>
    public SmpOptions? Options { get; init; }
    /// <summary>One run per issue, in issue order.</summary>
    public IReadOnlyList<SmpIssueRun> Runs { get; init; } = [];
    /// <summary>The JSON document.</summary>
    public SmpDocument? Document { get; init; }
}

/// <summary>Runs <see cref="SmpRunRequest"/>s.</summary>
public static class SmpRunService
{
    /// <summary>Loads the scenario, selects the issues and runs the spatial model of politics on each.</summary>
    public static SmpRunOutcome Run(SmpRunRequest request, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Validate() is { Count: > 0 } problems) return new SmpRunOutcome { Diagnostics = problems };
        var options = request.Options;
        if (request.Variant is not null) options = options with { Variant = SmpRunRequest.ParseVariant(request.Variant, out _)!.Value };
        if (request.Trace) options = options with { Trace = true };
        var load = ScenarioInputs.Load(request.Scenario, request.Issue);
        if (!load.Ok) return new SmpRunOutcome { Diagnostics = load.Diagnostics, Notices = load.Notices };
        var scenario = load.Scenario!;
        var file = request.Scenario.FileName;
        var packages = scenario.Packages();
        if (request.Issue is { } issueId)
        {
            packages = [.. packages.Where(p => p.Id == issueId || p.Dimensions.Any(d => d.Id == issueId))];
            if (packages.Count == 0)
                return Fail(load, "issue", $"{file}: unknown issue '{issueId}'; the scenario's issues are: {string.Join(", ", scenario.Packages().Select(p => p.Id))}");
        }
        // Every issue is checked before any runs, so that a refusal comes before minutes of work on the issues before it.
        var inputs = new List<(string Id, ImmutableArray<Issue> Dims, SmpInput Input, IReadOnlyList<string> LeftOut)>();
        foreach (var (id, dims) in packages)
        {
            var input = SmpInputs.From(scenario, id, out var leftOut);
            if (input.Problems() is { Count: > 0 } inputProblems) return Fail(load, "", $"{file}: {string.Join("; ", inputProblems)}");
            if (ModelLimits.ActorProblem(ModelRegistry.SmpModel, id, input.Count, request.MaxMemoryBytes, "--max-memory") is { } tooLarge)
                return Fail(load, "max-memory", $"{file}: {tooLarge}");
            inputs.Add((id, dims, input, leftOut));
        }
        var runs = new List<SmpIssueRun>();
        foreach (var (id, dims, input, leftOut) in inputs)
        {
            var result = SmpModel.Run(input, options, cancellation);
            if (leftOut.Count > 0)
                result = result with
                {
                    Warnings = result.Warnings.Add(new ResultWarning("smp-partial-actors",
                        $"{id}: left out {string.Join(", ", leftOut)}, who hold a stance on some but not all of its dimensions")),
                };
            runs.Add(new SmpIssueRun(dims[0].Package is null ? dims[0] : null, result));
        }
        return new SmpRunOutcome
        {
            Diagnostics = load.Diagnostics, Notices = load.Notices, Scenario = scenario, Options = options, Runs = runs,
            Document = SmpDocument.From(scenario, options, runs),
        };
    }

    private static SmpRunOutcome Fail(ScenarioLoad load, string field, string message) =>
        new() { Diagnostics = [.. load.Diagnostics, Outcome.RequestError(field, message)], Notices = load.Notices };
}
