using System.Collections.Immutable;

namespace Brink.Models;

/// <summary>What every model returns: its name, variant, forecast and (in the concrete type) a full trace.</summary>
public interface IModelResult
{
    /// <summary>Contract names: <c>compromise</c>, <c>median</c>, <c>nash</c>, <c>eum</c>, …</summary>
    string Model { get; }
    /// <summary>The variant run, e.g. <c>scholz-code</c> for the EUM, <c>quadratic</c> for Nash, <c>weighted-mean</c> for the compromise.</summary>
    string Variant { get; }
    /// <summary>The model's forecast of the outcome on the scale: its mean and median (the same point for point models).</summary>
    Forecast Forecast { get; }
    /// <summary>What a reader must know to trust this result (fallbacks, defaults, cycles); empty when nothing.</summary>
    ImmutableArray<ResultWarning> Warnings { get; }
}

/// <summary>Kinds of offer in the expected utility model (Bueno de Mesquita 1994).</summary>
public enum OfferType
{
    /// <summary>Both sides expect to gain from a challenge: the receiver is forced to the proposer's position.</summary>
    Conflict,
    /// <summary>The receiver expects to lose, but less than the proposer gains: it moves part of the way, by |e/f|.</summary>
    Compromise,
    /// <summary>The receiver expects to lose more than the proposer gains: it moves all the way to the proposer's position.</summary>
    Capitulation,
}

/// <summary>The offer an actor accepted in a round, seen from the receiver i: proposer j and (E^i(U_ij), E^i(U_ji)).</summary>
public sealed record EumOffer(OfferType Type, int From, double EuIJ, double EuJI);

/// <summary>One actor in one EUM round.</summary>
public sealed record EumActorRound(int Actor, double Start, double End, double Risk, EumOffer? Offer);

/// <summary>Where a dyad falls in the receiver's quadrant chart in a round (design §4.3 mapping).</summary>
public enum DyadOutcome : byte
{
    /// <summary>E^i(U_ij) and E^i(U_ji) both positive: each side expects to win a challenge.</summary>
    Conflict,
    /// <summary>Opposite signs, the loser's expected loss smaller than the winner's gain: the loser gives some ground.</summary>
    Compromise,
    /// <summary>Opposite signs, the loser's expected loss larger than the winner's gain: the loser gives way entirely.</summary>
    Capitulation,
    /// <summary>Neither side expects to gain (or the two already hold the same position): nothing moves.</summary>
    StatusQuo,
}

/// <summary>
/// One EUM round: per actor the start and end position, risk exponent and accepted offer, and the
/// forecast after the round. <see cref="EuIJ"/>/<see cref="EuJI"/> are n×n row-major matrices of
/// E^i(U_ij) and E^i(U_ji) from i's perspective (NaN on the diagonal); empty when the trace was not asked for.
/// </summary>
public sealed record EumRound(int Round, ImmutableArray<EumActorRound> Actors, Forecast Forecast)
{
    /// <summary>E^i(U_ij) per (i, j), n×n row-major: what i expects from challenging j (NaN on the diagonal; empty when not traced).</summary>
    public ImmutableArray<double> EuIJ { get; init; } = [];
    /// <summary>E^i(U_ji) per (i, j), n×n row-major: what i expects j to expect from challenging i (NaN on the diagonal; empty when not traced).</summary>
    public ImmutableArray<double> EuJI { get; init; } = [];
    /// <summary>
    /// Security S_i = Σ_{j≠i} E^j(U_ji) per actor, computed with every r = 1, from which the round's
    /// risk exponents follow (Bueno de Mesquita 1994); empty when not computed.
    /// </summary>
    public ImmutableArray<double> Security { get; init; } = [];
}
