using System.Globalization;
using System.Text;
using Brink.Application;
using Brink.Models;
using Brink.Models.Smp;
using Brink.Scenarios;

namespace Brink.Cli.Rendering;

/// <summary>
/// Output of <c>brink run FILE --model smp</c> besides the JSON document (<see cref="SmpDocument"/>): the terminal table (per dimension, the
/// positions of every actor after every turn, as KTAB prints its history), and the compact
/// <c>--trace FILE</c> (JSON Lines, one line per turn).
/// </summary>
internal static class SmpOutput
{
    /// <summary>Per package: parameters, then per dimension the actors' positions at every turn (KTAB's "History of actor positions over time").</summary>
    public static void WriteTable(TextWriter o, Scenario scenario, SmpOptions options, IReadOnlyList<SmpIssueRun> runs)
    {
        o.WriteLine($"{scenario.Title}: spatial model of politics (KTAB SMP, variant {(runs.Count > 0 ? runs[0].Result.Variant : "brink")})");
        o.WriteLine("  " + string.Join(", ", options.KtabParameters().Select(p => $"{p.Name} {p.Value}")) + $", seed {options.Seed}");
        foreach (var (_, r) in runs)
        {
            var input = r.Input;
            int d = input.DimensionCount, n = input.Count;
            o.WriteLine();
            o.WriteLine($"{input.Id}: {n} actors, {d} dimension{(d == 1 ? "" : "s")}; stopped after turn {r.StoppingTurn} ({r.StopReason})");
            var width = Math.Max(5, input.Actors.Max(a => a.Length));
            var forecasts = r.Forecasts();
            for (var k = 0; k < d; k++)
            {
                var dim = input.Dimensions[k];
                o.WriteLine();
                o.WriteLine($"  {dim.DisplayName} [{Num(dim.Min)}, {Num(dim.Max)}]: position after each turn");
                var header = new StringBuilder("  " + "actor".PadRight(width));
                foreach (var t in r.Turns) header.Append(t.Turn.ToString(CultureInfo.InvariantCulture).PadLeft(7));
                o.WriteLine(header.ToString());
                for (var i = 0; i < n; i++)
                {
                    var line = new StringBuilder("  " + input.Actors[i].PadRight(width));
                    foreach (var t in r.Turns) line.Append(t.Positions[i * d + k].ToString("F1", CultureInfo.InvariantCulture).PadLeft(7));
                    o.WriteLine(line.ToString());
                }
                o.WriteLine($"  forecast (capability × salience weighted): mean {forecasts[k].Mean.ToString("0.0", CultureInfo.InvariantCulture)}, median {forecasts[k].Median.ToString("0.0", CultureInfo.InvariantCulture)}");
            }
            foreach (var w in r.Warnings) o.WriteLine($"  warning ({w.Code}): {w.Message}");
        }
    }

    /// <summary>
    /// The compact per-turn log for <c>--trace FILE</c>: JSON Lines, one object per turn with the
    /// positions (n × d, row-major), inferred risk attitudes, each challenge as
    /// [initiator, target, P by initiator, gain to initiator, P by target, gain to initiator by target],
    /// and the index of the bargain each actor adopted (0 = status quo).
    /// </summary>
    public static void WriteTrace(TextWriter o, IReadOnlyList<SmpIssueRun> runs)
    {
        foreach (var (_, r) in runs)
        {
            o.WriteLine(BrinkJson.SerializeLine(SmpTraceHeader.From(r)));
            foreach (var t in r.Turns) o.WriteLine(BrinkJson.SerializeLine(SmpTraceTurn.From(t)));
        }
    }

    private static string Num(double x) => x.ToString("0.##", CultureInfo.InvariantCulture);
}
