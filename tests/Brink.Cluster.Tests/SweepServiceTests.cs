using Brink.Application;
using Brink.Simulation;

namespace Brink.Cluster.Tests;

/// <summary>
/// The sweep job of <c>brink serve --cluster</c> (<see cref="ClusterSweepService"/>) on two in-process silos: the document of the
/// single-machine command, progress in chunks, cancellation on the cluster, refusal before any work.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SweepServiceTests(TwoSiloCluster fixture) : IClassFixture<TwoSiloCluster>
{
    private sealed class Progress : IProgressRunner
    {
        public long Total;
        public long Done;

        public T Run<T>(string label, long total, Func<Action<int>, T> work)
        {
            Total = total;
            return work(n => Interlocked.Add(ref Done, n));
        }
    }

    private ClusterSweepService Service => new(fixture.Cluster.Client, TwoSiloCluster.Store);

    [Fact]
    public void A_sweep_job_gives_the_document_of_the_single_machine_command_with_progress()
    {
        var request = new SensitivityRequest
        {
            Scenario = RepoFiles.Scenario("nato-2022.yaml"), Model = "eum",
            Options = new SensitivityOptions { SobolSamples = 16, MorrisTrajectories = 4, Seed = 5 },
        };
        var progress = new Progress();
        var outcome = Service.Run(new SweepSpec { Kind = SweepKind.Sensitivity, Sensitivity = request, ChunkSize = 100 }.ToJson(), progress, CancellationToken.None);
        Assert.True(outcome.Ok, string.Join("; ", outcome.Diagnostics));
        Assert.NotNull(outcome.SweepId);
        Assert.Equal(BrinkJson.Serialize(SensitivityDocument.Of(SensitivityService.Run(request).Result!, [])), outcome.Document);
        Assert.True(progress.Total > 1);
        Assert.Equal(progress.Total, progress.Done);
    }

    [Fact]
    public async Task A_cancelled_sweep_job_cancels_the_sweep_on_the_cluster()
    {
        var request = new SimulateRequest { Scenario = RepoFiles.Scenario("nato-2022.yaml"), Draws = 200_000, Models = ["eum"] };
        using var cancel = new CancellationTokenSource();
        var progress = new Progress();
        var run = Task.Run(() => Service.Run(new SweepSpec { Kind = SweepKind.Simulate, Simulate = request, ChunkSize = 500 }.ToJson(), progress, cancel.Token));
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (Interlocked.Read(ref progress.Done) < 1 && DateTime.UtcNow < deadline) await Task.Delay(50);
        await cancel.CancelAsync();
        var outcome = await run;
        Assert.True(outcome.Cancelled);
        Assert.Null(outcome.Document);
        var record = await TwoSiloCluster.WaitAsync(outcome.SweepId!);
        Assert.Equal(SweepStatus.Cancelled, record.Status);
    }

    [Fact]
    public void Malformed_requests_and_paths_on_the_server_are_refused_before_any_work()
    {
        Assert.NotEmpty(Service.Check("{\"Kind\": 3"));
        var byPath = new SweepSpec
        {
            Kind = SweepKind.Simulate, Simulate = new SimulateRequest { Scenario = ScenarioSource.FromFile(RepoFiles.Path("scenarios", "emission.yaml")) },
        };
        Assert.Contains(Service.Check(byPath.ToJson()), d => d.FieldPath == "scenario");
        var refused = Service.Run(byPath.ToJson(), new Progress(), CancellationToken.None);
        Assert.False(refused.Ok);
        Assert.Null(refused.SweepId);
        var noDraws = new SweepSpec { Kind = SweepKind.Simulate, Simulate = new SimulateRequest { Scenario = RepoFiles.Scenario("emission.yaml"), Draws = 0 } };
        Assert.Contains(Service.Check(noDraws.ToJson()), d => d.Message.Contains("--draws", StringComparison.Ordinal));
        Assert.Empty(Service.Check((noDraws with { Simulate = noDraws.Simulate! with { Draws = 10 } }).ToJson()));
    }
}
