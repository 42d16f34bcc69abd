using System.Globalization;
using System.Text;
using Brink.Application;
using Brink.Models;
using Brink.Models.Smp;
using Brink.Scenarios;

namespace Brink.Cli.Rendering;

/// <summary>
/// Output of <c>brink run FILE --model smp</c>: the JSON document (issues[] with models[] inside,
/// each smp model block carrying <c>turns[]</c>, turn 0 = the initial state, with one position per
/// dimension for every actor, and the stopping turn), the terminal table (per dimension, the
/// positions of every actor after every turn, as KTAB prints its history), and the compact
/// <c>--trace FILE</c> (JSON Lines, one line per turn).
/// </summary>
internal static class SmpOutput
{
    public sealed record Document(RunDocument.ScenarioDoc Scenario, OptionsDoc Options, IReadOnlyList<IssueDoc> Issues)
    {
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public IReadOnlyList<ModelDoc>? Models { get; init; }
    }

    public sealed record OptionsDoc(string Variant, IReadOnlyDictionary<string, string> Parameters, ulong Seed, int MinTurns, int MaxTurns, double MinDeltaRatio);

    public sealed record DimensionDoc(string Id, string? Label, double ScaleMin, double ScaleMax);

    public sealed record ActorDoc(string Name, double Capability, IReadOnlyList<double> Position, IReadOnlyList<double> Salience);

    public sealed record IssueDoc(string Issue, string? Description, IReadOnlyList<DimensionDoc> Dimensions, IReadOnlyList<ActorDoc> Actors, IReadOnlyList<ModelDoc> Models);

    public sealed record DimensionForecastDoc(string Dimension, double Mean, double Median);

    public sealed record TurnActorDoc(string Name, IReadOnlyList<double> Position);

    public sealed record TurnDoc(int Turn, IReadOnlyList<TurnActorDoc> Actors);

    public sealed record WarningDoc(string Code, string Message);

    public sealed record ModelDoc(string Model, string Variant, IReadOnlyList<DimensionForecastDoc> Forecast, int StoppingTurn, bool Converged,
        string StopReason, IReadOnlyList<TurnDoc> Turns, IReadOnlyList<WarningDoc> Warnings);

    public static Document ToDocument(Scenario scenario, SmpOptions options, IReadOnlyList<(Issue? Package, SmpResult Result)> runs)
    {
        var issues = runs.Select(r => IssueFrom(r.Package, r.Result)).ToList();
        return new Document(
            new RunDocument.ScenarioDoc(scenario.Title, scenario.Question, scenario.AsOf?.ToString("yyyy-MM-dd"), scenario.SourceFile),
            new OptionsDoc(runs.Count > 0 ? runs[0].Result.Variant : options.Variant.ToString().ToLowerInvariant(),
                options.KtabParameters().ToDictionary(p => p.Name, p => p.Value), options.Seed, options.MinTurns, options.MaxTurns, options.MinDeltaRatio),
            issues)
        {
            Models = issues.Count == 1 ? issues[0].Models : null,
        };
    }

    private static IssueDoc IssueFrom(Issue? package, SmpResult r)
    {
        var input = r.Input;
        int d = input.DimensionCount;
        var actors = Enumerable.Range(0, input.Count).Select(i => new ActorDoc(input.Actors[i], input.Capability[i],
            [.. Enumerable.Range(0, d).Select(k => input.Position[i * d + k])], [.. Enumerable.Range(0, d).Select(k => input.Salience[i * d + k])])).ToList();
        var forecasts = r.Forecasts();
        var model = new ModelDoc(r.Model, r.Variant,
            [.. input.Dimensions.Select((dim, k) => new DimensionForecastDoc(dim.Id, forecasts[k].Mean, forecasts[k].Median))],
            r.StoppingTurn, r.Converged, r.StopReason,
            [.. r.Turns.Select(t => new TurnDoc(t.Turn, [.. Enumerable.Range(0, input.Count).Select(i => new TurnActorDoc(input.Actors[i], [.. Enumerable.Range(0, d).Select(k => t.Positions[i * d + k])]))]))],
            [.. r.Warnings.Select(w => new WarningDoc(w.Code, w.Message))]);
        return new IssueDoc(input.Id, package?.Description, [.. input.Dimensions.Select(x => new DimensionDoc(x.Id, x.Label, x.Min, x.Max))], actors, [model]);
    }

    /// <summary>Per package: parameters, then per dimension the actors' positions at every turn (KTAB's "History of actor positions over time").</summary>
    public static void WriteTable(TextWriter o, Scenario scenario, SmpOptions options, IReadOnlyList<(Issue? Package, SmpResult Result)> runs)
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
    public static void WriteTrace(TextWriter o, IReadOnlyList<(Issue? Package, SmpResult Result)> runs)
    {
        foreach (var (_, r) in runs)
        {
            o.WriteLine(BrinkJson.SerializeLine(SmpTraceHeader.From(r)));
            foreach (var t in r.Turns) o.WriteLine(BrinkJson.SerializeLine(SmpTraceTurn.From(t)));
        }
    }

    private static string Num(double x) => x.ToString("0.##", CultureInfo.InvariantCulture);
}
