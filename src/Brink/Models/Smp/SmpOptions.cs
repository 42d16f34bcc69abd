namespace Brink.Models.Smp;

// KTAB's model parameters, named and ordered as in KTAB (source/kmodel.h, source/smp.h), so a run
// printed by smpc ("VictoryProbModel: Linear" …) maps one to one onto these options.

/// <summary>How the probability that a coalition wins grows with its strength ratio (kmodel.h VPModel).</summary>
public enum SmpVictoryProbModel { Linear, Square, Quartic, Octic, Binary }

/// <summary>How much influence an actor exerts for a utility difference (kmodel.h VotingRule; "Prop" is proportional).</summary>
public enum SmpVotingRule { Binary, PropBin, Prop, PropCbc, Cubic, ASymProsp }

/// <summary>How pairwise victory probabilities become a probability per option (kmodel.h PCEModel).</summary>
public enum SmpPceModel { Conditional, MarkovIncentive, MarkovUniform }

/// <summary>Whether each actor adopts its most likely bargain or draws one (kmodel.h StateTransMode).</summary>
public enum SmpStateTransitions { Deterministic, Stochastic }

/// <summary>The range risk attitudes are mapped onto: Min [0,1], Mid [−½,1], Max [−1,1] (kmodel.h BigRRange).</summary>
public enum SmpBigRRange { Min, Mid, Max }

/// <summary>How far actor h's estimate of i's risk attitude is anchored on h's own (kmodel.h BigRAdjust).</summary>
public enum SmpBigRAdjust { None, OneThird, Half, TwoThirds, Full }

/// <summary>How far a third party is committed to the side it joins (kmodel.h ThirdPartyCommit).</summary>
public enum SmpThirdPartyCommit { NoCommit, SemiCommit, FullCommit }

/// <summary>How two actors interpolate a bargain between their positions, per dimension (smp.h InterVecBrgn).</summary>
public enum SmpInterVecBargain { S1P1, S2P2, S2PMax }

/// <summary>Whose interpolation becomes the proposed bargain (smp.h SMPBargnModel).</summary>
public enum SmpBargainModel { InitOnlyInterp, InitRcvrInterp, PWCompInterp }

/// <summary>
/// Brink's SMP variants. <see cref="Brink"/> is the default; <see cref="Ktab"/> reproduces KTAB's
/// known bug: in the power-weighted compromise (PWCompInterp) the receiver's weight uses the
/// initiator's capability (smpbcn.cpp, SMPState::doBCN: <c>scj = brgnJIJ-&gt;actInit-&gt;sCap</c>).
/// Under KTAB's default parameters (InitOnlyInterp) the two variants give the same run.
/// </summary>
public enum SmpVariant { Brink, Ktab }

/// <summary>
/// Parameters of the Spatial Model of Politics with KTAB's defaults (smp.h SMPModel members,
/// kmodel.h Model members; stopping rule from smp.cpp SMPModel::configExec).
/// </summary>
public sealed record SmpOptions
{
    /// <summary>KTAB's default PRNG seed (kutils.h dSeed), printed as 15455440707583219804.</summary>
    public const ulong KtabDefaultSeed = 0xD67CC16FE69C185C;

    public SmpVictoryProbModel VictoryProbModel { get; init; } = SmpVictoryProbModel.Linear;
    public SmpVotingRule VotingRule { get; init; } = SmpVotingRule.Prop;
    public SmpPceModel PceModel { get; init; } = SmpPceModel.Conditional;
    public SmpStateTransitions StateTransitions { get; init; } = SmpStateTransitions.Deterministic;
    public SmpBigRRange BigRRange { get; init; } = SmpBigRRange.Mid;
    public SmpBigRAdjust BigRAdjust { get; init; } = SmpBigRAdjust.OneThird;
    public SmpThirdPartyCommit ThirdPartyCommit { get; init; } = SmpThirdPartyCommit.SemiCommit;
    public SmpInterVecBargain InterVecBargain { get; init; } = SmpInterVecBargain.S2P2;
    public SmpBargainModel BargainModel { get; init; } = SmpBargainModel.InitOnlyInterp;
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

    /// <summary>The parameters as KTAB prints them ("VictoryProbModel: Linear" …), in KTAB's order.</summary>
    public IReadOnlyList<(string Name, string Value)> KtabParameters() =>
    [
        ("VictoryProbModel", VictoryProbModel.ToString()),
        ("VotingRule", VotingRule.ToString()),
        ("PCEModel", PceModel.ToString()),
        ("StateTransitions", StateTransitions.ToString()),
        ("BigRRange", BigRRange.ToString()),
        ("BigRAdjust", BigRAdjust.ToString()),
        ("ThirdPartyCommit", ThirdPartyCommit.ToString()),
        ("InterVecBrgn", InterVecBargain.ToString()),
        ("BargnModel", BargainModel.ToString()),
    ];
}
