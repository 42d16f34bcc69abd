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
public enum QuestionState { Open, Resolved, Annulled, Ambiguous }

/// <summary>Who makes forecasts.</summary>
public enum ForecasterKind { Model, Person, Outlet, Crowd }

/// <summary>
/// A forecasting question with explicit resolution criteria and times.
/// A conditional question is scored only if its condition question resolved to <see cref="ConditionOutcome"/>;
/// a condition that is not itself in the ledger is kept as <see cref="ConditionText"/>.
/// </summary>
public sealed record Question
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required QuestionKind Kind { get; init; }
    /// <summary>Option labels of a multiple-choice question (empty otherwise).</summary>
    public IReadOnlyList<string> Options { get; init; } = [];
    /// <summary>True when the options are ordered (ranked probability score applies).</summary>
    public bool Ordered { get; init; }
    /// <summary>Plausible range of a numeric question (informative; used by charts and validation).</summary>
    public double? Lower { get; init; }
    public double? Upper { get; init; }
    public string? Unit { get; init; }
    /// <summary>For a binary question that asks whether a quantity ends at or below a value: that value (lets a model's samples give P(X ≤ threshold)).</summary>
    public double? Threshold { get; init; }
    public required string Criteria { get; init; }
    public required DateTimeOffset OpenTime { get; init; }
    public required DateTimeOffset CloseTime { get; init; }
    /// <summary>When the answer is expected to be known.</summary>
    public DateTimeOffset? ResolveTime { get; init; }
    public QuestionState State { get; init; } = QuestionState.Open;
    public string? ConditionQuestionId { get; init; }
    public double? ConditionOutcome { get; init; }
    public string? ConditionText { get; init; }
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
    public long Id { get; init; }
    public required string QuestionId { get; init; }
    public required string Forecaster { get; init; }
    public required DateTimeOffset MadeAt { get; init; }
    public IReadOnlyList<double>? Probabilities { get; init; }
    public IReadOnlyList<double>? Samples { get; init; }
    public IReadOnlyList<QuantilePoint>? Quantiles { get; init; }
    public string? Rationale { get; init; }
    public string? SourceUrl { get; init; }
    public string? Quote { get; init; }
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
    public required string QuestionId { get; init; }
    public int Revision { get; init; }
    public required QuestionState State { get; init; }
    /// <summary>Outcome value (see <see cref="QuestionKind"/>); null unless <see cref="State"/> is Resolved.</summary>
    public double? Value { get; init; }
    /// <summary>When the outcome happened or became known.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }
    public string? Evidence { get; init; }
    public string? EvidenceUrl { get; init; }
    /// <summary>Why a question was re-resolved or annulled.</summary>
    public string? Reason { get; init; }
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

    public static string Format(DateTimeOffset t) => t.UtcDateTime.ToString(StoredFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string s) =>
        DateTimeOffset.TryParseExact(s, StoredFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private const string StoredFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static bool TryParse(string? s, out DateTimeOffset t) =>
        DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out t);

    /// <summary>Days since 1970-01-01 UTC: the numeric value of a date question's outcome.</summary>
    public static double ToDays(DateTimeOffset t) => (t - Epoch).TotalDays;
    public static DateTimeOffset FromDays(double days) => Epoch.AddDays(days);
}
