using System.Collections.Immutable;

namespace Brink.Models;

/// <summary>
/// The compromise model (design §4.1): the weighted mean Σ c_i s_i x_i / Σ c_i s_i. Both fields of
/// <see cref="Forecast"/> hold that point forecast.
/// </summary>
/// <param name="Value">The weighted mean of the positions.</param>
/// <param name="Weights">Each actor's share of the total weight c·s (equal shares when every c·s is 0).</param>
public sealed record CompromiseResult(double Value, ImmutableArray<double> Weights) : IModelResult
{
    /// <inheritdoc/>
    public string Model => "compromise";
    /// <inheritdoc/>
    public string Variant => "weighted-mean";
    /// <inheritdoc/>
    public Forecast Forecast => new(Value, Value);
    /// <inheritdoc />
    public ImmutableArray<ResultWarning> Warnings { get; init; } = [];

    /// <summary>Runs the compromise model on one issue.</summary>
    public static CompromiseResult Run(SpatialIssue input)
    {
        ModelInput.Validate(input);
        return new CompromiseResult(
            Baselines.WeightedMean(input.Position.AsSpan(), input.Capability.AsSpan(), input.Salience.AsSpan()),
            Baselines.Shares(input.Capability.AsSpan(), input.Salience.AsSpan()));
    }
}

/// <summary>
/// The weighted median model (design §4.1): argmin_p Σ c_i s_i |x_i − p|, taken as the lower weighted
/// median (the convention of the Scholz replication). Both fields of <see cref="Forecast"/> hold it.
/// </summary>
/// <param name="Value">The weighted median of the positions.</param>
/// <param name="MedianActor">Index of the first actor (in input order) whose position is the median.</param>
/// <param name="Weights">Each actor's share of the total weight c·s (equal shares when every c·s is 0).</param>
public sealed record MedianResult(double Value, int MedianActor, ImmutableArray<double> Weights) : IModelResult
{
    /// <inheritdoc/>
    public string Model => "median";
    /// <inheritdoc/>
    public string Variant => "weighted-median";
    /// <inheritdoc/>
    public Forecast Forecast => new(Value, Value);
    /// <inheritdoc />
    public ImmutableArray<ResultWarning> Warnings { get; init; } = [];

    /// <summary>Runs the weighted median model on one issue.</summary>
    public static MedianResult Run(SpatialIssue input)
    {
        ModelInput.Validate(input);
        var value = Baselines.WeightedMedian(input.Position.AsSpan(), input.Capability.AsSpan(), input.Salience.AsSpan());
        return new MedianResult(value, input.Position.IndexOf(value), Baselines.Shares(input.Capability.AsSpan(), input.Salience.AsSpan()));
    }
}
