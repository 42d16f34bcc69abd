using System.Text.Json;
using Brink.Ledger;
using Brink.Store;
using Brink.Tests.Cli;

namespace Brink.Tests.Ledger;

/// <summary>A forecast made after a question's close time is refused (or, on request, stored with a warning), and <c>ledger show</c> says which forecasts count.</summary>
public sealed class AfterCloseTests : IDisposable
{
    private readonly TempDb _db = new();

    public void Dispose() => _db.Dispose();

    private CliRunner.Result Run(params string[] args) => CliRunner.Run(["ledger", .. args, "--db", _db.Path]);

    private void AddQuestion() =>
        Assert.Equal(0, Run("question", "add", "q", "--title", "Q?", "--criteria", "c", "--open", "2025-01-01", "--close", "2025-02-01").ExitCode);

    [Fact]
    public void A_forecast_after_the_close_time_is_refused_with_a_message()
    {
        AddQuestion();
        var r = Run("forecast", "add", "q", "--forecaster", "me", "--p", "0.3", "--at", "2025-03-01");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("after the question closed at 2025-02-01", r.Error);
        Assert.Contains("will not be scored", r.Error);
        Assert.Contains("--after-close", r.Error);
        Assert.Empty(JsonDocument.Parse(Run("show", "q", "--format", "json").Out).RootElement.GetProperty("forecasts").EnumerateArray());
    }

    [Fact]
    public void With_after_close_it_is_stored_with_a_warning_and_left_out_of_the_score()
    {
        AddQuestion();
        Assert.Equal(0, Run("forecast", "add", "q", "--forecaster", "me", "--p", "0.3", "--at", "2025-01-10").ExitCode);
        var late = Run("forecast", "add", "q", "--forecaster", "me", "--p", "0.9", "--at", "2025-03-01", "--after-close");
        Assert.Equal(0, late.ExitCode);
        Assert.Contains("warning:", late.Error);
        Assert.Contains("will not be scored", late.Error);
        Assert.Contains("not scored", late.Out);
        Assert.Equal(0, Run("resolve", "q", "no", "--at", "2025-03-02").ExitCode);
        var score = JsonDocument.Parse(Run("score", "--format", "json").Out).RootElement.GetProperty("forecasters").EnumerateArray().Single();
        Assert.Equal(0.09, score.GetProperty("brier").GetDouble(), 12); // the 0.3 made in time, not the late 0.9
    }

    [Fact]
    public void Show_says_which_forecasts_count()
    {
        AddQuestion();
        Assert.Equal(0, Run("forecast", "add", "q", "--forecaster", "me", "--p", "0.3", "--at", "2025-01-10").ExitCode);
        Assert.Equal(0, Run("forecast", "add", "q", "--forecaster", "me", "--p", "0.4", "--at", "2025-01-20").ExitCode);
        Assert.Equal(0, Run("forecast", "add", "q", "--forecaster", "me", "--p", "0.9", "--at", "2025-03-01", "--after-close").ExitCode);
        var json = JsonDocument.Parse(Run("show", "q", "--format", "json").Out).RootElement;
        Assert.Equal(["superseded", "counts", "after_close"], json.GetProperty("standings").EnumerateArray().Select(s => s.GetString()));
        var table = Run("show", "q").Out;
        Assert.Contains("1 count", table);
        Assert.Contains("earlier", table);
        Assert.Contains("no (after close)", table);
        Assert.Contains("1 after the close", table);
    }

    [Fact]
    public void The_store_refuses_a_late_forecast_unless_asked()
    {
        using var store = Brink.Store.LedgerStore.Open(_db.Path);
        store.AddQuestion(new Question
        {
            Id = "q", Title = "Q?", Kind = QuestionKind.Binary, Criteria = "c",
            OpenTime = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), CloseTime = new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero),
        });
        var f = new Forecast { QuestionId = "q", Forecaster = "a", MadeAt = new DateTimeOffset(2025, 2, 2, 0, 0, 0, TimeSpan.Zero), Probabilities = [0.5] };
        var e = Assert.Throws<LedgerException>(() => store.AddForecast(f));
        Assert.Contains("will not be scored", e.Message);
        Assert.True(store.AddForecast(f, allowAfterClose: true).Id > 0);
    }

    [Fact]
    public void Standings_follow_the_scorers_rule()
    {
        var q = new Question
        {
            Id = "q", Title = "Q?", Kind = QuestionKind.Binary, Criteria = "c",
            OpenTime = DateTimeOffset.UnixEpoch, CloseTime = DateTimeOffset.UnixEpoch.AddDays(10),
        };
        Forecast F(string who, int day) => new() { QuestionId = "q", Forecaster = who, MadeAt = DateTimeOffset.UnixEpoch.AddDays(day), Probabilities = [0.5] };
        var list = new[] { F("a", 1), F("b", 2), F("a", 3), F("a", 10), F("b", 11) };
        Assert.Equal([ForecastStanding.Superseded, ForecastStanding.Counts, ForecastStanding.Superseded, ForecastStanding.Counts, ForecastStanding.AfterClose],
            ForecastEligibility.Standings(q, list));
    }
}
