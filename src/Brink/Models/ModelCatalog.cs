using System.Collections.Immutable;

namespace Brink.Models;

/// <summary>Options shared by the iterative models (EUM): rounds, Q, T and a convergence rule.</summary>
public sealed record ModelOptions
{
    /// <summary>Maximum number of rounds (Scholz et al. 2011 use 10).</summary>
    public int Rounds { get; init; } = 10;
    /// <summary>Q: probability the status quo persists if no challenge (Bueno de Mesquita 1994); default 1.</summary>
    public double Q { get; init; } = 1.0;
    /// <summary>T: probability things get better for i if j does not challenge; default 1.</summary>
    public double T { get; init; } = 1.0;
    /// <summary>Stop early when no position moves more than this (in scale units); null = run all rounds.</summary>
    public double? ConvergenceTolerance { get; init; }
    /// <summary>Keep the n×n expected-utility matrices of every round in the trace (costly for Monte Carlo).</summary>
    public bool FullTrace { get; init; } = true;
    /// <summary>Refuse a model whose estimated working memory exceeds this (bytes); null = <see cref="ModelMemory.DefaultLimitBytes"/>.</summary>
    public long? MaxMemoryBytes { get; init; }
    /// <summary>The front end's option that sets <see cref="MaxMemoryBytes"/> (<c>--max-memory</c>), named in the refusal; null when it has none.</summary>
    public string? MaxMemoryOption { get; init; }
    /// <summary>
    /// Threads of one EUM run's rounds (row-parallel; 0 = one per processor, 1 = serial). Results are bit-identical
    /// for every value. Keep 1 where runs are already parallel (Monte Carlo draws).
    /// </summary>
    public int Threads { get; init; } = 1;
}

/// <summary>A model and variant Brink can run, with the paper it implements.</summary>
public sealed record ModelSpec(string Model, string Variant, string Description, string Citation);

/// <summary>Result of the expected utility model: the round-by-round trace and the final forecast.</summary>
public sealed record EumResult(string Variant, ImmutableArray<EumRound> Rounds, Forecast Forecast, ImmutableArray<double> FinalPositions) : IModelResult
{
    /// <inheritdoc/>
    public string Model => "eum";
    /// <summary>Initial forecast (round 0, before any move).</summary>
    public Forecast Initial { get; init; }
    /// <summary>n×n row-major: how dyad (i, j) ends in the last round from receiver i's perspective.</summary>
    public ImmutableArray<DyadOutcome> Dyads { get; init; } = [];
    /// <inheritdoc />
    public ImmutableArray<ResultWarning> Warnings { get; init; } = [];
    /// <summary>Positions cycling at the end of the run (see <see cref="Eum.EumWarnings"/>); null when none.</summary>
    public Eum.EumCycle? Cycle { get; init; }
    /// <summary>The single large move the forecast rests on; null when none.</summary>
    public Eum.EumPivotalMove? PivotalMove { get; init; }
}

/// <summary>
/// The task-named entry point to every spatial bargaining model (design §4.1–4.2): lists the models
/// and variants and runs one by name. Model names are contracts: <c>compromise</c>, <c>median</c>,
/// <c>nash</c>, <c>eum</c>.
/// </summary>
public static class ModelCatalog
{
    /// <summary>Every model and variant, the default variant of each model first.</summary>
    public static IReadOnlyList<ModelSpec> All { get; } =
    [
        new("compromise", "weighted-mean", "Weighted mean of positions, weights capability × salience.",
            "Achen 2006, in Thomson et al. (eds), The European Union Decides; design §4.1"),
        new("median", "weighted-median", "Lower weighted median of positions, weights capability × salience.",
            "Black 1948; Bueno de Mesquita 1994 (median voter as forecast)"),
        new("nash", "quadratic", "Asymmetric Nash bargaining solution, u_i(x) = −(x − x_i)², weights capability × salience.",
            "Nash 1950, Econometrica 18(2):155–162"),
        new("nash", "linear", "Asymmetric Nash bargaining solution, u_i(x) = −|x − x_i|, weights capability × salience.",
            "Nash 1950, Econometrica 18(2):155–162"),
        .. Eum.EumVariant.All.Select(v => new ModelSpec("eum", v.Name, v.Description,
            "Bueno de Mesquita 1994, in Bueno de Mesquita & Stokman (eds), European Community Decision Making, ch. 4; " +
            "Scholz, Calbert & Smith 2011, J. Theoretical Politics 23(4):510–531")),
        .. Influence.InfluenceModel.Variants.Select(v => new ModelSpec(Influence.InfluenceModel.Name, v.Variant, v.Description,
            "Friedkin & Johnsen 1990, J. Mathematical Sociology 15(3–4):193–206; Friedkin & Johnsen 1999, Advances in Group Processes 16:1–29")),
        new(Exchange.ExchangeModel.Name, Exchange.ExchangeModel.EqualGain,
            "Exchange of voting positions across the issues of a scenario (one exchange space), equal-gain rule, realised in order of gain; forecast = compromise model on the shifted positions.",
            "Stokman & Van Oosten 1994, in Bueno de Mesquita & Stokman (eds), European Community Decision Making; Arregui, Stokman & Thomson 2006, in Thomson et al. (eds), The European Union Decides"),
    ];

    /// <summary>
    /// Models that run on a negotiation with all its dimensions at once rather than issue by issue
    /// (design §10): KTAB's Spatial Model of Politics, run by <see cref="Smp.SmpModel"/>. They are not
    /// in <see cref="All"/>, which lists what runs by default on every one-dimensional issue.
    /// </summary>
    public static IReadOnlyList<ModelSpec> MultiDimensional { get; } =
    [
        new("smp", "brink", "KTAB's Spatial Model of Politics with KTAB's defaults; the PWCompInterp receiver weight uses the receiver's capability.",
            "KTAB (KAPSARC Toolkit for Behavioral Analysis) smp.cpp, smpbcn.cpp, kmodel.cpp"),
        new("smp", "ktab", "KTAB's Spatial Model of Politics as KTAB runs it, including its PWCompInterp weighting bug (smpbcn.cpp doBCN).",
            "KTAB (KAPSARC Toolkit for Behavioral Analysis) smp.cpp, smpbcn.cpp, kmodel.cpp"),
    ];

    /// <summary>The model names, in catalogue order.</summary>
    public static IReadOnlyList<string> Models { get; } = [.. All.Select(s => s.Model).Distinct()];

    /// <summary>
    /// The models run when none is named (<c>brink run</c>, <c>brink simulate</c>): the one-issue bargaining
    /// models. The network and linkage models of design §9 run when named (or with <c>--model all</c>).
    /// </summary>
    public static IReadOnlyList<string> DefaultModels { get; } = ["compromise", "median", "nash", "eum"];

    /// <summary>
    /// True for models that read more of a scenario than one issue's actor table (relations, other
    /// issues): they run through <see cref="Run(string, string?, Scenarios.Scenario, string, ModelOptions)"/>.
    /// </summary>
    public static bool NeedsScenario(string model) =>
        string.Equals(model, Influence.InfluenceModel.Name, StringComparison.OrdinalIgnoreCase)
        || string.Equals(model, Exchange.ExchangeModel.Name, StringComparison.OrdinalIgnoreCase);

    /// <summary>The default variant of a model (the first one listed).</summary>
    /// <exception cref="ArgumentException">Unknown model; the message lists the valid names.</exception>
    public static string DefaultVariant(string model) => Find(model, null).Variant;

    /// <summary>The variants of a model, default first.</summary>
    /// <exception cref="ArgumentException">Unknown model; the message lists the valid names.</exception>
    public static IReadOnlyList<string> Variants(string model)
    {
        Find(model, null);
        return [.. All.Where(s => s.Model == model).Select(s => s.Variant)];
    }

    /// <summary>Looks up a model and variant (null variant = default).</summary>
    /// <exception cref="ArgumentException">Unknown model or variant; the message lists the valid names.</exception>
    public static ModelSpec Find(string model, string? variant)
    {
        ArgumentNullException.ThrowIfNull(model);
        var specs = All.Where(s => string.Equals(s.Model, model, StringComparison.OrdinalIgnoreCase)).ToList();
        if (specs.Count == 0 && model.Equals("smp", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"The spatial model of politics (smp) runs on a whole negotiation (brink run --model smp alone; brink simulate, sensitivity and whatif --model smp), not beside the one-dimensional models here. Valid models here: {string.Join(", ", Models)}.", nameof(model));
        if (specs.Count == 0 && model.Equals(Nash.PackageNashIssueModel.ModelName, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"{Nash.PackageNashIssueModel.NotARunModel}. Valid models here: {string.Join(", ", Models)}.", nameof(model));
        if (specs.Count == 0)
            throw new ArgumentException($"Unknown model '{model}'. Valid models: {string.Join(", ", Models)}.", nameof(model));
        if (variant is null) return specs[0];
        return specs.FirstOrDefault(s => string.Equals(s.Variant, variant, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException(
                $"Unknown variant '{variant}' of model '{specs[0].Model}'. Valid variants: {string.Join(", ", specs.Select(s => s.Variant))} (default {specs[0].Variant}).",
                nameof(variant));
    }

    /// <summary>Runs one model on one issue.</summary>
    /// <exception cref="ArgumentException">Unknown model or variant, or an input no model can use (the message says which actor and field).</exception>
    public static IModelResult Run(string model, string? variant, SpatialIssue input, ModelOptions options)
    {
        var spec = Find(model, variant);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        if (ModelLimits.ActorProblem(spec.Model, input.IssueId, input.Count, options) is { } tooMany) throw new ArgumentException(tooMany);
        IModelResult result = spec.Model switch
        {
            "compromise" => CompromiseResult.Run(input),
            "median" => MedianResult.Run(input),
            "nash" => Nash.NashBargaining.Run(input, spec.Variant),
            "eum" => Eum.EumModel.Run(input, options, Eum.EumVariant.Find(spec.Variant)!),
            // Without a scenario there are no relations: say so rather than pass for a network model.
            Influence.InfluenceModel.Name => NoRelations(Influence.InfluenceModel.Run(input, Influence.InfluenceNetwork.None(input.Actors), spec.Variant, options), input.IssueId),
            // One issue alone is an exchange space without partners: the result says so.
            Exchange.ExchangeModel.Name => Exchange.ExchangeModel.Run([new Exchange.ExchangeIssue(input, input.Actors)])[0],
            _ => throw new InvalidOperationException($"Model '{spec.Model}' is listed but has no runner."),
        };
        return ResultGuard.EnsureFinite(result);
    }

    /// <summary>
    /// Runs one model on one issue of a scenario. Models that read more than the issue's actor table
    /// get it here: <c>influence</c> its network from the scenario's <c>follows</c> relations,
    /// <c>exchange</c> the other issues of the scenario (its exchange space).
    /// </summary>
    /// <exception cref="ArgumentException">Unknown model, variant or issue, or an input no model can use.</exception>
    /// <remarks>Every model but <c>exchange</c> bargains over the issue alone: when the scenario declares linkages touching the
    /// issue, its result carries the warning <see cref="LinkagesIgnoredCode"/>.</remarks>
    public static IModelResult Run(string model, string? variant, Scenarios.Scenario scenario, string issueId, ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var spec = Find(model, variant);
        var result = RunOnScenario(spec, scenario, issueId, options);
        return LinkagesIgnored(scenario, issueId, spec.Model) is { } ignored ? WithWarning(result, ignored) : result;
    }

    /// <summary>Code of the warning that a model bargaining over one issue at a time ignored the scenario's linkages touching that issue.</summary>
    public const string LinkagesIgnoredCode = "linkages-ignored";

    /// <summary>
    /// The warning that <paramref name="model"/> ignores the linkages of <paramref name="scenario"/> touching issue <paramref name="issueId"/>
    /// (as the linked issue or as one it requires); null for the exchange model, which reads them, or when no linkage touches the issue.
    /// </summary>
    public static ResultWarning? LinkagesIgnored(Scenarios.Scenario scenario, string issueId, string model)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (string.Equals(model, Exchange.ExchangeModel.Name, StringComparison.OrdinalIgnoreCase)) return null;
        var touching = scenario.Linkages.Where(l => l.Issue == issueId || l.Requires.Contains(issueId)).ToList();
        if (touching.Count == 0) return null;
        var described = string.Join("; ", touching.Select(l => $"{l.Actor} moves on {l.Issue} only in return for {string.Join(" or ", l.Requires)}"));
        return new ResultWarning(LinkagesIgnoredCode,
            $"The scenario links issue '{issueId}' to others ({described}); the {model} model bargains over each issue alone and ignores the linkage: only the exchange model (--model exchange) reads it.")
        {
            Issue = issueId,
            Actors = [.. touching.Select(l => l.Actor).Distinct(StringComparer.Ordinal)],
        };
    }

    /// <summary>The result with one more warning (every model result type of the catalogue).</summary>
    /// <exception cref="InvalidOperationException">A result type the catalogue does not produce.</exception>
    public static IModelResult WithWarning(IModelResult result, ResultWarning warning) => result switch
    {
        CompromiseResult r => r with { Warnings = r.Warnings.Add(warning) },
        MedianResult r => r with { Warnings = r.Warnings.Add(warning) },
        Nash.NashResult r => r with { Warnings = r.Warnings.Add(warning) },
        EumResult r => r with { Warnings = r.Warnings.Add(warning) },
        Influence.InfluenceResult r => r with { Warnings = r.Warnings.Add(warning) },
        Exchange.ExchangeResult r => r with { Warnings = r.Warnings.Add(warning) },
        _ => throw new InvalidOperationException($"Result type {result?.GetType().Name} cannot take a warning."),
    };

    private static IModelResult RunOnScenario(ModelSpec spec, Scenarios.Scenario scenario, string issueId, ModelOptions options)
    {
        return spec.Model switch
        {
            Influence.InfluenceModel.Name => Influence.InfluenceModel.Run(scenario, issueId, spec.Variant, options),
            // All issues of the scenario form one exchange space; the result for this issue is picked out.
            Exchange.ExchangeModel.Name => Exchange.ExchangeModel.Run(scenario).FirstOrDefault(r => r.IssueId == issueId)
                ?? throw new ArgumentException($"No actor holds a position on issue '{issueId}'.", nameof(issueId)),
            _ => Run(spec.Model, spec.Variant, SpatialIssue.From(scenario, issueId), options),
        };
    }

    /// <summary>Runs one model on every issue of a scenario, issue by issue, in the scenario's order.</summary>
    public static IReadOnlyList<IModelResult> Run(string model, string? variant, Scenarios.Scenario scenario, ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        Find(model, variant);
        return [.. scenario.Issues.Select(issue => Run(model, variant, scenario, issue.Id, options))];
    }

    private static Influence.InfluenceResult NoRelations(Influence.InfluenceResult result, string issueId) => result with
    {
        Warnings = result.Warnings.Add(new ResultWarning("influence-no-relations",
            $"Issue '{issueId}' was given without its scenario: there are no follows relations, so no actor is influenced.")
        { Issue = issueId }),
    };
}
