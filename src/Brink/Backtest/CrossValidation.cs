namespace Brink.Backtest;

/// <summary>Grouped K-fold cross-validation: every issue of a proposal falls in the same fold.</summary>
public static class CrossValidation
{
    /// <summary>Stream id of the fold shuffle in <see cref="Simulation.DrawRandom"/>.</summary>
    public const ulong FoldStream = 0xCF01;

    /// <summary>
    /// Assigns each group (proposal) to one of <paramref name="folds"/> folds: distinct groups sorted
    /// ordinally, shuffled by Fisher–Yates with Brink's seeded generator (<see cref="Simulation.DrawRandom"/>,
    /// stream <see cref="FoldStream"/>), dealt round-robin. Brink's own generator, not System.Random, so
    /// the folds (and every figure cross-validated on them) do not depend on the .NET runtime version.
    /// </summary>
    public static Dictionary<string, int> AssignFolds(IEnumerable<string> groups, int folds, int seed)
    {
        var distinct = groups.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        new Simulation.DrawRandom(unchecked((ulong)seed), FoldStream, 0).Shuffle(distinct.AsSpan());
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < distinct.Length; k++) map[distinct[k]] = k % folds;
        return map;
    }

    /// <summary>
    /// Chooses a penalty by inner grouped cross-validation on the training cases only: the penalty
    /// whose inner out-of-fold forecasts have the lowest mean absolute error (ties: the first listed).
    /// <paramref name="train"/> fits on the given case indices; <paramref name="predict"/> forecasts case k.
    /// </summary>
    internal static double TunePenalty<TFit>(IReadOnlyList<BacktestCase> training, IReadOnlyList<double> penalties, BacktestProtocol protocol,
        Func<IReadOnlyList<int>, double, TFit> train, Func<TFit, int, double> predict)
    {
        var penalty = penalties[0];
        if (penalties.Count == 1) return penalty;
        var folds = AssignFolds(training.Select(c => c.Proposal), protocol.InnerFolds, protocol.CvSeeds[0]);
        var best = double.PositiveInfinity;
        foreach (var lambda in penalties)
        {
            double err = 0;
            var n = 0;
            for (var f = 0; f < protocol.InnerFolds; f++)
            {
                var inner = Enumerable.Range(0, training.Count).Where(k => folds[training[k].Proposal] != f).ToList();
                var held = Enumerable.Range(0, training.Count).Where(k => folds[training[k].Proposal] == f).ToList();
                if (inner.Count == 0 || held.Count == 0) continue;
                var fit = train(inner, lambda);
                foreach (var k in held) { err += Math.Abs(predict(fit, k) - training[k].Outcome); n++; }
            }
            var loss = n > 0 ? err / n : double.PositiveInfinity;
            if (loss < best - 1e-12) { best = loss; penalty = lambda; }
        }
        return penalty;
    }

    /// <summary>
    /// Out-of-fold forecasts of a model: for each seed, the model is fitted on the other folds' proposals
    /// and forecasts the held-out fold; an issue's forecast is the mean over seeds (none of which saw its
    /// proposal). Null where the model abstained in every repetition. The same as <see cref="Combine"/> of
    /// every <see cref="FoldForecasts"/> in seed, then fold order (how a cluster sweep splits it).
    /// </summary>
    public static double?[] OutOfFold(IBacktestModel model, IReadOnlyList<BacktestCase> cases, int folds, IReadOnlyList<int> seeds,
        BacktestProtocol protocol, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        var k = FoldCount(cases, folds);
        var pieces = new List<double?[]>(seeds.Count * k);
        foreach (var seed in seeds)
            for (var f = 0; f < k; f++)
            {
                cancel.ThrowIfCancellationRequested();
                pieces.Add(FoldForecasts(model, cases, folds, seed, f, protocol));
            }
        return Combine(cases.Count, pieces);
    }

    /// <summary>Folds actually used: <paramref name="folds"/>, or fewer when there are fewer proposals.</summary>
    public static int FoldCount(IReadOnlyList<BacktestCase> cases, int folds)
    {
        ArgumentNullException.ThrowIfNull(cases);
        return Math.Min(folds, cases.Select(c => c.Proposal).Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>
    /// One fit of the cross-validation: the model fitted on every proposal outside fold <paramref name="fold"/> of the
    /// assignment for <paramref name="seed"/>, forecasting the cases of that fold (an array over all cases, null outside
    /// the fold and where the model abstains).
    /// </summary>
    public static double?[] FoldForecasts(IBacktestModel model, IReadOnlyList<BacktestCase> cases, int folds, int seed, int fold, BacktestProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(cases);
        var result = new double?[cases.Count];
        var assigned = AssignFolds(cases.Select(c => c.Proposal), folds, seed);
        var training = cases.Where(c => assigned[c.Proposal] != fold).ToList();
        if (training.Count == 0) return result;
        var fitted = model.Fit(training, protocol);
        for (var i = 0; i < cases.Count; i++)
            if (assigned[cases[i].Proposal] == fold) result[i] = fitted.Forecast(cases[i]);
        return result;
    }

    /// <summary>The mean over the given fold fits of each case's forecasts, summed in the order given; null where none forecast it.</summary>
    public static double?[] Combine(int cases, IEnumerable<double?[]> foldForecasts)
    {
        ArgumentNullException.ThrowIfNull(foldForecasts);
        var sum = new double[cases];
        var count = new int[cases];
        foreach (var piece in foldForecasts)
            for (var i = 0; i < cases; i++)
                if (piece[i] is { } v) { sum[i] += v; count[i]++; }
        var result = new double?[cases];
        for (var i = 0; i < cases; i++) result[i] = count[i] > 0 ? sum[i] / count[i] : null;
        return result;
    }
}
