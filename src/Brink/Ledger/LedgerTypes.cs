using System.Globalization;

namespace Brink.Ledger;

/// <summary>What kind of answer a question has.</summary>
public enum QuestionKind
{
    /// <summary>Yes or no. Forecast: one probability, P(yes). Outcome value: 1 = yes, 0 = no.</summary>
    Binary,
    /// <summary>One of several options. Forecast: one probability per option. Outcome value: the option's index (0-based).</summary>
    MultipleChoice,
    /// <summary>A number. Forecast: samples or quantiles. Outcome value: the number.</summary>
    Numeric,
    /// <summary>A date. Forecast: samples or quantiles in days since 1970-01-01 (UTC). Outcome value: the same.</summary>
    Date,
}

/// <summary>Where a question stands. Only <see cref="Resolved"/> questions are scored.</summary>
public enum QuestionState
{
    /// <summary>Not resolved yet; forecasts may still be added.</summary>
    Open,
    /// <summary>Resolved with an outcome value; scored.</summary>
    Resolved,
    /// <summary>Cancelled (e.g. voided by its source, or its premise failed); never scored.</summary>
    Annulled,
    /// <summary>Resolved, but the outcome does not fit the question's kind cleanly (e.g. a fractional binary resolution); not scored.</summary>
    Ambiguous,
}

/// <summary>Who makes forecasts.</summary>
public enum ForecasterKind
{
    /// <summary>A Brink model variant or another algorithm.</summary>
    Model,
    /// <summary>A named person (a pundit, an analyst, the user).</summary>
    Person,
    /// <summary>A publication or institution speaking as one.</summary>
    Outlet,
    /// <summary>An aggregate of many forecasters (a community prediction, a market price).</summary>
    Crowd,
}

/// <summary>
/// A forecasting question with explicit resolution criteria and times.
/// A conditional question is scored only if its condition question resolved to <see cref="ConditionOutcome"/>;
/// a condition that is not itself in the ledger is kept as <see cref="ConditionText"/>.
/// </summary>
public sealed record Question
{
    /// <summary>Unique id, e.g. "nato-2022:finland-joins" or "metaculus:1234"; fixed once recorded.</summary>
    public required string Id { get; init; }
    /// <summary>The question as asked, in one line.</summary>
    public required string Title { get; init; }
    /// <summary>What kind of answer it has, which decides the forecast payload and the scores that apply.</summary>
    public required QuestionKind Kind { get; init; }
    /// <summary>Option labels of a multiple-choice question (empty otherwise).</summary>
    public IReadOnlyList<string> Options { get; init; } = [];
    /// <summary>True when the options are ordered (ranked probability score applies).</summary>
    public bool Ordered { get; init; }
    /// <summary>Plausible range of a numeric question (informative; used by charts and validation).</summary>
    public double? Lower { get; init; }
    /// <summary>Upper end of the plausible range (see <see cref="Lower"/>).</summary>
    public double? Upper { get; init; }
    /// <summary>Unit of a numeric question's value (e.g. "USD bn"), for display.</summary>
    public string? Unit { get; init; }
    /// <summary>For a binary question that asks whether a quantity ends at or below a value: that value (lets a model's samples give P(X ≤ threshold)).</summary>
    public double? Threshold { get; init; }
    /// <summary>How the question resolves: what counts as yes (or which value is read), and from which source.</summary>
    public required string Criteria { get; init; }
    /// <summary>When forecasting opens (UTC).</summary>
    public required DateTimeOffset OpenTime { get; init; }
    /// <summary>When forecasting closes (UTC): only forecasts made at or before it are scored, unless scoring is told otherwise.</summary>
    public required DateTimeOffset CloseTime { get; init; }
    /// <summary>When the answer is expected to be known.</summary>
    public DateTimeOffset? ResolveTime { get; init; }
    /// <summary>The question's state; the resolution history (<see cref="Resolution"/>) is authoritative, this mirrors its latest entry.</summary>
    public QuestionState State { get; init; } = QuestionState.Open;
    /// <summary>Id of the condition question of a conditional question, null when unconditional.</summary>
    public string? ConditionQuestionId { get; init; }
    /// <summary>The outcome value of <see cref="ConditionQuestionId"/> under which this question is scored.</summary>
    public double? ConditionOutcome { get; init; }
    /// <summary>The condition in words, when it is not itself a question in the ledger (e.g. a GJP conditional arm).</summary>
    public string? ConditionText { get; init; }
    /// <summary>Where the question is published, if anywhere.</summary>
    public string? Url { get; init; }
    /// <summary>Where the question came from (e.g. "metaculus", "gjp", "example", "user").</summary>
    public string? Source { get; init; }
    /// <summary>
    /// Id of the scenario actor whose threat this binary question asks about: resolved yes = the actor followed through,
    /// no = it backed down. Resolved threat questions feed the actor's follow-through record (<see cref="ThreatRecords"/>).
    /// </summary>
    public string? ThreatBy { get; init; }

    /// <summary>Number of outcome categories for a categorical question: 2 for binary, the option count for multiple choice, 0 otherwise.</summary>
    public int CategoryCount => Kind switch { QuestionKind.Binary => 2, QuestionKind.MultipleChoice => Options.Count, _ => 0 };
    /// <summary>True for binary and multiple-choice questions (forecast as probabilities, scored by Brier and log scores).</summary>
    public bool IsCategorical => Kind is QuestionKind.Binary or QuestionKind.MultipleChoice;
}

/// <summary>A forecaster: a model variant ("model:eum/scholz-code"), a person, an outlet or a crowd.</summary>
public sealed record Forecaster(string Name, ForecasterKind Kind, string? Description = null);

/// <summary>One point of a quantile forecast: P(X ≤ <see cref="Value"/>) = <see cref="Level"/>.</summary>
public readonly record struct QuantilePoint(double Level, double Value);

/// <summary>What produced a model forecast, so it can be reproduced (style guide, practice 8).</summary>
public sealed record ForecastProvenance(string BrinkVersion, string? Model = null, string? ScenarioHash = null, long? Seed = null, string? Note = null);

/// <summary>
/// A forecast. Exactly one payload is set: <see cref="Probabilities"/> for categorical questions
/// (binary: one value, P(yes); multiple choice: one per option), or <see cref="Samples"/> /
/// <see cref="Quantiles"/> for numeric and date questions.
/// </summary>
public sealed record Forecast
{
    /// <summary>The ledger's id of the forecast; 0 until it is stored.</summary>
    public long Id { get; init; }
    /// <summary>The question forecast.</summary>
    public required string QuestionId { get; init; }
    /// <summary>Name of the forecaster (see <see cref="Ledger.Forecaster"/>).</summary>
    public required string Forecaster { get; init; }
    /// <summary>When the forecast was made (UTC), as stated by the forecaster or the source; decides whether it counts before close.</summary>
    public required DateTimeOffset MadeAt { get; init; }
    /// <summary>Categorical payload: binary, one value P(yes); multiple choice, one per option summing to 1.</summary>
    public IReadOnlyList<double>? Probabilities { get; init; }
    /// <summary>Numeric or date payload: draws from the forecast distribution (dates in days since 1970-01-01 UTC).</summary>
    public IReadOnlyList<double>? Samples { get; init; }
    /// <summary>Numeric or date payload: points of the forecast's cumulative distribution, levels increasing.</summary>
    public IReadOnlyList<QuantilePoint>? Quantiles { get; init; }
    /// <summary>Why the forecaster said so, in their words or a summary.</summary>
    public string? Rationale { get; init; }
    /// <summary>Where the forecast was published.</summary>
    public string? SourceUrl { get; init; }
    /// <summary>The forecaster's words verbatim, when the forecast was read off a statement.</summary>
    public string? Quote { get; init; }
    /// <summary>For a model forecast: what produced it (version, model, scenario hash, seed).</summary>
    public ForecastProvenance? Provenance { get; init; }
    /// <summary>When the ledger recorded it (from the injected clock).</summary>
    public DateTimeOffset? RecordedAt { get; init; }
    /// <summary>
    /// The signed-in account that entered it on a team server; null when no account was involved (CLI, single-user
    /// workbench, imports). Differs from <see cref="Forecaster"/> when a person records an outlet's or pundit's forecast.
    /// </summary>
    public string? RecordedBy { get; init; }

    /// <summary>Probability of each category, binary expanded to [P(no), P(yes)].</summary>
    public double[] CategoryProbabilities(Question question) =>
        question.Kind == QuestionKind.Binary ? [1 - Probabilities![0], Probabilities[0]] : [.. Probabilities!];
}

/// <summary>
/// One entry in a question's resolution history. Entries are append-only: a later revision
/// supersedes an earlier one but never erases it.
/// </summary>
public sealed record Resolution
{
    /// <summary>The question resolved.</summary>
    public required string QuestionId { get; init; }
    /// <summary>1 for the first entry of a question's history, one more for each re-resolution.</summary>
    public int Revision { get; init; }
    /// <summary>The state this entry puts the question in.</summary>
    public required QuestionState State { get; init; }
    /// <summary>Outcome value (see <see cref="QuestionKind"/>); null unless <see cref="State"/> is Resolved.</summary>
    public double? Value { get; init; }
    /// <summary>When the outcome happened or became known.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }
    /// <summary>What shows the outcome, in words.</summary>
    public string? Evidence { get; init; }
    /// <summary>Where the evidence is published.</summary>
    public string? EvidenceUrl { get; init; }
    /// <summary>Why a question was re-resolved or annulled.</summary>
    public string? Reason { get; init; }
    /// <summary>When the ledger recorded this entry (from the injected clock).</summary>
    public DateTimeOffset? RecordedAt { get; init; }
    /// <summary>The signed-in account that resolved it on a team server; null when no account was involved.</summary>
    public string? RecordedBy { get; init; }
}

/// <summary>A question with its current resolution (if any) and all its forecasts: the scorer's input.</summary>
public sealed record ScoringQuestion(Question Question, Resolution? Resolution, IReadOnlyList<Forecast> Forecasts);

/// <summary>Ledger time conventions: all times UTC, stored as round-trip ISO 8601 text.</summary>
public static class LedgerTime
{
    private static readonly DateTimeOffset Epoch = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The stored text of an instant: UTC, ISO 8601 with seven fractional digits and a Z, e.g. 2022-01-24T00:00:00.0000000Z.</summary>
    public static string Format(DateTimeOffset t) => t.UtcDateTime.ToString(StoredFormat, CultureInfo.InvariantCulture);

    /// <summary>Reads an instant written by <see cref="Format"/>, or any ISO 8601 text (a time without an offset is taken as UTC). Throws <see cref="FormatException"/> on other text.</summary>
    public static DateTimeOffset Parse(string s) =>
        DateTimeOffset.TryParseExact(s, StoredFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private const string StoredFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>As <see cref="Parse"/>, returning false instead of throwing.</summary>
    public static bool TryParse(string? s, out DateTimeOffset t) =>
        DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out t);

    /// <summary>Days since 1970-01-01 UTC: the numeric value of a date question's outcome.</summary>
    public static double ToDays(DateTimeOffset t) => (t - Epoch).TotalDays;
    /// <summary>The instant <paramref name="days"/> days after 1970-01-01 UTC (inverse of <see cref="ToDays"/>).</summary>
    public static DateTimeOffset FromDays(double days) => Epoch.AddDays(days);
}
