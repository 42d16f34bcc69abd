using System.Collections.Immutable;
using Brink.Backtest;
using Brink.Models;
using CsCheck;

namespace Brink.Tests.Backtest;

public sealed class HarnessTests
{
    private static BacktestCase Case(string proposal, string id, double outcome, double[] x, double[] c, double[] s, string[]? actors = null,
        string proc = "COD", string rule = "QMV", double? rp = null) =>
        new(proposal, id, new SpatialIssue
        {
            IssueId = id,
            Actors = [.. actors ?? x.Select((_, k) => "a" + k)],
            Capability = [.. c],
            Position = [.. x],
            Salience = [.. s],
            StatusQuo = rp,
            ScaleMax = 100,
        }, proc, rule, outcome);

    private static ImmutableArray<BacktestCase> Synthetic(int proposals, int seed)
    {
        var rng = new Random(seed);
        var list = ImmutableArray.CreateBuilder<BacktestCase>();
        for (var p = 0; p < proposals; p++)
            for (var i = 0; i < 1 + p % 3; i++)
            {
                var x = Enumerable.Range(0, 5).Select(_ => (double)rng.Next(0, 101)).ToArray();
                list.Add(Case("p" + p, $"p{p}i{i}", rng.Next(0, 101), x, [10, 10, 5, 3, 10], [0.5, 0.8, 0.2, 1, 0.6],
                    ["com", "ep", "at", "be", "de"], p % 2 == 0 ? "COD" : "CNS", p % 3 == 0 ? "unanimity" : "QMV", p % 4 == 0 ? null : 0));
            }
        return list.ToImmutable();
    }

    public sealed class Metrics
    {
        [Fact]
        public void ErrorStats_of_known_errors()
        {
            var s = ErrorStats.Of([-10, 20, 5, -40]);
            Assert.Equal(18.75, s.Mae, 12);
            Assert.Equal(15, s.MedianAbsoluteError, 12);
            Assert.Equal(Math.Sqrt((100 + 400 + 25 + 1600) / 4.0), s.Rmse, 12);
            Assert.Equal(0.5, s.Within10);
            Assert.Equal(0.75, s.Within20);
        }

        [Fact]
        public void ErrorStats_laws_hold_for_any_errors()
        {
            Gen.Double[-100, 100].Array[1, 50].Sample(e =>
            {
                var s = ErrorStats.Of(e);
                return s.MedianAbsoluteError <= e.Max(Math.Abs) + 1e-9 && s.Mae <= s.Rmse + 1e-9 && s.Within10 <= s.Within20 && s.N == e.Length;
            });
        }

        [Fact]
        public void Bootstrap_draws_resample_every_cluster_count_and_are_reproducible()
        {
            var a = ClusterBootstrap.Draws(7, 50, 42);
            var b = ClusterBootstrap.Draws(7, 50, 42);
            Assert.All(a, d => Assert.Equal(7, d.Sum()));
            Assert.Equal(a.Select(d => string.Join(",", d)), b.Select(d => string.Join(",", d)));
            Assert.NotEqual(a.Select(d => string.Join(",", d)), ClusterBootstrap.Draws(7, 50, 43).Select(d => string.Join(",", d)));
        }

        [Fact]
        public void Percentile_interval_brackets_the_middle_of_the_replicates()
        {
            var i = ClusterBootstrap.Percentile(Enumerable.Range(0, 101).Select(k => (double)k), 0.9);
            Assert.Equal(5, i.Low, 9);
            Assert.Equal(95, i.High, 9);
        }
    }

    public sealed class Folds
    {
        [Fact]
        public void Every_proposal_lands_in_exactly_one_fold_and_folds_are_balanced()
        {
            var groups = Enumerable.Range(0, 83).Select(k => "p" + k).ToList();
            var folds = CrossValidation.AssignFolds(groups.Concat(groups), 10, 7);
            Assert.Equal(83, folds.Count);
            var sizes = folds.Values.GroupBy(v => v).Select(g => g.Count()).ToList();
            Assert.Equal(10, sizes.Count);
            Assert.True(sizes.Max() - sizes.Min() <= 1);
            Assert.Equal(folds, CrossValidation.AssignFolds(groups.AsEnumerable().Reverse(), 10, 7));
        }

        private sealed class Memoriser : IBacktestModel
        {
            public string Name => "memoriser";
            public string Description => "forecasts the outcome of any issue whose proposal it was fitted on, else -1";
            public bool Learns => true;
            public IForecaster Fit(IReadOnlyList<BacktestCase> training, BacktestProtocol protocol)
            {
                var seen = training.Select(c => c.Proposal).ToHashSet();
                return new BacktestModel("memoriser", "", c => seen.Contains(c.Proposal) ? c.Outcome : -1);
            }
        }

        [Fact]
        public void Out_of_fold_forecasts_never_see_the_proposal_they_forecast()
        {
            var cases = Synthetic(25, 3);
            var oof = CrossValidation.OutOfFold(new Memoriser(), cases, 5, [1, 2], BacktestProtocol.Default);
            Assert.All(oof, f => Assert.Equal(-1, f));
        }
    }

    public sealed class LearnedModels
    {
        [Fact]
        public void Influence_model_with_a_huge_penalty_is_the_compromise_model()
        {
            var cases = Synthetic(20, 5);
            var protocol = BacktestProtocol.Default with { InfluencePenalties = [1e9] };
            var f = new InfluenceModel().Fit(cases, protocol);
            Assert.All(cases, c => Assert.Equal(BaselineForecasts.Compromise(c.Issue), f.Forecast(c)!.Value, 4));
        }

        [Fact]
        public void Influence_model_learns_which_actor_wins()
        {
            // Outcomes always sit at actor "de": its learned weight must rise above the others'.
            var rng = new Random(11);
            var cases = Enumerable.Range(0, 60).Select(k =>
            {
                var x = Enumerable.Range(0, 5).Select(_ => (double)rng.Next(0, 101)).ToArray();
                return Case("p" + k, "i" + k, x[4], x, [1, 1, 1, 1, 1], [1, 1, 1, 1, 1], ["com", "ep", "at", "be", "de"]);
            }).ToList();
            var f = (InfluenceForecaster)new InfluenceModel().Fit(cases, BacktestProtocol.Default with { InfluencePenalties = [1] });
            Assert.True(f.LogWeight["de"] > f.LogWeight.Where(kv => kv.Key != "de").Max(kv => kv.Value) + 0.5);
        }

        [Fact]
        public void Procedural_model_with_neutral_parameters_is_the_compromise_model()
        {
            var f = new ProceduralForecaster(ProceduralParameters.Neutral);
            Assert.All(Synthetic(10, 9), c => Assert.Equal(BaselineForecasts.Compromise(c.Issue), f.Forecast(c)!.Value, 9));
        }

        [Fact]
        public void Procedural_status_quo_weight_pulls_toward_the_reference_point_under_unanimity_only()
        {
            var p = new ProceduralParameters(1, 1, 1, 0, 1);
            var un = Case("p", "i", 0, [100, 100], [1, 1], [1, 1], rule: "unanimity", rp: 0);
            var qmv = un with { VotingRule = "QMV" };
            Assert.Equal(50, new ProceduralForecaster(p).Forecast(un)!.Value, 9);
            Assert.Equal(100, new ProceduralForecaster(p).Forecast(qmv)!.Value, 9);
        }

        [Fact]
        public void Least_absolute_deviation_recovers_a_line_despite_outliers()
        {
            var x = Enumerable.Range(0, 40).Select(k => new double[] { 1, k }).ToArray();
            var y = x.Select((r, k) => 3 + 2 * r[1] + (k % 10 == 0 ? 500 : 0)).ToArray();
            var b = LeastAbsoluteDeviation.Fit(x, y);
            Assert.Equal(3, b[0], 1);
            Assert.Equal(2, b[1], 2);
        }

        [Fact]
        public void Fitted_parameters_round_trip_through_json()
        {
            var cases = Synthetic(20, 5);
            var fitted = (IFittedForecaster)new InfluenceModel().Fit(cases, BacktestProtocol.Default with { InfluencePenalties = [10] });
            var json = fitted.Export("votes", "synthetic", cases.Length).ToJson();
            var path = Path.GetTempFileName();
            File.WriteAllText(path, json);
            var back = FittedModels.Load(path);
            Assert.True(back.Ok);
            var rebuilt = back.Value!.ToForecaster(out _)!;
            Assert.All(cases, c => Assert.Equal(fitted.Forecast(c)!.Value, rebuilt.Forecast(c)!.Value, 4));
            File.Delete(path);
        }

        [Fact]
        public void Shipped_parameters_load_and_forecast_a_DEU_scenario()
        {
            Assert.All(FittedModels.StoredNames, n => Assert.NotNull(FittedModels.Stored(n).ToForecaster(out _)));
            var scenario = DeuImporter.LoadScenario(DeuImporterTests.DevFile, "d00032i1").Value!;
            var f = FittedModels.Forecast("influence", scenario, "d00032i1");
            Assert.NotNull(f);
            Assert.InRange(f!.Value, 0, 100);
        }
    }

    public sealed class Runner
    {
        [Fact]
        public void Paired_difference_is_the_difference_of_maes_and_the_baseline_has_none()
        {
            var cases = Synthetic(30, 1);
            var protocol = BacktestProtocol.Default with { BootstrapReplicates = 200 };
            var report = BacktestRunner.Run(new BacktestRequest(cases, [BaselineForecasts.CompromiseModel, BaselineForecasts.Constant50], protocol, "votes"));
            var (comp, c50) = (report.Models[0].Overall, report.Models[1].Overall);
            Assert.Null(comp.VsBaseline);
            Assert.Equal(c50.Stats.Mae - comp.Stats.Mae, c50.VsBaseline!.MaeDifference, 9);
            Assert.InRange(c50.Stats.Mae, c50.MaeInterval.Low, c50.MaeInterval.High);
            Assert.Equal(cases.Count(c => c.Procedure == "COD"), report.Models[0].Groups.Single(g => g.Group == "COD").Stats.N);
        }

        [Fact]
        public void Protocol_file_in_the_repository_is_the_built_in_default()
        {
            var loaded = BacktestProtocol.Load(TestPaths.InRepo("backtest", "protocol.json"));
            Assert.True(loaded.Ok, string.Join("\n", loaded.Diagnostics));
            Assert.Equal(BacktestProtocol.Default.ToJson(), loaded.Value!.ToJson());
        }
    }
}
