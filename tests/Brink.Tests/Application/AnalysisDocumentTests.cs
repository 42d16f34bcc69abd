using Brink.Application;
using Brink.Application.Report;
using Brink.Ledger.Scoring;
using Brink.Models;
using Brink.Scenarios;
using Brink.Simulation;

namespace Brink.Tests.Application;

public sealed class AnalysisDocumentTests
{
    private static Scenario Nato => ScenarioLoader.Load(TestPaths.InRepo("scenarios", "nato-2022.yaml")).Value!;

    [Fact]
    public void The_quadrant_chart_is_the_first_round_of_any_run_from_the_actors_view()
    {
        var scenario = Nato;
        var chart = EumQuadrantChart.For(scenario, "nato_membership", "paper", "Russia", out var error);
        Assert.Null(error);
        Assert.NotNull(chart);
        var input = SpatialIssue.From(scenario, "nato_membership");
        Assert.Equal(input.Count - 1, chart!.Points.Count);
        // The same numbers as round 1 of a ten-round run that keeps its matrices.
        var full = (EumResult)ModelCatalog.Run("eum", "paper", input, new ModelOptions { Rounds = 10, FullTrace = true });
        var i = input.Actors.IndexOf("Russia");
        var n = input.Count;
        foreach (var p in chart.Points)
        {
            var j = input.Actors.IndexOf(p.Other);
            Assert.Equal(full.Rounds[0].EuIJ[i * n + j], p.EuIJ);
            Assert.Equal(full.Rounds[0].EuJI[i * n + j], p.EuJI);
            var expected = input.Position[i] == input.Position[j] ? DyadOutcome.StatusQuo : Brink.Models.Eum.EumQuadrant.Classify(p.EuIJ, p.EuJI);
            Assert.Equal(expected, p.Quadrant);
            Assert.Contains("Russia", p.Reading);
        }
    }

    [Fact]
    public void The_quadrant_chart_names_a_missing_actor_and_a_variant_that_is_not_the_eums()
    {
        Assert.Null(EumQuadrantChart.For(Nato, "nato_membership", null, "Atlantis", out var error));
        Assert.Contains("no actor 'Atlantis'", error);
        Assert.Null(EumQuadrantChart.For(Nato, "nato_membership", "weighted-mean", "Russia", out error));
        Assert.Contains("not an EUM variant", error);
    }

    [Fact]
    public void The_heat_map_keeps_the_actors_of_the_top_dyads_ranked_as_brink_simulate()
    {
        var model = new ModelDistribution("eum", "paper", new Forecast(0, 0), null!, null!)
        {
            Dyads =
            [
                new DyadProbabilities("a", "b", 0.1, 0.2, 0.3, 0.4), new DyadProbabilities("a", "c", 0.9, 0, 0, 0.1),
                new DyadProbabilities("b", "a", 0.1, 0.5, 0, 0.3), new DyadProbabilities("b", "c", 0, 0, 0, 1),
                new DyadProbabilities("c", "a", 0.5, 0, 0, 0.5), new DyadProbabilities("c", "b", 0, 0, 0, 1),
            ],
        };
        var ranked = DyadHeatmap.Ranked(model.Dyads);
        Assert.Equal(["a→c", "c→a", "b→a", "a→b", "b→c", "c→b"], ranked.Select(d => $"{d.Actor}→{d.Other}"));
        var top = DyadHeatmap.Of(model, top: 1)!;
        Assert.Equal(["a", "c"], top.Actors);
        Assert.Equal(0.9, top.Conflict[0][1]);
        Assert.Equal(0.5, top.Conflict[1][0]);
        Assert.Null(top.Conflict[0][0]);
        var all = DyadHeatmap.Of(model)!;
        Assert.Equal(["a", "b", "c"], all.Actors);
        Assert.Equal(6, all.DyadsShown);
    }

    [Fact]
    public void Calibration_from_the_ledger_bins_the_scored_forecasts()
    {
        var path = Path.Combine(Path.GetTempPath(), $"brink-cal-{Guid.NewGuid():n}.db");
        try
        {
            var db = new LedgerLocation(path);
            var table = db.With(store =>
            {
                foreach (var (id, p, outcome) in new[] { ("q1", 0.82, "yes"), ("q2", 0.86, "no"), ("q3", 0.1, "no") })
                {
                    LedgerService.AddQuestion(store, new AddQuestionRequest { Id = id, Title = id, Criteria = "c", Close = store.Clock.UtcNow.AddDays(1) });
                    LedgerService.AddForecast(store, new AddForecastRequest { Question = id, Forecaster = "ann", Probabilities = [p] });
                    LedgerService.Resolve(store, new ResolveRequest { Question = id, Outcome = outcome });
                }
                return LedgerService.Calibration(store, new CalibrationRequest { Bins = 10 });
            });
            Assert.Equal(3, table.Events);
            var high = Assert.Single(table.Bins, b => b.Lower == 0.8);
            Assert.Equal(2, high.Count);
            Assert.Equal(0.5, high.ObservedFrequency);
            Assert.Equal(0.84, high.MeanForecast, 12);
            Assert.Throws<Brink.Ledger.LedgerException>(() => db.With(store => LedgerService.Calibration(store, new CalibrationRequest { Bins = 0 })));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { path, path + "-wal", path + "-shm" }) File.Delete(f);
        }
    }

    [Fact]
    public void The_input_table_has_each_number_with_its_range_and_evidence()
    {
        var rows = ScenarioInputTable.Of(Nato, "nato_membership");
        var usa = Assert.Single(rows, r => r.ActorId == "usa");
        Assert.Equal(20, usa.Position.Value);
        Assert.Equal("range 10–35", usa.Position.Distribution);
        var evidence = Assert.Single(usa.Position.Evidence);
        Assert.Equal("blinken-written-reply", evidence.SourceId);
        Assert.Equal("There is no change; there will be no change.", evidence.Quote); // the source's quote
        Assert.True(Assert.Single(usa.Capability.Evidence).Judgement);
        Assert.Equal("actors[usa].positions[nato_membership].salience", usa.Salience.FieldPath);
    }
}
