using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Brink.Cluster;

/// <summary>An Orleans client of a Brink cluster: submits and cancels sweeps (their progress and results are read from the store).</summary>
public sealed class SweepClient : IAsyncDisposable
{
    private readonly IHost _host;

    private SweepClient(IHost host) => _host = host;

    public IClusterClient Cluster => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>Connects through the gateways listed in the cluster's membership table.</summary>
    /// <exception cref="Exception">No silo answers (Orleans' connection errors).</exception>
    public static async Task<SweepClient> ConnectAsync(string connectionString, CancellationToken cancel = default)
    {
        var host = ClusterHost.BuildClient(connectionString);
        try
        {
            await host.StartAsync(cancel);
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return new SweepClient(host);
    }

    /// <summary>A fresh sweep id: "sw-" and 12 hex digits.</summary>
    public static string NewId() => "sw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public Task<SweepStartReply> StartAsync(string id, SweepSpec spec) => Cluster.GetGrain<ISweepGrain>(id).Start(spec.ToJson());

    public Task<bool> CancelAsync(string id) => Cluster.GetGrain<ISweepGrain>(id).Cancel();

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _host.StopAsync(grace.Token);
        }
        finally
        {
            _host.Dispose();
        }
    }
}
