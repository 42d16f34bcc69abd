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
    public static BacktestReport Run(BacktestRequest request, CancellationToken cancel = default, Action<int>? progress = null)
    {
        var cases = request.Cases;
        var protocol = request.Protocol;
        var forecasts = ImmutableArray.CreateBuilder<ImmutableArray<double?>>();
        var evaluation = new List<string>();
        var fitted = ImmutableArray.CreateBuilder<IFittedForecaster>();
        foreach (var model in request.Models)
        {
            cancel.ThrowIfCancellationRequested();
            if (!model.Learns)
            {
                var f = model.Fit(cases, protocol);
                forecasts.Add([.. cases.Select(f.Forecast)]);
                evaluation.Add("direct");
                progress?.Invoke(1);
                continue;
            }
            if (request.FitCases is { } dev)
            {
                var f = model.Fit(dev, protocol);
                forecasts.Add([.. cases.Select(f.Forecast)]);
                evaluation.Add("fitted-on-dev");
                if (f is IFittedForecaster ff) fitted.Add(ff);
            }
            else
            {
                forecasts.Add([.. CrossValidation.OutOfFold(model, cases, protocol.Folds, protocol.CvSeeds, protocol, cancel)]);
                evaluation.Add("cross-validated");
                if (model.Fit(cases, protocol) is IFittedForecaster ff) fitted.Add(ff);
            }
            progress?.Invoke(1);
        }
        var baselineIndex = request.Models.Select(m => m.Name).ToList().IndexOf(request.Baseline);
        var scores = Score(cases, forecasts.ToImmutable(), baselineIndex, protocol, request.Baseline);
        var models = request.Models.Select((m, k) => new ModelScore(m.Name, m.Description, evaluation[k], scores[k])).ToImmutableArray();
        return new BacktestReport(request.Capabilities, request.FitSource, protocol, request.Baseline, models, cases, forecasts.ToImmutable(), fitted.ToImmutable())
        {
            FitIssues = request.FitCases?.Length ?? cases.Length,
            Warnings = BacktestWarnings.Of(request.Models, cases),
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
