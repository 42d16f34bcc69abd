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

public static class SensitivityService
{
    /// <param name="preloaded">A scenario already in memory (tests); else the request's source is loaded.</param>
    public static SensitivityOutcome Run(SensitivityRequest request, IProgressRunner? progress = null, CancellationToken cancellation = default, Scenario? preloaded = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        progress ??= IProgressRunner.None;
        var problems = request.Validate();
        if (problems.Count > 0) return new SensitivityOutcome { Diagnostics = problems };
        var diagnostics = new List<Diagnostic>();
        var notices = new List<string>();
        var scenario = preloaded;
        if (scenario is null)
        {
            var load = ScenarioInputs.Load(request.Scenario);
            diagnostics.AddRange(load.Diagnostics);
            notices.AddRange(load.Notices);
            if (!load.Ok) return new SensitivityOutcome { Diagnostics = diagnostics, Notices = notices };
            scenario = load.Scenario!;
        }
        if (!MonteCarloRequestBase.TryIssues(scenario, request.Issue, out var issues, out var issueError))
            return new SensitivityOutcome { Diagnostics = [.. diagnostics, issueError!], Notices = notices };
        if (request.Issue is null && issues.Count > 1)
            notices.Add($"brink: notice: analysing issue '{issues[0]}'; use --issue for another ({string.Join(", ", issues.Skip(1))}).");
        var issueId = issues[0];
        new SimulateRequest { Scenario = request.Scenario, Models = [request.Model], Variant = request.Variant }.TryModels(out var models, out _);
        if (MonteCarloRequestBase.LimitProblem(scenario, [issueId], models.Select(m => m.Name)) is { } tooMany)
            return new SensitivityOutcome { Diagnostics = [.. diagnostics, tooMany], Notices = notices };
        var template = IssueTemplate.From(scenario, issueId);
        if (template.Count == 0)
            return new SensitivityOutcome
            {
                Diagnostics = [.. diagnostics, Outcome.RequestError("issue", $"{request.Scenario.FileName}: issue '{issueId}' has no actors with a stance")], Notices = notices,
            };
        var options = request.Options;
        var k = Sensitivity.Factors(template, options).Length;
        if (GlobalSensitivity.SizeProblem(k, options.SobolSamples, options.MorrisTrajectories) is { } tooLarge)
            return new SensitivityOutcome { Diagnostics = [.. diagnostics, Outcome.RequestError("samples", $"{request.Scenario.FileName}: {tooLarge}")], Notices = notices };
        var runs = (long)k * 2 + options.MorrisTrajectories * (k + 1L) + options.SobolSamples * (k + 2L);
        var result = progress.Run($"sensitivity {issueId} ({runs} model runs)", 1, _ => Sensitivity.Run(template, models[0], options, cancellation));
        return new SensitivityOutcome { Diagnostics = diagnostics, Notices = notices, Result = result };
    }
}
