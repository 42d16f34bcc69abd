using Brink.Ledger;
using Brink.Ledger.Import;
using Brink.Store;

namespace Brink.Tests.Ledger;

public sealed class LedgerDocumentTests
{
    private const string Clean = """
        questions:
          - id: q1
            title: Q1?
            kind: binary
            criteria: c
            open_time: 2024-01-01
            close_time: 2024-02-01
        """;

    private const string Yaml = """
        forecasters:
          - name: a
            kind: person
        questions:
          - id: q1
            title: Q1?
            kind: binary
            criteria: c
            open_time: 2024-01-01
            close_time: 2024-02-01
        forecasts:
          - question: q1
            forecaster: a
            made_at: 2024-01-05
            probability: 0.3
          - question: q1
            forecaster: a
            made_at: 2024-01-06
            probability: 1.3
          - question: nope
            forecaster: a
            made_at: 2024-01-07
            probability: 0.3
          - question: q1
            forecaster: a
            made_at: someday
            probability: 0.3
        """;

    [Fact]
    public void Bad_entries_are_reported_with_their_line_and_field()
    {
        var batch = LedgerDocument.Read(new StringReader(Yaml), "test.yaml");
        var errors = batch.Errors.ToList();
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Line == 16 && e.Message.Contains("[0, 1]"));
        Assert.Contains(errors, e => e.Line == 20 && e.Message.Contains("no question 'nope'"));
        Assert.Contains(errors, e => e.Line == 26 && e.FieldPath == "forecasts[3].made_at");
        Assert.Single(batch.Forecasts);
    }

    [Fact]
    public void The_store_rejects_a_batch_with_bad_rows_unless_told_to_skip_them()
    {
        using var db = new TempDb();
        using var store = LedgerStore.Open(db.Path);
        var batch = LedgerDocument.Read(new StringReader(Yaml), "test.yaml");
        var rejected = store.Import(batch, skipBad: false);
        Assert.False(rejected.Committed);
        Assert.Equal(0, store.Counts()["questions"]);
        var skipped = store.Import(batch, skipBad: true);
        Assert.True(skipped.Committed);
        Assert.Equal((1, 1, 3), (skipped.QuestionsAdded, skipped.ForecastsAdded, skipped.SkippedRows));
    }

    [Fact]
    public void A_conflicting_resolution_in_an_import_is_a_problem_not_an_overwrite()
    {
        using var db = new TempDb();
        using var store = LedgerStore.Open(db.Path);
        var first = LedgerDocument.Read(new StringReader(Clean + "\nresolutions:\n  - question: q1\n    outcome: \"yes\"\n"), "a.yaml");
        Assert.True(store.Import(first, skipBad: false).Committed);
        var second = LedgerDocument.Read(new StringReader(Clean + "\nresolutions:\n  - question: q1\n    outcome: \"no\"\n"), "b.yaml");
        var outcome = store.Import(second, skipBad: false);
        Assert.False(outcome.Committed);
        Assert.Contains(outcome.Problems, p => p.Message.Contains("--reresolve"));
        Assert.Equal(1.0, store.CurrentResolutions()["q1"].Value);
        Assert.Equal(QuestionState.Resolved, store.GetQuestion("q1")!.State);
    }
}
