using System.Globalization;
using System.Text.Json;
using Brink.Crisis.History;
using Brink.Tests.Cli;

namespace Brink.Tests.Crisis;

public sealed class CrisisBacktestTests
{
    private static readonly string Folder = TestPaths.Reference("crisis");
    private static readonly Lazy<(IReadOnlyList<HistoryDataSet> Data, BacktestReport Report)> Full = new(() =>
    {
        var data = CrisisBacktest.Load(Folder);
        return (data, CrisisBacktest.Run(data, new BacktestOptions()));
    });

    /// <summary>
    /// Recomputes the ICB sample and the base-rate Brier score with plain string splitting (no CsvHelper,
    /// no Brink code): triggering state vs first crisis actor, CINC in the onset year (2007 after NMC ends),
    /// train before 1980, test from 1980.
    /// </summary>
    [Theory]
    [InlineData("violence", 2)]
    [InlineData("war", 4)]
    public void The_base_rate_Brier_matches_an_independent_recomputation(string outcome, int threshold)
    {
        // No field in these files contains a comma; NMC quotes some fields (e.g. "9.97E-06"), so quotes are stripped.
        static string[][] Read(string file) => File.ReadAllLines(Path.Combine(Folder, file)).Select(l => l.Split(',').Select(f => f.Trim('"')).ToArray()).ToArray();
        var icb1 = Read("icb1v14.csv");
        var icb2 = Read("icb2v14.csv");
        var nmc = Read("NMC_v4_0.csv");
        int Col(string[][] t, string name) => Array.IndexOf(t[0], name);
        var cinc = new Dictionary<(string, string), double>();
        foreach (var r in nmc.Skip(1))
            if (double.TryParse(r[Col(nmc, "cinc")], CultureInfo.InvariantCulture, out var v) && v >= 0) cinc[(r[Col(nmc, "ccode")], r[Col(nmc, "year")])] = v;
        var first = icb2.Skip(1).GroupBy(r => r[Col(icb2, "crisno")]).ToDictionary(g => g.Key, g => g.OrderBy(r => int.Parse(r[Col(icb2, "cracno")])).First()[Col(icb2, "cracid")]);
        var train = new List<double>();
        var test = new List<double>();
        foreach (var r in icb1.Skip(1))
        {
            string viol = r[Col(icb1, "viol")], trig = r[Col(icb1, "trigent")], yearText = r[Col(icb1, "yrtrig")];
            if (viol == "" || trig == "" || int.Parse(trig) >= 996 || !first.TryGetValue(r[Col(icb1, "crisno")], out var target) || target == trig) continue;
            var year = int.Parse(yearText);
            var y = Math.Min(year, 2007).ToString(CultureInfo.InvariantCulture);
            if (!cinc.TryGetValue((trig, y), out var a) || !cinc.TryGetValue((target, y), out var b) || a + b <= 0) continue;
            (year < 1980 ? train : test).Add(int.Parse(viol) >= threshold ? 1 : 0);
        }
        var rate = train.Average();
        var brier = test.Average(o => (rate - o) * (rate - o));

        var score = Full.Value.Report.Scores.Single(s => s.Source == "icb" && s.Outcome.ToString().Equals(outcome, StringComparison.OrdinalIgnoreCase)
            && s.Split == SplitKind.Temporal && s.Model == "base-rate");
        Assert.Equal(test.Count, score.Test);
        Assert.Equal(brier, score.Brier, 12);
        Assert.Equal(brier, score.BrierBaseRate, 12);
    }

    [Fact]
    public void Every_model_is_scored_on_the_same_held_out_cases_and_k_fold_covers_every_case()
    {
        var (data, report) = Full.Value;
        foreach (var group in report.Scores.GroupBy(s => (s.Source, s.Outcome, s.Split)))
            Assert.Single(group.Select(s => s.Test).Distinct());
        foreach (var set in data)
            Assert.All(report.Scores.Where(s => s.Source == set.Source && s.Split == SplitKind.KFold), s => Assert.Equal(set.Cases.Length, s.Test));
    }

    [Fact]
    public void The_run_is_deterministic_for_a_seed()
    {
        IHistoryModel[] models = [new BaseRateModel(), new LogisticHistoryModel(HistoryFeatures.Capability)];
        var first = CrisisBacktest.Run(Full.Value.Data, new BacktestOptions { Seed = 7 }, models);
        var again = CrisisBacktest.Run(Full.Value.Data, new BacktestOptions { Seed = 7 }, models);
        Assert.Equal(first.Scores.Select(s => s.Brier), again.Scores.Select(s => s.Brier));
    }

    [Fact]
    public void Progress_counts_one_step_per_score_and_a_cancelled_run_stops()
    {
        IHistoryModel[] models = [new BaseRateModel(), new LogisticHistoryModel(HistoryFeatures.Capability)];
        var steps = 0;
        var report = CrisisBacktest.Run(Full.Value.Data, new BacktestOptions(), models, step: n => steps += n);
        Assert.Equal(report.Scores.Length, steps);
        Assert.Equal(CrisisBacktest.Steps(Full.Value.Data, models), steps);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var after = 0;
        Assert.Throws<OperationCanceledException>(() => CrisisBacktest.Run(Full.Value.Data, new BacktestOptions(), models, n => after += n, cancelled.Token));
        Assert.Equal(0, after);
    }

    [Fact]
    public void Brier_log_loss_and_calibration_by_hand()
    {
        double[] f = [0.9, 0.2, 0.6, 0.1];
        double[] y = [1, 0, 0, 0];
        Assert.Equal((0.01 + 0.04 + 0.36 + 0.01) / 4, CrisisBacktest.Brier(f, y), 12);
        Assert.Equal(-(Math.Log(0.9) + Math.Log(0.8) + Math.Log(0.4) + Math.Log(0.9)) / 4, CrisisBacktest.LogLoss(f, y), 12);
        var bins = CrisisBacktest.Calibrate(f, y, 2);
        Assert.Equal(2, bins.Length);
        Assert.Equal(2, bins[0].Count);
        Assert.Equal(0.15, bins[0].MeanForecast, 12);
        Assert.Equal(0.5, bins[1].Observed, 12);
    }

    [Fact]
    public void The_optimism_model_predicts_most_misperception_at_parity()
    {
        var parity = OptimismParityModel.MisperceptionProbability(0.5, 1.0, 0.2);
        var lopsided = OptimismParityModel.MisperceptionProbability(0.95, 1.0, 0.2);
        Assert.True(parity > lopsided);
        Assert.Equal(OptimismParityModel.MisperceptionProbability(0.3, 1.0, 0.2), OptimismParityModel.MisperceptionProbability(0.7, 1.0, 0.2), 12);
        Assert.Equal(0, OptimismParityModel.MisperceptionProbability(0.5, 0.0001, 0.05), 12);
    }

    [Fact]
    public void The_backtest_command_prints_json_scores()
    {
        var r = CliRunner.Run("crisis", "backtest", "--data", Folder, "--folds", "2", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Error);
        var json = JsonDocument.Parse(r.Out).RootElement;
        Assert.Contains(json.GetProperty("scores").EnumerateArray(), s => s.GetProperty("model").GetString() == "crisis-optimism");
    }

    [Fact]
    public void A_missing_data_folder_is_exit_2()
    {
        var r = CliRunner.Run("crisis", "backtest", "--data", Path.Combine(Path.GetTempPath(), "no-such-brink-folder"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("missing icb1v14.csv", r.Error);
    }
}
