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
        var rng = new Simulation.DrawRandom(unchecked((ulong)seed), FoldStream, 0);
        for (var k = distinct.Length - 1; k > 0; k--)
        {
            var j = rng.NextInt(k + 1);
            (distinct[k], distinct[j]) = (distinct[j], distinct[k]);
        }
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
    /// proposal). Null where the model abstained in every repetition.
    /// </summary>
    public static double?[] OutOfFold(IBacktestModel model, IReadOnlyList<BacktestCase> cases, int folds, IReadOnlyList<int> seeds,
        BacktestProtocol protocol, CancellationToken cancel = default)
    {
        var sum = new double[cases.Count];
        var count = new int[cases.Count];
        foreach (var seed in seeds)
        {
            var fold = AssignFolds(cases.Select(c => c.Proposal), folds, seed);
            var k = Math.Min(folds, fold.Count);
            for (var f = 0; f < k; f++)
            {
                cancel.ThrowIfCancellationRequested();
                var training = cases.Where(c => fold[c.Proposal] != f).ToList();
                if (training.Count == 0) continue;
                var fitted = model.Fit(training, protocol);
                for (var i = 0; i < cases.Count; i++)
                {
                    if (fold[cases[i].Proposal] != f) continue;
                    if (fitted.Forecast(cases[i]) is { } v) { sum[i] += v; count[i]++; }
                }
            }
        }
        var result = new double?[cases.Count];
        for (var i = 0; i < cases.Count; i++) result[i] = count[i] > 0 ? sum[i] / count[i] : null;
        return result;
    }
}
