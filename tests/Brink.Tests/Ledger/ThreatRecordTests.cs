using System.Collections.Immutable;
using Brink.Crisis;
using Brink.Ledger;
using Brink.Ledger.Import;
using Brink.Scenarios;
using Brink.Store;
using CsCheck;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Brink.Tests.Ledger;

/// <summary>Threat questions in the ledger → follow-through records (Beta–Bernoulli with forgetting), and the v1 → v2 schema upgrade.</summary>
public sealed class ThreatRecordTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDb _db = new();
    private readonly FakeClock _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _db.Dispose();

    private static Question Q(string id, string? threatBy, QuestionKind kind = QuestionKind.Binary) => new()
    {
        Id = id, Title = id + "?", Kind = kind, Criteria = "as reported by Reuters", OpenTime = T0, CloseTime = T0.AddDays(30), ThreatBy = threatBy,
        Options = kind == QuestionKind.MultipleChoice ? ["a", "b"] : [],
    };

    private static Resolution R(string id, double? value, int day, QuestionState state = QuestionState.Resolved) =>
        new() { QuestionId = id, State = state, Value = value, ResolvedAt = T0.AddDays(day) };

    [Fact]
    public void Record_is_the_hand_computed_Beta_posterior_with_forgetting_in_resolution_order()
    {
        // Listed out of time order; only resolved binary threat questions count.
        Question[] questions =
        [
            Q("b-late", "x"), Q("f-early", "x"), Q("b-mid", "x"), Q("annulled", "x"), Q("ambiguous", "x"), Q("open", "x"), Q("not-a-threat", null), Q("y-threat", "y"),
        ];
        var current = new[]
        {
            R("b-late", 0, 30), R("f-early", 1, 10), R("b-mid", 0, 20), R("annulled", null, 5, QuestionState.Annulled),
            R("ambiguous", null, 6, QuestionState.Ambiguous), R("not-a-threat", 1, 1), R("y-threat", 1, 3),
        }.ToDictionary(r => r.QuestionId);

        var records = ThreatRecords.Build(questions, current, priorAlpha: 2, priorBeta: 3, forgetting: 0.5);

        Assert.Equal(["x", "y"], records.Select(r => r.Actor));
        var x = records[0];
        Assert.Equal("F,B,B", x.Sequence);
        Assert.Equal(["f-early", "b-mid", "b-late"], x.Outcomes.Select(o => o.QuestionId));
        // By hand, α ← α₀ + φ(α − α₀) + y, β ← β₀ + φ(β − β₀) + (1 − y), from Beta(2, 3), φ = 1/2:
        // F: α = 2 + 0 + 1 = 3,        β = 3 + 0 = 3
        // B: α = 2 + ½·1 = 2.5,        β = 3 + ½·0 + 1 = 4
        // B: α = 2 + ½·0.5 = 2.25,     β = 3 + ½·1 + 1 = 4.5;  mean 2.25/6.75 = 1/3.
        Assert.Equal(2.25, x.Record.Alpha, 12);
        Assert.Equal(4.5, x.Record.Beta, 12);
        Assert.Equal(1.0 / 3, x.Record.Mean, 12);
        Assert.Equal(3, x.Observations);
        // y: one follow-through from Beta(2, 3): Beta(3, 3).
        Assert.Equal((3.0, 3.0, "F"), (records[1].Record.Alpha, records[1].Record.Beta, records[1].Sequence));
    }

    [Fact]
    public void Default_forgetting_is_the_crisis_options_and_the_ledger_record_matches_the_scenario_attribute_reading()
    {
        Question[] questions = [Q("a", "usa"), Q("b", "usa"), Q("c", "usa")];
        var current = new[] { R("a", 0, 1), R("b", 1, 2), R("c", 0, 3) }.ToDictionary(r => r.QuestionId);
        var ledger = ThreatRecords.Build(questions, current).Single();
        var options = new CrisisOptions();
        var actor = new Actor { Id = "usa", Attributes = ImmutableDictionary<string, string>.Empty.Add("threat_record", ledger.Sequence) };
        var fromScenario = ActorCrisisInputs.From(actor, options, "test", []).Record(options.Forgetting);
        Assert.Equal("B,F,B", ledger.Sequence);
        Assert.Equal(fromScenario.Alpha, ledger.Record.Alpha, 12);
        Assert.Equal(fromScenario.Beta, ledger.Record.Beta, 12);
    }

    [Fact]
    public void Without_forgetting_the_record_counts_outcomes_whatever_their_order()
    {
        Gen.Select(Gen.Bool.Array[0, 25], Gen.Double[0.1, 5], Gen.Double[0.1, 5]).Sample((ys, a0, b0) =>
        {
            var questions = ys.Select((_, i) => Q($"q{i}", "a")).ToList();
            var current = ys.Select((y, i) => R($"q{i}", y ? 1 : 0, 100 - i)).ToDictionary(r => r.QuestionId);
            var records = ThreatRecords.Build(questions, current, a0, b0, forgetting: 1);
            if (ys.Length == 0) { Assert.Empty(records); return; }
            var r = records.Single().Record;
            Assert.Equal(a0 + ys.Count(y => y), r.Alpha, 9);
            Assert.Equal(b0 + ys.Count(y => !y), r.Beta, 9);
        }, iter: 200, threads: 1);
    }

    [Fact]
    public void Apply_sets_threat_record_from_the_ledger_and_leaves_other_actors_alone()
    {
        var scenario = new Scenario
        {
            Title = "t",
            Actors =
            [
                new Actor { Id = "USA", Attributes = ImmutableDictionary<string, string>.Empty.Add("threat_record", "F,F,F") },
                new Actor { Id = "russia", Attributes = ImmutableDictionary<string, string>.Empty.Add("threat_record", "B") },
            ],
            Issues = [],
        };
        var records = ThreatRecords.Build([Q("q", "usa")], new[] { R("q", 0, 1) }.ToDictionary(r => r.QuestionId));
        var (updated, applied) = ThreatRecords.Apply(scenario, records);
        Assert.Equal("B", updated.FindActor("USA")!.Attributes["threat_record"]);
        Assert.Equal("B", updated.FindActor("russia")!.Attributes["threat_record"]);
        Assert.Equal(new ThreatRecords.Applied("USA", "B", "F,F,F", 1), Assert.Single(applied));
    }

    [Fact]
    public void Threat_by_is_only_for_binary_questions()
    {
        Assert.Contains(LedgerValidation.Check(Q("n", "usa", QuestionKind.Numeric)), e => e.StartsWith("threat_by:"));
        Assert.Contains(LedgerValidation.Check(Q("s", "u s a")), e => e.StartsWith("threat_by:"));
        Assert.Empty(LedgerValidation.Check(Q("ok", "usa")));
    }

    [Fact]
    public void A_version_1_ledger_upgrades_in_place_and_keeps_its_questions()
    {
        using (var v1 = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _db.Path, Pooling = false }.ToString()))
        {
            v1.Open();
            v1.Execute("CREATE TABLE schema_version(version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)");
            v1.Execute(LedgerSchema.Migrations.Single(m => m.Version == 1).Sql);
            v1.Execute("INSERT INTO schema_version VALUES (1, 'v1', '2025-01-01T00:00:00.0000000Z')");
            v1.Execute("""
                INSERT INTO questions(id, title, kind, criteria, open_time, close_time, created_at)
                VALUES ('us-walks-away-by-2025-05-31', 'Walk away?', 'binary', 'c', '2025-04-18T00:00:00.0000000Z', '2025-05-31T23:59:59.0000000Z', '2025-04-18T00:00:00.0000000Z')
                """);
            Assert.Throws<SqliteException>(() => v1.Execute("SELECT threat_by FROM questions"));
        }

        using var store = LedgerStore.Open(_db.Path, _clock);
        Assert.True(store.SchemaVersion >= 2);
        Assert.Equal(LedgerSchema.Latest, store.SchemaVersion);
        var old = store.GetQuestion("us-walks-away-by-2025-05-31")!;
        Assert.Equal("Walk away?", old.Title);
        Assert.Null(old.ThreatBy);
        store.AddQuestion(Q("new-threat", "russia"));
        Assert.Equal("russia", store.GetQuestion("new-threat")!.ThreatBy);

        // Importing the example fills in threat_by of the question recorded before the column existed (a blank may be filled once) …
        var outcome = store.Import(ExampleLedger.Read(), skipBad: false);
        Assert.True(outcome.Committed);
        Assert.Equal("usa", store.GetQuestion("us-walks-away-by-2025-05-31")!.ThreatBy);
        Assert.Equal("usa", store.GetQuestion("us-walks-away-by-2025-12-31")!.ThreatBy);
        // … but a recorded threat_by is part of the definition and never changes.
        var e = Assert.Throws<SqliteException>(() => store.Connection.Execute("UPDATE questions SET threat_by = 'russia' WHERE id = 'us-walks-away-by-2025-05-31'"));
        Assert.Contains("definition cannot be changed", e.Message);
        var batch = new ImportBatch("ledger", "other.yaml");
        batch.Questions.Add(Q("new-threat", "ukraine"));
        var again = store.Import(batch, skipBad: false);
        Assert.Contains(again.Problems, p => p.Severity == Severity.Notice && p.Message.Contains("'russia' in the ledger but by 'ukraine'"));
        Assert.Equal("russia", store.GetQuestion("new-threat")!.ThreatBy);
        Assert.Equal("ok", store.IntegrityCheck());
    }

    [Fact]
    public void The_example_ledger_marks_the_US_walk_away_threats()
    {
        var batch = ExampleLedger.Read();
        Assert.Empty(batch.Errors);
        Assert.Equal(["us-walks-away-by-2025-05-31", "us-walks-away-by-2025-12-31"], batch.Questions.Where(q => q.ThreatBy == "usa").Select(q => q.Id));
    }
}
