using Brink.Simulation;

namespace Brink.Application;

/// <summary>
/// P(conflict) per dyad of one model's Monte Carlo run as a matrix: rows the receiver i, columns the other actor j,
/// restricted to the actors of the top-ranked dyads (as <c>brink simulate --dyads N</c>); null cells are the diagonal
/// or dyads not in the run.
/// </summary>
public sealed record DyadHeatmapDoc(string Model, string Variant, IReadOnlyList<string> Actors, IReadOnlyList<IReadOnlyList<double?>> Conflict, int DyadsShown, int DyadsInAll);

public static class DyadHeatmap
{
    /// <summary>
    /// The dyads most likely to end in conflict first, then those least likely to stay at the status quo (ties: input order),
    /// the first <paramref name="top"/> of them (0 = all): the ranking of <c>brink simulate</c>'s dyad table.
    /// </summary>
    public static IReadOnlyList<DyadProbabilities> Ranked(IEnumerable<DyadProbabilities> dyads, int top = 0)
    {
        var ranked = dyads.Select((d, i) => (d, i)).OrderByDescending(x => x.d.Conflict).ThenBy(x => x.d.StatusQuo).ThenBy(x => x.i).Select(x => x.d);
        return top > 0 ? [.. ranked.Take(top)] : [.. ranked];
    }

    /// <summary>The heat map of the actors in the <paramref name="top"/> highest-ranked dyads (0 = every actor); null when the model has no dyads.</summary>
    public static DyadHeatmapDoc? Of(ModelDistribution model, int top = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Dyads.IsDefaultOrEmpty) return null;
        var order = new List<string>();
        foreach (var d in model.Dyads)
        {
            if (!order.Contains(d.Actor)) order.Add(d.Actor);
            if (!order.Contains(d.Other)) order.Add(d.Other);
        }
        var shown = Ranked(model.Dyads, top);
        var keep = shown.SelectMany(d => new[] { d.Actor, d.Other }).ToHashSet(StringComparer.Ordinal);
        var actors = order.Where(keep.Contains).ToList();
        var index = actors.Select((a, k) => (a, k)).ToDictionary(x => x.a, x => x.k, StringComparer.Ordinal);
        var cells = actors.Select(_ => new double?[actors.Count]).ToList();
        foreach (var d in model.Dyads)
            if (index.TryGetValue(d.Actor, out var r) && index.TryGetValue(d.Other, out var c) && double.IsFinite(d.Conflict))
                cells[r][c] = d.Conflict;
        return new DyadHeatmapDoc(model.Model, model.Variant, actors, [.. cells.Select(row => (IReadOnlyList<double?>)row)], shown.Count, model.Dyads.Length);
    }
}
