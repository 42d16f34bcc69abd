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
}

/// <summary>A model and variant Brink can run, with the paper it implements.</summary>
public sealed record ModelSpec(string Model, string Variant, string Description, string Citation);

/// <summary>Result of the expected utility model: the round-by-round trace and the final forecast.</summary>
public sealed record EumResult(string Variant, ImmutableArray<EumRound> Rounds, Forecast Forecast, ImmutableArray<double> FinalPositions) : IModelResult
{
    public string Model => "eum";
    /// <summary>Initial forecast (round 0, before any move).</summary>
    public Forecast Initial { get; init; }
    /// <summary>n×n row-major: how dyad (i, j) ends in the last round from receiver i's perspective.</summary>
    public ImmutableArray<DyadOutcome> Dyads { get; init; } = [];
}
