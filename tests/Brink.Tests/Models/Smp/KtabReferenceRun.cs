using System.Globalization;
using System.Text.RegularExpressions;

namespace Brink.Tests.Models.Smp;

/// <summary>
/// The quantities KTAB's smpc printed in a recorded run (../shared/reference/ktab/reference-runs):
/// per state the risk-neutral value matrix and inferred risk attitudes, per turn the challenges with
/// both sides' estimates, and the positions after every turn. Blocks are matched by content, not by
/// order, because smpc evaluates challengers on parallel threads.
/// </summary>
internal sealed partial class KtabReferenceRun
{
    public required int Actors { get; init; }
    public required int Dimensions { get; init; }
    /// <summary>Per state (0..T): n × n risk-neutral values, printed to 3 decimals.</summary>
    public List<double[]> Values { get; } = [];
    /// <summary>Per state (0..T): risk attitudes, printed to 3 decimals.</summary>
    public List<double[]> Risks { get; } = [];
    /// <summary>Per state (1..T): positions, printed to 4 decimals on 0–100 (index 0 = state 1).</summary>
    public List<double[]> Positions { get; } = [];
    /// <summary>(turn, initiator) → target and the four estimates (prob, gain) in KTAB's print order.</summary>
    public Dictionary<(int Turn, int Initiator), Challenge> Challenges { get; } = [];
    /// <summary>(turn, actor) pairs KTAB reports as having no advantageous target.</summary>
    public HashSet<(int Turn, int Actor)> NoTarget { get; } = [];
    public required int States { get; init; }

    public sealed record Challenge(int Target, double[] Prob, double[] Gain);

    public static KtabReferenceRun Load(string file, int actors, int dims)
    {
        var lines = File.ReadAllLines(TestPaths.Reference("ktab", "reference-runs", file));
        var states = int.Parse(lines.Select(l => StatesLine().Match(l)).First(m => m.Success).Groups[1].Value, CultureInfo.InvariantCulture);
        var run = new KtabReferenceRun { Actors = actors, Dimensions = dims, States = states };
        var positions = new List<double>();
        int? currentTurn = null, currentInit = null, currentTarget = null;
        var probs = new List<double>();
        var gains = new List<double>();
        for (var x = 0; x < lines.Length; x++)
        {
            var line = lines[x];
            if (line.StartsWith("Raw actor-pos value matrix", StringComparison.Ordinal))
                run.Values.Add([.. Enumerable.Range(1, actors).SelectMany(r => Numbers(lines[x + r]))]);
            else if (line.StartsWith("Inferred risk attitudes", StringComparison.Ordinal))
                run.Risks.Add([.. Enumerable.Range(1, actors).SelectMany(r => Numbers(lines[x + r]))]);
            else if (PositionLine().Match(line) is { Success: true })
            {
                positions.AddRange(Numbers(lines[x + 1]));
                if (positions.Count == actors * dims)
                {
                    run.Positions.Add([.. positions]);
                    positions.Clear();
                }
            }
            else if (TargetLine().Match(line) is { Success: true } t)
            {
                currentTurn = Int(t.Groups[1]);
                currentInit = Int(t.Groups[2]);
                currentTarget = Int(t.Groups[3]);
                probs.Clear();
                gains.Clear();
            }
            else if (EstimateLine().Match(line) is { Success: true } e && currentTurn is { } turn)
            {
                probs.Add(double.Parse(e.Groups[2].Value, CultureInfo.InvariantCulture));
                gains.Add(double.Parse(e.Groups[6].Value, CultureInfo.InvariantCulture));
                if (probs.Count == 4)
                {
                    run.Challenges[(turn, currentInit!.Value)] = new Challenge(currentTarget!.Value, [.. probs], [.. gains]);
                    currentTurn = null;
                }
            }
            else if (NoTargetLine().Match(line) is { Success: true } nt)
                run.NoTarget.Add((Int(nt.Groups[1]), Int(nt.Groups[2])));
        }
        return run;
    }

    private static int Int(Group g) => int.Parse(g.Value, CultureInfo.InvariantCulture);

    private static IEnumerable<double> Numbers(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^There were (\d+) states")]
    private static partial Regex StatesLine();
    [GeneratedRegex(@"^postn +\d+ , 0 :")]
    private static partial Regex PositionLine();
    [GeneratedRegex(@"^In turn (\d+) actor (\d+) has most advantageous target (\d+) worth")]
    private static partial Regex TargetLine();
    [GeneratedRegex(@"^Est by +(\d+) of prob ([0-9.]+) that \[ *(\d+)> *(\d+)\], with expected gain to +(\d+) of ([-+0-9.]+)")]
    private static partial Regex EstimateLine();
    [GeneratedRegex(@"^In turn (\d+) Actor (\d+) has no advantageous targets")]
    private static partial Regex NoTargetLine();
}
