using Brink.Ledger;
using Brink.Ledger.Import;
using Brink.Ledger.Scoring;
using Brink.Tests.Ledger;

namespace Brink.Tests.Storage;

/// <summary>
/// The behaviour every <see cref="ILedgerStore"/> must have, run against each implementation (SQLite, PostgreSQL) by
/// a subclass that says how to open a fresh ledger and how to reach the database behind Brink's back.
/// </summary>
public abstract partial class LedgerStoreContract : IDisposable
{
    protected static readonly DateTimeOffset T0 = new(2022, 1, 13, 12, 0, 0, TimeSpan.Zero);
    protected FakeClock Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    /// <summary>Opens the test's ledger (the same one on every call, created on the first).</summary>
    protected abstract ILedgerStore Open();

    /// <summary>Runs SQL on the ledger's database directly, as a person with a database client could.</summary>
    protected abstract void ExecuteRaw(string sql);

    /// <summary>Stores a forecaster kind Brink never writes, bypassing the schema's CHECK (as a damaged or hand-edited database would).</summary>
    protected abstract void CorruptForecasterKind(string name, string kind);

    public abstract void Dispose();

    protected static Question War => new()
    {
        Id = "war", Title = "War?", Kind = QuestionKind.Binary, Criteria = "Invasion reported by Reuters", OpenTime = T0, CloseTime = T0.AddDays(42),
    };

    private static Question Gdp => new()
    {
        Id = "gdp", Title = "GDP growth 2022", Kind = QuestionKind.Numeric, Criteria = "IMF WEO", OpenTime = T0, CloseTime = T0.AddDays(300),
        Lower = -10, Upper = 10, Unit = "%",
    };

    private static Question Pick => new()
    {
        Id = "pick", Title = "Who wins?", Kind = QuestionKind.MultipleChoice, Options = ["a", "b", "c"], Ordered = true, Criteria = "Official result",
        OpenTime = T0, CloseTime = T0.AddDays(10), Url = "https://example.org/q", Source = "user", ThreatBy = null,
    };

    [Fact]
    public void Opening_migrates_once_and_reopening_keeps_the_version()
    {
        int version;
        using (var store = Open()) version = store.SchemaVersion;
        Assert.True(version >= 1);
        using var again = Open();
        Assert.Equal(version, again.SchemaVersion);
        Assert.Equal("ok", again.IntegrityCheck());
        Assert.All(again.Counts().Values, n => Assert.Equal(0, n));
    }

    [Fact]
    public void Questions_round_trip_with_every_field()
    {
        using (var store = Open())
        {
            store.AddQuestion(War with { Threshold = 3.5, ResolveTime = T0.AddDays(50), ThreatBy = "RUS" });
            store.AddQuestion(Pick);
            store.AddQuestion(Gdp);
        }
        using var again = Open();
        var war = again.GetQuestion("war")!;
        Assert.Equal(War with { Threshold = 3.5, ResolveTime = T0.AddDays(50), ThreatBy = "RUS", State = QuestionState.Open, Options = war.Options }, war);
        var pick = again.GetQuestion("pick")!;
        Assert.Equal(["a", "b", "c"], pick.Options);
        Assert.True(pick.Ordered);
        Assert.Equal("https://example.org/q", pick.Url);
        Assert.Equal((-10.0, 10.0, "%"), (again.GetQuestion("gdp")!.Lower!.Value, again.GetQuestion("gdp")!.Upper!.Value, again.GetQuestion("gdp")!.Unit!));
        Assert.Equal(["gdp", "pick", "war"], again.ListQuestions().Select(q => q.Id).Order(StringComparer.Ordinal));
        Assert.Null(again.GetQuestion("nope"));
    }

    [Fact]
    public void A_question_id_is_taken_once_and_bad_questions_are_refused()
    {
        using var store = Open();
        store.AddQuestion(War);
        Assert.Throws<LedgerException>(() => store.AddQuestion(War with { Title = "Other" }));
        Assert.Throws<LedgerException>(() => store.AddQuestion(War with { Id = "bad", CloseTime = T0.AddDays(-1) }));
        Assert.Throws<LedgerException>(() => store.AddQuestion(War with { Id = "cond", ConditionQuestionId = "missing" }));
        Assert.Equal("War?", store.GetQuestion("war")!.Title);
        Assert.Equal(1, store.Counts()["questions"]);
    }

    [Fact]
    public void Forecasts_are_appended_never_replaced()
    {
        using var store = Open();
        store.AddQuestion(War);
        var first = store.AddForecast(new Forecast { QuestionId = "war", Forecaster = "alice", MadeAt = T0.AddDays(1), Probabilities = [0.3], Rationale = "troops" });
        Assert.True(first.Id > 0);
        Assert.Equal(Clock.UtcNow, first.RecordedAt);
        var e = Assert.Throws<LedgerException>(() => store.AddForecast(new Forecast { QuestionId = "war", Forecaster = "alice", MadeAt = T0.AddDays(1), Probabilities = [0.9] }));
        Assert.Contains("never replaced", e.Message);
        Assert.Throws<LedgerException>(() => store.AddForecast(new Forecast { QuestionId = "war", Forecaster = "alice", MadeAt = T0, Probabilities = [1.4] }));
        Assert.Throws<LedgerException>(() => store.AddForecast(new Forecast { QuestionId = "nope", Forecaster = "alice", MadeAt = T0, Probabilities = [0.5] }));
        store.AddForecast(new Forecast { QuestionId = "war", Forecaster = "alice", MadeAt = T0.AddDays(2), Probabilities = [0.4] });
        store.AddForecast(new Forecast { QuestionId = "war", Forecaster = "The Economist", MadeAt = T0.AddDays(1), Probabilities = [0.2] }, ForecasterKind.Outlet);

        var forecasts = store.GetForecasts("war");
        Assert.Equal([0.3, 0.2, 0.4], forecasts.Select(f => f.Probabilities![0]));
        Assert.Equal("troops", forecasts[0].Rationale);
        Assert.Equal(ForecasterKind.Outlet, store.ListForecasters().Single(f => f.Name == "The Economist").Kind);
        Assert.Equal(3, store.AllForecasts().Count);
    }

    [Fact]
    public void Resolving_appends_to_the_history_and_re_resolving_needs_the_flag_and_a_reason()
    {
        using var store = Open();
        store.AddQuestion(War);
        var r1 = store.Resolve(new Resolution { QuestionId = "war", State = QuestionState.Resolved, Value = 1, ResolvedAt = T0.AddDays(40), Evidence = "Reuters" });
        Assert.Equal(1, r1.Revision);
        Assert.Throws<LedgerException>(() => store.Resolve(new Resolution { QuestionId = "war", State = QuestionState.Resolved, Value = 0 }));
        Assert.Throws<LedgerException>(() => store.Resolve(new Resolution { QuestionId = "war", State = QuestionState.Resolved, Value = 0 }, reresolve: true));
        Assert.Throws<LedgerException>(() => store.Resolve(new Resolution { QuestionId = "war", State = QuestionState.Resolved, Value = 0.5, Reason = "x" }, reresolve: true));
        Clock.Advance(TimeSpan.FromDays(1));
        var r2 = store.Resolve(new Resolution { QuestionId = "war", State = QuestionState.Annulled, Reason = "source retracted" }, reresolve: true);
        Assert.Equal(2, r2.Revision);

        var history = store.ResolutionHistory("war");
        Assert.Equal([QuestionState.Resolved, QuestionState.Annulled], history.Select(h => h.State));
        Assert.Equal("Reuters", history[0].Evidence);
        Assert.Equal("source retracted", history[1].Reason);
        Assert.Equal(2, store.CurrentResolutions()["war"].Revision);
        Assert.Equal(QuestionState.Annulled, store.GetQuestion("war")!.State);
        Assert.Equal(2, store.AllResolutions().Count);
        Assert.Equal("ok", store.IntegrityCheck());
    }

    [Fact]
    public void The_database_itself_refuses_to_change_history()
    {
        using (var store = Open())
        {
            store.AddQuestion(War);
            store.AddForecast(new Forecast { QuestionId = "war", Forecaster = "alice", MadeAt = T0.AddDays(1), Probabilities = [0.3] });
            store.Resolve(new Resolution { QuestionId = "war", State = QuestionState.Resolved, Value = 1 });
        }
        string[] tampering =
        [
            "UPDATE forecasts SET probabilities = '[0.99]'",
            "DELETE FROM forecasts",
            "UPDATE resolutions SET value = 0",
            "DELETE FROM resolutions",
            "UPDATE questions SET state = 'open'",
            "UPDATE questions SET title = 'Peace?'",
            "DELETE FROM questions",
            "INSERT INTO resolutions(question_id, revision, state, value, recorded_at) VALUES ('war', 5, 'resolved', 0, '2026-01-01T00:00:00.0000000Z')",
        ];
        foreach (var sql in tampering)
            Assert.ThrowsAny<Exception>(() => ExecuteRaw(sql));

        using var again = Open();
        Assert.Equal(0.3, again.GetForecasts("war").Single().Probabilities![0]);
        Assert.Equal(1.0, again.ResolutionHistory("war").Single().Value);
        Assert.Equal(QuestionState.Resolved, again.GetQuestion("war")!.State);
        Assert.Equal("War?", again.GetQuestion("war")!.Title);
        Assert.Equal("ok", again.IntegrityCheck());
    }

    [Fact]
    public void An_unknown_enum_value_read_back_is_reported_not_defaulted()
    {
        using (var store = Open()) store.AddForecaster(new Forecaster("hal", ForecasterKind.Model));
        CorruptForecasterKind("hal", "robot");
        using var again = Open();
        var e = Assert.Throws<LedgerStorageException>(() => again.ListForecasters());
        Assert.Equal(StorageFailure.Damaged, e.Failure);
        Assert.Contains("forecasters", e.Message);
        Assert.Contains("'robot'", e.Message);
    }

    [Fact]
    public void Text_with_SQL_metacharacters_is_stored_verbatim_and_search_is_literal()
    {
        const string title = "Robert'); DROP TABLE questions;-- 100% \"sure\" _x_ \\ ünïcödé";
        using var store = Open();
        store.AddQuestion(War with { Id = "q'1", Title = title, Criteria = "$1 ; --" });
        store.AddQuestion(War with { Id = "plain", Title = "A 50 percent thing" });
        store.AddForecast(new Forecast { QuestionId = "q'1", Forecaster = "O'Brien; DROP", MadeAt = T0, Probabilities = [0.5], Rationale = "%_%" });
        var back = store.GetQuestion("q'1")!;
        Assert.Equal(title, back.Title);
        Assert.Equal("$1 ; --", back.Criteria);
        Assert.Equal("%_%", store.GetForecasts("q'1").Single().Rationale);
        Assert.Equal(["q'1"], store.ListQuestions(new QuestionFilter(Search: "100%")).Select(q => q.Id));
        Assert.Equal(["q'1"], store.ListQuestions(new QuestionFilter(Search: "ROBERT")).Select(q => q.Id));
        Assert.Equal(["q'1"], store.ListQuestions(new QuestionFilter(Search: "_x_")).Select(q => q.Id));
        Assert.Equal(2, store.ListQuestions(new QuestionFilter(State: QuestionState.Open)).Count);
        Assert.Single(store.ListQuestions(new QuestionFilter(Limit: 1)));
    }

    private static ImportBatch Batch()
    {
        var batch = new ImportBatch("test", "batch.csv");
        batch.Questions.Add(War);
        batch.Questions.Add(Gdp);
        batch.Forecasters.Add(new Forecaster("crowd", ForecasterKind.Crowd));
        batch.AddForecast(new Forecast { QuestionId = "war", Forecaster = "crowd", MadeAt = T0.AddDays(1), Probabilities = [0.25] }, 2);
        batch.AddForecast(new Forecast { QuestionId = "war", Forecaster = "bob", MadeAt = T0.AddDays(1), Probabilities = [0.75] }, 3);
        batch.AddForecast(new Forecast { QuestionId = "war", Forecaster = "bob", MadeAt = T0.AddDays(1), Probabilities = [0.75] }, 4);
        batch.AddForecast(new Forecast { QuestionId = "gdp", Forecaster = "bob", MadeAt = T0.AddDays(1), Samples = [1.5, 2.5, 3.0] }, 5);
        batch.Resolutions.Add(new Resolution { QuestionId = "war", State = QuestionState.Resolved, Value = 1, ResolvedAt = T0.AddDays(30) });
        batch.Resolutions.Add(new Resolution { QuestionId = "war", State = QuestionState.Resolved, Value = 0, ResolvedAt = T0.AddDays(31), Reason = "corrected" });
        return batch;
    }

    [Fact]
    public void An_import_is_all_or_nothing_and_a_re_import_adds_nothing()
    {
        using var store = Open();
        var first = store.Import(Batch(), skipBad: false);
        Assert.True(first.Committed);
        Assert.Equal((2, 3, 2, 1, 2), (first.QuestionsAdded, first.ForecastsAdded, first.ResolutionsAdded, first.DuplicatesSkipped, first.ForecastersAdded));
        Assert.Equal([1, 2], store.ResolutionHistory("war").Select(r => r.Revision));
        Assert.Equal(0.0, store.CurrentResolutions()["war"].Value);

        var again = store.Import(Batch(), skipBad: false);
        Assert.True(again.Committed);
        Assert.Equal((0, 2, 0, 3), (again.QuestionsAdded, again.QuestionsExisting, again.ForecastsAdded, again.ForecastsExisting));

        var before = store.Counts();
        var conflicting = new ImportBatch("test", "conflict.csv");
        conflicting.Questions.Add(War with { Id = "new-one" });
        conflicting.AddForecast(new Forecast { QuestionId = "war", Forecaster = "bob", MadeAt = T0.AddDays(1), Probabilities = [0.1] }, 7);
        var refused = store.Import(conflicting, skipBad: false);
        Assert.False(refused.Committed);
        Assert.Contains(refused.Problems, p => p.Line == 7 && p.Message.Contains("never replaced", StringComparison.Ordinal));
        Assert.Null(store.GetQuestion("new-one"));
        Assert.Equal(before, store.Counts());
    }

    [Fact]
    public void Scores_come_out_as_the_scoring_rules_say()
    {
        using var store = Open();
        store.AddQuestion(War);
        store.AddForecast(new Forecast { QuestionId = "war", Forecaster = "alice", MadeAt = T0.AddDays(1), Probabilities = [0.3] });
        store.AddForecast(new Forecast { QuestionId = "war", Forecaster = "bob", MadeAt = T0.AddDays(1), Probabilities = [0.9] });
        store.Resolve(new Resolution { QuestionId = "war", State = QuestionState.Resolved, Value = 1, ResolvedAt = T0.AddDays(40) });
        var report = LedgerScorer.Score(store.LoadForScoring(), new ScoreOptions());
        // Normalised Brier of a binary forecast p on an outcome that happened: (1 − p)².
        Assert.Equal(0.49, report.Forecasters.Single(f => f.Forecaster == "alice").Brier!.Value, 12);
        Assert.Equal(0.01, report.Forecasters.Single(f => f.Forecaster == "bob").Brier!.Value, 12);
        Assert.Single(store.LoadForScoring(forecasters: ["bob"]).Single().Forecasts);
    }

    [Fact]
    public void Model_forecasts_follow_the_core_recording_rules()
    {
        using var store = Open();
        // Still open when the model records (a model forecast after the close time is refused: it would not be scored).
        store.AddQuestion(Gdp with { CloseTime = T0.AddYears(100) });
        store.AddQuestion(War with { Threshold = 2, CloseTime = T0.AddYears(100) });
        var provenance = new ForecastProvenance("test", "eum/scholz-code", "abc", 7);
        var samples = Enumerable.Range(0, 5000).Select(i => i / 1000.0).ToArray();
        var numeric = LedgerRecorder.RecordModelForecast(store, "gdp", "model:eum/scholz-code", samples, provenance);
        Assert.Equal(LedgerRecorder.MaxStoredSamples, store.GetForecasts("gdp").Single().Samples!.Count);
        Assert.Equal(provenance, store.GetForecasts("gdp").Single().Provenance);
        var binary = LedgerRecorder.RecordModelForecast(store, "war", "model:eum/scholz-code", samples, provenance);
        Assert.Equal(2001 / 5000.0, store.GetForecasts("war").Single().Probabilities![0], 12);
        Assert.Equal(ForecasterKind.Model, store.ListForecasters().Single().Kind);
        Assert.Throws<LedgerException>(() => LedgerRecorder.RecordModelForecast(store, "war", "alice", samples, provenance));
        Assert.Throws<LedgerException>(() => LedgerRecorder.RecordModelProbabilityOfYes(store, "gdp", "crisis", "fearon", 0.3, provenance));
        Assert.True(numeric.Id > 0 && binary.Id > numeric.Id);
    }

    [Fact]
    public void Concurrent_writers_lose_nothing()
    {
        using (var setup = Open()) setup.AddQuestion(War);
        const int writers = 4, each = 25;
        Parallel.For(0, writers, new ParallelOptions { MaxDegreeOfParallelism = writers }, w =>
        {
            using var store = Open();
            for (var i = 0; i < each; i++)
                store.AddForecast(new Forecast { QuestionId = "war", Forecaster = $"writer{w}", MadeAt = T0.AddMinutes(i), Probabilities = [0.5] });
        });
        using var again = Open();
        Assert.Equal(writers * each, again.AllForecasts().Count);
        Assert.Equal(writers, again.ListForecasters().Count);
    }
}
