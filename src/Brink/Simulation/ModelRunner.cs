using System.Diagnostics.CodeAnalysis;
using Brink.Models;
using Brink.Models.Eum;
using Brink.Models.Reference;

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

    /// <summary>The model what-if and sensitivity analyse when none is named.</summary>
    public static string DefaultModel => "eum";

    /// <summary>Resolves a model by name (case-insensitive) and variant (null = default).</summary>
    /// <param name="scenario">The scenario being simulated: needed by models that read its relations (<c>influence</c>); without it they are refused.</param>
    public static bool TryResolve(string name, string? variant, ModelOptions options, [NotNullWhen(true)] out IIssueModel? model, out string error, Scenarios.Scenario? scenario = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        model = null;
        error = "";
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
        if (ModelCatalog.NeedsScenario(spec.Model))
        {
            // exchange: one issue's draws cannot stand for a joint draw of every issue of the space.
            error = spec.Model == Brink.Models.Influence.InfluenceModel.Name
                ? $"model '{spec.Model}' needs the scenario's relations; this caller did not pass the scenario"
                : $"model '{spec.Model}' bargains over every issue of the scenario at once, which the simulation's issue-by-issue draws do not support; run it with brink run --model {spec.Model}";
            return false;
        }
        model = spec.Model switch
        {
            "compromise" => IssueModels.Compromise,
            "median" => IssueModels.Median,
            "eum" => new EumIssueModel(EumVariant.Find(spec.Variant)!, options),
            _ => IssueModels.FromFunction(spec.Model, spec.Variant, issue => ModelCatalog.Run(spec.Model, spec.Variant, issue, options)),
        };
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
        return new BenchModels("eum", v.Name, (issue, o) => EumModel.Run(issue, o, v), (issue, o) => ReferenceEum.Run(issue, o, v));
    }

    /// <summary>The EUM with one reusable <see cref="EumEngine"/> (buffers) per worker thread.</summary>
    private sealed class EumIssueModel(EumVariant variant, ModelOptions options) : IIssueModel
    {
        public string Name => "eum";
        public string Variant => variant.Name;
        public bool HasDyads => true;
        public IIssueModelWorker CreateWorker() => new Worker(variant, options);

        private sealed class Worker(EumVariant variant, ModelOptions options) : IIssueModelWorker
        {
            private readonly EumEngine _engine = new();
            public Forecast Evaluate(IssueTemplate template, IssueBuffer input, Span<DyadOutcome> dyads)
            {
                var result = _engine.Run(template.ToSpatialIssue(input), options, variant);
                if (!dyads.IsEmpty) result.Dyads.AsSpan().CopyTo(dyads);
                return result.Forecast;
            }
        }
    }
}
