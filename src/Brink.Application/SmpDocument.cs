using Brink.Models.Smp;
using Brink.Scenarios;

namespace Brink.Application;

/// <summary>
/// The JSON document of <c>brink run FILE --model smp --format json</c> and <c>POST /api/run?model=smp</c>: issues[] with
/// models[] inside, each smp model block carrying <c>turns[]</c> (turn 0 = the initial state, with one position per dimension
/// for every actor) and the stopping turn; <c>models</c> at the top level repeats the single issue's models.
/// </summary>
public sealed record SmpDocument(RunDocument.ScenarioDoc Scenario, SmpDocument.OptionsDoc Options, IReadOnlyList<SmpDocument.IssueDoc> Issues)
{
    /// <summary>With exactly one issue: its models (as in the run document); absent otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ModelDoc>? Models { get; init; }

    /// <summary>The variant, KTAB's parameters (name → value), the seed and the stopping rule.</summary>
    public sealed record OptionsDoc(string Variant, IReadOnlyDictionary<string, string> Parameters, ulong Seed, int MinTurns, int MaxTurns, double MinDeltaRatio);

    /// <summary>One dimension of an issue and its scale.</summary>
    public sealed record DimensionDoc(string Id, string? Label, double ScaleMin, double ScaleMax);

    /// <summary>An actor's inputs: capability, and per dimension its position and salience.</summary>
    public sealed record ActorDoc(string Name, double Capability, IReadOnlyList<double> Position, IReadOnlyList<double> Salience);

    /// <summary>One issue (a multi-dimensional package or a one-dimensional issue), its inputs and its model run.</summary>
    public sealed record IssueDoc(string Issue, string? Description, IReadOnlyList<DimensionDoc> Dimensions, IReadOnlyList<ActorDoc> Actors, IReadOnlyList<ModelDoc> Models);

    /// <summary>The forecast on one dimension (capability × salience weighted).</summary>
    public sealed record DimensionForecastDoc(string Dimension, double Mean, double Median);

    /// <summary>An actor's position (one per dimension) after a turn.</summary>
    public sealed record TurnActorDoc(string Name, IReadOnlyList<double> Position);

    /// <summary>The positions of every actor after one turn (turn 0 = the initial state).</summary>
    public sealed record TurnDoc(int Turn, IReadOnlyList<TurnActorDoc> Actors);

    /// <summary>A warning of the run: <c>{code, message}</c>.</summary>
    public sealed record WarningDoc(string Code, string Message);

    /// <summary>The smp model block: the forecast per dimension, when and why it stopped, every turn and the warnings.</summary>
    public sealed record ModelDoc(string Model, string Variant, IReadOnlyList<DimensionForecastDoc> Forecast, int StoppingTurn, bool Converged,
        string StopReason, IReadOnlyList<TurnDoc> Turns, IReadOnlyList<WarningDoc> Warnings);

    /// <summary>The document of the runs of <paramref name="scenario"/>'s issues under <paramref name="options"/>.</summary>
    public static SmpDocument From(Scenario scenario, SmpOptions options, IReadOnlyList<SmpIssueRun> runs)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(runs);
        var issues = runs.Select(r => IssueFrom(r.Package, r.Result)).ToList();
        return new SmpDocument(
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
}
