using System.Diagnostics.CodeAnalysis;
using Brink.Models;
using Brink.Models.Eum;
using Brink.Models.Nash;
using Brink.Models.Reference;
using Brink.Models.Smp;

namespace Brink.Simulation;

/// <summary>
/// The one place where the simulation engine and its commands meet the model catalogue: resolves a
/// model name and variant to an <see cref="IIssueModel"/>, and names the fast/reference pair the
/// benchmark times. Everything else in Simulation/ works on <see cref="IIssueModel"/> only.
/// </summary>
public static class ModelRunner
{
    /// <summary>Models a simulation runs when none is named, in report order.</summary>
    public static IReadOnlyList<string> Models => ModelCatalog.DefaultModels;

    /// <summary>Name of KTAB's spatial model of politics, which simulations run on a whole package.</summary>
    public const string SmpModel = "smp";

    /// <summary>The model what-if and sensitivity analyse when none is named.</summary>
    public static string DefaultModel => "eum";

    /// <summary>Resolves a model by name (case-insensitive) and variant (null = default).</summary>
    /// <param name="scenario">The scenario being simulated: needed by models that read its relations (<c>influence</c>) or its other issues
    /// (<c>exchange</c>, a joint model: see <see cref="IJointIssueModel"/>); without it they are refused.</param>
    public static bool TryResolve(string name, string? variant, ModelOptions options, [NotNullWhen(true)] out IIssueModel? model, out string error, Scenarios.Scenario? scenario = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        model = null;
        error = "";
        if (string.Equals(name.Trim(), SmpModel, StringComparison.OrdinalIgnoreCase))
            return TryResolveSmp(variant, out model, out error, scenario);
        if (string.Equals(name.Trim(), PackageNashIssueModel.ModelName, StringComparison.OrdinalIgnoreCase))
            return TryResolvePackageNash(variant, out model, out error, scenario);
        ModelSpec spec;
        try
        {
            spec = ModelCatalog.Find(name.Trim(), variant);
        }
        catch (ArgumentException ex)
        {
            error = ex.Message.Split(" (Parameter")[0];
            return false;
        }
        if (spec.Model == Brink.Models.Influence.InfluenceModel.Name && scenario is not null)
        {
            model = new Brink.Models.Influence.InfluenceIssueModel(scenario, spec.Variant, options);
            return true;
        }
        if (spec.Model == Brink.Models.Exchange.ExchangeModel.Name && scenario is not null)
        {
            // A joint model: each draw perturbs every issue of the exchange space (IJointIssueModel).
            model = new Brink.Models.Exchange.ExchangeIssueModel(scenario);
            return true;
        }
        if (ModelCatalog.NeedsScenario(spec.Model))
        {
            error = spec.Model == Brink.Models.Influence.InfluenceModel.Name
                ? $"model '{spec.Model}' needs the scenario's relations; this caller did not pass the scenario"
                : $"model '{spec.Model}' bargains over every issue of the scenario at once and needs the scenario; this caller did not pass it";
            return false;
        }
        model = spec.Model switch
        {
            "compromise" => IssueModels.Compromise,
            "median" => IssueModels.Median,
            "eum" => new EumIssueModel(EumVariant.Find(spec.Variant)!, options),
            _ => IssueModels.FromFunction(spec.Model, spec.Variant, issue => ModelCatalog.Run(spec.Model, spec.Variant, issue, options)),
        };
        model = new FiniteModel(model);
        return true;
    }

    /// <summary>
    /// The spatial model of politics (a joint model over the negotiation each dimension belongs to, see
    /// <see cref="SmpIssueModel"/>) with KTAB's default parameters, variant <c>brink</c> (default) or <c>ktab</c>.
    /// </summary>
    private static bool TryResolveSmp(string? variant, [NotNullWhen(true)] out IIssueModel? model, out string error, Scenarios.Scenario? scenario)
    {
        model = null;
        error = "";
        var specs = ModelCatalog.MultiDimensional;
        var spec = variant is null ? specs[0] : specs.FirstOrDefault(s => string.Equals(s.Variant, variant, StringComparison.OrdinalIgnoreCase));
        if (spec is null)
        {
            error = $"Unknown variant '{variant}' of model 'smp'. Valid variants: {string.Join(", ", specs.Select(s => s.Variant))} (default {specs[0].Variant}).";
            return false;
        }
        if (scenario is null)
        {
            error = "model 'smp' runs on a negotiation with all its dimensions and needs the scenario; this caller did not pass it";
            return false;
        }
        if (PackageJointModel.InputProblem(scenario, SmpModel, input => input.Problems()) is { } problem)
        {
            error = problem;
            return false;
        }
        var options = new SmpOptions { Variant = SmpVariants.Parse(spec.Variant) ?? throw new InvalidOperationException($"the catalog's smp variant '{spec.Variant}' has no SmpVariant") };
        model = new SmpIssueModel(scenario, options);
        return true;
    }

    /// <summary>
    /// Nash bargaining on the product space of the package each dimension belongs to (a joint model, see
    /// <see cref="PackageNashIssueModel"/>), variant <c>quadratic</c>; refused on a scenario without a multi-dimensional package.
    /// </summary>
    private static bool TryResolvePackageNash(string? variant, [NotNullWhen(true)] out IIssueModel? model, out string error, Scenarios.Scenario? scenario)
    {
        model = null;
        error = PackageNashIssueModel.VariantProblem(variant)
            ?? (scenario is null
                ? $"model '{PackageNashIssueModel.ModelName}' solves a package with all its dimensions and needs the scenario; this caller did not pass it"
                : PackageNashIssueModel.ScenarioProblem(scenario))
            ?? PackageJointModel.InputProblem(scenario!, PackageNashIssueModel.ModelName,
                input => input.Count == 0 ? [$"{input.Id}: no actor holds a stance on every dimension"] : [])
            ?? "";
        if (error.Length > 0) return false;
        model = new PackageNashIssueModel(scenario!);
        return true;
    }

    /// <summary>The EUM's fast and plain reference implementations for <c>brink bench</c>, or null with a reason.</summary>
    public static BenchModels? Bench(string? variant, out string error)
    {
        error = "";
        var v = EumVariant.Find(variant ?? ModelCatalog.DefaultVariant("eum"));
        if (v is null)
        {
            error = $"unknown EUM variant '{variant}'; valid variants: {string.Join(", ", EumVariant.All.Select(x => x.Name))}";
            return null;
        }
        return new BenchModels("eum", v.Name, (issue, o) => new EumEngine().Run(issue, o, v), (issue, o) => ReferenceEum.Run(issue, o, v));
    }

    /// <summary>Every draw's forecast passes <see cref="ResultGuard"/>: a NaN never becomes part of a distribution.</summary>
    private sealed class FiniteModel(IIssueModel inner) : IIssueModel
    {
        public string Name => inner.Name;
        public string Variant => inner.Variant;
        public bool HasDyads => inner.HasDyads;
        public IIssueModelWorker CreateWorker() => new Worker(inner.CreateWorker(), inner.Name, inner.Variant);
        // Forwarded: the interface's default (no warnings) would hide the wrapped model's.
        public System.Collections.Immutable.ImmutableArray<ResultWarning> Warnings(SpatialIssue pointValues) => inner.Warnings(pointValues);

        private sealed class Worker(IIssueModelWorker worker, string name, string variant) : IIssueModelWorker
        {
            public Forecast Evaluate(IssueTemplate template, IssueBuffer input, Span<DyadOutcome> dyads) =>
                ResultGuard.EnsureFinite(worker.Evaluate(template, input, dyads), name, variant);
        }
    }

    /// <summary>The EUM with one reusable <see cref="EumEngine"/> (buffers) per worker thread.</summary>
    private sealed class EumIssueModel(EumVariant variant, ModelOptions options) : IIssueModel
    {
        public string Name => "eum";
        public string Variant => variant.Name;
        public bool HasDyads => true;
        public IIssueModelWorker CreateWorker()
        {
            ModelInput.Validate(options);
            return new Worker(variant, options);
        }
        public System.Collections.Immutable.ImmutableArray<ResultWarning> Warnings(SpatialIssue pointValues) => EumModel.Run(pointValues, options, variant).Warnings;

        /// <summary>
        /// One draw: the engine's trace-free path on the draw's buffers, so a draw allocates nothing
        /// once the engine has seen an input of this size (no n×n result per draw).
        /// </summary>
        private sealed class Worker(EumVariant variant, ModelOptions options) : IIssueModelWorker
        {
            private readonly EumEngine _engine = new();
            public Forecast Evaluate(IssueTemplate template, IssueBuffer input, Span<DyadOutcome> dyads)
            {
                // The same checks as EumEngine.Run; on a bad draw that path throws the located message.
                if (!Valid(input)) _engine.Run(template.ToSpatialIssue(input), options, variant);
                return _engine.RunForecast(input.Capability, input.Position, input.Salience, input.Risk, options, variant, default, dyads);
            }

            private static bool Valid(IssueBuffer input)
            {
                for (var i = 0; i < input.Count; i++)
                {
                    double c = input.Capability[i], x = input.Position[i], s = input.Salience[i], r = input.Risk[i];
                    if (!double.IsFinite(x) || !double.IsFinite(c) || c < 0 || !(s >= 0 && s <= 1)) return false;
                    if (!double.IsNaN(r) && !(r > 0 && double.IsFinite(r))) return false;
                }
                return input.Count > 0;
            }
        }
    }
}
