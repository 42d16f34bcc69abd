namespace Brink.Models.Smp;

// KTAB's model parameters, named and ordered as in KTAB (source/kmodel.h, source/smp.h), so a run
// printed by smpc ("VictoryProbModel: Linear" …) maps one to one onto these options.

/// <summary>How the probability that a coalition wins grows with its strength ratio (kmodel.h VPModel).</summary>
public enum SmpVictoryProbModel
{
    /// <summary>P(1 beats 2) = s1 / (s1 + s2), strengths as they are (KTAB default).</summary>
    Linear,
    /// <summary>Strengths squared before the ratio.</summary>
    Square,
    /// <summary>Strengths to the fourth power.</summary>
    Quartic,
    /// <summary>Strengths to the eighth power.</summary>
    Octic,
    /// <summary>The stronger side wins outright once it is 10 % stronger; linear ramp in between.</summary>
    Binary,
}

/// <summary>How much influence an actor exerts for a utility difference (kmodel.h VotingRule; "Prop" is proportional).</summary>
public enum SmpVotingRule
{
    /// <summary>Full weight for any utility difference (clipped to ±1 at a tolerance of 1e-8).</summary>
    Binary,
    /// <summary>80 % proportional, 20 % binary.</summary>
    PropBin,
    /// <summary>Weight × utility difference (KTAB default).</summary>
    Prop,
    /// <summary>Half proportional, half cubic.</summary>
    PropCbc,
    /// <summary>Weight × (utility difference)³: small differences count for little.</summary>
    Cubic,
    /// <summary>Asymmetric, prospect-theory style: losses count fully, gains at two thirds.</summary>
    ASymProsp,
}

/// <summary>How pairwise victory probabilities become a probability per option (kmodel.h PCEModel).</summary>
public enum SmpPceModel
{
    /// <summary>Each option's probability from the pairwise victory probabilities directly (KTAB default).</summary>
    Conditional,
    /// <summary>The stationary distribution of a Markov chain whose transitions are weighted by coalition strength.</summary>
    MarkovIncentive,
    /// <summary>The stationary distribution of a Markov chain with uniform transition choice.</summary>
    MarkovUniform,
}

/// <summary>Whether each actor adopts its most likely bargain or draws one (kmodel.h StateTransMode).</summary>
public enum SmpStateTransitions
{
    /// <summary>Each actor adopts its most likely bargain (KTAB default).</summary>
    Deterministic,
    /// <summary>Each actor draws a bargain by its probability, from <see cref="SmpOptions.Seed"/>.</summary>
    Stochastic,
}

/// <summary>The range risk attitudes are mapped onto: Min [0,1], Mid [−½,1], Max [−1,1] (kmodel.h BigRRange).</summary>
public enum SmpBigRRange
{
    /// <summary>Risk attitudes on [0, 1].</summary>
    Min,
    /// <summary>Risk attitudes on [−½, 1] (KTAB default).</summary>
    Mid,
    /// <summary>Risk attitudes on [−1, 1].</summary>
    Max,
}

/// <summary>How far actor h's estimate of i's risk attitude is anchored on h's own (kmodel.h BigRAdjust).</summary>
public enum SmpBigRAdjust
{
    /// <summary>h takes its own risk attitude for i's.</summary>
    None,
    /// <summary>h's estimate is (2 r_h + r_i) / 3 (KTAB default).</summary>
    OneThird,
    /// <summary>(r_h + r_i) / 2.</summary>
    Half,
    /// <summary>(r_h + 2 r_i) / 3.</summary>
    TwoThirds,
    /// <summary>h knows i's risk attitude exactly.</summary>
    Full,
}

/// <summary>How far a third party is committed to the side it joins (kmodel.h ThirdPartyCommit).</summary>
public enum SmpThirdPartyCommit
{
    /// <summary>A third party keeps its own position whichever side wins.</summary>
    NoCommit,
    /// <summary>A third party keeps its own position when its side wins and is moved to the winner's when it loses (KTAB default).</summary>
    SemiCommit,
    /// <summary>A third party ends at the winner's position, win or lose.</summary>
    FullCommit,
}

/// <summary>How two actors interpolate a bargain between their positions, per dimension (smp.h InterVecBrgn).</summary>
public enum SmpInterVecBargain
{
    /// <summary>Weights salience × win probability.</summary>
    S1P1,
    /// <summary>Weights salience² × win probability² (KTAB default).</summary>
    S2P2,
    /// <summary>Each side concedes in proportion to the other's advantage in win probability, weighted by salience².</summary>
    S2PMax,
}

/// <summary>Whose interpolation becomes the proposed bargain (smp.h SMPBargnModel).</summary>
public enum SmpBargainModel
{
    /// <summary>The initiator's interpolation only (KTAB default).</summary>
    InitOnlyInterp,
    /// <summary>Both the initiator's and the receiver's interpolations are offered as bargains.</summary>
    InitRcvrInterp,
    /// <summary>The power-weighted compromise of the two interpolations (capability × total salience).</summary>
    PWCompInterp,
}

/// <summary>
/// Brink's SMP variants. <see cref="Brink"/> is the default; <see cref="Ktab"/> reproduces KTAB's
/// known bug: in the power-weighted compromise (PWCompInterp) the receiver's weight uses the
/// initiator's capability (smpbcn.cpp, SMPState::doBCN: <c>scj = brgnJIJ-&gt;actInit-&gt;sCap</c>).
/// Under KTAB's default parameters (InitOnlyInterp) the two variants give the same run.
/// </summary>
public enum SmpVariant
{
    /// <summary>The receiver's weight uses the receiver's capability.</summary>
    Brink,
    /// <summary>KTAB's code as it is: the receiver's weight uses the initiator's capability.</summary>
    Ktab,
}

/// <summary>The variants' names (<c>--variant brink|ktab</c>), the one place that maps names and values.</summary>
public static class SmpVariants
{
    /// <summary>The name of <paramref name="variant"/> as the CLI, the API and the documents write it.</summary>
    public static string Name(this SmpVariant variant) => variant == SmpVariant.Ktab ? "ktab" : "brink";

    /// <summary>The variant named <paramref name="name"/> (any case), or null when it is not one.</summary>
    public static SmpVariant? Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var variant in Enum.GetValues<SmpVariant>())
            if (name.Equals(variant.Name(), StringComparison.OrdinalIgnoreCase)) return variant;
        return null;
    }
}

/// <summary>
/// Parameters of the Spatial Model of Politics with KTAB's defaults (smp.h SMPModel members,
/// kmodel.h Model members; stopping rule from smp.cpp SMPModel::configExec).
/// </summary>
public sealed record SmpOptions
{
    /// <summary>KTAB's default PRNG seed (kutils.h dSeed), printed as 15455440707583219804.</summary>
    public const ulong KtabDefaultSeed = 0xD67CC16FE69C185C;

    /// <summary>How a coalition's win probability grows with its strength (KTAB: VictoryProbModel, default Linear).</summary>
    public SmpVictoryProbModel VictoryProbModel { get; init; } = SmpVictoryProbModel.Linear;
    /// <summary>How an actor's influence grows with its utility difference (KTAB: VotingRule, default Prop).</summary>
    public SmpVotingRule VotingRule { get; init; } = SmpVotingRule.Prop;
    /// <summary>How pairwise victory probabilities become option probabilities (KTAB: PCEModel, default Conditional).</summary>
    public SmpPceModel PceModel { get; init; } = SmpPceModel.Conditional;
    /// <summary>Most likely bargain or a drawn one (KTAB: StateTransitions, default Deterministic).</summary>
    public SmpStateTransitions StateTransitions { get; init; } = SmpStateTransitions.Deterministic;
    /// <summary>The range of inferred risk attitudes (KTAB: BigRRange, default Mid).</summary>
    public SmpBigRRange BigRRange { get; init; } = SmpBigRRange.Mid;
    /// <summary>How an actor's estimate of another's risk attitude leans on its own (KTAB: BigRAdjust, default OneThird).</summary>
    public SmpBigRAdjust BigRAdjust { get; init; } = SmpBigRAdjust.OneThird;
    /// <summary>How committed a joining third party is (KTAB: ThirdPartyCommit, default SemiCommit).</summary>
    public SmpThirdPartyCommit ThirdPartyCommit { get; init; } = SmpThirdPartyCommit.SemiCommit;
    /// <summary>How a bargain is interpolated between two positions (KTAB: InterVecBrgn, default S2P2).</summary>
    public SmpInterVecBargain InterVecBargain { get; init; } = SmpInterVecBargain.S2P2;
    /// <summary>Whose interpolation is proposed (KTAB: SMPBargnModel, default InitOnlyInterp).</summary>
    public SmpBargainModel BargainModel { get; init; } = SmpBargainModel.InitOnlyInterp;
    /// <summary>Brink's fix of the PWCompInterp capability bug, or KTAB's code as it is.</summary>
    public SmpVariant Variant { get; init; } = SmpVariant.Brink;
    /// <summary>Seed of KTAB's generator (drives only Stochastic state transitions).</summary>
    public ulong Seed { get; init; } = KtabDefaultSeed;
    /// <summary>The run never stops before this many turns (KTAB minIter = 2).</summary>
    public int MinTurns { get; init; } = 2;
    /// <summary>The run stops after this many turns at the latest (KTAB maxIter = 100).</summary>
    public int MaxTurns { get; init; } = 100;
    /// <summary>Stop when a turn moves the actors less than this fraction of the first turn's move (KTAB 0.02).</summary>
    public double MinDeltaRatio { get; init; } = 0.02;
    /// <summary>Added to the first turn's move to avoid 0/0 (KTAB 1E-4, on the [0,1] scale).</summary>
    public double MinSigDelta { get; init; } = 1e-4;
    /// <summary>Keep per-turn risk attitudes, challenges and chosen bargains (O(n) per turn); positions are always kept.</summary>
    public bool Trace { get; init; }
    /// <summary>Also keep each state's n × n risk-neutral value matrix (for comparison with KTAB's logs).</summary>
    public bool TraceValues { get; init; }

    /// <summary>The parameters as KTAB prints them ("VictoryProbModel: Linear" …), in KTAB's order, each with the option of <c>brink run --model smp</c> that sets it.</summary>
    public IReadOnlyList<(string Name, string Option, string Value)> KtabParameters() =>
    [
        ("VictoryProbModel", "victory-prob-model", VictoryProbModel.ToString()),
        ("VotingRule", "voting-rule", VotingRule.ToString()),
        ("PCEModel", "pce-model", PceModel.ToString()),
        ("StateTransitions", "state-transitions", StateTransitions.ToString()),
        ("BigRRange", "big-r-range", BigRRange.ToString()),
        ("BigRAdjust", "big-r-adjust", BigRAdjust.ToString()),
        ("ThirdPartyCommit", "third-party-commit", ThirdPartyCommit.ToString()),
        ("InterVecBrgn", "inter-vec-brgn", InterVecBargain.ToString()),
        ("BargnModel", "bargn-model", BargainModel.ToString()),
    ];
}
