using System.Collections.Immutable;

namespace Brink.Crisis;

/// <summary>One point of the sweep: the misperception gap and P(war), in total and by cause, averaged over the analyst's cost uncertainty.</summary>
public sealed record SweepPoint(double CostMax, double Gap, double ProbabilityWar, double WarMisperception, double WarInformation);

/// <summary>
/// P(war) as a function of the misperception gap g = p^A − p^B (docs/crisis.md, chart). The two
/// sides' views are p ± g/2 around the true p; the analyst does not know the costs and takes
/// c_A, c_B independent uniform on [0, c̄] (midpoint rule on a k×k grid, deterministic). Each cost
/// pair is solved by <see cref="DyadCrisis"/> with a symmetric challenger, so P(war) has a
/// misperception part, P(c_A + c_B &lt; g), and an information part from the crisis stage.
/// </summary>
public static class MisperceptionSweep
{
    /// <exception cref="ArgumentOutOfRangeException">Parameters out of range.</exception>
    public static ImmutableArray<SweepPoint> Run(double p, IReadOnlyList<double> costMax, IReadOnlyList<double> gaps,
        double resolve = 0.5, double audienceCost = 0, int grid = 40)
    {
        CrisisGuard.RequireProbability(p, nameof(p));
        CrisisGuard.RequireProbability(resolve, nameof(resolve));
        CrisisGuard.RequireNonNegative(audienceCost, nameof(audienceCost));
        if (grid < 1) throw new ArgumentOutOfRangeException(nameof(grid), "grid must be ≥ 1.");
        var points = ImmutableArray.CreateBuilder<SweepPoint>();
        foreach (var cMax in costMax)
        {
            CrisisGuard.RequirePositive(cMax, nameof(costMax));
            foreach (var g in gaps)
            {
                CrisisGuard.RequireNonNegative(g, nameof(gaps));
                double war = 0, mis = 0, info = 0;
                for (var i = 0; i < grid; i++)
                    for (var j = 0; j < grid; j++)
                    {
                        var r = DyadCrisis.Solve(new DyadCrisisInputs
                        {
                            PTrue = p,
                            PViewA = Math.Clamp(p + g / 2, 0, 1),
                            PViewB = Math.Clamp(p - g / 2, 0, 1),
                            CostA = (i + 0.5) / grid * cMax,
                            CostB = (j + 0.5) / grid * cMax,
                            ResolveA = resolve, ResolveB = resolve,
                            AudienceCostA = audienceCost, AudienceCostB = audienceCost,
                        });
                        war += r.Outcome.War;
                        mis += r.WarByCause[WarCause.Misperception];
                        info += r.WarByCause[WarCause.Information];
                    }
                var n = (double)grid * grid;
                points.Add(new SweepPoint(cMax, g, war / n, mis / n, info / n));
            }
        }
        return points.ToImmutable();
    }

    /// <summary>P(c_A + c_B &lt; g) for c_A, c_B ~ U[0, c̄] independent (triangular CDF): the misperception part in closed form.</summary>
    public static double MisperceptionProbability(double gap, double costMax)
    {
        var u = gap / costMax;
        return u <= 0 ? 0 : u <= 1 ? u * u / 2 : u < 2 ? 1 - (2 - u) * (2 - u) / 2 : 1;
    }
}
