namespace Brink.Ledger.Scoring;

/// <summary>Which of a forecaster's forecasts on a question is scored.</summary>
public enum ForecastSelection
{
    /// <summary>The last forecast made at or before the question's close time.</summary>
    LastBeforeClose,
    /// <summary>
    /// The time-weighted average of the scores of every forecast in force over the open period, from the
    /// forecaster's first forecast (or the open time, if later) to the close time; each forecast counts until the next one.
    /// </summary>
    TimeAveraged,
}

/// <summary>What relative scores are measured against.</summary>
public enum BaselineKind
{
    /// <summary>No baseline: relative scores are null.</summary>
    None,
    /// <summary>Every option equally likely: 0.5 for a binary question, 1/K for K options.</summary>
    Uniform,
    /// <summary>The share of scored binary questions that resolved yes (multiple choice: uniform).</summary>
    BaseRate,
    /// <summary>Per question, the median over all forecasters of their last forecast before close (option-wise, renormalised).</summary>
    CrowdMedian,
}

/// <summary>Scoring choices, all explicit.</summary>
public sealed record ScoreOptions
{
    /// <summary>Which of a forecaster's forecasts on a question is scored.</summary>
    public ForecastSelection Selection { get; init; } = ForecastSelection.LastBeforeClose;
    /// <summary>What the relative scores (<see cref="ForecasterScore.RelativeBrier"/>, <see cref="ForecasterScore.RelativeLog"/>) are measured against.</summary>
    public BaselineKind Baseline { get; init; } = BaselineKind.None;
    /// <summary>Also count forecasts made after the close time (some data sets stamp the final value after closing).</summary>
    public bool IncludeAfterClose { get; init; }
    /// <summary>α of the central (1 − α) interval for the interval score.</summary>
    public double IntervalAlpha { get; init; } = 0.1;
}

/// <summary>The score of one forecaster on one question. Metrics that do not apply to the question's kind are null.</summary>
public sealed record QuestionScore(
    string QuestionId, string Forecaster, QuestionKind Kind, DateTimeOffset MadeAt, int ForecastsUsed,
    double? Brier, double? BrierSum, double? Log, double? RankedProbability, double? Crps, double? IntervalScore,
    double? BaselineBrier, double? BaselineLog)
{
    /// <summary>Category probabilities of the scored (last) forecast; null for numeric questions.</summary>
    public double[]? Probabilities { get; init; }
    /// <summary>Index of the category that happened, or the numeric outcome.</summary>
    public double Outcome { get; init; }
}

/// <summary>A forecaster's mean scores over the questions scored.</summary>
public sealed record ForecasterScore(
    string Forecaster, int Questions,
    int CategoricalQuestions, double? Brier, double? BrierSum, double? Log,
    int OrderedQuestions, double? RankedProbability,
    int NumericQuestions, double? Crps, double? IntervalScore,
    double? RelativeBrier, double? RelativeLog);

/// <summary>Everything a scoring run produced.</summary>
public sealed record ScoreReport(ScoreOptions Options, IReadOnlyList<ForecasterScore> Forecasters, IReadOnlyList<QuestionScore> Scores, double? BaseRate);

/// <summary>A leaderboard row.</summary>
public sealed record LeaderboardEntry(int Rank, string Forecaster, int Questions, double Score, double? Relative);

/// <summary>Scores a set of resolved questions per forecaster.</summary>
public static class LedgerScorer
{
    /// <summary>Scores every resolved question whose condition (if any) was met: per question and forecaster, then each forecaster's means.</summary>
    public static ScoreReport Score(IReadOnlyList<ScoringQuestion> questions, ScoreOptions options)
    {
        var byId = questions.ToDictionary(q => q.Question.Id, StringComparer.Ordinal);
        var scorable = questions.Where(q => IsScorable(q, byId)).ToList();

        var binaryOutcomes = scorable.Where(q => q.Question.Kind == QuestionKind.Binary).Select(q => q.Resolution!.Value!.Value).ToList();
        double? baseRate = binaryOutcomes.Count > 0 ? binaryOutcomes.Average() : null;

        var scores = new List<QuestionScore>();
        foreach (var sq in scorable)
        {
            var perForecaster = sq.Forecasts
                .Where(f => options.IncludeAfterClose || f.MadeAt <= sq.Question.CloseTime)
                .GroupBy(f => f.Forecaster, StringComparer.Ordinal)
                .Select(g => (Name: g.Key, Forecasts: g.OrderBy(f => f.MadeAt).ThenBy(f => f.Id).ToList()))
                .ToList();
            if (perForecaster.Count == 0) continue;
            double[]? baseline = null;
            if (sq.Question.IsCategorical && options.Baseline != BaselineKind.None)
                baseline = BaselineFor(sq.Question, options.Baseline, baseRate, perForecaster.Select(p => p.Forecasts[^1]).ToList());
            foreach (var (name, list) in perForecaster)
                scores.Add(ScoreOne(sq, name, list, options, baseline));
        }

        var forecasters = scores.GroupBy(s => s.Forecaster, StringComparer.Ordinal)
            .Select(g => Aggregate(g.Key, g.ToList()))
            .OrderBy(f => f.Forecaster, StringComparer.Ordinal)
            .ToList();
        return new ScoreReport(options, forecasters, scores, baseRate);
    }

    /// <summary>Resolved, with an outcome, and (if conditional on a ledger question) with its condition met.</summary>
    public static bool IsScorable(ScoringQuestion q, IReadOnlyDictionary<string, ScoringQuestion> all)
    {
        if (q.Resolution is not { State: QuestionState.Resolved, Value: not null }) return false;
        if (q.Question.ConditionQuestionId is { } cid)
        {
            if (!all.TryGetValue(cid, out var cond) || cond.Resolution is not { State: QuestionState.Resolved, Value: { } v }) return false;
            if (q.Question.ConditionOutcome is { } wanted && v != wanted) return false;
        }
        return true;
    }

    private static QuestionScore ScoreOne(ScoringQuestion sq, string name, List<Forecast> forecasts, ScoreOptions options, double[]? baseline)
    {
        var q = sq.Question;
        var y = sq.Resolution!.Value!.Value;
        var last = forecasts[^1];
        var metrics = options.Selection == ForecastSelection.LastBeforeClose
            ? Metrics(q, last, y, options.IntervalAlpha)
            : TimeAverage(q, forecasts, y, options.IntervalAlpha);
        double? bb = null, bl = null;
        if (baseline is not null)
        {
            var o = (int)y;
            bb = ScoringRules.BrierNormalised(baseline, o);
            bl = ScoringRules.Log(baseline, o);
        }
        return new QuestionScore(q.Id, name, q.Kind, last.MadeAt, options.Selection == ForecastSelection.LastBeforeClose ? 1 : forecasts.Count,
            metrics[0], metrics[1], metrics[2], metrics[3], metrics[4], metrics[5], bb, bl)
        {
            Probabilities = q.IsCategorical ? last.CategoryProbabilities(q) : null,
            Outcome = y,
        };
    }

    /// <summary>[brier, brier_sum, log, rps, crps, interval] of one forecast; NaN where not applicable.</summary>
    internal static double[] Metrics(Question q, Forecast f, double y, double alpha)
    {
        var m = new[] { double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN };
        if (q.IsCategorical)
        {
            var p = f.CategoryProbabilities(q);
            var o = (int)y;
            m[0] = ScoringRules.BrierNormalised(p, o);
            m[1] = ScoringRules.BrierSum(p, o);
            m[2] = ScoringRules.Log(p, o);
            if (q.Kind == QuestionKind.MultipleChoice && q.Ordered) m[3] = ScoringRules.RankedProbability(p, o);
        }
        else if (f.Samples is { } s)
        {
            m[4] = ScoringRules.Crps(s, y);
            var sorted = s.ToArray();
            Array.Sort(sorted);
            m[5] = ScoringRules.Interval(ScoringRules.EmpiricalQuantile(sorted, alpha / 2), ScoringRules.EmpiricalQuantile(sorted, 1 - alpha / 2), y, alpha);
        }
        else if (f.Quantiles is { } qs)
        {
            m[4] = ScoringRules.CrpsFromQuantiles(qs, y);
            m[5] = ScoringRules.Interval(ScoringRules.InterpolateQuantile(qs, alpha / 2), ScoringRules.InterpolateQuantile(qs, 1 - alpha / 2), y, alpha);
        }
        return m;
    }

    private static double[] TimeAverage(Question q, List<Forecast> forecasts, double y, double alpha)
    {
        var start = forecasts[0].MadeAt > q.OpenTime ? forecasts[0].MadeAt : q.OpenTime;
        var end = q.CloseTime;
        var sums = new double[6];
        var total = 0.0;
        for (var i = 0; i < forecasts.Count; i++)
        {
            var from = forecasts[i].MadeAt > start ? forecasts[i].MadeAt : start;
            var to = i + 1 < forecasts.Count ? forecasts[i + 1].MadeAt : end;
            if (to > end) to = end;
            var w = (to - from).TotalSeconds;
            if (w <= 0) continue;
            var m = Metrics(q, forecasts[i], y, alpha);
            for (var k = 0; k < 6; k++) sums[k] += w * m[k];
            total += w;
        }
        if (total <= 0) return Metrics(q, forecasts[^1], y, alpha);
        for (var k = 0; k < 6; k++) sums[k] /= total;
        return sums;
    }

    private static double[] BaselineFor(Question q, BaselineKind kind, double? baseRate, List<Forecast> lastForecasts)
    {
        var k = q.CategoryCount;
        switch (kind)
        {
            case BaselineKind.BaseRate when q.Kind == QuestionKind.Binary && baseRate is { } r:
                return [1 - r, r];
            case BaselineKind.CrowdMedian:
                var p = new double[k];
                for (var j = 0; j < k; j++) p[j] = Median(lastForecasts.Select(f => f.CategoryProbabilities(q)[j]).ToList());
                var sum = p.Sum();
                if (sum > 0) for (var j = 0; j < k; j++) p[j] /= sum;
                else for (var j = 0; j < k; j++) p[j] = 1.0 / k;
                return p;
            default:
                return Enumerable.Repeat(1.0 / k, k).ToArray();
        }
    }

    private static double Median(List<double> xs)
    {
        xs.Sort();
        var n = xs.Count;
        return n % 2 == 1 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
    }

    private static ForecasterScore Aggregate(string name, List<QuestionScore> s)
    {
        static double? Mean(IEnumerable<double?> xs)
        {
            var v = xs.Where(x => x is { } d && !double.IsNaN(d)).Select(x => x!.Value).ToList();
            return v.Count == 0 ? null : v.Average();
        }
        var cat = s.Where(x => x.Kind is QuestionKind.Binary or QuestionKind.MultipleChoice).ToList();
        var ord = s.Where(x => x.RankedProbability is { } r && !double.IsNaN(r)).ToList();
        var num = s.Where(x => x.Kind is QuestionKind.Numeric or QuestionKind.Date).ToList();
        var withBase = cat.Where(x => x.BaselineBrier is not null).ToList();
        return new ForecasterScore(name, s.Count,
            cat.Count, Mean(cat.Select(x => x.Brier)), Mean(cat.Select(x => x.BrierSum)), Mean(cat.Select(x => x.Log)),
            ord.Count, Mean(ord.Select(x => x.RankedProbability)),
            num.Count, Mean(num.Select(x => x.Crps)), Mean(num.Select(x => x.IntervalScore)),
            withBase.Count == 0 ? null : withBase.Average(x => x.Brier!.Value - x.BaselineBrier!.Value),
            withBase.Count == 0 ? null : withBase.Average(x => x.Log!.Value - x.BaselineLog!.Value));
    }

    /// <summary>Ranks forecasters by a metric (lower is better), keeping those with at least <paramref name="minQuestions"/> questions scored.</summary>
    public static IReadOnlyList<LeaderboardEntry> Leaderboard(ScoreReport report, LeaderboardMetric metric = LeaderboardMetric.Brier, int minQuestions = 1)
    {
        var rows = report.Forecasters
            .Select(f => (f, value: metric switch
            {
                LeaderboardMetric.Brier => f.Brier,
                LeaderboardMetric.BrierSum => f.BrierSum,
                LeaderboardMetric.Log => f.Log,
                LeaderboardMetric.RankedProbability => f.RankedProbability,
                LeaderboardMetric.Crps => f.Crps,
                LeaderboardMetric.IntervalScore => f.IntervalScore,
                _ => f.RelativeBrier,
            }, n: metric switch
            {
                LeaderboardMetric.RankedProbability => f.OrderedQuestions,
                LeaderboardMetric.Crps or LeaderboardMetric.IntervalScore => f.NumericQuestions,
                _ => f.CategoricalQuestions,
            }))
            .Where(r => r.value is not null && r.n >= minQuestions)
            .OrderBy(r => r.value).ThenByDescending(r => r.n).ThenBy(r => r.f.Forecaster, StringComparer.Ordinal)
            .ToList();
        return rows.Select((r, i) => new LeaderboardEntry(i + 1, r.f.Forecaster, r.n, r.value!.Value, r.f.RelativeBrier)).ToList();
    }

    /// <summary>The (probability, happened) events behind a calibration table: each binary question, and each option of a multiple-choice question.</summary>
    public static IEnumerable<(double Probability, bool Happened)> CalibrationEvents(IEnumerable<QuestionScore> scores)
    {
        foreach (var s in scores)
        {
            if (s.Probabilities is null) continue;
            if (s.Kind == QuestionKind.Binary) { yield return (s.Probabilities[1], s.Outcome == 1); continue; }
            for (var k = 0; k < s.Probabilities.Length; k++) yield return (s.Probabilities[k], (int)s.Outcome == k);
        }
    }
}

/// <summary>The metric a leaderboard ranks by.</summary>
public enum LeaderboardMetric
{
    /// <summary>Mean normalised Brier score over categorical questions, in [0, 1].</summary>
    Brier,
    /// <summary>Mean of Brier's original score summed over options, in [0, 2].</summary>
    BrierSum,
    /// <summary>Mean logarithmic score over categorical questions, in nats.</summary>
    Log,
    /// <summary>Mean ranked probability score over ordered multiple-choice questions, in [0, 1].</summary>
    RankedProbability,
    /// <summary>Mean CRPS over numeric and date questions, in the question's unit.</summary>
    Crps,
    /// <summary>Mean interval score of the central (1 − α) interval over numeric and date questions.</summary>
    IntervalScore,
    /// <summary>Mean Brier score minus the baseline's on the same questions (negative: better than the baseline).</summary>
    RelativeBrier,
}
