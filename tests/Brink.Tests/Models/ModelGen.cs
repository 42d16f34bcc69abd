using Brink.Models;
using CsCheck;

namespace Brink.Tests.Models;

/// <summary>Random one-issue scenarios for property tests.</summary>
internal static class ModelGen
{
    /// <summary>
    /// 1..maxActors actors with capability in (0, 1], salience in [0.05, 1] and positions either
    /// continuous on [0, 100] or (grid) on {0, 25, 50, 75, 100}, which forces shared positions and
    /// tie-breaking.
    /// </summary>
    public static Gen<SpatialIssue> Issue(int maxActors, bool grid = false, double minSalience = 0.05) =>
        Gen.Int[1, maxActors].SelectMany(n => Gen.Select(
            Gen.Double[0.01, 1].Array[n],
            (grid ? Gen.Int[0, 4].Select(v => v * 25.0) : Gen.Double[0, 100]).Array[n],
            Gen.Double[minSalience, 1].Array[n],
            (c, x, s) => SpatialIssue.Create(Enumerable.Range(0, n).Select(i => $"A{i}"), c, x, s)));

    /// <summary>Prints an issue's arrays for CsCheck failure reports.</summary>
    public static string Print(SpatialIssue i) =>
        $"c=[{string.Join(", ", i.Capability.Select(v => v.ToString("R")))}] x=[{string.Join(", ", i.Position.Select(v => v.ToString("R")))}] " +
        $"s=[{string.Join(", ", i.Salience.Select(v => v.ToString("R")))}] risk=[{string.Join(", ", i.Risk)}]";

    /// <summary>The same issue with actors listed in another order: result[k] is old actor perm[k].</summary>
    public static SpatialIssue Permute(SpatialIssue issue, int[] perm) => issue with
    {
        Actors = [.. perm.Select(k => issue.Actors[k])],
        Capability = [.. perm.Select(k => issue.Capability[k])],
        Position = [.. perm.Select(k => issue.Position[k])],
        Salience = [.. perm.Select(k => issue.Salience[k])],
        Risk = issue.Risk.IsDefaultOrEmpty ? [] : [.. perm.Select(k => issue.Risk[k])],
    };

    /// <summary>A permutation of 0..n−1 drawn from a seed.</summary>
    public static int[] Permutation(int n, int seed)
    {
        var perm = Enumerable.Range(0, n).ToArray();
        new Random(seed).Shuffle(perm);
        return perm;
    }
}
