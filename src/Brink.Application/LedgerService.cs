using Brink.Ledger;
using Brink.Ledger.Scoring;
using Brink.Scenarios;
using Brink.Store;

namespace Brink.Application;

/// <summary>A ledger opened for one operation; user mistakes come back as <see cref="LedgerException"/>.</summary>
public sealed record LedgerLocation(string Path)
{
    /// <summary>A team's own ledger in the same database (see <see cref="LedgerStores.Open"/>); null or "main" = the database's main ledger.</summary>
    public string? Team { get; init; }

    /// <summary>
    /// With accounts: the audit record of a resolution made through this location (who, when, why), written in the
    /// resolution's own transaction (<see cref="AuditedLedgerStore"/>); null = no audit (a single-user ledger).
    /// </summary>
    public Func<Resolution, Brink.Accounts.AuditEntry>? ResolutionAudit { get; init; }

    /// <summary>For messages: the database, and the team if not the main one.</summary>
    public string Display => Team is null or Brink.Accounts.AccountNames.MainTeam ? Path : $"{(LedgerStores.IsServerUrl(Path) ? Store.Postgres.PostgresUrl.Redact(Path) : Path)} (team {Team})";

    public static LedgerLocation Default() => new(LedgerStores.DefaultLocation());

    /// <summary>
    /// Opens the ledger (an SQLite file or a <c>postgres://</c> URL, see <see cref="LedgerStores"/>) and runs <paramref name="body"/>;
    /// a file that is not a database becomes a <see cref="LedgerException"/>, a server that cannot be reached a <see cref="LedgerStorageException"/>.
    /// </summary>
    public T With<T>(Func<ILedgerStore, T> body, IClock? clock = null)
    {
        try
        {
            using var opened = LedgerStores.Open(Path, clock ?? SystemClock.Instance, createDirectory: true, team: Team);
            using var store = ResolutionAudit is { } audit ? new AuditedLedgerStore(opened, audit) : opened;
            return body(store);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode is 26 or 14 or 11)
        {
            throw new LedgerException($"{Path}: cannot open the ledger database ({e.Message})");
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            throw new LedgerException($"{Path}: ledger busy, try again (another process has held its write lock longer than the {LedgerStore.DefaultBusyTimeoutMs / 1000.0:0.#} s busy timeout)");
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode is 8)
        {
            throw new LedgerException($"{Path}: the ledger is read-only; this operation writes to it");
        }
    }
}

/// <summary>Adds a binary question (the workbench's form; the CLI adds every kind through <see cref="LedgerService.AddQuestion"/>).</summary>
public sealed record AddQuestionRequest
{
    public string Id { get; init; } = "";
    public string Title { get; init; } = "";
    public QuestionKind Kind { get; init; } = QuestionKind.Binary;
    public IReadOnlyList<string> Options { get; init; } = [];
    public string Criteria { get; init; } = "";
    public DateTimeOffset? Open { get; init; }
    public DateTimeOffset Close { get; init; }
    public double? Lower { get; init; }
    public double? Upper { get; init; }
    public double? Threshold { get; init; }

    public IReadOnlyList<Diagnostic> Validate()
    {
        var problems = new List<Diagnostic>();
        if (string.IsNullOrWhiteSpace(Id)) problems.Add(Outcome.RequestError("id", "give the question an id, e.g. ru-ua-ceasefire-2025"));
        if (string.IsNullOrWhiteSpace(Title)) problems.Add(Outcome.RequestError("title", "give the question as asked"));
        if (string.IsNullOrWhiteSpace(Criteria)) problems.Add(Outcome.RequestError("criteria", "give the resolution criteria: what counts as yes, which source decides"));
        if (Close == default) problems.Add(Outcome.RequestError("close", "give the close time"));
        return problems;
    }

    public Question ToQuestion(DateTimeOffset now) => new()
    {
        Id = Id.Trim(), Title = Title.Trim(), Kind = Kind, Options = Options, Criteria = Criteria.Trim(),
        OpenTime = Open ?? now, CloseTime = Close, Lower = Lower, Upper = Upper, Threshold = Threshold, Source = "user",
    };
}

/// <summary>A person's (or any forecaster's) forecast on a question.</summary>
public sealed record AddForecastRequest
{
    public string Question { get; init; } = "";
    public string Forecaster { get; init; } = "";
    /// <summary>Binary: P(yes); multiple choice: one per option.</summary>
    public IReadOnlyList<double>? Probabilities { get; init; }
    public IReadOnlyList<double>? Samples { get; init; }
    public DateTimeOffset? At { get; init; }
    public string? Rationale { get; init; }
    /// <summary>Store a forecast made after the close time anyway (kept on record, not scored); otherwise it is refused.</summary>
    public bool AfterClose { get; init; }
    /// <summary>What kind of forecaster a new name is (person, outlet, crowd); default: a person (a model for "model:…" names).</summary>
    public ForecasterKind? ForecasterKind { get; init; }
    /// <summary>The signed-in account entering it (set by the server, never read from a request body).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? RecordedBy { get; init; }

    public IReadOnlyList<Diagnostic> Validate()
    {
        var problems = new List<Diagnostic>();
        if (string.IsNullOrWhiteSpace(Question)) problems.Add(Outcome.RequestError("question", "choose the question"));
        if (string.IsNullOrWhiteSpace(Forecaster)) problems.Add(Outcome.RequestError("forecaster", "say who forecasts"));
        if (Probabilities is null && Samples is null) problems.Add(Outcome.RequestError("probabilities", "give a probability (or samples for a numeric question)"));
        if (Probabilities?.Any(p => !(p >= 0 && p <= 1)) == true) problems.Add(Outcome.RequestError("probabilities", "probabilities lie between 0 and 1"));
        return problems;
    }
}

/// <summary>Resolves a question: an outcome text (yes/no, an option, a number, a date) or ambiguous.</summary>
public sealed record ResolveRequest
{
    public string Question { get; init; } = "";
    public string? Outcome { get; init; }
    public bool Ambiguous { get; init; }
    public DateTimeOffset? At { get; init; }
    public string? Evidence { get; init; }
    /// <summary>Change a question that is already resolved (the old entry stays in the history); needs <see cref="Reason"/>.</summary>
    public bool Reresolve { get; init; }
    /// <summary>Why it is re-resolved (or annulled).</summary>
    public string? Reason { get; init; }
    /// <summary>The signed-in account resolving (set by the server, never read from a request body).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? RecordedBy { get; init; }

    public IReadOnlyList<Diagnostic> Validate() =>
        string.IsNullOrWhiteSpace(Question) ? [Application.Outcome.RequestError("question", "choose the question")]
        : Outcome is null && !Ambiguous ? [Application.Outcome.RequestError("outcome", "give the outcome (e.g. 'yes') or mark it ambiguous")] : [];
}

public sealed record LeaderboardRequest
{
    public LeaderboardMetric Metric { get; init; } = LeaderboardMetric.Brier;
    public BaselineKind Baseline { get; init; } = BaselineKind.Uniform;
    public int MinQuestions { get; init; } = 1;
    public int Top { get; init; } = 30;
    public string? Source { get; init; }

    public IReadOnlyList<Diagnostic> Validate() =>
        MinQuestions < 0 ? [Outcome.RequestError("min_questions", "must be 0 or more")] : Top < 0 ? [Outcome.RequestError("top", "must be 0 (all) or more")] : [];
}

/// <summary>A calibration table: <see cref="Bins"/> equal-width bins, optionally one forecaster's or one origin's questions only.</summary>
public sealed record CalibrationRequest
{
    public int Bins { get; init; } = 10;
    public string? Forecaster { get; init; }
    public string? Source { get; init; }

    public IReadOnlyList<Diagnostic> Validate() => Bins is < 1 or > 100 ? [Outcome.RequestError("bins", "give 1 to 100 bins")] : [];
}

/// <summary>The document of a leaderboard (as <c>brink ledger leaderboard --format json</c>).</summary>
public sealed record LeaderboardDocument(LeaderboardMetric Metric, IReadOnlyList<LeaderboardEntry> Entries);

/// <summary>A question as listed by the API and the workbench.</summary>
public sealed record QuestionDoc(string Id, string Title, QuestionKind Kind, QuestionState State, DateTimeOffset CloseTime, IReadOnlyList<string> Options, double? Threshold, int Forecasts);

/// <summary>The ledger operations every front end uses; each validates its request first and throws <see cref="LedgerException"/> on a user mistake.</summary>
public static class LedgerService
{
    public static IReadOnlyList<QuestionDoc> ListQuestions(ILedgerStore store, QuestionFilter? filter = null)
    {
        var counts = store.AllForecasts().GroupBy(f => f.QuestionId).ToDictionary(g => g.Key, g => g.Count());
        return [.. store.ListQuestions(filter).Select(q => new QuestionDoc(q.Id, q.Title, q.Kind, q.State, q.CloseTime, q.Options, q.Threshold, counts.GetValueOrDefault(q.Id)))];
    }

    public static Question AddQuestion(ILedgerStore store, AddQuestionRequest request)
    {
        Check(request.Validate());
        var q = request.ToQuestion(store.Clock.UtcNow);
        store.AddQuestion(q);
        return q;
    }

    public static Forecast AddForecast(ILedgerStore store, AddForecastRequest request)
    {
        Check(request.Validate());
        var q = store.GetQuestion(request.Question) ?? throw new LedgerException($"no question '{request.Question}' in the ledger");
        var f = new Forecast
        {
            QuestionId = q.Id, Forecaster = request.Forecaster.Trim(), MadeAt = request.At ?? store.Clock.UtcNow,
            Probabilities = request.Probabilities, Samples = request.Samples, Rationale = request.Rationale, RecordedBy = request.RecordedBy,
        };
        var kind = request.ForecasterKind ?? (f.Forecaster.StartsWith("model:", StringComparison.Ordinal) ? ForecasterKind.Model : ForecasterKind.Person);
        return store.AddForecast(f, kind, request.AfterClose);
    }

    public static Resolution Resolve(ILedgerStore store, ResolveRequest request)
    {
        Check(request.Validate());
        var q = store.GetQuestion(request.Question) ?? throw new LedgerException($"no question '{request.Question}' in the ledger");
        double? value = null;
        if (!request.Ambiguous)
        {
            if (!Ledger.Import.OutcomeParser.TryParse(q, request.Outcome!, out var v, out var why)) throw new LedgerException($"outcome: {why}");
            value = v;
        }
        return store.Resolve(new Resolution
        {
            QuestionId = q.Id, State = request.Ambiguous ? QuestionState.Ambiguous : QuestionState.Resolved, Value = value,
            ResolvedAt = request.At ?? store.Clock.UtcNow, Evidence = request.Evidence, Reason = request.Reason, RecordedBy = request.RecordedBy,
        }, request.Reresolve);
    }

    public static LeaderboardDocument Leaderboard(ILedgerStore store, LeaderboardRequest request)
    {
        Check(request.Validate());
        var report = LedgerScorer.Score(store.LoadForScoring(request.Source), new ScoreOptions { Baseline = request.Baseline });
        var rows = LedgerScorer.Leaderboard(report, request.Metric, request.MinQuestions);
        if (request.Top > 0) rows = [.. rows.Take(request.Top)];
        return new LeaderboardDocument(request.Metric, rows);
    }

    /// <summary>
    /// The calibration table (reliability diagram) of the resolved questions' scored forecasts, as <c>brink ledger calibration</c>:
    /// equal-width probability bins with the mean forecast, observed frequency and a Wilson interval per bin.
    /// </summary>
    public static CalibrationTable Calibration(ILedgerStore store, CalibrationRequest request)
    {
        Check(request.Validate());
        var forecasters = request.Forecaster is { Length: > 0 } who ? new[] { who } : null;
        var report = LedgerScorer.Score(store.LoadForScoring(request.Source, forecasters), new ScoreOptions());
        return Ledger.Scoring.Calibration.Build(LedgerScorer.CalibrationEvents(report.Scores), request.Bins);
    }

    private static void Check(IReadOnlyList<Diagnostic> problems)
    {
        if (problems.Count > 0) throw new LedgerException(string.Join("; ", problems.Select(p => $"{p.FieldPath}: {p.Message}")));
    }
}

/// <summary>
/// Model forecasts into the ledger: each model's forecast goes under the forecaster <c>model:MODEL/VARIANT</c>, with the Brink
/// version, scenario hash and seed as provenance, so models are scored like people.
/// </summary>
public static class ModelForecastRecorder
{
    /// <summary>One model's forecast to record: a point forecast is one sample, a simulation many.</summary>
    public sealed record Entry(string Model, string Variant, IReadOnlyList<double> Samples);

    public sealed record Recorded(string Forecaster, int Samples, double? Probability);

    /// <summary>Records each entry on <paramref name="questionId"/>; <paramref name="what"/> names the run (e.g. "brink run"). The rules are <see cref="LedgerRecorder"/>'s.</summary>
    public static IReadOnlyList<Recorded> Record(ILedgerStore store, string questionId, ScenarioSource scenario, IEnumerable<Entry> entries,
        long? seed, string what, string brinkVersion)
    {
        var bytes = scenario.Bytes();
        var recorded = new List<Recorded>();
        foreach (var entry in entries)
        {
            var forecaster = LedgerRecorder.ModelForecaster(entry.Model, entry.Variant);
            var provenance = LedgerRecorder.Provenance(brinkVersion, entry.Model, entry.Variant, bytes, scenario.FileName, seed, what);
            LedgerRecorder.RecordModelForecast(store, questionId, forecaster, entry.Samples, provenance);
            recorded.Add(new Recorded(forecaster, entry.Samples.Count, null));
        }
        return recorded;
    }

    /// <summary>Records one model probability of "yes" on a binary question (e.g. the crisis model's P(war)).</summary>
    public static Recorded RecordProbability(ILedgerStore store, string questionId, ScenarioSource scenario, string model, string variant,
        double probability, long? seed, string what, string brinkVersion)
    {
        var provenance = LedgerRecorder.Provenance(brinkVersion, model, variant, scenario.Bytes(), scenario.FileName, seed, what);
        var f = LedgerRecorder.RecordModelProbabilityOfYes(store, questionId, model, variant, probability, provenance);
        return new Recorded(f.Forecaster, 1, probability);
    }
}
