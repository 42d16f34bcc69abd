using System.Text.Json;
using Brink.Models;
using Brink.Scenarios;
using Brink.Simulation;
using CsCheck;
using static Brink.Tests.Simulation.SimulationFixtures;

namespace Brink.Tests.Simulation;

public sealed class MonteCarloTests
{
    private static string Run(int threads, int draws = 3000, ulong seed = 5)
    {
        var scenario = Uncertain();
        var template = IssueTemplate.From(scenario, "i", noise: 0.05);
        var result = MonteCarlo.Run(template, [IssueModels.Compromise, DyadModel],
            new MonteCarloOptions { Draws = draws, Seed = seed, Threads = threads, ChunkSize = 37 }, scenario.Correlations);
        return JsonSerializer.Serialize(result);
    }

    [Fact]
    public void Results_are_bit_identical_for_1_2_and_4_threads()
    {
        var one = Run(1);
        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(4));
        Assert.NotEqual(one, Run(2, seed: 6));
    }

    /// <summary>
    /// Only a's position varies, uniform on [0, 30]; the compromise forecast is linear in it, so its mean
    /// is the forecast at x_a = 15 and its spread is w_a/W × 30/√12. N = 4,000: the SE of the mean is
    /// about 0.05, we allow 4 SE.
    /// </summary>
    [Fact]
    public void Compromise_forecast_distribution_matches_the_linear_closed_form()
    {
        var scenario = Uncertain() with { Uncertain = [new UncertainInput(Pos("a"), new UniformDistribution(0, 30))], Correlations = [] };
        var template = IssueTemplate.From(scenario, "i");
        var result = MonteCarlo.Run(template, [IssueModels.Compromise], new MonteCarloOptions { Draws = 4000, Seed = 3 });
        double[] c = [1.0, 0.5, 0.8, 0.3, 0.6], s = [0.9, 0.6, 0.5, 1.0, 0.3], x = [15, 40, 70, 90, 55];
        var w = c.Zip(s, (a, b) => a * b).ToArray();
        var expected = Baselines.WeightedMean(x, c, s);
        var sd = w[0] / w.Sum() * 30 / Math.Sqrt(12);
        var summary = result.Models[0].ForecastMean;
        Assert.InRange(summary.Mean, expected - 4 * sd / Math.Sqrt(4000), expected + 4 * sd / Math.Sqrt(4000));
        Assert.InRange(summary.StdDev, 0.95 * sd, 1.05 * sd);
        Assert.True(summary.P05 < summary.Median && summary.Median < summary.P95);
        Assert.Equal(4000, summary.Histogram.Counts.Sum());
        Assert.False(result.Partial);
    }

    [Fact]
    public void Dyad_probabilities_sum_to_one_and_match_the_drawn_positions()
    {
        var scenario = Uncertain();
        var template = IssueTemplate.From(scenario, "i");
        var result = MonteCarlo.Run(template, [DyadModel], new MonteCarloOptions { Draws = 500, Seed = 9 }, scenario.Correlations);
        var dyads = result.Models[0].Dyads;
        Assert.Equal(5 * 4, dyads.Length);
        foreach (var d in dyads) Assert.Equal(1, d.Conflict + d.Compromise + d.Capitulation + d.StatusQuo, 12);
        // b (40) and e (55) never move: always 15 apart → capitulation in every draw.
        var be = dyads.Single(d => d.Actor == "b" && d.Other == "e");
        Assert.Equal(1, be.Capitulation);
        // a ∈ [0,30] and d ∈ [60,100] are always more than 30 apart: never status quo or capitulation.
        var ad = dyads.Single(d => d.Actor == "a" && d.Other == "d");
        Assert.Equal(0, ad.StatusQuo + ad.Capitulation);
        Assert.True(ad.Conflict > 0.5);
    }

    [Fact]
    public void Cancellation_returns_partial_results_over_completed_draws()
    {
        using var cts = new CancellationTokenSource();
        var template = IssueTemplate.From(Uncertain(), "i");
        var result = MonteCarlo.Run(template, [IssueModels.Compromise], new MonteCarloOptions { Draws = 10_000, Seed = 1, Threads = 1, ChunkSize = 100 },
            progress: _ => cts.Cancel(), cancel: cts.Token);
        Assert.True(result.Partial);
        Assert.InRange(result.DrawsCompleted, 100, 9_900);
        Assert.Equal(0, result.DrawsCompleted % 100);
        Assert.Equal(result.DrawsCompleted, result.Models[0].ForecastMean.Histogram.Counts.Sum());
    }

    [Fact]
    public void Correlated_inputs_reach_the_model_correlated()
    {
        var scenario = Uncertain();
        var template = IssueTemplate.From(scenario, "i");
        var data = InputSampler.Sample(template, scenario.Correlations, 2000, 4);
        var k = template.Slots.Length;
        var a = Enumerable.Range(0, 2000).Select(d => data[d * k + 0]).ToArray();
        var c = Enumerable.Range(0, 2000).Select(d => data[d * k + 1]).ToArray();
        var e = Enumerable.Range(0, 2000).Select(d => data[d * k + 3]).ToArray();
        Assert.InRange(RankStatistics.Spearman(a, c), 0.58, 0.62);
        // Uncorrelated inputs are left alone: |ρ| within 4/√N of 0.
        Assert.InRange(RankStatistics.Spearman(a, e), -0.09, 0.09);
    }

    [Fact]
    public void Adding_a_correlation_leaves_the_draws_of_other_inputs_unchanged()
    {
        var scenario = Uncertain();
        var template = IssueTemplate.From(scenario, "i");
        var with = InputSampler.Sample(template, scenario.Correlations, 500, 8);
        var without = InputSampler.Sample(template, [], 500, 8);
        var k = template.Slots.Length;
        for (var d = 0; d < 500; d++)
        {
            Assert.Equal(without[d * k + 2], with[d * k + 2]); // d.position
            Assert.Equal(without[d * k + 3], with[d * k + 3]); // e.salience
        }
        // The correlated columns are the same values, reordered.
        Assert.Equal(Enumerable.Range(0, 500).Select(d => without[d * k]).Order(), Enumerable.Range(0, 500).Select(d => with[d * k]).Order());
    }

    /// <summary>Law: the result depends on the seed only, never on how draws are split into chunks or spread over threads.</summary>
    [Fact]
    public void Results_do_not_depend_on_chunking_or_threads_for_any_seed()
    {
        var scenario = Uncertain();
        var template = IssueTemplate.From(scenario, "i", noise: 0.02);
        string Run(ulong seed, int chunk, int threads) => JsonSerializer.Serialize(MonteCarlo.Run(template, [IssueModels.Compromise, DyadModel],
            new MonteCarloOptions { Draws = 300, Seed = seed, Threads = threads, ChunkSize = chunk }, scenario.Correlations));
        Gen.Select(Gen.ULong, Gen.Int[1, 150], Gen.Int[1, 4]).Sample((seed, chunk, threads) => Run(seed, chunk, threads) == Run(seed, 64, 1), iter: 25);
    }
}
