using System.Collections.Immutable;
using Brink.Models;

namespace Brink.Backtest;

/// <summary>A model compared with the baseline on the issues both forecast.</summary>
/// <param name="MaeDifference">MAE(model) − MAE(baseline); negative means the model is better.</param>
/// <param name="Improvement">1 − MAE(model)/MAE(baseline): the relative reduction of MAE.</param>
public sealed record Comparison(string Baseline, int N, double MaeDifference, Interval DifferenceInterval, double Improvement, Interval ImprovementInterval);

/// <summary>Scores on one subset of issues (all, a procedure or a voting rule).</summary>
public sealed record GroupScore(string Group, int Proposals, ErrorStats Stats, Interval MaeInterval, Comparison? VsBaseline);

/// <summary>One model's back-test result.</summary>
/// <param name="Evaluation"><c>direct</c> (nothing learned), <c>cross-validated</c> (grouped by proposal) or <c>fitted-on-dev</c> (learned on the --fit file only).</param>
public sealed record ModelScore(string Model, string Description, string Evaluation, ImmutableArray<GroupScore> Groups)
{
    /// <summary>The score on all issues (the first group; the others are per procedure and voting rule).</summary>
    public GroupScore Overall => Groups[0];
}

/// <summary>Everything a back-test produced; exporters (table, JSON, CSV, chart) read this.</summary>
public sealed record BacktestReport(
    string Capabilities,
    string? FitSource,
    BacktestProtocol Protocol,
    string Baseline,
    ImmutableArray<ModelScore> Models,
    ImmutableArray<BacktestCase> Cases,
    ImmutableArray<ImmutableArray<double?>> Forecasts,
    ImmutableArray<IFittedForecaster> Fitted)
{
    /// <summary>Issues the exported fitted parameters were learned from (the --fit file, else the evaluation file).</summary>
    public int FitIssues { get; init; }
    /// <summary>The catalogue models' warnings counted over the issues (<see cref="BacktestWarnings"/>).</summary>
    public ImmutableArray<ResultWarning> Warnings { get; init; } = [];
}

/// <summary>What to back-test.</summary>
/// <param name="Cases">Issues to evaluate on.</param>
/// <param name="FitCases">When given, learned models are fitted on these only; otherwise they are cross-validated on <paramref name="Cases"/>.</param>
public sealed record BacktestRequest(
    ImmutableArray<BacktestCase> Cases,
    ImmutableArray<IBacktestModel> Models,
    BacktestProtocol Protocol,
    string Capabilities,
    ImmutableArray<BacktestCase>? FitCases = null,
    string? FitSource = null,
    string Baseline = "compromise");

/// <summary>The kinds of <see cref="BacktestUnit"/>.</summary>
public enum BacktestPart
{
    /// <summary>Forecasts of a model that learns nothing, on cases [Start, End).</summary>
    Forecasts,
    /// <summary>One fit of a cross-validated model: fold <c>Fold</c> of the assignment for seed <c>CvSeeds[Seed]</c>.</summary>
    Fold,
    /// <summary>The catalogue warnings of a model on cases [Start, End).</summary>
    Warnings,
}

/// <summary>A piece of a back-test computed on its own (<see cref="BacktestRunner.Units"/>).</summary>
/// <param name="Part">What the piece computes.</param>
/// <param name="Model">The model: an index into the request's models.</param>
/// <param name="Start">First case of the range (direct forecasts, warnings); 0 for a fold fit.</param>
/// <param name="End">End of the case range (exclusive); the number of cases for a fold fit.</param>
/// <param name="Seed">A fold fit's cross-validation seed: an index into the protocol's <c>CvSeeds</c>.</param>
/// <param name="Fold">A fold fit's held-out fold.</param>
public readonly record struct BacktestUnit(BacktestPart Part, int Model, int Start, int End, int Seed = 0, int Fold = 0);

/// <summary>What a <see cref="BacktestUnit"/> gives.</summary>
/// <param name="Forecasts">Forecasts: direct, one per case of the range; a fold fit, one per case, null outside the fold; null for warnings.</param>
/// <param name="Codes">Warning codes per case of the range (<see cref="BacktestWarnings.Codes"/>); null for forecasts.</param>
public sealed record BacktestUnitOutput(double?[]? Forecasts, string[][]? Codes);

/// <summary>Runs every model on every issue and scores them (design §7).</summary>
public static class BacktestRunner
{
    /// <summary>The subsets reported besides all issues.</summary>
    public static ImmutableArray<(string Name, Func<BacktestCase, bool> Member)> Groups { get; } =
    [
        ("all", _ => true),
        ("COD", c => c.Procedure == "COD"),
        ("CNS", c => c.Procedure == "CNS"),
        ("QMV", c => c.VotingRule == "QMV"),
        ("unanimity", c => c.VotingRule == "unanimity"),
    ];

    /// <param name="progress">Called with 1 after each model has its forecasts (the back-test job's progress).</param>
    public static BacktestReport Run(BacktestRequest request, Action<int>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cases = request.Cases;
        var protocol = request.Protocol;
        var forecasts = new double?[]?[request.Models.Length];
        for (var k = 0; k < request.Models.Length; k++)
        {
            cancel.ThrowIfCancellationRequested();
            var model = request.Models[k];
            if (!model.Learns) forecasts[k] = DirectForecasts(request, k, 0, cases.Length);
            else if (request.FitCases is null) forecasts[k] = CrossValidation.OutOfFold(model, cases, protocol.Folds, protocol.CvSeeds, protocol, cancel);
            progress?.Invoke(1);
        }
        return Assemble(request, forecasts, BacktestWarnings.Of(request.Models, cases), cancel);
    }

    /// <summary>
    /// The pieces of a back-test that can be computed apart (a cluster sweep): the forecasts of a model that learns nothing on
    /// cases [Start, End), one fold fit of a cross-validated model, and the catalogue warnings of a model on cases [Start, End).
    /// Fits of learned models on all of their training cases (the exported parameters, and the forecasts with <c>--fit</c>) are
    /// left to <see cref="Assemble"/>.
    /// </summary>
    /// <param name="casesPerUnit">Cases per unit of direct forecasts and of warnings (at least 1).</param>
    public static ImmutableArray<BacktestUnit> Units(BacktestRequest request, int casesPerUnit)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(casesPerUnit, 1);
        var units = ImmutableArray.CreateBuilder<BacktestUnit>();
        var n = request.Cases.Length;
        var foldCount = CrossValidation.FoldCount(request.Cases, request.Protocol.Folds);
        for (var m = 0; m < request.Models.Length; m++)
        {
            var model = request.Models[m];
            if (!model.Learns)
                for (var a = 0; a < n; a += casesPerUnit) units.Add(new BacktestUnit(BacktestPart.Forecasts, m, a, Math.Min(n, a + casesPerUnit)));
            else if (request.FitCases is null)
                for (var s = 0; s < request.Protocol.CvSeeds.Length; s++)
                    for (var f = 0; f < foldCount; f++) units.Add(new BacktestUnit(BacktestPart.Fold, m, 0, n, s, f));
        }
        for (var m = 0; m < request.Models.Length; m++)
            if (BacktestWarnings.Checked(request.Models[m]))
                for (var a = 0; a < n; a += casesPerUnit) units.Add(new BacktestUnit(BacktestPart.Warnings, m, a, Math.Min(n, a + casesPerUnit)));
        return units.ToImmutable();
    }

    /// <summary>Computes one unit: forecasts (<see cref="BacktestUnitOutput.Forecasts"/>) or warning codes per case (<see cref="BacktestUnitOutput.Codes"/>).</summary>
    public static BacktestUnitOutput RunUnit(BacktestRequest request, BacktestUnit unit)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = request.Models[unit.Model];
        return unit.Part switch
        {
            BacktestPart.Forecasts => new BacktestUnitOutput(DirectForecasts(request, unit.Model, unit.Start, unit.End), null),
            BacktestPart.Fold => new BacktestUnitOutput(
                CrossValidation.FoldForecasts(model, request.Cases, request.Protocol.Folds, request.Protocol.CvSeeds[unit.Seed], unit.Fold, request.Protocol), null),
            _ => new BacktestUnitOutput(null, [.. request.Cases.Skip(unit.Start).Take(unit.End - unit.Start).Select(c => BacktestWarnings.Codes(model, c))]),
        };
    }

    /// <summary>The report of <see cref="Run"/> from the outputs of every unit of <see cref="Units"/> (in any order).</summary>
    /// <exception cref="ArgumentException">A unit's output is missing or does not fit.</exception>
    public static BacktestReport Merge(BacktestRequest request, IReadOnlyList<(BacktestUnit Unit, BacktestUnitOutput Output)> outputs, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(outputs);
        var n = request.Cases.Length;
        var forecasts = new double?[]?[request.Models.Length];
        var codes = new string[][]?[request.Models.Length];
        var folds = new SortedDictionary<(int Model, int Seed, int Fold), double?[]>();
        foreach (var (unit, output) in outputs)
        {
            var length = unit.Part == BacktestPart.Fold ? n : unit.End - unit.Start;
            if ((output.Forecasts?.Length ?? output.Codes?.Length) != length)
                throw new ArgumentException($"the output of {unit} has the wrong length", nameof(outputs));
            switch (unit.Part)
            {
                case BacktestPart.Forecasts:
                    output.Forecasts!.CopyTo(forecasts[unit.Model] ??= new double?[n], unit.Start);
                    break;
                case BacktestPart.Fold:
                    folds[(unit.Model, unit.Seed, unit.Fold)] = output.Forecasts!;
                    break;
                default:
                    output.Codes!.CopyTo(codes[unit.Model] ??= new string[n][], unit.Start);
                    break;
            }
        }
        var expected = Units(request, Math.Max(1, n)).Count(u => u.Part == BacktestPart.Fold);
        if (folds.Count != expected) throw new ArgumentException($"{expected - folds.Count} fold fit(s) missing", nameof(outputs));
        // The fold fits of each model summed in seed, then fold order, as CrossValidation.OutOfFold sums them.
        foreach (var group in folds.GroupBy(kv => kv.Key.Model))
            forecasts[group.Key] = CrossValidation.Combine(n, group.Select(kv => kv.Value));
        for (var m = 0; m < request.Models.Length; m++)
        {
            if (!request.Models[m].Learns && forecasts[m] is null) throw new ArgumentException($"model {m}: forecasts missing", nameof(outputs));
            if (codes[m] is { } c && c.Any(x => x is null)) throw new ArgumentException($"model {m}: warnings missing", nameof(outputs));
            if (BacktestWarnings.Checked(request.Models[m]) && codes[m] is null) throw new ArgumentException($"model {m}: warnings missing", nameof(outputs));
        }
        return Assemble(request, forecasts, BacktestWarnings.Assemble(request.Models, request.Cases, codes), cancel);
    }

    private static double?[] DirectForecasts(BacktestRequest request, int model, int start, int end)
    {
        // Fitted on every case, as in the single run (the exchange model groups the cases by proposal).
        var f = request.Models[model].Fit(request.Cases, request.Protocol);
        var result = new double?[end - start];
        for (var i = start; i < end; i++) result[i - start] = f.Forecast(request.Cases[i]);
        return result;
    }

    /// <summary>
    /// The report from each model's forecasts (null for a learned model with <c>--fit</c>: fitted here on the fit cases) and the
    /// warnings; learned models are fitted here on all of their training cases for the exported parameters.
    /// </summary>
    private static BacktestReport Assemble(BacktestRequest request, double?[]?[] modelForecasts, ImmutableArray<ResultWarning> warnings, CancellationToken cancel)
    {
        var cases = request.Cases;
        var protocol = request.Protocol;
        var forecasts = ImmutableArray.CreateBuilder<ImmutableArray<double?>>();
        var evaluation = new List<string>();
        var fitted = ImmutableArray.CreateBuilder<IFittedForecaster>();
        for (var k = 0; k < request.Models.Length; k++)
        {
            cancel.ThrowIfCancellationRequested();
            var model = request.Models[k];
            if (!model.Learns)
            {
                forecasts.Add([.. modelForecasts[k]!]);
                evaluation.Add("direct");
            }
            else if (request.FitCases is { } dev)
            {
                var f = model.Fit(dev, protocol);
                forecasts.Add([.. cases.Select(f.Forecast)]);
                evaluation.Add("fitted-on-dev");
                if (f is IFittedForecaster ff) fitted.Add(ff);
            }
            else
            {
                forecasts.Add([.. modelForecasts[k]!]);
                evaluation.Add("cross-validated");
                if (model.Fit(cases, protocol) is IFittedForecaster ff) fitted.Add(ff);
            }
        }
        var baselineIndex = request.Models.Select(m => m.Name).ToList().IndexOf(request.Baseline);
        var scores = Score(cases, forecasts.ToImmutable(), baselineIndex, protocol, request.Baseline);
        var models = request.Models.Select((m, k) => new ModelScore(m.Name, m.Description, evaluation[k], scores[k])).ToImmutableArray();
        return new BacktestReport(request.Capabilities, request.FitSource, protocol, request.Baseline, models, cases, forecasts.ToImmutable(), fitted.ToImmutable())
        {
            FitIssues = request.FitCases?.Length ?? cases.Length,
            Warnings = warnings,
        };
    }

    /// <summary>Scores per model and group, with cluster-bootstrap intervals and paired comparisons with the baseline.</summary>
    internal static ImmutableArray<GroupScore>[] Score(ImmutableArray<BacktestCase> cases, ImmutableArray<ImmutableArray<double?>> forecasts,
        int baseline, BacktestProtocol protocol, string baselineName)
    {
        var result = new List<GroupScore>[forecasts.Length];
        for (var m = 0; m < forecasts.Length; m++) result[m] = [];
        for (var g = 0; g < Groups.Length; g++)
        {
            var (name, member) = Groups[g];
            var rows = Enumerable.Range(0, cases.Length).Where(i => member(cases[i])).ToArray();
            var clusterIds = rows.Select(i => cases[i].Proposal).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var clusterOf = clusterIds.Select((p, k) => (p, k)).ToDictionary(t => t.p, t => t.k, StringComparer.Ordinal);
            var draws = ClusterBootstrap.Draws(clusterIds.Count, protocol.BootstrapReplicates, protocol.BootstrapSeed + g);
            for (var m = 0; m < forecasts.Length; m++)
            {
                var errors = new List<double>();
                var sum = new double[clusterIds.Count];
                var count = new double[clusterIds.Count];
                var pairM = new double[clusterIds.Count];
                var pairB = new double[clusterIds.Count];
                var pairN = new double[clusterIds.Count];
                foreach (var i in rows)
                {
                    if (forecasts[m][i] is not { } f) continue;
                    var e = f - cases[i].Outcome;
                    var k = clusterOf[cases[i].Proposal];
                    errors.Add(e);
                    sum[k] += Math.Abs(e);
                    count[k]++;
                    if (baseline >= 0 && forecasts[baseline][i] is { } fb)
                    {
                        pairM[k] += Math.Abs(e);
                        pairB[k] += Math.Abs(fb - cases[i].Outcome);
                        pairN[k]++;
                    }
                }
                var stats = ErrorStats.Of(errors);
                var maeReps = new double[draws.Length];
                var diffReps = new double[draws.Length];
                var relReps = new double[draws.Length];
                for (var b = 0; b < draws.Length; b++)
                {
                    double s = 0, c = 0, sm = 0, sb = 0, n = 0;
                    var d = draws[b];
                    for (var k = 0; k < d.Length; k++)
                    {
                        if (d[k] == 0) continue;
                        s += d[k] * sum[k]; c += d[k] * count[k];
                        sm += d[k] * pairM[k]; sb += d[k] * pairB[k]; n += d[k] * pairN[k];
                    }
                    maeReps[b] = c > 0 ? s / c : double.NaN;
                    diffReps[b] = n > 0 ? (sm - sb) / n : double.NaN;
                    relReps[b] = sb > 0 ? 1 - sm / sb : double.NaN;
                }
                Comparison? comparison = null;
                var nPair = (int)pairN.Sum();
                if (baseline >= 0 && m != baseline && nPair > 0)
                {
                    var mm = pairM.Sum() / nPair;
                    var mb = pairB.Sum() / nPair;
                    comparison = new Comparison(baselineName, nPair, mm - mb, ClusterBootstrap.Percentile(diffReps, protocol.ConfidenceLevel),
                        mb > 0 ? 1 - mm / mb : double.NaN, ClusterBootstrap.Percentile(relReps, protocol.ConfidenceLevel));
                }
                result[m].Add(new GroupScore(name, clusterIds.Count, stats, ClusterBootstrap.Percentile(maeReps, protocol.ConfidenceLevel), comparison));
            }
        }
        return [.. result.Select(r => r.ToImmutableArray())];
    }
}

/// <summary>The models <c>brink backtest</c> knows by name.</summary>
public static class BacktestModels
{
    /// <summary>Default set, in report order; the first is the baseline of the paired comparisons.</summary>
    public static ImmutableArray<IBacktestModel> All { get; } =
    [
        BaselineForecasts.CompromiseModel,
        BaselineForecasts.MedianModel,
        BaselineForecasts.Constant50,
        BaselineForecasts.StatusQuo,
        new ProceduralModel(),
        new InfluenceModel(),
        new BlendModel(),
        new PositionChoiceModel(),
        new EnsembleModel("influence+choice", [new InfluenceModel(), new PositionChoiceModel()]),
        // The spatial models of the catalog (design §4): Nash and every EUM variant.
        .. ModelCatalog.All.Where(s => s.Model is "nash" or "eum").Select(s => (IBacktestModel)BacktestModel.Spatial(
            $"{s.Model}:{s.Variant}", s.Description, i => ModelCatalog.Run(s.Model, s.Variant, i, new ModelOptions { FullTrace = false }).Forecast.Mean)),
    ];

    /// <summary>
    /// Models run only when named: frozen forecasters whose parameters were fitted on the DEU III
    /// development file and ship with Brink (see <see cref="FittedModels"/>; on that file their
    /// figures are in-sample), and the focal-shrinkage attempt, which did not improve on
    /// influence+choice (docs/backtest.md) and so is not in the default set.
    /// </summary>
    public static ImmutableArray<IBacktestModel> Named { get; } =
    [
        // Exchange across the issues of a proposal (docs/backtest.md, "Exchange model").
        new Brink.Models.Exchange.ExchangeBacktestModel(),
        // Friedkin & Johnsen's leader–follower model, every variant (not the learned "influence" above). DEU records no follows
        // relations, so each runs with no network: the stand-alone variant is then the compromise model and each coupled variant
        // its EUM, by construction (docs/backtest.md, "Leader–follower model").
        .. Brink.Models.Influence.InfluenceModel.Variants.Select(v => (IBacktestModel)BacktestModel.Spatial(
            $"{Brink.Models.Influence.InfluenceModel.Name}:{v.Variant}", v.Description + " DEU has no follows relations: no actor is influenced.",
            i => ModelCatalog.Run(Brink.Models.Influence.InfluenceModel.Name, v.Variant, i, new ModelOptions { FullTrace = false }).Forecast.Mean)),
        new FocalShrinkModel("influence+choice+focal", new EnsembleModel("influence+choice", [new InfluenceModel(), new PositionChoiceModel()])),
        FittedModels.AsModel("influence+choice-dev", "influence+choice"),
        FittedModels.AsModel("influence-dev", "influence"),
        FittedModels.AsModel("choice-dev", "choice"),
        FittedModels.AsModel("procedural-dev", "procedural"),
    ];

    /// <summary>Names accepted by <c>--models</c>.</summary>
    public static IEnumerable<string> Names => All.Concat(Named).Select(m => m.Name);

    /// <summary>Resolves names (case-insensitive); unknown names are returned for the caller to report.</summary>
    public static (ImmutableArray<IBacktestModel> Models, ImmutableArray<string> Unknown) Resolve(IEnumerable<string> names)
    {
        var models = ImmutableArray.CreateBuilder<IBacktestModel>();
        var unknown = ImmutableArray.CreateBuilder<string>();
        foreach (var raw in names.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var m = All.Concat(Named).FirstOrDefault(x => string.Equals(x.Name, raw, StringComparison.OrdinalIgnoreCase));
            if (m is null) unknown.Add(raw);
            else if (!models.Contains(m)) models.Add(m);
        }
        return (models.ToImmutable(), unknown.ToImmutable());
    }
}
