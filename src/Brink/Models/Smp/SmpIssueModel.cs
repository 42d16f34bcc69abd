using System.Collections.Immutable;
using Brink.Scenarios;
using Brink.Simulation;

namespace Brink.Models.Smp;

/// <summary>
/// The spatial model of politics as the simulation engine sees it (<c>brink simulate / sensitivity / whatif --model smp</c>), a <see cref="PackageJointModel"/>:
/// a joint model (<see cref="IJointIssueModel"/>) whose space is the negotiation a dimension belongs to. Every Monte Carlo
/// draw perturbs the inputs of all the negotiation's dimensions together (<see cref="JointDraws"/>: one template per
/// dimension with the run's noise, an actor's capability drawn once for all of them), runs <see cref="SmpModel"/> once on
/// the package and reports the forecast (capability × salience weighted mean and median of the final positions) on the
/// dimension simulated; so the dimensions' distributions are the marginals of the same joint draws. Sensitivity and
/// what-if vary one dimension's inputs, the other dimensions at their point values.
/// </summary>
/// <remarks>
/// KTAB's rule that an actor's saliences add up to at most 1 over the dimensions (smpread.cpp) can be broken by drawn or
/// changed saliences. A draw scales that actor's saliences down in proportion until they add up to 1, and the run counts the
/// draws in which it did (<see cref="SalienceScaledCode"/>). A sensitivity or what-if change keeps the changed salience and
/// scales the actor's other dimensions down to make room. Draws that end at the turn limit rather than settling are counted
/// too (<see cref="NoConvergenceCode"/>).
/// </remarks>
public sealed class SmpIssueModel : PackageJointModel, IInputAdjustments
{
    /// <summary>Draw note: an actor's drawn saliences added up to more than 1 and were scaled down to 1.</summary>
    public const string SalienceScaledCode = "smp-draw-salience-scaled";
    /// <summary>Code: a changed salience left too little room, and the actor's other dimensions were scaled down.</summary>
    public const string SalienceRoomCode = "smp-salience-room";
    /// <summary>Draw note: the run reached the turn limit without settling.</summary>
    public const string NoConvergenceCode = "smp-draw-no-convergence";

    private readonly SmpOptions _options;

    /// <summary>The model over every negotiation of <paramref name="scenario"/> (<see cref="Scenario.Packages"/>) under <paramref name="options"/>.</summary>
    public SmpIssueModel(Scenario scenario, SmpOptions options) : base(scenario)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options with { Trace = false, TraceValues = false };
        DrawNotes =
        [
            new DrawNote(SalienceScaledCode, "an actor's drawn saliences added up to more than 1 over the dimensions (KTAB's limit) and were scaled down in proportion to add up to 1"),
            new DrawNote(NoConvergenceCode, $"the run reached the limit of {_options.MaxTurns} turns without settling; those draws' forecasts are where the run was cut"),
        ];
    }

    /// <inheritdoc/>
    public override string Name => "smp";
    /// <inheritdoc/>
    public override string Variant => _options.Variant.Name();
    /// <inheritdoc/>
    public override ImmutableArray<DrawNote> DrawNotes { get; }

    /// <summary>KTAB's actors give at most all their attention over the dimensions (smpread.cpp).</summary>
    protected override bool CapsAttention => true;

    /// <summary><see cref="SmpModel"/> on the package: the capability × salience weighted mean and median of the final positions per dimension.</summary>
    protected override PackageRun Run(SmpInput input, bool attentionScaled)
    {
        var result = SmpModel.Run(input, _options);
        return new PackageRun(result.Forecasts(), (attentionScaled ? 1 : 0) | (result.Converged ? 0 : 2), result.Warnings);
    }

    /// <inheritdoc/>
    protected override ResultWarning PartialActorsWarning(string packageId, IReadOnlyList<string> leftOut) =>
        new("smp-partial-actors", $"{packageId}: left out {string.Join(", ", leftOut)}, who hold a stance on some but not all of its dimensions");

    /// <summary>
    /// Setting a salience to <paramref name="value"/> with the actor's other dimensions at their point values: when they
    /// would add up to more than 1, <see cref="PackageJointModel.CreateWorker"/>'s runs scale the others down to make room, and this says so.
    /// </summary>
    public ResultWarning? Adjustment(IssueTemplate template, int actor, IssueField field, double value)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (field != IssueField.Salience || actor < 0 || actor >= template.Count) return null;
        var dimensions = SpaceOf(template.IssueId);
        var id = template.ActorIds[actor];
        var holder = Scenario.Actors.FirstOrDefault(a => a.Id == id);
        if (holder is null || !dimensions.All(holder.Stances.ContainsKey)) return null;
        var others = dimensions.Where(d => d != template.IssueId).Sum(d => holder.Stances[d].Salience);
        if (value + others <= 1 || others <= 0) return null;
        static string Num(double x) => x.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        return new ResultWarning(SalienceRoomCode,
            $"{id}: a salience of {Num(value)} on {template.IssueId} leaves {Num(Math.Max(0, 1 - value))} for its other dimensions, which hold {Num(others)}; " +
            "the model scaled them down to that, since KTAB's actors give at most all their attention over the dimensions")
        { Actors = [id], Issue = template.IssueId };
    }
}
