using Brink.Application;

namespace Brink.Cluster.Tests;

/// <summary>A silo killed mid-sweep (in-process, TestingHost): its chunks are run again on the other silo, same bytes.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SiloFailureTests : IAsyncLifetime
{
    private readonly TwoSiloCluster _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task A_silo_killed_mid_sweep_leaves_the_result_byte_identical()
    {
        var request = new SimulateRequest { Scenario = RepoFiles.Scenario("nato-2022.yaml"), Draws = 12_000, Models = ["eum"], Seed = 3 };
        var expected = BrinkJson.Serialize(SimulateService.Run(request).Report!);
        var id = SweepClient.NewId();
        var reply = await _fixture.Cluster.Client.GetGrain<ISweepGrain>(id).Start(new SweepSpec { Kind = SweepKind.Simulate, Simulate = request, ChunkSize = 200 }.ToJson());
        Assert.True(reply.Accepted, string.Join("; ", reply.Problems));
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while ((await TwoSiloCluster.Store.GetAsync(id))!.ChunksDone < 5 && DateTime.UtcNow < deadline) await Task.Delay(50);
        var before = (await TwoSiloCluster.Store.GetAsync(id))!;
        Assert.True(before.Status == SweepStatus.Running && before.ChunksDone < before.ChunksTotal, $"the sweep should still run when the silo is killed: {before}");

        await _fixture.Cluster.KillSiloAsync(_fixture.Cluster.SecondarySilos[0]);

        var record = await TwoSiloCluster.WaitAsync(id, TimeSpan.FromMinutes(4));
        Assert.True(record.Status == SweepStatus.Done, $"{record.Status}: {record.Error}");
        Assert.Equal(expected, record.Result);
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection
{
    public const string Name = "in-process clusters, one at a time";
}
