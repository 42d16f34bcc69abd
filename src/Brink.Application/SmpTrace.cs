using System.Collections.Immutable;
using Brink.Models.Smp;

namespace Brink.Application;

/// <summary>
/// The first line per issue of the spatial model of politics' per-turn log (<c>brink run --model smp --trace FILE</c>, JSON Lines
/// written with <see cref="BrinkJson.Line"/>): its actors and dimensions, in the order of the turns' positions.
/// </summary>
public sealed record SmpTraceHeader(string Issue, ImmutableArray<string> Actors, IReadOnlyList<string> Dimensions)
{
    public static SmpTraceHeader From(SmpResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.Input.Id, result.Input.Actors, [.. result.Input.Dimensions.Select(x => x.Id)]);
    }
}

/// <summary>
/// One line per turn of the per-turn log: the positions (n × d, row-major), the inferred risk attitudes, each challenge as
/// [initiator, target, P by initiator, gain to initiator, P by target, gain to initiator by target], and the index of the
/// bargain each actor adopted (0 = status quo).
/// </summary>
public sealed record SmpTraceTurn(int Turn, ImmutableArray<double> Positions, ImmutableArray<double> Risk, IReadOnlyList<double[]> Challenges,
    ImmutableArray<int> Chosen)
{
    public static SmpTraceTurn From(SmpTurn t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new(t.Turn, t.Positions, t.Risk,
            [.. t.Challenges.Select(c => new[] { c.Initiator, c.Target, c.ProbByInitiator, c.GainToInitiatorByInitiator, c.ProbByTarget, c.GainToInitiatorByTarget })],
            t.ChosenBargain);
    }
}
