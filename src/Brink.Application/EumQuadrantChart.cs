using Brink.Models;
using Brink.Models.Eum;
using Brink.Scenarios;

namespace Brink.Application;

/// <summary>
/// One other actor j in actor i's round-1 quadrant chart: e = E^i(U_ij) (what i expects from challenging j) on the x axis,
/// f = E^i(U_ji) (what i believes j expects from challenging i) on the y axis, the quadrant and what it means.
/// </summary>
public sealed record QuadrantPoint(string Other, double Position, double EuIJ, double EuJI, DyadOutcome Quadrant, string Reading);

/// <summary>The round-1 quadrant chart of one actor on one issue (Bueno de Mesquita 1994, fig. 4.1).</summary>
public sealed record QuadrantChartDoc(string Issue, string Model, string Variant, string Actor, double Position, IReadOnlyList<QuadrantPoint> Points)
{
    public IReadOnlyList<WarningDoc> Warnings { get; init; } = [];
}

/// <summary>
/// Builds an actor's round-1 quadrant chart: the EUM's first round from the starting positions, from that actor's
/// perspective, each dyad placed by <see cref="EumQuadrant.Classify"/> (design §4.2–4.3).
/// </summary>
public static class EumQuadrantChart
{
    /// <summary>Largest issue charted: the round keeps two n×n matrices (at 1,000 actors 16 MB).</summary>
    public const int MaxActors = 1000;

    /// <summary>The chart, or null with <paramref name="error"/> (unknown issue or actor, too many actors, not an EUM variant).</summary>
    public static QuadrantChartDoc? For(Scenario scenario, string issueId, string? variant, string actor, out string? error)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        error = null;
        if (scenario.FindIssue(issueId) is null)
        {
            error = $"no issue '{issueId}'";
            return null;
        }
        var input = SpatialIssue.From(scenario, issueId);
        var i = input.Actors.IndexOf(actor);
        if (i < 0)
        {
            error = $"no actor '{actor}' on issue '{issueId}'";
            return null;
        }
        if (input.Count > MaxActors)
        {
            error = $"issue '{issueId}' has {input.Count:N0} actors; the quadrant chart is drawn for at most {MaxActors:N0}";
            return null;
        }
        var chosen = variant is null or "" or ScenarioRun.All ? ModelCatalog.DefaultVariant("eum") : variant;
        if (!ModelCatalog.Variants("eum").Contains(chosen))
        {
            error = $"'{chosen}' is not an EUM variant ({string.Join(", ", ModelCatalog.Variants("eum"))})";
            return null;
        }
        // Round 1 depends only on the starting positions, so one round with its matrices kept is the chart of any run.
        if (ModelCatalog.Run("eum", chosen, input, new ModelOptions { Rounds = 1, FullTrace = true }) is not EumResult eum || eum.Rounds.IsEmpty
            || eum.Rounds[0].EuIJ.IsDefaultOrEmpty)
        {
            error = "the EUM kept no round-1 expected utilities";
            return null;
        }
        var first = eum.Rounds[0];
        var n = input.Count;
        var me = input.Actors[i];
        var points = new List<QuadrantPoint>();
        for (var j = 0; j < n; j++)
        {
            if (j == i) continue;
            var e = first.EuIJ[i * n + j];
            var f = first.EuJI[i * n + j];
            var same = Math.Abs(input.Position[i] - input.Position[j]) <= 1e-12 * Math.Max(1, Math.Abs(input.Position[i]));
            var quadrant = same ? DyadOutcome.StatusQuo : EumQuadrant.Classify(e, f);
            points.Add(new QuadrantPoint(input.Actors[j], input.Position[j], e, f, quadrant, same ? $"{me} and {input.Actors[j]} stand at the same position" : Reading(me, input.Actors[j], e, f, quadrant)));
        }
        return new QuadrantChartDoc(issueId, "eum", chosen, me, input.Position[i], points) { Warnings = WarningDoc.From(eum.Warnings) };
    }

    /// <summary>What the quadrant means from i's view of j (who gives way to whom).</summary>
    public static string Reading(string i, string j, double e, double f, DyadOutcome quadrant) => quadrant switch
    {
        DyadOutcome.Conflict => $"conflict: {i} expects to gain from challenging {j}, and believes {j} expects to gain from challenging {i}",
        DyadOutcome.Compromise when e < 0 => $"{i} expects {j} to press and meets {j} part-way (compromise)",
        DyadOutcome.Compromise => $"{i} expects {j} to meet {i} part-way (compromise)",
        DyadOutcome.Capitulation when e < 0 => $"{i} expects to give way to {j} (capitulation)",
        DyadOutcome.Capitulation => $"{i} expects {j} to give way (capitulation by {j})",
        _ => $"status quo: neither {i} nor, in {i}'s view, {j} expects to gain from a challenge",
    };
}
