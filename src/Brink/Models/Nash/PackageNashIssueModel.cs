using System.Collections.Immutable;
using System.Globalization;
using Brink.Models.Smp;
using Brink.Scenarios;
using Brink.Simulation;

namespace Brink.Models.Nash;

/// <summary>
/// Nash bargaining on the product space of a package (<see cref="PackageNash"/>, design §4.1 and §10) as the simulation engine
/// sees it (<c>brink simulate / sensitivity / whatif --model nash-package</c>): a joint model over the package a dimension
/// belongs to (<see cref="PackageJointModel"/>). Every Monte Carlo draw perturbs the inputs of all the package's dimensions
/// together, solves the product-space problem once, and reports the solution's coordinate on the dimension simulated (in both
/// fields of the forecast). Without uncertain inputs the forecast is <c>brink run</c>'s product-space Nash (model <c>nash</c>,
/// variant <c>quadratic</c>, in the package view).
/// </summary>
/// <remarks>
/// Saliences are used as drawn: the solution reads each actor's relative attention s_ik / S_i and its weight c_i·S_i, so no
/// limit on S_i applies. A draw in which no point beats the status quo for every actor reports the status quo (the fallback
/// <c>brink run</c> reports with <c>feasible: false</c>) and is counted (<see cref="NoFeasibleAgreementCode"/>); an issue that is
/// not a dimension of a multi-dimensional package is solved alone (the one-dimensional quadratic Nash), and its draws are
/// counted too (<see cref="SingleIssueCode"/>). Sensitivity and what-if say when a value they report leaves no feasible agreement.
/// </remarks>
public sealed class PackageNashIssueModel : PackageJointModel, IInputAdjustments
{
    /// <summary>Contract name of the model in simulate, sensitivity and what-if.</summary>
    public const string ModelName = "nash-package";
    /// <summary>The one variant: quadratic losses (the product-space solution's).</summary>
    public const string QuadraticVariant = "quadratic";
    /// <summary>Draw note: no point of the product space beat the status quo for every actor; the draw's forecast is the status quo.</summary>
    public const string NoFeasibleAgreementCode = "nash-package-draw-no-feasible-agreement";
    /// <summary>Draw note: the issue is not a dimension of a multi-dimensional package and was solved alone.</summary>
    public const string SingleIssueCode = "nash-package-draw-single-issue";
    /// <summary>Code of the warning that the product-space solution leaves out actors without a stance on every dimension.</summary>
    public const string PartialActorsCode = "nash-partial-actors";

    /// <summary>What <c>brink run</c> (which does not take this model) says about it: where it runs, and where run reports the same solution.</summary>
    public const string NotARunModel = $"model '{ModelName}' (Nash on the product space of a package) runs in brink simulate, sensitivity and whatif; " +
        "brink run reports the product-space solution of each package under model nash, variant quadratic";

    /// <summary>The model over every package of <paramref name="scenario"/>.</summary>
    public PackageNashIssueModel(Scenario scenario) : base(scenario)
    {
    }

    /// <inheritdoc/>
    public override string Name => ModelName;
    /// <inheritdoc/>
    public override string Variant => QuadraticVariant;

    /// <inheritdoc/>
    public override ImmutableArray<DrawNote> DrawNotes { get; } =
    [
        new DrawNote(NoFeasibleAgreementCode, "no point of the package's product space beat the status quo for every actor; those draws' forecasts are the status quo (the fallback brink run reports with feasible: false), not a bargaining solution"),
        new DrawNote(SingleIssueCode, "the issue is not a dimension of a multi-dimensional package, so it was solved alone (the same as model nash, variant quadratic)"),
    ];

    /// <summary>Why <paramref name="variant"/> is not a variant of the model (null when it is, or when none is given).</summary>
    public static string? VariantProblem(string? variant) =>
        variant is null || string.Equals(variant, QuadraticVariant, StringComparison.OrdinalIgnoreCase) ? null
            : $"Unknown variant '{variant}' of model '{ModelName}'. Valid variants: {QuadraticVariant} (default {QuadraticVariant}).";

    /// <summary>Why the model cannot run on <paramref name="scenario"/> (it has no multi-dimensional package), or null.</summary>
    public static string? ScenarioProblem(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.Packages().Any(p => p.Dimensions.Length >= 2)) return null;
        return $"model '{ModelName}' solves Nash bargaining on the product space of a package's dimensions and needs a scenario with a " +
            $"multi-dimensional package (issues that share a package); {scenario.SourceFile ?? "the scenario"} has none. " +
            "Model 'nash' solves each issue alone.";
    }

    /// <summary>The warning that the product-space solution of <paramref name="packageId"/> leaves out <paramref name="leftOut"/> (also in <c>brink run</c>'s package view).</summary>
    public static ResultWarning PartialActors(string packageId, IReadOnlyList<string> leftOut) =>
        new(PartialActorsCode, $"{packageId}: Nash on the product space leaves out {string.Join(", ", leftOut)}, who hold a stance on some but not all of its dimensions")
        { Issue = packageId };

    /// <summary><see cref="PackageNash.Run"/> on the package: the solution on every dimension, in both fields of the forecast.</summary>
    protected override PackageRun Run(SmpInput input, bool attentionScaled)
    {
        var result = PackageNash.Run(input);
        var notes = (result.Feasible ? 0 : 1) | (input.DimensionCount < 2 ? 2 : 0);
        return new PackageRun([.. result.Solution.Select(x => new Forecast(x, x))], notes, result.Warnings);
    }

    /// <inheritdoc/>
    protected override ResultWarning PartialActorsWarning(string packageId, IReadOnlyList<string> leftOut) => PartialActors(packageId, leftOut);

    /// <summary>
    /// When setting actor <paramref name="actor"/>'s <paramref name="field"/> to <paramref name="value"/> (everything else at its
    /// point value) leaves no point that beats the status quo for every actor: the warning that the value's forecast is the status quo.
    /// </summary>
    public ResultWarning? Adjustment(IssueTemplate template, int actor, IssueField field, double value)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (field == IssueField.Risk || actor < 0 || actor >= template.Count) return null;
        if (PackageNash.Run(PointInputWith(template, actor, field, value)).Feasible) return null;
        var id = template.ActorIds[actor];
        return new ResultWarning(PackageNash.NoFeasibleAgreementCode,
            $"{id}: with its {field.ToString().ToLowerInvariant()} at {value.ToString("0.###", CultureInfo.InvariantCulture)} on {template.IssueId} " +
            "(the other inputs at their point values) no point of the package's product space beats the status quo for every actor; " +
            "the forecast for that value is the status quo, not a bargaining solution")
        { Actors = [id], Issue = template.IssueId };
    }
}
