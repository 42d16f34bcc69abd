using System.Collections.Immutable;
using Brink.Models;

namespace Brink.Application;

/// <summary>How a model is run: on each issue of any scenario, on the EUM's dyads (crisis), or fitted on DEU data.</summary>
public enum ModelKind { Bargaining, Crisis, FittedDeu, MultiDimensional }

/// <summary>
/// One runnable model as every front end sees it: its name, variants (default first), the options it
/// reads, what it implements and how it is run. Front ends list and pick models only from
/// <see cref="ModelRegistry"/>, never by their own string switches.
/// </summary>
public sealed record ModelDescriptor(string Name, ModelKind Kind, ImmutableArray<string> Variants, ImmutableArray<string> Options, string Description, string Citation)
{
    public string DefaultVariant => Variants.IsEmpty ? "" : Variants[0];

    /// <summary>Runs a bargaining model on one issue of a scenario (null for the other kinds, which have their own services).</summary>
    public Func<Scenarios.Scenario, string, string, ModelOptions, IModelResult>? Runner { get; init; }
}

/// <summary>A model as <c>GET /api/models</c> lists it: its descriptor without the runner.</summary>
public sealed record ModelDocument(string Name, ModelKind Kind, ImmutableArray<string> Variants, string DefaultVariant, ImmutableArray<string> Options,
    string Description, string Citation)
{
    public static ModelDocument From(ModelDescriptor d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(d.Name, d.Kind, d.Variants, d.DefaultVariant, d.Options, d.Description, d.Citation);
    }
}

/// <summary>The registry of models (built once from the core catalogue plus the joined and fitted models).</summary>
public static class ModelRegistry
{
    /// <summary>Name that selects the crisis model joined to the EUM (design §4.3).</summary>
    public const string CrisisModel = "crisis";

    /// <summary>
    /// EUM variant whose dyads feed the crisis model unless a variant is given. The crisis join reads the
    /// round-1 quadrant chart; under scholz-code's global normaliser P(i beats j) is tiny, so almost every
    /// dyad would read as status quo.
    /// </summary>
    public const string CrisisDefaultEumVariant = "paper";

    /// <summary>Largest number of EUM rounds a request may ask for.</summary>
    public const int MaxRounds = 10_000;

    public static ImmutableArray<ModelDescriptor> All { get; } = Build();

    /// <summary>Every model as <c>GET /api/models</c> lists it.</summary>
    public static IReadOnlyList<ModelDocument> Documents() => [.. All.Select(ModelDocument.From)];

    /// <summary>The bargaining models, in catalogue order (what runs by default).</summary>
    public static ImmutableArray<ModelDescriptor> Bargaining { get; } = [.. All.Where(d => d.Kind == ModelKind.Bargaining)];

    /// <summary>The models simulate, sensitivity and what-if take: the bargaining models and the spatial model of politics (on the negotiation a dimension belongs to).</summary>
    public static ImmutableArray<ModelDescriptor> Simulated { get; } = [.. All.Where(d => d.Kind is ModelKind.Bargaining or ModelKind.MultiDimensional)];

    /// <summary>Names of <see cref="Simulated"/>, for help texts.</summary>
    public static ImmutableArray<string> SimulatedNames { get; } = [.. Simulated.Select(d => d.Name)];

    public static ModelDescriptor? Find(string? name) =>
        name is null ? null : All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Name that selects KTAB's Spatial Model of Politics, run on each negotiation with all its dimensions at once (design §10).</summary>
    public const string SmpModel = Brink.Simulation.ModelRunner.SmpModel;

    public static bool IsSmp(string? name) => string.Equals(name, SmpModel, StringComparison.OrdinalIgnoreCase);

    /// <summary>Name that selects Nash bargaining on the product space of a package in simulate, sensitivity and what-if (design §4.1, §10).</summary>
    public const string PackageNashModel = Brink.Models.Nash.PackageNashIssueModel.ModelName;

    /// <summary>True for <see cref="PackageNashModel"/> (case-insensitive).</summary>
    public static bool IsPackageNash(string? name) => string.Equals(name, PackageNashModel, StringComparison.OrdinalIgnoreCase);

    public static bool IsCrisis(string? name) => string.Equals(name, CrisisModel, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The DEU models fitted on the dev file (docs/backtest.md), by their back-test names such as
    /// <c>influence+choice-dev</c>: the stored name (<c>influence+choice</c>), or null when <paramref name="model"/> is not one of them.
    /// </summary>
    public static string? FittedDeuModel(string? model)
    {
        if (model is null || !model.EndsWith("-dev", StringComparison.OrdinalIgnoreCase)) return null;
        var stored = model[..^4];
        var parts = stored.Split('+');
        return parts.All(p => Backtest.FittedModels.StoredNames.Contains(p, StringComparer.OrdinalIgnoreCase)) ? stored.ToLowerInvariant() : null;
    }

    private static ImmutableArray<ModelDescriptor> Build()
    {
        var list = ImmutableArray.CreateBuilder<ModelDescriptor>();
        foreach (var group in ModelCatalog.All.GroupBy(s => s.Model))
        {
            var first = group.First();
            var name = group.Key;
            list.Add(new ModelDescriptor(name, ModelKind.Bargaining, [.. group.Select(s => s.Variant)],
                name == "eum" ? ["rounds"] : [], first.Description, first.Citation)
            {
                Runner = (scenario, issueId, variant, options) => ModelCatalog.Run(name, variant, scenario, issueId, options),
            });
        }
        list.Add(new ModelDescriptor(CrisisModel, ModelKind.Crisis, [.. ModelCatalog.Variants("eum").OrderBy(v => v == CrisisDefaultEumVariant ? 0 : 1)],
            ["rounds", "issue"], "The EUM joined to the crisis models: P(war), settlement, capitulation and status quo per conflict dyad.", "design §4.3"));
        list.Add(new ModelDescriptor(SmpModel, ModelKind.MultiDimensional, ["brink", "ktab"],
            [.. new Brink.Models.Smp.SmpOptions().KtabParameters().Select(p => p.Option), "seed", "max-turns", "issue", "trace"],
            "KTAB's Spatial Model of Politics: probabilistic Condorcet elections, inferred risk attitudes, challenges and interpolated bargains " +
            "over all dimensions of a negotiation at once; variant ktab keeps KTAB's PWCompInterp weighting bug. Also in simulate (every draw perturbs " +
            "all dimensions jointly), sensitivity and whatif (one dimension's inputs, the others at their point values).",
            "KAPSARC Toolkit for Behavioral Analysis (KTAB), smp.cpp/smpbcn.cpp (github.com/KAPSARC/KTAB); Wise, Lester et al., KAPSARC 2015–2017"));
        list.Add(new ModelDescriptor(PackageNashModel, ModelKind.MultiDimensional, [Brink.Models.Nash.PackageNashIssueModel.QuadraticVariant], ["issue"],
            "Asymmetric Nash bargaining on the product space of a package's dimensions (quadratic, salience-weighted losses), in simulate " +
            "(every draw perturbs all dimensions jointly and solves the package once), sensitivity and whatif (one dimension's inputs, the " +
            "others at their point values); brink run reports the same solution under model nash in each package's view.",
            "Nash 1950, Econometrica 18(2):155–162; design §4.1 and §10"));
        list.Add(new ModelDescriptor("<fitted>-dev", ModelKind.FittedDeu, ["dev-fitted"], ["issue"],
            $"DEU models fitted on the dev file, named MODEL[+MODEL]-dev from: {string.Join(", ", Backtest.FittedModels.StoredNames)}; they run only on one issue of a DEU file.",
            "docs/backtest.md"));
        return list.ToImmutable();
    }
}
