using System.Collections.Frozen;
using Brink.Crisis;

namespace Brink.Scenarios;

/// <summary>
/// The free-form scenario fields that some model reads. Everything else under an actor's
/// <c>attributes</c> is a label for people: <c>brink validate</c> reports it as unused, so that a
/// field such as <c>de_facto_nato: "true"</c> is never mistaken for an input that changes a forecast.
/// </summary>
public static class ModelInputs
{
    /// <summary>
    /// Actor attributes read by a model: the crisis model's (<see cref="ActorCrisisInputs.AttributeNames"/>) and the
    /// influence model's susceptibility λ_i (<see cref="Models.Influence.InfluenceNetwork.SusceptibilityAttribute"/>).
    /// </summary>
    public static FrozenSet<string> ActorAttributes { get; } =
        ActorCrisisInputs.AttributeNames.Append(Models.Influence.InfluenceNetwork.SusceptibilityAttribute).ToFrozenSet(StringComparer.Ordinal);
}
