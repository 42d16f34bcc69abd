using Brink.Ledger;
using Brink.Ledger.Scoring;

namespace Brink.Application;

// The ledger's JSON documents, typed (issue 11): each record's properties, in order, are the fields of the document
// (snake_case through BrinkJson). CLI (--format json) and HTTP use the same record where the document is the same.

/// <summary>A question just added: <c>{added}</c> (<c>brink ledger question add --format json</c>, <c>POST /api/ledger/questions</c>).</summary>
public sealed record QuestionAddedDocument(string Added);

/// <summary>One question with its resolution history and number of forecasts (<c>GET /api/ledger/questions/{id}</c>).</summary>
public sealed record QuestionDetailDocument(Question Question, IReadOnlyList<Resolution> Resolutions, int Forecasts);

/// <summary>A forecast recorded through the API (<c>POST /api/ledger/forecasts</c>).</summary>
public sealed record ForecastRecordedDocument(long Id, string Question, string Forecaster, DateTimeOffset MadeAt, string? RecordedBy);

/// <summary>A forecast recorded by <c>brink ledger forecast add --format json</c>: whether it is scored, and why not.</summary>
public sealed record ForecastAddedDocument(long Id, string Question, string Forecaster, DateTimeOffset MadeAt, bool Scored, string? Warning);

/// <summary>A resolution recorded through the API (<c>POST /api/ledger/resolutions</c>, <c>…/questions/{id}/resolve</c>).</summary>
public sealed record ResolutionRecordedDocument(string Question, int Revision, QuestionState State, double? Value, string? RecordedBy);

/// <summary>A resolution recorded by <c>brink ledger resolve --format json</c>, with the outcome in words.</summary>
public sealed record ResolvedDocument(string Question, int Revision, QuestionState State, string Outcome);

/// <summary>A question annulled by <c>brink ledger annul --format json</c>.</summary>
public sealed record AnnulledDocument(string Question, int Revision, QuestionState State);

/// <summary>Who a request is signed in as (<c>GET /api/me</c>).</summary>
public sealed record SignedInDocument(bool Authentication, string? Name, string? Role, string? Team);

/// <summary>The outcome of <c>brink ledger import … --format json</c>.</summary>
public sealed record ImportDocument(
    bool Committed, string Source, int QuestionsAdded, int QuestionsExisting, int ForecastsAdded, int ForecastsExisting,
    int ResolutionsAdded, int ForecastersAdded, int SkippedRows, int DuplicatesSkipped, IReadOnlyList<string> Problems)
{
    public static ImportDocument From(ImportOutcome outcome, string source) => new(
        outcome.Committed, source, outcome.QuestionsAdded, outcome.QuestionsExisting, outcome.ForecastsAdded, outcome.ForecastsExisting,
        outcome.ResolutionsAdded, outcome.ForecastersAdded, outcome.SkippedRows, outcome.DuplicatesSkipped, [.. outcome.Problems.Select(p => p.ToString())]);
}

/// <summary>The scores of <c>brink ledger score --format json</c>; <see cref="Questions"/> only with <c>--by-question</c>.</summary>
public sealed record ScoreDocument(ForecastSelection Selection, BaselineKind Baseline, double? BaseRate, string BrierConvention,
    IReadOnlyList<ForecasterScore> Forecasters, IReadOnlyList<QuestionScore>? Questions)
{
    /// <summary>How the two Brier scores are scaled, as the document states it.</summary>
    public const string Convention = "brier = normalised (0-1; binary (p-o)^2); brier_sum = summed over options (0-2, Good Judgment Project)";

    public static ScoreDocument From(ScoreReport report, bool byQuestion) =>
        new(report.Options.Selection, report.Options.Baseline, report.BaseRate, Convention, report.Forecasters, byQuestion ? report.Scores : null);
}

/// <summary>A question as <c>brink ledger list --format json</c> lists it, with its current outcome in words (null when unresolved).</summary>
public sealed record QuestionListDocument(string Id, string Title, QuestionKind Kind, QuestionState State, DateTimeOffset OpenTime, DateTimeOffset CloseTime,
    string? Outcome, string? Source);

/// <summary>A question as <c>brink ledger show --format json</c> shows it.</summary>
/// <param name="Standings">Parallel to <paramref name="Forecasts"/>: counts (scored), superseded (a later one by the same forecaster is scored), after_close (not scored).</param>
public sealed record QuestionShowDocument(Question Question, IReadOnlyList<QuestionShowDocument.ResolutionDoc> Resolutions, IReadOnlyList<Forecast> Forecasts,
    IReadOnlyList<ForecastStanding> Standings)
{
    /// <summary>One revision of the resolution history, with the outcome in words.</summary>
    public sealed record ResolutionDoc(int Revision, QuestionState State, string Outcome, double? Value, DateTimeOffset? ResolvedAt, string? Evidence,
        string? EvidenceUrl, string? Reason, DateTimeOffset? RecordedAt);
}

/// <summary>An actor's follow-through record as <c>brink ledger threats --format json</c> lists it.</summary>
public sealed record ThreatRecordDocument(string Actor, string Record, double Mean, double Alpha, double Beta, int Observations,
    double PriorAlpha, double PriorBeta, double Forgetting, IReadOnlyList<ThreatRecordDocument.OutcomeDoc> Questions)
{
    /// <summary>One resolved threat question: <c>followed_through</c> or <c>backed_down</c>.</summary>
    public sealed record OutcomeDoc(string Question, DateTimeOffset ResolvedAt, string Outcome);

    public static ThreatRecordDocument From(ActorThreatRecord r, double priorAlpha, double priorBeta, double forgetting) => new(
        r.Actor, r.Sequence, r.Record.Mean, r.Record.Alpha, r.Record.Beta, r.Observations, priorAlpha, priorBeta, forgetting,
        [.. r.Outcomes.Select(o => new OutcomeDoc(o.QuestionId, o.ResolvedAt, o.FollowedThrough ? "followed_through" : "backed_down"))]);
}
