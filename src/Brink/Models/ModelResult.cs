using System.Collections.Immutable;

namespace Brink.Models;

/// <summary>What every model returns: its name, variant, forecast and (in the concrete type) a full trace.</summary>
public interface IModelResult
{
    /// <summary>Contract names: <c>compromise</c>, <c>median</c>, <c>nash</c>, <c>eum</c>, …</summary>
    string Model { get; }
    string Variant { get; }
    Forecast Forecast { get; }
    /// <summary>What a reader must know to trust this result (fallbacks, defaults, cycles); empty when nothing.</summary>
    ImmutableArray<ResultWarning> Warnings { get; }
}

/// <summary>Kinds of offer in the expected utility model (Bueno de Mesquita 1994).</summary>
public enum OfferType { Conflict, Compromise, Capitulation }

/// <summary>The offer an actor accepted in a round, seen from the receiver i: proposer j and (E^i(U_ij), E^i(U_ji)).</summary>
public sealed record EumOffer(OfferType Type, int From, double EuIJ, double EuJI);

/// <summary>One actor in one EUM round.</summary>
public sealed record EumActorRound(int Actor, double Start, double End, double Risk, EumOffer? Offer);

/// <summary>Where a dyad falls in the receiver's quadrant chart in a round (design §4.3 mapping).</summary>
public enum DyadOutcome : byte { Conflict, Compromise, Capitulation, StatusQuo }

/// <summary>
/// One EUM round: per actor the start and end position, risk exponent and accepted offer, and the
/// forecast after the round. <see cref="EuIJ"/>/<see cref="EuJI"/> are n×n row-major matrices of
/// E^i(U_ij) and E^i(U_ji) from i's perspective (NaN on the diagonal); empty when the trace was not asked for.
/// </summary>
public sealed record EumRound(int Round, ImmutableArray<EumActorRound> Actors, Forecast Forecast)
{
    public ImmutableArray<double> EuIJ { get; init; } = [];
    public ImmutableArray<double> EuJI { get; init; } = [];
    /// <summary>
    /// Security S_i = Σ_{j≠i} E^j(U_ji) per actor, computed with every r = 1, from which the round's
    /// risk exponents follow (Bueno de Mesquita 1994); empty when not computed.
    /// </summary>
    public ImmutableArray<double> Security { get; init; } = [];
}
