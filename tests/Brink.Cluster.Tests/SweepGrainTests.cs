using Brink.Application;
using Brink.Simulation;

namespace Brink.Cluster.Tests;

/// <summary>
/// Sweeps on two in-process silos give the bytes of the single-process service for the same seed, whatever the chunk
/// size; bad requests are refused before any work; a silo stopped mid-sweep costs nothing but time.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SweepGrainTests(TwoSiloCluster fixture) : IClassFixture<TwoSiloCluster>
{
    private async Task<SweepRecord> SweepAsync(SweepSpec spec)
    {
        var id = SweepClient.NewId();
        var reply = await fixture.Cluster.Client.GetGrain<ISweepGrain>(id).Start(spec.ToJson());
        Assert.True(reply.Accepted, string.Join("; ", reply.Problems));
        return await TwoSiloCluster.WaitAsync(id);
    }

    private static string Single(SimulateRequest request) => BrinkJson.Serialize(SimulateService.Run(request).Report!);

    private static string Single(SensitivityRequest request) => BrinkJson.Serialize(SensitivityDocument.Of(SensitivityService.Run(request).Result!, []));

    [Theory]
    [InlineData("emission.yaml", 500, 0.1, 13)]
    [InlineData("emission.yaml", 500, 0.1, 1000)]
    [InlineData("nato-2022.yaml", 300, null, 7)] // two issues, rank correlations
    [InlineData("nato-2022.yaml", 300, null, 0)] // the default chunk size
    public async Task Simulate_sweep_prints_the_bytes_of_the_single_process_run(string scenario, int draws, double? noise, int chunkSize)
    {
        var request = new SimulateRequest { Scenario = RepoFiles.Scenario(scenario), Draws = draws, Noise = noise, Seed = 42 };
        var record = await SweepAsync(new SweepSpec { Kind = SweepKind.Simulate, Simulate = request, ChunkSize = chunkSize });
        Assert.True(record.Status == SweepStatus.Done, $"{record.Status}: {record.Error}");
        Assert.Equal(Single(request), record.Result);
    }

    [Fact]
    public async Task Chunks_run_on_both_silos()
    {
        var request = new SimulateRequest { Scenario = RepoFiles.Scenario("emission.yaml"), Draws = 2000, Noise = 0.1, Models = ["eum"] };
        var record = await SweepAsync(new SweepSpec { Kind = SweepKind.Simulate, Simulate = request, ChunkSize = 25 });
        Assert.Equal(SweepStatus.Done, record.Status);
        var silos = (await TwoSiloCluster.Store.LoadChunksAsync(record.Id)).Select(c => c.Silo).Distinct().Count();
        Assert.Equal(2, silos);
    }

    [Theory]
    [InlineData(50)]
    [InlineData(700)]
    [InlineData(100_000)]
    public async Task Sobol_sensitivity_sweep_prints_the_bytes_of_the_single_process_run(int chunkSize)
    {
        var request = new SensitivityRequest
        {
            Scenario = RepoFiles.Scenario("nato-2022.yaml"), Model = "eum",
            Options = new SensitivityOptions { SobolSamples = 24, MorrisTrajectories = 4, Seed = 9 },
        };
        var record = await SweepAsync(new SweepSpec { Kind = SweepKind.Sensitivity, Sensitivity = request, ChunkSize = chunkSize });
        Assert.True(record.Status == SweepStatus.Done, $"{record.Status}: {record.Error}");
        Assert.Equal(Single(request), record.Result);
    }

    [Fact]
    public async Task Malformed_or_oversized_requests_are_refused_before_any_work()
    {
        var grain = fixture.Cluster.Client.GetGrain<ISweepGrain>(SweepClient.NewId());
        var garbage = await grain.Start("{\"Kind\": 3");
        Assert.False(garbage.Accepted);

        var noDraws = new SweepSpec { Kind = SweepKind.Simulate, Simulate = new SimulateRequest { Scenario = RepoFiles.Scenario("emission.yaml"), Draws = 0 } };
        var id = SweepClient.NewId();
        var reply = await fixture.Cluster.Client.GetGrain<ISweepGrain>(id).Start(noDraws.ToJson());
        Assert.False(reply.Accepted);
        Assert.Contains(reply.Problems, p => p.Contains("--draws", StringComparison.Ordinal));
        Assert.Null(await TwoSiloCluster.Store.GetAsync(id));

        var tooMany = new SweepSpec
        {
            Kind = SweepKind.Simulate, ChunkSize = 1,
            Simulate = new SimulateRequest { Scenario = RepoFiles.Scenario("emission.yaml"), Draws = 1_000_000 },
        };
        var large = await fixture.Cluster.Client.GetGrain<ISweepGrain>(SweepClient.NewId()).Start(tooMany.ToJson());
        Assert.False(large.Accepted);
        Assert.Contains(large.Problems, p => p.Contains("chunks", StringComparison.Ordinal));

        var badScenario = new SweepSpec
        {
            Kind = SweepKind.Sensitivity,
            Sensitivity = new SensitivityRequest { Scenario = Brink.Application.ScenarioSource.FromText("actors: [", Brink.Scenarios.ScenarioFormat.Yaml, "broken.yaml") },
        };
        var broken = await fixture.Cluster.Client.GetGrain<ISweepGrain>(SweepClient.NewId()).Start(badScenario.ToJson());
        Assert.False(broken.Accepted);
        Assert.Contains(broken.Problems, p => p.StartsWith("broken.yaml", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancel_stops_a_running_sweep_without_a_result()
    {
        var request = new SimulateRequest { Scenario = RepoFiles.Scenario("nato-2022.yaml"), Draws = 200_000, Models = ["eum"] };
        var id = SweepClient.NewId();
        var grain = fixture.Cluster.Client.GetGrain<ISweepGrain>(id);
        Assert.True((await grain.Start(new SweepSpec { Kind = SweepKind.Simulate, Simulate = request, ChunkSize = 500 }.ToJson())).Accepted);
        Assert.True(await grain.Cancel());
        var record = await TwoSiloCluster.WaitAsync(id);
        Assert.Equal(SweepStatus.Cancelled, record.Status);
        Assert.Null(record.Result);
        Assert.False(await grain.Cancel());
    }
}
