using System.Collections.Immutable;
using Brink.Models;

namespace Brink.Scenarios;

/// <summary>The results of every chosen model on one issue, with the model input they were run on.</summary>
public sealed record IssueForecasts(Issue Issue, SpatialIssue Input, ImmutableArray<IModelResult> Results);

/// <summary>A scenario run: the chosen models on the chosen issues, in the scenario's issue order.</summary>
public sealed record ScenarioRunResult(Scenario Scenario, ModelOptions Options, ImmutableArray<ModelSpec> Models, ImmutableArray<IssueForecasts> Issues)
{
    /// <summary>The multi-dimensional issues among the chosen ones (every dimension chosen), each model's forecast per dimension.</summary>
    public ImmutableArray<PackageForecasts> Packages { get; init; } = [];
}

/// <summary>
/// One multi-dimensional issue of a run: the actors holding a stance on every dimension and, per model,
/// one forecast per dimension. Compromise, median and the EUM are one-dimensional models run on each
/// dimension (<see cref="PackageModelForecast.ProductSpace"/> false); Nash's quadratic variant is solved on the
/// product space of the dimensions (<see cref="Models.Nash.PackageNash"/>).
/// </summary>
public sealed record PackageForecasts(string Id, ImmutableArray<Issue> Dimensions, Models.Smp.SmpInput Input, ImmutableArray<PackageModelForecast> Models)
{
    /// <summary>Actors with a stance on some but not all dimensions (left out of the product-space models).</summary>
    public ImmutableArray<string> LeftOut { get; init; } = [];
}

/// <summary>A model's forecast per dimension of a package (in the order of its dimensions).</summary>
/// <param name="ProductSpace">True when solved on the dimensions together; false when run on each dimension alone.</param>
/// <param name="Feasible">Nash only: whether an agreement beats disagreement for every actor; null for the other models.</param>
public sealed record PackageModelForecast(string Model, string Variant, bool ProductSpace, ImmutableArray<Forecast> Forecast, bool? Feasible,
    ImmutableArray<ResultWarning> Warnings);

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
            error = model!.Equals(Models.Nash.PackageNashIssueModel.ModelName, StringComparison.OrdinalIgnoreCase)
                ? $"{Models.Nash.PackageNashIssueModel.NotARunModel}; valid models here: {string.Join(", ", ModelCatalog.Models)} (or {All})"
                : $"unknown model '{model}'; valid models: {string.Join(", ", ModelCatalog.Models)} (or {All})";
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

    /// <summary>Chooses the issues to run: one by id (a multi-dimensional issue's id: all its dimensions), or every issue; each must have at least one actor with a stance.</summary>
    public static bool TrySelectIssues(Scenario scenario, string? issueId, out ImmutableArray<Issue> issues, out string error)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        error = "";
        issues = [];
        if (issueId is not null)
        {
            var dimensions = scenario.Issues.Where(i => i.Package == issueId).ToImmutableArray();
            if (!dimensions.IsEmpty) issues = dimensions; // a multi-dimensional issue: all its dimensions
            else if (scenario.FindIssue(issueId) is not { } issue)
            {
                error = $"unknown issue '{issueId}'; the scenario's issues are: {string.Join(", ", scenario.Issues.Select(i => i.Id))}";
                return false;
            }
            else issues = [issue];
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
        var byIssue = results.ToImmutable();
        return new ScenarioRunResult(scenario, options, [.. specs], byIssue) { Packages = Packages(scenario, byIssue, specs) };
    }

    /// <summary>Code of the warning that a Nash variant other than quadratic was solved dimension by dimension in a package.</summary>
    public const string NashPerDimensionCode = "nash-per-dimension";

    /// <summary>
    /// The warning that a simulation ran Nash bargaining on <paramref name="issueId"/> alone although it is a dimension of a
    /// package (Monte Carlo solves <c>nash</c> per dimension; <c>nash-package</c> solves the product space); null otherwise.
    /// </summary>
    public static ResultWarning? SimulatedPerDimension(Scenario scenario, string issueId, string model)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (!string.Equals(model, "nash", StringComparison.OrdinalIgnoreCase)) return null;
        var package = scenario.Issues.FirstOrDefault(i => i.Id == issueId)?.Package;
        if (package is null || scenario.Issues.Count(i => i.Package == package) < 2) return null;
        return new ResultWarning(NashPerDimensionCode,
            $"{issueId}: nash is solved on this dimension alone, not on the product space of package '{package}'; --model {Models.Nash.PackageNashIssueModel.ModelName} simulates the package as one negotiation")
        { Issue = issueId };
    }

    private static ImmutableArray<PackageForecasts> Packages(Scenario scenario, ImmutableArray<IssueForecasts> issues, IReadOnlyList<ModelSpec> specs)
    {
        var builder = ImmutableArray.CreateBuilder<PackageForecasts>();
        foreach (var (id, dimensions) in scenario.Packages())
        {
            if (dimensions.Length < 2 || dimensions[0].Package is null) continue;
            var perDimension = dimensions.Select(d => issues.FirstOrDefault(i => i.Issue.Id == d.Id)).ToList();
            if (perDimension.Any(i => i is null)) continue; // only some dimensions chosen (--issue): no package view
            var input = Models.Smp.SmpInputs.From(scenario, id, out var leftOut);
            var models = ImmutableArray.CreateBuilder<PackageModelForecast>();
            for (var m = 0; m < specs.Count; m++)
            {
                var spec = specs[m];
                var results = perDimension.Select(i => i!.Results[m]).ToList();
                var warnings = results.SelectMany(r => r.Warnings).ToImmutableArray();
                if (spec.Model == "nash" && spec.Variant == "quadratic" && input.Count > 0)
                {
                    var nash = Models.Nash.PackageNash.Run(input);
                    var extra = leftOut.Count == 0 ? nash.Warnings : nash.Warnings.Add(Models.Nash.PackageNashIssueModel.PartialActors(id, leftOut));
                    models.Add(new PackageModelForecast(spec.Model, spec.Variant, true, [.. nash.Solution.Select(x => ResultGuard.EnsureFinite(new Forecast(x, x), spec.Model, spec.Variant, "forecast (product space)"))], nash.Feasible, extra));
                    continue;
                }
                if (spec.Model == "nash")
                    warnings = warnings.Add(new ResultWarning(NashPerDimensionCode, spec.Variant == "quadratic"
                        // The quadratic variant reaches this point only when no actor holds a stance on every dimension.
                        ? $"{id}: solved dimension by dimension, not on the product space: no actor holds a position on every dimension of the package ({string.Join(", ", leftOut.Take(5))}{(leftOut.Count > 5 ? $" and {leftOut.Count - 5} more" : "")} each lack one)"
                        : $"{id}: the {spec.Variant} Nash variant is solved dimension by dimension, not on the product space (which Brink solves for the quadratic variant)")
                    { Issue = id });
                models.Add(new PackageModelForecast(spec.Model, spec.Variant, false, [.. results.Select(r => r.Forecast)],
                    results.OfType<Models.Nash.NashResult>().Any() ? results.OfType<Models.Nash.NashResult>().All(r => r.Feasible) : null, warnings));
            }
            builder.Add(new PackageForecasts(id, dimensions, input, models.ToImmutable()) { LeftOut = [.. leftOut] });
        }
        return builder.ToImmutable();
    }
}
