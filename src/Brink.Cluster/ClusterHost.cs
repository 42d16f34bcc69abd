using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Brink.Cluster;

/// <summary>Where a silo listens and which cluster (PostgreSQL database) it joins.</summary>
public sealed record SiloSettings
{
    public required string ConnectionString { get; init; }
    /// <summary>The address the silo binds to and advertises (loopback unless the cluster spans machines).</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;
    public int Port { get; init; } = ClusterHost.DefaultSiloPort;
    /// <summary>The port clients connect to; 0 = <see cref="Port"/> + 1000.</summary>
    public int GatewayPort { get; init; }
    public string ClusterId { get; init; } = ClusterHost.DefaultClusterId;
}

/// <summary>Builds the silo and client hosts: ADO.NET clustering on PostgreSQL, Brink's sweep grains and store.</summary>
public static class ClusterHost
{
    public const int DefaultSiloPort = 11111;
    public const string DefaultClusterId = "brink";
    private const string Invariant = "Npgsql";

    /// <summary>Grain calls (a whole chunk) may take this long before the caller gives up and the chunk is run again.</summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromMinutes(5);

    public static IHost BuildSilo(SiloSettings settings, LogLevel logLevel = LogLevel.Warning)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(logLevel)
            // Start-up advice (server GC) and the watchdog's start-up stall note are not for users.
            .AddFilter("Orleans.Runtime.Silo", LogLevel.Error).AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        // The silo's log goes to stderr, like every other Brink message (stdout is for documents).
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSingleton<ISweepStore>(new PostgresSweepStore(settings.ConnectionString));
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o => { o.ClusterId = settings.ClusterId; o.ServiceId = settings.ClusterId; });
            silo.UseAdoNetClustering(o => { o.Invariant = Invariant; o.ConnectionString = settings.ConnectionString; });
            silo.ConfigureEndpoints(settings.Address, settings.Port, settings.GatewayPort > 0 ? settings.GatewayPort : settings.Port + 1000, listenOnAnyHostAddress: false);
            silo.Configure<SiloOptions>(o => o.SiloName = $"brink-{settings.Address}-{settings.Port}");
            AddSweeps(silo);
        });
        return builder.Build();
    }

    /// <summary>
    /// What every Brink silo has (also the tests' in-process silos, which bring their own <see cref="ISweepStore"/>): the
    /// sweep services, a keeper that carries on orphaned sweeps, quick failure detection, and grain calls long enough for a chunk.
    /// </summary>
    public static void AddSweeps(ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddSingleton<SweepJobs>();
        silo.Services.AddSingleton<ChunkRunner>();
        silo.Services.AddHostedService<SweepKeeper>();
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
        // A killed silo is declared dead after two missed probes of 2 s (defaults: 3 of 5 s), so its chunks move on sooner.
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(2);
            o.NumMissedProbesLimit = 2;
        });
    }

    public static IHost BuildClient(string connectionString, string clusterId = DefaultClusterId)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = clusterId; });
            client.UseAdoNetClustering(o => { o.Invariant = Invariant; o.ConnectionString = connectionString; });
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(30));
            // A client may live as long as its server (brink serve --cluster): it re-reads the gateways from the membership
            // table every 10 s (default 1 min), so silos that were started after it, or restarted on other ports, are soon used.
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(10));
        });
        return builder.Build();
    }
}

/// <summary>
/// On every silo: every few seconds, asks the coordinator of each running sweep to carry on. A call to a coordinator whose
/// silo died activates it on a live silo, where it picks up from the stored chunks; for a live coordinator it is a no-op.
/// </summary>
public sealed class SweepKeeper(ISweepStore store, IGrainFactory grains, ILogger<SweepKeeper> log) : BackgroundService
{
    public static TimeSpan Period { get; set; } = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Period, stoppingToken);
                foreach (var id in await store.RunningAsync())
                    await grains.GetGrain<ISweepGrain>(id).Resume().WaitAsync(TimeSpan.FromSeconds(10), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The silo is starting or stopping, a coordinator's silo is not yet declared dead, or the database is away: next round.
                log.LogDebug("sweep keeper: {Message}", ex.Message);
            }
        }
    }
}
