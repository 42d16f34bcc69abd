using Brink.Application;
using Brink.Scenarios;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Brink.Cluster.Tests;

/// <summary>Two in-process silos (Orleans TestingHost) with Brink's sweep grains, sharing one in-memory store.</summary>
public sealed class TwoSiloCluster : IAsyncLifetime
{
    public static InMemorySweepStore Store { get; } = new();

    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(2);
        builder.AddSiloBuilderConfigurator<Configurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.Services.AddSingleton<ISweepStore>(Store);
            ClusterHost.AddSweeps(silo);
        }
    }

    /// <summary>Waits (bounded) until the sweep has ended; fails the test on time-out.</summary>
    public static async Task<SweepRecord> WaitAsync(string id, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromMinutes(3));
        while (DateTime.UtcNow < deadline)
        {
            if (await Store.GetAsync(id) is { } r && r.Status != SweepStatus.Running) return r;
            await Task.Delay(100);
        }
        throw new TimeoutException($"sweep {id} did not end within the limit; last: {await Store.GetAsync(id)}");
    }
}

/// <summary>Scenario files of the repository, sent as text as <c>brink sweep</c> sends them.</summary>
public static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static ScenarioSource Scenario(string name)
    {
        var relative = "scenarios/" + name;
        return ScenarioSource.FromText(File.ReadAllText(Path("scenarios", name)), ScenarioLoader.Extensions[System.IO.Path.GetExtension(name)], relative);
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Brink.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Brink.slnx not found above " + AppContext.BaseDirectory);
    }
}
