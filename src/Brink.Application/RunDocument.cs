using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Brink.Models;
using Brink.Scenarios;

namespace Brink.Application;

/// <summary>
/// The JSON document of <c>brink run --format json</c> (a contract for scripts, documented in
/// docs/usage.md): always <c>issues[]</c> with <c>models[]</c> inside each, plus a top-level
/// <c>models[]</c> (the same array) when the run covers exactly one issue.
/// </summary>
public sealed record RunDocument(RunDocument.ScenarioDoc Scenario, RunDocument.OptionsDoc Options, IReadOnlyList<RunDocument.IssueDoc> Issues)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ModelDoc>? Models { get; init; }

    /// <summary>The multi-dimensional issues of the run (absent when there are none).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<PackageDoc>? Packages { get; init; }

    public sealed record ScenarioDoc(string Title, string? Question, string? AsOf, string? File);

    public sealed record OptionsDoc(int Rounds);

    public sealed record IssueDoc(string Issue, string? Description, double ScaleMin, double ScaleMax, double? StatusQuo,
        IReadOnlyList<ActorDoc> Actors, IReadOnlyList<ModelDoc> Models)
    {
        /// <summary>For a dimension of a multi-dimensional issue: that issue's id (its entry in <c>packages[]</c>).</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Package { get; init; }

        /// <summary>For a dimension of a multi-dimensional issue: the dimension's own id.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Dimension { get; init; }
    }

    /// <summary>
    /// A multi-dimensional issue: its <c>dimensions[]</c>, the actors holding a stance on every dimension (one
    /// position and salience per dimension) and, per model, one forecast per dimension. Each dimension also has
    /// its own entry in <c>issues[]</c> (with <c>package</c> and <c>dimension</c> set) carrying the one-dimensional models' detail.
    /// </summary>
    public sealed record PackageDoc(string Issue, IReadOnlyList<DimensionDoc> Dimensions, IReadOnlyList<PackageActorDoc> Actors,
        IReadOnlyList<PackageModelDoc> Models, IReadOnlyList<string> LeftOut);

    public sealed record DimensionDoc(string Id, string? Label, double ScaleMin, double ScaleMax, double? StatusQuo);

    public sealed record PackageActorDoc(string Name, double Capability, IReadOnlyList<double> Position, IReadOnlyList<double> Salience);

    public sealed record DimensionForecastDoc(string Dimension, double Mean, double Median);

    /// <summary><c>space</c>: <c>product</c> (solved on the dimensions together) or <c>per-dimension</c> (the one-dimensional model on each).</summary>
    public sealed record PackageModelDoc(string Model, string Variant, string Space, IReadOnlyList<DimensionForecastDoc> Forecast, IReadOnlyList<WarningDoc> Warnings)
    {
        /// <summary>Nash only: whether some agreement beats disagreement for every actor.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public bool? Feasible { get; init; }
    }

    public sealed record ActorDoc(string Name, double Capability, double Position, double Salience);

    public sealed record ForecastDoc(double Mean, double Median);

    public sealed record ModelDoc(string Model, string Variant, ForecastDoc Forecast)
    {
        /// <summary>EUM only: the forecast before any move.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public ForecastDoc? Initial { get; init; }

        /// <summary>EUM only: the round-by-round trace.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public IReadOnlyList<RoundDoc>? Rounds { get; init; }

        /// <summary>Influence and exchange only: each actor's final position (influence) or voting position after the exchanges, in the order of <c>actors[]</c>.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public IReadOnlyList<double>? FinalPositions { get; init; }

        /// <summary>Exchange only: every exchange realised in the issue's exchange space, in order.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public IReadOnlyList<Models.Exchange.RealisedExchange>? Exchanges { get; init; }

        /// <summary>Exchange only, when the scenario declares linkages: the linkages that constrained the exchanges.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public IReadOnlyList<Scenarios.IssueLinkage>? Linkages { get; init; }

        /// <summary>Exchange only, with linkages: in how many of the model's searches the best exchange was ruled out by a linkage.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public int? BarredByLinkage { get; init; }

        /// <summary>EUM only, when positions cycle at the end of the run: the cycle and the forecast averaged over it.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public CycleDoc? Cycle { get; init; }

        /// <summary>EUM only, when the forecast rests on one large move: that move.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public PivotalMoveDoc? PivotalMove { get; init; }

        /// <summary>What to know before trusting this forecast (fallbacks, cycles, pivotal moves); empty when nothing.</summary>
        public IReadOnlyList<WarningDoc> Warnings { get; init; } = [];
    }

    /// <summary>Positions repeating every <c>period</c> rounds from <c>from_round</c> (exact) or a forecast alternating between rounds (not exact).</summary>
    public sealed record CycleDoc(int Period, int FromRound, bool Exact, ForecastDoc Average, ForecastDoc LastRound, IReadOnlyList<string> Actors)
    {
        /// <summary>Actors swing back and forth across a large part of the scale without repeating exactly.</summary>
        public bool Oscillation { get; init; }
    }

    /// <summary>One actor's move across most of the scale in one round, and the forecast before and after that round.</summary>
    public sealed record PivotalMoveDoc(int Round, string Actor, double From, double To, string Type, string Proposer, double ForecastBefore, double ForecastAfter);

    public sealed record RoundDoc(int Round, ForecastDoc Forecast, IReadOnlyList<ActorRoundDoc> Actors)
    {
        /// <summary>Every dyad of the round (<c>run --trace dyads</c> only; absent otherwise).</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public DyadsDoc? Dyads { get; init; }
    }

    /// <summary>
    /// E^i(U_ij) and E^i(U_ji) of every dyad in one round: row i, column j (actors in the order of the issue's
    /// <c>actors</c>), from i's perspective; null on the diagonal.
    /// </summary>
    public sealed record DyadsDoc(
        [property: JsonPropertyName("eu_ij")] IReadOnlyList<double?[]> EuIJ,
        [property: JsonPropertyName("eu_ji")] IReadOnlyList<double?[]> EuJI);

    /// <summary>One actor in one round; <see cref="Offer"/> is null when it accepted no offer.</summary>
    public sealed record ActorRoundDoc(string Name, double Start, double End, double Risk, OfferDoc? Offer);

    /// <summary>The accepted offer seen from the receiver i: proposer j, E^i(U_ij) and E^i(U_ji).</summary>
    public sealed record OfferDoc(
        string Type,
        string From,
        [property: JsonPropertyName("eu_ij")] double EuIJ,
        [property: JsonPropertyName("eu_ji")] double EuJI);

    public static RunDocument From(ScenarioRunResult run)
    {
        var s = run.Scenario;
        var issues = run.Issues.Select(IssueFrom).ToList();
        return new RunDocument(
            new ScenarioDoc(s.Title, s.Question, s.AsOf?.ToString("yyyy-MM-dd"), s.SourceFile),
            new OptionsDoc(run.Options.Rounds),
            issues)
        {
            Models = issues.Count == 1 ? issues[0].Models : null,
            Packages = run.Packages.IsEmpty ? null : [.. run.Packages.Select(PackageFrom)],
        };
    }

    private static PackageDoc PackageFrom(PackageForecasts package)
    {
        var input = package.Input;
        int d = input.DimensionCount;
        return new PackageDoc(package.Id,
            [.. package.Dimensions.Select(x => new DimensionDoc(x.Dimension ?? x.Id, x.Description, x.Min, x.Max, x.StatusQuo))],
            [.. Enumerable.Range(0, input.Count).Select(i => new PackageActorDoc(input.Actors[i], input.Capability[i],
                [.. Enumerable.Range(0, d).Select(k => input.Position[i * d + k])], [.. Enumerable.Range(0, d).Select(k => input.Salience[i * d + k])]))],
            [.. package.Models.Select(m => new PackageModelDoc(m.Model, m.Variant, m.ProductSpace ? "product" : "per-dimension",
                [.. m.Forecast.Select((f, k) => new DimensionForecastDoc(input.Dimensions[k].Id, f.Mean, f.Median))], WarningDoc.From(m.Warnings))
            {
                Feasible = m.Feasible,
            })],
            [.. package.LeftOut]);
    }

    private static IssueDoc IssueFrom(IssueForecasts issue)
    {
        var input = issue.Input;
        var actors = Enumerable.Range(0, input.Count)
            .Select(i => new ActorDoc(input.Actors[i], input.Capability[i], input.Position[i], input.Salience[i]))
            .ToList();
        return new IssueDoc(issue.Issue.Id, issue.Issue.Description, issue.Issue.Min, issue.Issue.Max, issue.Issue.StatusQuo,
            actors, [.. issue.Results.Select(r => ModelFrom(r, input))])
        {
            Package = issue.Issue.Package,
            Dimension = issue.Issue.Package is null ? null : issue.Issue.Dimension,
        };
    }

    private static ModelDoc ModelFrom(IModelResult result, SpatialIssue input)
    {
        var doc = new ModelDoc(result.Model, result.Variant, Forecast(result.Forecast)) { Warnings = WarningDoc.From(result.Warnings) };
        if (result is Models.Exchange.ExchangeResult exchange)
            return doc with
            {
                FinalPositions = exchange.VotingPositions,
                Exchanges = exchange.Exchanges,
                Linkages = exchange.Linkages.IsEmpty ? null : exchange.Linkages,
                BarredByLinkage = exchange.Linkages.IsEmpty ? null : exchange.BarredByLinkage,
            };
        if (result is Models.Influence.InfluenceResult influence)
            return doc with
            {
                Initial = Forecast(influence.Initial),
                FinalPositions = influence.FinalPositions,
                // Coupled variants: each EUM round, an actor's end position being where the influence step left it.
                Rounds = influence.Rounds.IsEmpty ? null :
                [
                    .. influence.Rounds.Select(r => new RoundDoc(r.Round, Forecast(r.Forecast),
                    [
                        .. r.Eum.Actors.Select(a => new ActorRoundDoc(input.Actors[a.Actor], a.Start, r.AfterInfluence[a.Actor], a.Risk,
                            a.Offer is { } o ? new OfferDoc(OfferName(o.Type), input.Actors[o.From], o.EuIJ, o.EuJI) : null)),
                    ])),
                ],
            };
        if (result is not EumResult eum) return doc;
        return doc with
        {
            Initial = Forecast(eum.Initial),
            Cycle = eum.Cycle is { } c ? new CycleDoc(c.Period, c.FromRound, c.Exact, Forecast(c.Average), Forecast(c.LastRound), [.. c.Actors]) { Oscillation = c.Oscillation } : null,
            PivotalMove = eum.PivotalMove is { } p
                ? new PivotalMoveDoc(p.Round, p.Actor, p.From, p.To, OfferName(p.Type), p.Proposer, p.ForecastBefore, p.ForecastAfter) : null,
            Rounds =
            [
                .. eum.Rounds.Select(r => new RoundDoc(r.Round, Forecast(r.Forecast),
                [
                    .. r.Actors.Select(a => new ActorRoundDoc(input.Actors[a.Actor], a.Start, a.End, a.Risk,
                        a.Offer is { } o ? new OfferDoc(OfferName(o.Type), input.Actors[o.From], o.EuIJ, o.EuJI) : null)),
                ])
                {
                    Dyads = r.EuIJ.IsEmpty ? null : new DyadsDoc(Matrix(r.EuIJ, r.Actors.Length), Matrix(r.EuJI, r.Actors.Length)),
                }),
            ],
        };
    }

    public static string OfferName(OfferType type) => type.ToString().ToLowerInvariant();

    private static ForecastDoc Forecast(Forecast f) => new(f.Mean, f.Median);

    /// <summary>Rows of an n×n row-major matrix; the diagonal (NaN: no dyad) as null.</summary>
    private static double?[][] Matrix(ImmutableArray<double> m, int n)
    {
        var rows = new double?[n][];
        for (var i = 0; i < n; i++)
        {
            var row = rows[i] = new double?[n];
            for (var j = 0; j < n; j++) row[j] = i == j ? null : m[i * n + j];
        }
        return rows;
    }
}
