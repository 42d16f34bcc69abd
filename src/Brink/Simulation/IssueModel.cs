using Brink.Models;

namespace Brink.Simulation;

/// <summary>
/// A one-issue model as the simulation engine sees it: a factory of per-thread workers that
/// evaluate the model on an <see cref="IssueBuffer"/>. Workers may keep scratch buffers between
/// calls (one worker is used by one thread only).
/// </summary>
public interface IIssueModel
{
    /// <summary>Contract name (<c>compromise</c>, <c>median</c>, <c>eum</c>, …).</summary>
    string Name { get; }
    /// <summary>The variant, as in <see cref="Models.IModelResult.Variant"/>.</summary>
    string Variant { get; }
    /// <summary>True when the model reports how each dyad ends (the EUM).</summary>
    bool HasDyads { get; }
    /// <summary>A worker for one thread (workers keep scratch buffers and are not thread-safe).</summary>
    IIssueModelWorker CreateWorker();

    /// <summary>The model's warnings on one input (the point values of a simulation); none by default.</summary>
    System.Collections.Immutable.ImmutableArray<ResultWarning> Warnings(SpatialIssue pointValues) => [];
}

/// <summary>
/// A model that adjusts other inputs when one input is set to a value (the spatial model of politics keeps an actor's
/// saliences over its dimensions within 1). Sensitivity and what-if ask it about the values they report, so that the
/// adjustment is never silent.
/// </summary>
public interface IInputAdjustments
{
    /// <summary>What the model does to its other inputs when actor <paramref name="actor"/>'s <paramref name="field"/> on the template's issue is set to <paramref name="value"/> (the others at their point values); null when nothing.</summary>
    ResultWarning? Adjustment(IssueTemplate template, int actor, IssueField field, double value);
}

/// <summary>Evaluates a model for one draw; not thread-safe, one per thread.</summary>
public interface IIssueModelWorker
{
    /// <summary>
    /// Runs the model on the buffer's values. When the model has dyads, <paramref name="dyads"/>
    /// has n×n entries (row-major, receiver i, proposer j) to be filled; otherwise it is empty.
    /// </summary>
    Forecast Evaluate(IssueTemplate template, IssueBuffer input, Span<DyadOutcome> dyads);
}

/// <summary>Ready-made <see cref="IIssueModel"/>s and an adapter for any <c>SpatialIssue → IModelResult</c> function.</summary>
public static class IssueModels
{
    /// <summary>Compromise model (design §4.1): the weighted mean of the positions with weights c·s, in both fields of the forecast.</summary>
    public static IIssueModel Compromise { get; } = new BaselineModel("compromise", "weighted-mean", median: false);

    /// <summary>Weighted median model (design §4.1): the lower weighted median, in both fields of the forecast.</summary>
    public static IIssueModel Median { get; } = new BaselineModel("median", "weighted-median", median: true);

    /// <summary>
    /// Wraps a model function. Each draw builds a <see cref="SpatialIssue"/> from the buffer; if the
    /// result is an <see cref="EumResult"/> with n×n <see cref="EumResult.Dyads"/>, they are copied out.
    /// </summary>
    public static IIssueModel FromFunction(string name, string variant, Func<SpatialIssue, IModelResult> run, bool hasDyads = false) =>
        new FunctionModel(name, variant, run, hasDyads);

    private sealed class BaselineModel(string name, string variant, bool median) : IIssueModel, IIssueModelWorker
    {
        public string Name => name;
        public string Variant => variant;
        public bool HasDyads => false;
        public IIssueModelWorker CreateWorker() => this; // stateless, so shared
        public Forecast Evaluate(IssueTemplate template, IssueBuffer input, Span<DyadOutcome> dyads)
        {
            var v = median
                ? Baselines.WeightedMedian(input.Position, input.Capability, input.Salience)
                : Baselines.WeightedMean(input.Position, input.Capability, input.Salience);
            return new Forecast(v, v);
        }
    }

    private sealed class FunctionModel(string name, string variant, Func<SpatialIssue, IModelResult> run, bool hasDyads) : IIssueModel, IIssueModelWorker
    {
        public string Name => name;
        public string Variant => variant;
        public bool HasDyads => hasDyads;
        public IIssueModelWorker CreateWorker() => this; // holds no per-call state
        public System.Collections.Immutable.ImmutableArray<ResultWarning> Warnings(SpatialIssue pointValues) => run(pointValues).Warnings;
        public Forecast Evaluate(IssueTemplate template, IssueBuffer input, Span<DyadOutcome> dyads)
        {
            var result = run(template.ToSpatialIssue(input));
            if (!dyads.IsEmpty)
            {
                if (result is EumResult eum && eum.Dyads.Length == dyads.Length) eum.Dyads.AsSpan().CopyTo(dyads);
                else dyads.Fill(DyadOutcome.StatusQuo);
            }
            return result.Forecast;
        }
    }
}
