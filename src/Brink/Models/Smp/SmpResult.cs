using System.Collections.Immutable;

namespace Brink.Models.Smp;

/// <summary>
/// One challenge of a turn (smpbcn.cpp SMPState::doBCN): initiator i's best target j, the probability
/// that i prevails and the expected gains to i and to j, each as estimated by i and by j.
/// </summary>
public sealed record SmpChallenge(int Initiator, int Target,
    double ProbByInitiator, double GainToInitiatorByInitiator, double GainToTargetByInitiator,
    double ProbByTarget, double GainToInitiatorByTarget, double GainToTargetByTarget)
{
    /// <summary>The bargain proposed from i's perspective: i's and j's new positions (scale units, n_dims each).</summary>
    public ImmutableArray<double> InitiatorBargainForInitiator { get; init; } = [];
    /// <summary>The bargain's new position for the target j, from i's perspective (scale units, n_dims values).</summary>
    public ImmutableArray<double> InitiatorBargainForTarget { get; init; } = [];
}

/// <summary>
/// One state of the run. Turn 0 is the initial state. <see cref="Positions"/> is n × d row-major on
/// the dimensions' scales. The matrices are filled when the run was traced; they describe the
/// analysis made in this state (before the bargains that lead to the next one).
/// </summary>
public sealed record SmpTurn(int Turn, ImmutableArray<double> Positions)
{
    /// <summary>n × n row-major: risk-neutral value to actor i of actor j's position, 1 − d_ij.</summary>
    public ImmutableArray<double> RiskNeutralValue { get; init; } = [];
    /// <summary>Inferred risk attitude per actor (on the BigRRange scale); empty when not traced.</summary>
    public ImmutableArray<double> Risk { get; init; } = [];
    /// <summary>The challenges made in this state, by initiator; empty when not traced.</summary>
    public ImmutableArray<SmpChallenge> Challenges { get; init; } = [];
    /// <summary>Per actor, the index in its bargain list of the bargain it adopted (0 = status quo); empty when not traced.</summary>
    public ImmutableArray<int> ChosenBargain { get; init; } = [];
}

/// <summary>
/// Result of the Spatial Model of Politics (KTAB's SMP, reimplemented): every state from the initial
/// one to the one where the stopping rule fired, and the forecast per dimension (capability ×
/// salience weighted mean and median of the final positions).
/// </summary>
public sealed record SmpResult(SmpInput Input, SmpOptions Options, ImmutableArray<SmpTurn> Turns, bool Converged)
{
    /// <summary>Contract name of the model: <c>smp</c>.</summary>
    public string Model => "smp";
    /// <summary><c>brink</c> or <c>ktab</c> (see <see cref="SmpVariant"/>).</summary>
    public string Variant => Options.Variant.Name();
    /// <summary>The last turn index (KTAB: "There were N states, with N−1 steps between them").</summary>
    public int StoppingTurn => Turns.Length - 1;
    /// <summary>Why the run stopped.</summary>
    public string StopReason => Converged
        ? $"the last turn moved the actors less than {Options.MinDeltaRatio:0.###} of the first turn's move"
        : $"reached the limit of {Options.MaxTurns} turns";
    /// <summary>What a reader must know to trust this result; empty when nothing.</summary>
    public ImmutableArray<ResultWarning> Warnings { get; init; } = [];

    /// <summary>Final position of actor i on dimension k.</summary>
    public double Final(int i, int k) => Turns[^1].Positions[i * Input.DimensionCount + k];

    /// <summary>Per dimension, the weighted mean and weighted median (weights capability × salience on that dimension) of the final positions.</summary>
    public ImmutableArray<Forecast> Forecasts()
    {
        var d = Input.DimensionCount;
        var builder = ImmutableArray.CreateBuilder<Forecast>(d);
        for (var k = 0; k < d; k++)
        {
            var pairs = Enumerable.Range(0, Input.Count)
                .Select(i => (X: Final(i, k), W: Input.Capability[i] * Input.Salience[i * d + k])).ToList();
            var total = pairs.Sum(p => p.W);
            if (total <= 0) pairs = [.. pairs.Select(p => (p.X, W: 1.0))];
            total = pairs.Sum(p => p.W);
            var mean = pairs.Sum(p => p.X * p.W) / total;
            double acc = 0, median = pairs.OrderBy(p => p.X).Last().X;
            foreach (var p in pairs.OrderBy(p => p.X))
            {
                acc += p.W;
                if (acc >= total / 2) { median = p.X; break; }
            }
            builder.Add(new Forecast(mean, median));
        }
        return builder.MoveToImmutable();
    }
}
