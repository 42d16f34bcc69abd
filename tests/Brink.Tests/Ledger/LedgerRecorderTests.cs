using Brink.Ledger;
using Brink.Ledger.Scoring;
using Brink.Store;

namespace Brink.Tests.Ledger;

public sealed class LedgerRecorderTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 4, 18, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDb _db = new();
    private readonly FakeClock _clock = new(T0.AddDays(1));
    private static readonly ForecastProvenance Provenance = new("0.1.0", "eum/scholz-code", "ab12", 42);

    public void Dispose() => _db.Dispose();

    [Fact]
    public void A_numeric_distribution_is_stored_with_its_provenance_and_scored_by_CRPS()
    {
        using var store = LedgerStore.Open(_db.Path, _clock);
        store.AddQuestion(new Question { Id = "pos", Title = "Final position", Kind = QuestionKind.Numeric, Criteria = "c", OpenTime = T0, CloseTime = T0.AddDays(30) });
        var samples = Enumerable.Range(0, 5000).Select(i => 4.0 + 6.0 * i / 4999).ToArray();
        var f = LedgerRecorder.RecordModelForecast(store, "pos", "model:eum/scholz-code", samples, Provenance);
        var back = Assert.Single(store.GetForecasts("pos"));
        Assert.Equal(LedgerRecorder.MaxStoredSamples, back.Samples!.Count);
        Assert.Equal(Provenance, back.Provenance);
        Assert.Equal(_clock.UtcNow, back.MadeAt);
        Assert.Equal(ForecasterKind.Model, store.ListForecasters().Single().Kind);

        store.Resolve(new Resolution { QuestionId = "pos", State = QuestionState.Resolved, Value = 7 });
        var report = LedgerScorer.Score(store.LoadForScoring(), new ScoreOptions());
        Assert.Equal(ScoringRules.Crps(samples, 7), report.Forecasters.Single().Crps!.Value, 2);
        Assert.Equal(f.Id, back.Id);
    }

    [Fact]
    public void A_binary_question_with_a_threshold_gets_the_share_of_samples_at_or_below_it()
    {
        using var store = LedgerStore.Open(_db.Path, _clock);
        store.AddQuestion(new Question { Id = "le6", Title = "Settles at or below 6?", Kind = QuestionKind.Binary, Threshold = 6, Criteria = "c", OpenTime = T0, CloseTime = T0.AddDays(30) });
        LedgerRecorder.RecordModelForecast(store, "le6", "model:eum/scholz-code", [4, 5, 6, 7, 8, 9, 10, 5], Provenance);
        Assert.Equal(0.5, store.GetForecasts("le6").Single().Probabilities![0], 12);
    }

    [Fact]
    public void Recording_refuses_non_model_names_and_binary_questions_without_threshold()
    {
        using var store = LedgerStore.Open(_db.Path, _clock);
        store.AddQuestion(new Question { Id = "b", Title = "b", Kind = QuestionKind.Binary, Criteria = "c", OpenTime = T0, CloseTime = T0.AddDays(30) });
        Assert.Throws<LedgerException>(() => LedgerRecorder.RecordModelForecast(store, "b", "model:x", [1.0], Provenance));
        Assert.Throws<LedgerException>(() => LedgerRecorder.RecordModelProbabilities(store, "b", "Putin", [0.3], Provenance));
        LedgerRecorder.RecordModelProbabilities(store, "b", "model:crisis/fearon", [0.3], Provenance);
        Assert.Equal(1, store.Counts()["forecasts"]);
    }
}
