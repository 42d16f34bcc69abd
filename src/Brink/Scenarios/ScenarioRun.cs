using System.Collections.Immutable;
using Brink.Models;

namespace Brink.Scenarios;

/// <summary>The results of every chosen model on one issue, with the model input they were run on.</summary>
public sealed record IssueForecasts(Issue Issue, SpatialIssue Input, ImmutableArray<IModelResult> Results);

/// <summary>A scenario run: the chosen models on the chosen issues, in the scenario's issue order.</summary>
public sealed record ScenarioRunResult(Scenario Scenario, ModelOptions Options, ImmutableArray<ModelSpec> Models, ImmutableArray<IssueForecasts> Issues);

/// <summary>
/// Runs models from <see cref="ModelCatalog"/> on the issues of a scenario (what <c>brink run</c>
/// does), after choosing models, variants and issues by name with messages that list the valid names.
/// </summary>
public static class ScenarioRun
{
    /// <summary>Word that selects every model (with --model) or every variant (with --variant).</summary>
    public const string All = "all";

    /// <summary>
    /// Chooses model specs: no model = the default models (<see cref="ModelCatalog.DefaultModels"/>), <c>all</c> = every model; no variant = each model's default variant;
    /// <c>all</c> = every variant; a variant without a model picks every model that has it.
    /// </summary>
    public static bool TrySelectModels(string? model, string? variant, out ImmutableArray<ModelSpec> specs, out string error)
    {
        specs = [];
        error = "";
        var everyModel = model is null || model.Equals(All, StringComparison.OrdinalIgnoreCase);
        var everyVariant = variant is not null && variant.Equals(All, StringComparison.OrdinalIgnoreCase);
        if (!everyModel && !ModelCatalog.Models.Contains(model!, StringComparer.OrdinalIgnoreCase))
        {
            error = $"unknown model '{model}'; valid models: {string.Join(", ", ModelCatalog.Models)} (or {All})";
            return false;
        }
        var candidates = ModelCatalog.All.Where(s => model is null ? ModelCatalog.DefaultModels.Contains(s.Model)
            : everyModel || s.Model.Equals(model, StringComparison.OrdinalIgnoreCase)).ToList();
        if (variant is null)
            specs = [.. candidates.GroupBy(s => s.Model).Select(g => g.First())];
        else if (everyVariant)
            specs = [.. candidates];
        else
        {
            specs = [.. candidates.Where(s => s.Variant.Equals(variant, StringComparison.OrdinalIgnoreCase))];
            if (specs.IsEmpty)
            {
                error = everyModel
                    ? $"unknown variant '{variant}'; valid variants: {string.Join("; ", ModelCatalog.Models.Select(m => $"{m}: {string.Join(", ", ModelCatalog.Variants(m))}"))} (or {All})"
                    : $"unknown variant '{variant}' of model '{candidates[0].Model}'; valid variants: {string.Join(", ", candidates.Select(s => s.Variant))} (or {All})";
                return false;
            }
        }
        return true;
    }

    /// <summary>Chooses the issues to run: one by id, or every issue; each must have at least one actor with a stance.</summary>
    public static bool TrySelectIssues(Scenario scenario, string? issueId, out ImmutableArray<Issue> issues, out string error)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        error = "";
        issues = [];
        if (issueId is not null)
        {
            if (scenario.FindIssue(issueId) is not { } issue)
            {
                error = $"unknown issue '{issueId}'; the scenario's issues are: {string.Join(", ", scenario.Issues.Select(i => i.Id))}";
                return false;
            }
            issues = [issue];
        }
        else issues = scenario.Issues;
        var empty = issues.Where(i => !scenario.Actors.Any(a => a.Stances.ContainsKey(i.Id))).Select(i => i.Id).ToList();
        if (empty.Count > 0)
        {
            error = $"no actor holds a position on issue {string.Join(", ", empty.Select(x => $"'{x}'"))}; add positions or choose another issue with --issue";
            return false;
        }
        return true;
    }

    /// <summary>Runs each spec on each issue (issue-major order).</summary>
    /// <exception cref="ArgumentException">A model rejected its input (the message names the issue, actor and field).</exception>
    public static ScenarioRunResult Run(Scenario scenario, IReadOnlyList<Issue> issues, IReadOnlyList<ModelSpec> specs, ModelOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(issues);
        ArgumentNullException.ThrowIfNull(specs);
        ArgumentNullException.ThrowIfNull(options);
        var results = ImmutableArray.CreateBuilder<IssueForecasts>(issues.Count);
        foreach (var issue in issues)
        {
            var input = SpatialIssue.From(scenario, issue.Id);
            var runs = ImmutableArray.CreateBuilder<IModelResult>(specs.Count);
            foreach (var spec in specs)
            {
                cancellation.ThrowIfCancellationRequested();
                runs.Add(ModelCatalog.Run(spec.Model, spec.Variant, scenario, issue.Id, options));
            }
            results.Add(new IssueForecasts(issue, input, runs.MoveToImmutable()));
        }
        return new ScenarioRunResult(scenario, options, [.. specs], results.MoveToImmutable());
    }
}
