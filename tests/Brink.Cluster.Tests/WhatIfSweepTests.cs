using Brink.Application;
using Brink.Simulation;

namespace Brink.Cluster.Tests;

/// <summary>What-if searches as sweeps on two in-process silos: the candidates (actor × parameter) in chunks, the same bytes as <see cref="WhatIfService.Run"/>.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WhatIfSweepTests(TwoSiloCluster fixture) : IClassFixture<TwoSiloCluster>
{
    private async Task<SweepRecord> SweepAsync(SweepSpec spec)
    {
        var id = SweepClient.NewId();
        var reply = await fixture.Cluster.Client.GetGrain<ISweepGrain>(id).Start(spec.ToJson());
        Assert.True(reply.Accepted, string.Join("; ", reply.Problems));
        return await TwoSiloCluster.WaitAsync(id);
    }

    [Theory]
    [InlineData("nato-2022.yaml", "eum", 1)]
    [InlineData("nato-2022.yaml", "eum", 5)]
    [InlineData("emission.yaml", "nash", 0)] // the default chunk size
    [InlineData("emission.yaml", "eum", 100_000)] // one chunk
    public async Task WhatIf_sweep_prints_the_bytes_of_the_single_process_run(string scenario, string model, int chunkSize)
    {
        var request = new WhatIfRequest { Scenario = RepoFiles.Scenario(scenario), Target = 70, Model = model };
        var single = WhatIfService.Run(request);
        Assert.True(single.Ok, string.Join("; ", single.Diagnostics));
        var spec = new SweepSpec { Kind = SweepKind.WhatIf, WhatIf = request, ChunkSize = chunkSize };
        var job = SweepJob.Create(spec, out _, out _)!;
        if (chunkSize == 1) Assert.True(job.Items.Count > 2, $"{job.Items.Count} chunks"); // several candidates, one per chunk
        var record = await SweepAsync(spec);
        Assert.True(record.Status == SweepStatus.Done, $"{record.Status}: {record.Error}");
        Assert.Equal(BrinkJson.Serialize(single.Result!), record.Result);
    }

    [Fact]
    public async Task WhatIf_sweep_with_one_actor_and_the_median_prints_the_bytes_of_the_single_process_run()
    {
        var request = new WhatIfRequest
        {
            Scenario = RepoFiles.Scenario("nato-2022.yaml"), Target = 30, Model = "eum", Measure = ForecastMeasure.Median, Parameters = [IssueField.Position],
            MaxPositionChange = 40,
        };
        var record = await SweepAsync(new SweepSpec { Kind = SweepKind.WhatIf, WhatIf = request, ChunkSize = 2 });
        Assert.True(record.Status == SweepStatus.Done, $"{record.Status}: {record.Error}");
        Assert.Equal(BrinkJson.Serialize(WhatIfService.Run(request).Result!), record.Result);
    }

    [Fact]
    public async Task Bad_whatif_requests_are_refused_before_any_work()
    {
        var request = new WhatIfRequest { Scenario = RepoFiles.Scenario("emission.yaml"), Target = 50, Actors = ["nobody"] };
        var id = SweepClient.NewId();
        var reply = await fixture.Cluster.Client.GetGrain<ISweepGrain>(id).Start(new SweepSpec { Kind = SweepKind.WhatIf, WhatIf = request }.ToJson());
        Assert.False(reply.Accepted);
        Assert.Contains(reply.Problems, p => p.Contains("nobody", StringComparison.Ordinal));
        Assert.Null(await TwoSiloCluster.Store.GetAsync(id));

        var nan = new WhatIfRequest { Scenario = RepoFiles.Scenario("emission.yaml"), Target = double.NaN };
        Assert.Null(SweepJob.Create(new SweepSpec { Kind = SweepKind.WhatIf, WhatIf = nan }, out var problems, out _));
        Assert.Contains(problems, p => p.ToString().Contains("--target", StringComparison.Ordinal));
    }
}
