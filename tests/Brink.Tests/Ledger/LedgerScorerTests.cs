using Brink.Ledger;
using Brink.Ledger.Scoring;

namespace Brink.Tests.Ledger;

public sealed class LedgerScorerTests
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Question Binary(string id, int days = 10) => new()
    {
        Id = id, Title = id, Kind = QuestionKind.Binary, Criteria = "c", OpenTime = T0, CloseTime = T0.AddDays(days),
    };

    private static Forecast F(string q, string who, int day, double p) => new() { QuestionId = q, Forecaster = who, MadeAt = T0.AddDays(day), Probabilities = [p] };

    private static Resolution Yes(string q) => new() { QuestionId = q, State = QuestionState.Resolved, Value = 1 };

    [Fact]
    public void Given_forecasts_after_close_when_scoring_by_default_then_the_last_one_before_close_counts()
    {
        var q = new ScoringQuestion(Binary("q"), Yes("q"), [F("q", "a", 1, 0.2), F("q", "a", 5, 0.6), F("q", "a", 11, 0.99)]);
        var report = LedgerScorer.Score([q], new ScoreOptions());
        Assert.Equal(0.16, report.Forecasters.Single().Brier!.Value, 12);
        var late = LedgerScorer.Score([q], new ScoreOptions { IncludeAfterClose = true });
        Assert.Equal(0.0001, late.Forecasters.Single().Brier!.Value, 12);
    }

    [Fact]
    public void Time_averaged_scores_weight_each_forecast_by_how_long_it_stood()
    {
        // 0.2 from day 2 to day 6 (4 days), 0.6 from day 6 to close at day 10 (4 days): mean of 0.64 and 0.16.
        var q = new ScoringQuestion(Binary("q"), Yes("q"), [F("q", "a", 2, 0.2), F("q", "a", 6, 0.6)]);
        var report = LedgerScorer.Score([q], new ScoreOptions { Selection = ForecastSelection.TimeAveraged });
        Assert.Equal(0.40, report.Forecasters.Single().Brier!.Value, 12);
        Assert.Equal((-Math.Log(0.2) - Math.Log(0.6)) / 2, report.Forecasters.Single().Log!.Value, 12);
    }

    [Fact]
    public void Unresolved_annulled_and_unmet_conditional_questions_are_not_scored()
    {
        var cond = Binary("cond");
        var arm = Binary("arm") with { ConditionQuestionId = "cond", ConditionOutcome = 1 };
        var questions = new[]
        {
            new ScoringQuestion(cond, new Resolution { QuestionId = "cond", State = QuestionState.Resolved, Value = 0 }, [F("cond", "a", 1, 0.5)]),
            new ScoringQuestion(arm, Yes("arm"), [F("arm", "a", 1, 0.9)]),
            new ScoringQuestion(Binary("open"), null, [F("open", "a", 1, 0.9)]),
            new ScoringQuestion(Binary("void"), new Resolution { QuestionId = "void", State = QuestionState.Annulled }, [F("void", "a", 1, 0.9)]),
        };
        var report = LedgerScorer.Score(questions, new ScoreOptions());
        Assert.Equal(["cond"], report.Scores.Select(s => s.QuestionId));
    }

    [Fact]
    public void Relative_scores_compare_with_the_crowd_median_on_the_same_question()
    {
        var q = new ScoringQuestion(Binary("q"), Yes("q"), [F("q", "a", 1, 0.9), F("q", "b", 1, 0.5), F("q", "c", 1, 0.4)]);
        var report = LedgerScorer.Score([q], new ScoreOptions { Baseline = BaselineKind.CrowdMedian });
        // Median 0.5 → Brier 0.25; a: 0.01 − 0.25.
        Assert.Equal(-0.24, report.Forecasters.Single(f => f.Forecaster == "a").RelativeBrier!.Value, 12);
        Assert.Equal(0.0, report.Forecasters.Single(f => f.Forecaster == "b").RelativeBrier!.Value, 12);
    }

    [Fact]
    public void Base_rate_baseline_is_the_share_of_yes_among_scored_binary_questions()
    {
        var qs = new[]
        {
            new ScoringQuestion(Binary("y"), Yes("y"), [F("y", "a", 1, 0.5)]),
            new ScoringQuestion(Binary("n1"), new Resolution { QuestionId = "n1", State = QuestionState.Resolved, Value = 0 }, [F("n1", "a", 1, 0.5)]),
            new ScoringQuestion(Binary("n2"), new Resolution { QuestionId = "n2", State = QuestionState.Resolved, Value = 0 }, []),
            new ScoringQuestion(Binary("n3"), new Resolution { QuestionId = "n3", State = QuestionState.Resolved, Value = 0 }, []),
        };
        var report = LedgerScorer.Score(qs, new ScoreOptions { Baseline = BaselineKind.BaseRate });
        Assert.Equal(0.25, report.BaseRate!.Value, 12);
        var baseBrier = ((0.75 * 0.75) + (0.25 * 0.25)) / 2;
        Assert.Equal(0.25 - baseBrier, report.Forecasters.Single().RelativeBrier!.Value, 12);
    }

    [Fact]
    public void Multiple_choice_and_numeric_questions_get_their_own_metrics()
    {
        var mc = new Question { Id = "mc", Title = "mc", Kind = QuestionKind.MultipleChoice, Options = ["low", "mid", "high"], Ordered = true, Criteria = "c", OpenTime = T0, CloseTime = T0.AddDays(3) };
        var num = new Question { Id = "n", Title = "n", Kind = QuestionKind.Numeric, Criteria = "c", OpenTime = T0, CloseTime = T0.AddDays(3) };
        var report = LedgerScorer.Score(
        [
            new ScoringQuestion(mc, new Resolution { QuestionId = "mc", State = QuestionState.Resolved, Value = 1 }, [new Forecast { QuestionId = "mc", Forecaster = "a", MadeAt = T0, Probabilities = [0.2, 0.5, 0.3] }]),
            new ScoringQuestion(num, new Resolution { QuestionId = "n", State = QuestionState.Resolved, Value = 1 }, [new Forecast { QuestionId = "n", Forecaster = "a", MadeAt = T0, Samples = [0.0, 2.0] }]),
        ], new ScoreOptions());
        var a = report.Forecasters.Single();
        Assert.Equal((2, 1, 1, 1), (a.Questions, a.CategoricalQuestions, a.OrderedQuestions, a.NumericQuestions));
        Assert.Equal(0.065, a.RankedProbability!.Value, 12);
        Assert.Equal((0.04 + 0.25 + 0.09) / 2, a.Brier!.Value, 12);
        Assert.Equal(0.5, a.Crps!.Value, 12);
    }

    [Fact]
    public void Leaderboard_ranks_lower_scores_first_and_drops_forecasters_with_too_few_questions()
    {
        var qs = Enumerable.Range(0, 3).Select(i => new ScoringQuestion(Binary($"q{i}"), Yes($"q{i}"),
            [F($"q{i}", "good", 1, 0.9), F($"q{i}", "bad", 1, 0.3), .. (i == 0 ? new[] { F("q0", "lucky", 1, 1.0) } : [])])).ToList();
        var board = LedgerScorer.Leaderboard(LedgerScorer.Score(qs, new ScoreOptions()), LeaderboardMetric.Brier, minQuestions: 2);
        Assert.Equal(["good", "bad"], board.Select(b => b.Forecaster));
        Assert.Equal([1, 2], board.Select(b => b.Rank));
        Assert.All(board, b => Assert.Equal(3, b.Questions));
    }
}
