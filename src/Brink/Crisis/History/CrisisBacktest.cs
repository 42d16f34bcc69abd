using System.Collections.Immutable;

namespace Brink.Crisis.History;

/// <summary>How cases are split into training and test sets.</summary>
public enum SplitKind
{
    /// <summary>Train on crises that began before the cut-off year, test on the rest.</summary>
    Temporal,
    /// <summary>k-fold cross-validation with a seeded shuffle (<see cref="CrisisBacktest.FoldOrder"/>); out-of-fold forecasts are pooled.</summary>
    KFold,
}

/// <summary>One calibration bin: forecasts in [Lower, Upper), their mean and the observed frequency.</summary>
public sealed record CalibrationBin(double Lower, double Upper, int Count, double MeanForecast, double Observed);

/// <summary>Scores of one model on held-out cases, with the base rate (from the same training sets) as reference.</summary>
public sealed record BacktestScore(string Source, HistoryOutcome Outcome, SplitKind Split, string Model, int Train, int Test, double TestFrequency,
    double Brier, double BrierBaseRate, double BrierSkill, double LogLoss, ImmutableArray<CalibrationBin> Calibration,
    ImmutableDictionary<string, double> Parameters);

/// <summary>Settings: cut-off year, folds and seed.</summary>
public sealed record BacktestOptions
{
    /// <summary>Temporal split: train on crises that began before this year, test on the rest.</summary>
    public int CutoffYear { get; init; } = 1980;
    /// <summary>Folds of the k-fold split (at least 2).</summary>
    public int Folds { get; init; } = 5;
    /// <summary>Seed of the k-fold shuffle.</summary>
    public int Seed { get; init; } = 42;
    /// <summary>Equal-width forecast bins of the calibration table.</summary>
    public int CalibrationBins { get; init; } = 5;
}

/// <summary>The whole back-test: coverage of each data set and every score.</summary>
public sealed record BacktestReport(ImmutableArray<HistoryCoverage> Coverage, ImmutableArray<BacktestScore> Scores, BacktestOptions Options);

/// <summary>
/// Out-of-sample check of the crisis model's probability of violence and war against the base rate
/// (design §7), on ICB crises and COW militarised disputes. Brier score (mean squared error of the
/// probability, 0–1, lower is better), Brier skill 1 − B/B_base, log loss, calibration bins.
/// </summary>
public static class CrisisBacktest
{
    /// <summary>Models compared by default.</summary>
    public static ImmutableArray<IHistoryModel> DefaultModels { get; } =
        [
            new BaseRateModel(), new OptimismParityModel(), new LogisticHistoryModel(HistoryFeatures.Capability),
            new LogisticHistoryModel(HistoryFeatures.IcbWithoutTrigger), new LogisticHistoryModel(HistoryFeatures.IcbWithTrigger),
        ];

    /// <summary>Reads the five files from a folder (the reference/crisis layout).</summary>
    public static ImmutableArray<HistoryDataSet> Load(string folder)
    {
        var cinc = HistoryData.ReadCapabilities(Path.Combine(folder, "NMC_v4_0.csv"));
        return
        [
            HistoryData.ReadIcb(Path.Combine(folder, "icb1v14.csv"), Path.Combine(folder, "icb2v14.csv"), cinc),
            HistoryData.ReadMid(Path.Combine(folder, "MIDA_4.01.csv"), Path.Combine(folder, "MIDB_4.01.csv"), cinc),
        ];
    }

    /// <summary>Runs every applicable model on every data set, outcome and split.</summary>
    /// <param name="data">The data sets (<see cref="Load"/>).</param>
    /// <param name="options">Cutoff year, folds, seed and calibration bins.</param>
    /// <param name="models">The models to score; null = <see cref="DefaultModels"/>.</param>
    /// <param name="cancellation">Checked before each score; a cancelled run keeps nothing.</param>
    /// <param name="step">Called with 1 after each score (<see cref="Steps"/> calls in all); null = no progress.</param>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than two folds.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
    public static BacktestReport Run(IReadOnlyList<HistoryDataSet> data, BacktestOptions options, IReadOnlyList<IHistoryModel>? models = null,
        Action<int>? step = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Folds < 2) throw new ArgumentOutOfRangeException(nameof(options), "Folds must be ≥ 2.");
        models ??= DefaultModels;
        var scores = ImmutableArray.CreateBuilder<BacktestScore>();
        foreach (var set in data)
            foreach (var outcome in Enum.GetValues<HistoryOutcome>())
                foreach (var split in Enum.GetValues<SplitKind>())
                {
                    cancellation.ThrowIfCancellationRequested();
                    var folds = Folds(set.Cases, split, options);
                    var baseline = Predict(new BaseRateModel(), folds, outcome);
                    foreach (var model in models.Where(m => m.Applies(set.Source)))
                    {
                        cancellation.ThrowIfCancellationRequested();
                        var (forecasts, parameters) = Predict(model, folds, outcome);
                        var y = folds.SelectMany(f => f.Test).Select(c => c.Y(outcome)).ToArray();
                        var brier = Brier(forecasts, y);
                        var reference = Brier(baseline.Forecasts, y);
                        scores.Add(new BacktestScore(set.Source, outcome, split, model.Name, folds.Sum(f => f.Train.Count) / folds.Count, y.Length,
                            y.Length > 0 ? y.Average() : double.NaN, brier, reference, reference > 0 ? 1 - brier / reference : double.NaN,
                            LogLoss(forecasts, y), Calibrate(forecasts, y, options.CalibrationBins), parameters));
                        step?.Invoke(1);
                    }
                }
        return new BacktestReport([.. data.Select(d => d.Coverage)], scores.ToImmutable(), options);
    }

    /// <summary>The number of scores <see cref="Run"/> computes (its progress steps): the applicable models × outcomes × splits of each data set.</summary>
    /// <param name="data">The data sets.</param>
    /// <param name="models">The models; null = <see cref="DefaultModels"/>.</param>
    public static int Steps(IReadOnlyList<HistoryDataSet> data, IReadOnlyList<IHistoryModel>? models = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        models ??= DefaultModels;
        return data.Sum(set => models.Count(m => m.Applies(set.Source))) * Enum.GetValues<HistoryOutcome>().Length * Enum.GetValues<SplitKind>().Length;
    }

    /// <summary>Stream id of the k-fold shuffle in <see cref="Simulation.DrawRandom"/>.</summary>
    public const ulong FoldStream = 0xCF02;

    /// <summary>
    /// The k-fold shuffle: a permutation of 0 … <paramref name="count"/> − 1 (indices into the cases ordered by id), by
    /// Fisher–Yates with Brink's seeded generator (<see cref="Simulation.DrawRandom"/>(seed, <see cref="FoldStream"/>, 0),
    /// <see cref="Simulation.DrawRandom.Shuffle{T}"/>). The case at position i of the permutation is tested in fold
    /// i mod k. Brink's own generator, not System.Random, so the folds and every figure cross-validated on them do
    /// not depend on the .NET runtime version.
    /// </summary>
    /// <param name="count">Number of cases.</param>
    /// <param name="seed">Seed (<see cref="BacktestOptions.Seed"/>).</param>
    public static int[] FoldOrder(int count, int seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Simulation.DrawRandom(unchecked((ulong)seed), FoldStream, 0).Shuffle(order.AsSpan());
        return order;
    }

    private sealed record Fold(IReadOnlyList<HistoryCase> Train, IReadOnlyList<HistoryCase> Test);

    private static List<Fold> Folds(ImmutableArray<HistoryCase> cases, SplitKind split, BacktestOptions options)
    {
        if (split == SplitKind.Temporal)
            return [new Fold([.. cases.Where(c => c.Year < options.CutoffYear)], [.. cases.Where(c => c.Year >= options.CutoffYear)])];
        var sorted = cases.OrderBy(c => c.Id).ToArray();
        var order = FoldOrder(sorted.Length, options.Seed).Select(i => sorted[i]).ToArray();
        var result = new List<Fold>();
        for (var k = 0; k < options.Folds; k++)
            result.Add(new Fold([.. order.Where((_, i) => i % options.Folds != k)], [.. order.Where((_, i) => i % options.Folds == k)]));
        return result;
    }

    private static (double[] Forecasts, ImmutableDictionary<string, double> Parameters) Predict(IHistoryModel model, List<Fold> folds, HistoryOutcome outcome)
    {
        var forecasts = new List<double>();
        ImmutableDictionary<string, double> parameters = ImmutableDictionary<string, double>.Empty;
        foreach (var fold in folds)
        {
            var fitted = model.Fit(fold.Train, outcome);
            if (folds.Count == 1) parameters = fitted.Parameters;
            forecasts.AddRange(fold.Test.Select(fitted.Forecast));
        }
        return ([.. forecasts], parameters);
    }

    /// <summary>Mean of (f − y)² (binary Brier score, range 0–1).</summary>
    public static double Brier(IReadOnlyList<double> forecasts, IReadOnlyList<double> outcomes)
    {
        if (forecasts.Count == 0) return double.NaN;
        double s = 0;
        for (var i = 0; i < forecasts.Count; i++) s += (forecasts[i] - outcomes[i]) * (forecasts[i] - outcomes[i]);
        return s / forecasts.Count;
    }

    /// <summary>Mean negative log-likelihood, forecasts clipped to [10⁻⁶, 1 − 10⁻⁶].</summary>
    public static double LogLoss(IReadOnlyList<double> forecasts, IReadOnlyList<double> outcomes)
    {
        if (forecasts.Count == 0) return double.NaN;
        double s = 0;
        for (var i = 0; i < forecasts.Count; i++)
        {
            var f = Math.Clamp(forecasts[i], 1e-6, 1 - 1e-6);
            s -= outcomes[i] * Math.Log(f) + (1 - outcomes[i]) * Math.Log(1 - f);
        }
        return s / forecasts.Count;
    }

    /// <summary>Equal-width bins on [0, 1]; empty bins are omitted.</summary>
    public static ImmutableArray<CalibrationBin> Calibrate(IReadOnlyList<double> forecasts, IReadOnlyList<double> outcomes, int bins)
    {
        var result = ImmutableArray.CreateBuilder<CalibrationBin>();
        for (var b = 0; b < bins; b++)
        {
            double lo = (double)b / bins, hi = (double)(b + 1) / bins;
            var idx = Enumerable.Range(0, forecasts.Count).Where(i => forecasts[i] >= lo && (forecasts[i] < hi || (b == bins - 1 && forecasts[i] <= 1))).ToList();
            if (idx.Count == 0) continue;
            result.Add(new CalibrationBin(lo, hi, idx.Count, idx.Average(i => forecasts[i]), idx.Average(i => outcomes[i])));
        }
        return result.ToImmutable();
    }
}
