using Brink.Ledger;
using Brink.Store;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Brink.Tests.Ledger;

public sealed class LedgerStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2022, 1, 13, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDb _db = new();
    private readonly FakeClock _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _db.Dispose();

    private LedgerStore Open() => LedgerStore.Open(_db.Path, _clock);

    private static Question War => new()
    {
        Id = "war", Title = "War?", Kind = QuestionKind.Binary, Criteria = "Invasion reported by Reuters", OpenTime = T0, CloseTime = T0.AddDays(42),
    };

    [Fact]
    public void Opening_creates_the_schema_once_in_WAL_mode()
    {
        using (var store = Open()) Assert.Equal(LedgerSchema.Latest, store.SchemaVersion);
        using (var again = Open())
        {
            Assert.Equal(LedgerSchema.Latest, again.SchemaVersion);
            Assert.Equal("wal", again.Connection.ExecuteScalar<string>("PRAGMA journal_mode"));
            Assert.Equal(LedgerSchema.Migrations.Count, again.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM schema_version"));
        }
    }

    [Fact]
    public void A_database_from_a_newer_Brink_is_refused()
    {
        using (var store = Open())
            store.Connection.Execute("INSERT INTO schema_version(version, description, applied_at) VALUES (999, 'future', 'x')");
        var e = Assert.Throws<LedgerException>(Open);
        Assert.Contains("newer", e.Message);
    }

    [Fact]
    public void Forecasts_round_trip_with_times_from_the_injected_clock()
    {
        using var store = Open();
        store.AddQuestion(War);
        var stored = store.AddForecast(new Forecast
        {
            QuestionId = "war", Forecaster = "Zbigniew Rau", MadeAt = T0, Probabilities = [0.4], Quote = "greater than ever", SourceUrl = "https://example.org",
        });
        var back = Assert.Single(store.GetForecasts("war"));
        Assert.Equal(stored.Id, back.Id);
        Assert.Equal(T0, back.MadeAt);
        Assert.Equal(_clock.UtcNow, back.RecordedAt);
        Assert.Equal([0.4], back.Probabilities!);
        Assert.Equal("greater than ever", back.Quote);
        Assert.Equal(ForecasterKind.Person, store.ListForecasters().Single().Kind);
    }

    [Fact]
    public void Resolving_twice_needs_the_flag_and_a_reason_and_keeps_the_history()
    {
        using var store = Open();
        store.AddQuestion(War);
        store.Resolve(new Resolution { QuestionId = "war", State = QuestionState.Resolved, Value = 0, Evidence = "first reading" });
        Assert.Throws<LedgerException>(() => store.Resolve(new Resolution { QuestionId = "war", State = QuestionState.Resolved, Value = 1 }));
        Assert.Throws<LedgerException>(() => store.Resolve(new Resolution { QuestionId = "war", State = QuestionState.Resolved, Value = 1 }, reresolve: true));
        _clock.Advance(TimeSpan.FromDays(1));
        store.Resolve(new Resolution { QuestionId = "war", State = QuestionState.Resolved, Value = 1, Reason = "mis-read the source" }, reresolve: true);

        var history = store.ResolutionHistory("war");
        Assert.Equal([(1, 0.0), (2, 1.0)], history.Select(h => (h.Revision, h.Value!.Value)));
        Assert.Equal(_clock.UtcNow, history[1].RecordedAt);
        Assert.Equal(1.0, store.CurrentResolutions()["war"].Value);
        Assert.Equal(QuestionState.Resolved, store.GetQuestion("war")!.State);
    }

    [Fact]
    public void Nothing_recorded_can_be_changed_or_deleted_behind_the_ledgers_back()
    {
        using var store = Open();
        store.AddQuestion(War);
        store.AddForecast(new Forecast { QuestionId = "war", Forecaster = "a", MadeAt = T0, Probabilities = [0.4] });
        store.Resolve(new Resolution { QuestionId = "war", State = QuestionState.Resolved, Value = 1 });
        string[] tampering =
        [
            "UPDATE resolutions SET value = 0",
            "DELETE FROM resolutions",
            "UPDATE forecasts SET probabilities = '[0.9]'",
            "DELETE FROM forecasts",
            "UPDATE questions SET criteria = 'something else'",
            "DELETE FROM questions",
        ];
        foreach (var sql in tampering) Assert.Throws<SqliteException>(() => store.Connection.Execute(sql));
        Assert.Equal(1.0, store.CurrentResolutions()["war"].Value);
    }

    [Fact]
    public void Invalid_input_is_rejected_with_a_message_naming_the_field()
    {
        using var store = Open();
        store.AddQuestion(War);
        var e = Assert.Throws<LedgerException>(() => store.AddForecast(new Forecast { QuestionId = "war", Forecaster = "a", MadeAt = T0, Probabilities = [1.4] }));
        Assert.Contains("probabilities", e.Message);
        Assert.Throws<LedgerException>(() => store.AddQuestion(War));
        Assert.Throws<LedgerException>(() => store.AddQuestion(War with { Id = "bad", CloseTime = T0.AddDays(-1) }));
        Assert.Throws<LedgerException>(() => store.Resolve(new Resolution { QuestionId = "war", State = QuestionState.Resolved, Value = 0.5 }));
        Assert.Throws<LedgerException>(() => store.AddForecast(new Forecast { QuestionId = "nope", Forecaster = "a", MadeAt = T0, Probabilities = [0.5] }));
        Assert.Equal(0, store.Counts()["forecasts"]);
    }

    [Fact]
    public void Two_writers_on_separate_connections_both_commit_everything()
    {
        using (var store = Open()) store.AddQuestion(War);
        const int perWriter = 150;
        var writers = Enumerable.Range(0, 2).Select(w => new Thread(() =>
        {
            using var store = LedgerStore.Open(_db.Path, _clock);
            for (var i = 0; i < perWriter; i++)
                store.AddForecast(new Forecast { QuestionId = "war", Forecaster = $"writer{w}", MadeAt = T0.AddMinutes(i), Probabilities = [0.5] });
        })).ToList();
        writers.ForEach(t => t.Start());
        writers.ForEach(t => t.Join());
        using var check = Open();
        Assert.Equal("ok", check.IntegrityCheck());
        Assert.Equal(2 * perWriter, check.Counts()["forecasts"]);
        Assert.Equal(2, check.Counts()["forecasters"]);
    }
}
