using System.Text.Json;
using Brink.Models;
using Brink.Simulation;
using static Brink.Tests.Simulation.SimulationFixtures;

namespace Brink.Tests.Simulation;

/// <summary>
/// The chunked forms used by the cluster's sweeps: chunks of draws (Monte Carlo) or units (tornado factors, Morris
/// trajectories, Sobol samples) computed on their own and merged give the bytes of the whole run, whatever the chunk
/// size and the order the chunks arrive in.
/// </summary>
public sealed class ChunkedRunTests
{
    private static List<(int Start, int End)> Ranges(int count, int size) =>
        [.. Enumerable.Range(0, (count + size - 1) / size).Select(c => (c * size, Math.Min(count, (c + 1) * size)))];

    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    [InlineData(250)]
    [InlineData(1000)]
    public void Monte_Carlo_chunks_merged_in_any_order_give_the_bytes_of_the_whole_run(int chunkSize)
    {
        var scenario = Uncertain(); // with rank correlations: every chunk prepares the correlated columns of all draws
        var template = IssueTemplate.From(scenario, "i", noise: 0.05);
        IIssueModel[] models = [IssueModels.Compromise, DyadModel];
        var options = new MonteCarloOptions { Draws = 1000, Seed = 11, Threads = 2 };
        var whole = JsonSerializer.Serialize(MonteCarlo.Run(template, models, options, scenario.Correlations));
        var chunks = Ranges(options.Draws, chunkSize)
            .Select(r => MonteCarlo.RunChunk(template, models, options with { Threads = 1 }, scenario.Correlations, r.Start, r.End))
            .Reverse().ToList();
        Assert.Equal(whole, JsonSerializer.Serialize(MonteCarlo.Merge(template, models, options, chunks)));
    }

    [Fact]
    public void Monte_Carlo_merge_refuses_chunks_that_leave_a_gap()
    {
        var scenario = Uncertain();
        var template = IssueTemplate.From(scenario, "i");
        var options = new MonteCarloOptions { Draws = 100, Seed = 1 };
        var first = MonteCarlo.RunChunk(template, [IssueModels.Compromise], options, scenario.Correlations, 0, 40);
        var last = MonteCarlo.RunChunk(template, [IssueModels.Compromise], options, scenario.Correlations, 50, 100);
        Assert.Throws<ArgumentException>(() => MonteCarlo.Merge(template, [IssueModels.Compromise], options, [first, last]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(64)]
    public void Sensitivity_chunks_merged_give_the_bytes_of_the_whole_run(int chunkSize)
    {
        var template = IssueTemplate.From(Uncertain(), "i");
        var options = new SensitivityOptions { SobolSamples = 40, MorrisTrajectories = 7, Seed = 5, Threads = 2 };
        var whole = JsonSerializer.Serialize(Sensitivity.Run(template, DyadModel, options));
        var k = Sensitivity.Factors(template, options).Length;
        double[] Part(SensitivityPart part) =>
            [.. Ranges(Sensitivity.Units(part, k, options), chunkSize).SelectMany(r => Sensitivity.RunChunk(template, DyadModel, options with { Threads = 1 }, part, r.Start, r.End))];
        var merged = Sensitivity.Merge(template, DyadModel, options, Part(SensitivityPart.Tornado), Part(SensitivityPart.Morris), Part(SensitivityPart.Sobol));
        Assert.Equal(whole, JsonSerializer.Serialize(merged));
    }
}
