using Brink.Ledger;
using Brink.Ledger.Scoring;
using Brink.Store;
using Brink.Store.Postgres;
using Brink.Tests.Ledger;

namespace Brink.Tests.Storage;

/// <summary><c>brink ledger copy</c>'s core: SQLite → PostgreSQL → SQLite loses nothing (row counts, histories and scores equal).</summary>
public sealed class LedgerCopyTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2022, 1, 13, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeClock _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly TempDb _first = new();
    private readonly TempDb _back = new();
    private readonly PostgresLedgerContractTests _server = new();

    public void Dispose()
    {
        _first.Dispose();
        _back.Dispose();
        _server.Dispose();
    }

    private static readonly string[] Tables = ["questions", "forecasters", "forecasts", "resolutions"];

    [Fact]
    public void A_ledger_copied_to_PostgreSQL_and_back_is_unchanged()
    {
        using var source = LedgerStore.Open(_first.Path, _clock);
        source.AddQuestion(new Question { Id = "cond", Title = "Talks?", Kind = QuestionKind.Binary, Criteria = "c", OpenTime = T0, CloseTime = T0.AddDays(60) });
        source.AddQuestion(new Question
        {
            Id = "war", Title = "War?", Kind = QuestionKind.Binary, Criteria = "c", OpenTime = T0, CloseTime = T0.AddDays(60),
            ConditionQuestionId = "cond", ConditionOutcome = 1, ThreatBy = "RUS",
        });
        source.AddQuestion(new Question { Id = "pick", Title = "Who?", Kind = QuestionKind.MultipleChoice, Options = ["a", "b", "c"], Criteria = "c", OpenTime = T0, CloseTime = T0.AddDays(60) });
        source.AddQuestion(new Question { Id = "gdp", Title = "GDP", Kind = QuestionKind.Numeric, Criteria = "c", OpenTime = T0, CloseTime = T0.AddDays(60), Lower = -5, Upper = 5 });
        var rng = new Random(7);
        foreach (var who in new[] { "alice", "bob", "model:eum/scholz-code" })
            for (var d = 1; d <= 20; d++)
            {
                var p = Math.Round(rng.NextDouble(), 3);
                source.AddForecast(new Forecast { QuestionId = "war", Forecaster = who, MadeAt = T0.AddDays(d), Probabilities = [p] });
                source.AddForecast(new Forecast { QuestionId = "cond", Forecaster = who, MadeAt = T0.AddDays(d), Probabilities = [1 - p] });
                source.AddForecast(new Forecast { QuestionId = "pick", Forecaster = who, MadeAt = T0.AddDays(d), Probabilities = [p / 2, p / 2, 1 - p] });
                source.AddForecast(new Forecast { QuestionId = "gdp", Forecaster = who, MadeAt = T0.AddDays(d), Samples = [.. Enumerable.Range(0, 50).Select(_ => rng.NextDouble() * 4 - 2)] },
                    who.StartsWith("model:", StringComparison.Ordinal) ? ForecasterKind.Model : ForecasterKind.Person);
            }
        source.Resolve(new Resolution { QuestionId = "cond", State = QuestionState.Resolved, Value = 1, ResolvedAt = T0.AddDays(61) });
        source.Resolve(new Resolution { QuestionId = "war", State = QuestionState.Resolved, Value = 0, ResolvedAt = T0.AddDays(61) });
        source.Resolve(new Resolution { QuestionId = "war", State = QuestionState.Resolved, Value = 1, ResolvedAt = T0.AddDays(62), Reason = "first report wrong" }, reresolve: true);
        source.Resolve(new Resolution { QuestionId = "pick", State = QuestionState.Resolved, Value = 2, ResolvedAt = T0.AddDays(61) });
        source.Resolve(new Resolution { QuestionId = "gdp", State = QuestionState.Resolved, Value = 0.7, ResolvedAt = T0.AddDays(61) });

        using var server = PostgresLedgerStore.Open(_server.Url, _clock);
        Assert.True(LedgerCopy.Copy(source, server).Committed);
        using var back = LedgerStore.Open(_back.Path, _clock);
        Assert.True(LedgerCopy.Copy(server, back).Committed);

        foreach (var t in Tables)
        {
            Assert.Equal(source.Counts()[t], server.Counts()[t]);
            Assert.Equal(source.Counts()[t], back.Counts()[t]);
        }
        Assert.Equal(240, back.Counts()["forecasts"]);
        Assert.Equal(Strip(source.AllResolutions()), Strip(back.AllResolutions()));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(source.ListQuestions()), System.Text.Json.JsonSerializer.Serialize(back.ListQuestions()));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(source.AllForecasts().Select(f => f with { Id = 0 })), System.Text.Json.JsonSerializer.Serialize(back.AllForecasts().Select(f => f with { Id = 0 })));
        Assert.Equal(source.ListForecasters(), server.ListForecasters());
        Assert.Equal(Scores(source), Scores(server));
        Assert.Equal(Scores(source), Scores(back));
        Assert.Equal("ok", server.IntegrityCheck());
        Assert.Equal("ok", back.IntegrityCheck());

        // Copying again adds nothing.
        var again = LedgerCopy.Copy(source, server);
        Assert.True(again.Committed);
        Assert.Equal((0, 0, 0), (again.QuestionsAdded, again.ForecastsAdded, again.ResolutionsAdded));
    }

    private static List<string> Strip(IReadOnlyList<Resolution> rs) =>
        [.. rs.Select(r => $"{r.QuestionId}|{r.Revision}|{r.State}|{r.Value}|{r.ResolvedAt}|{r.Reason}|{r.RecordedAt}")];

    private static List<string> Scores(ILedgerStore store) =>
        [.. LedgerScorer.Score(store.LoadForScoring(), new ScoreOptions { Baseline = BaselineKind.Uniform }).Forecasters
            .Select(f => $"{f.Forecaster}|{f.Questions}|{f.Brier:R}|{f.Log:R}|{f.RankedProbability:R}|{f.Crps:R}|{f.RelativeBrier:R}")];
}
