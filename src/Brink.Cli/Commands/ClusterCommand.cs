using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using Brink.Cluster;
using Brink.Ledger;
using Brink.Store.Postgres;

namespace Brink.Cli.Commands;

/// <summary>
/// <c>brink cluster silo --db postgres://… [--port P] [--gateway-port G] [--host ADDR]</c>: one silo of the Orleans cluster that
/// runs sweeps (docs/cluster.md). Membership and results live in the PostgreSQL database; the schema is created on start.
/// </summary>
public sealed class ClusterCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var db = new Option<string>("--db") { Description = "The cluster's PostgreSQL database: postgres://USER:PASSWORD@HOST:PORT/DATABASE (membership and sweep results).", Required = true };
        var port = new Option<int>("--port", "-p") { Description = "Port for the other silos.", DefaultValueFactory = _ => ClusterHost.DefaultSiloPort };
        var gateway = new Option<int>("--gateway-port") { Description = "Port for clients (brink sweep); default --port + 1000." };
        var host = new Option<string>("--host")
        {
            Description = "Address to bind and advertise (default 127.0.0.1). Silos and clients do not authenticate: use another address only on a private network.",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var silo = new Command("silo", "Run one silo of the sweep cluster until Ctrl-C (or SIGTERM).") { db, port, gateway, host };
        silo.SetAction(parse => RunSilo(context, parse.GetValue(db)!, parse.GetValue(port), parse.GetValue(gateway), parse.GetValue(host)!));
        var actors = new Option<int>("--actors") { Description = "Number of actors.", DefaultValueFactory = _ => 200 };
        var scenario = new Command("scenario", "Print the synthetic issue of brink bench (N actors, seed 1) as a CSV actor table, to try sweeps on a large scenario.") { actors };
        scenario.SetAction(parse =>
        {
            var n = parse.GetValue(actors);
            if (n is < 2 or > 100_000) return SimulationCli.Fail(context, $"--actors must be between 2 and 100,000 (got {n})");
            context.Out.Write(WholeProcessBench.ActorTable(n));
            return ExitCodes.Ok;
        });
        return new Command("cluster", "The Orleans cluster that runs sweeps (brink sweep) over several processes or machines.") { silo, scenario };
    }

    private static int RunSilo(CliContext context, string url, int port, int gatewayPort, string hostText)
    {
        if (!ClusterCli.TryConnectionString(context, url, "--db", out var connection, out var display)) return ExitCodes.BadInput;
        if (port is < 1 or > 65535) return SimulationCli.Fail(context, $"--port must be between 1 and 65535 (got {port})");
        var gateway = gatewayPort == 0 ? port + 1000 : gatewayPort;
        if (gateway is < 1 or > 65535 || gateway == port) return SimulationCli.Fail(context, $"--gateway-port must be between 1 and 65535 and differ from --port (got {gateway})");
        if (!IPAddress.TryParse(hostText, out var address)) return SimulationCli.Fail(context, $"--host: '{hostText}' is not an IP address (e.g. 127.0.0.1)");
        if (!ClusterCli.TryEnsureSchema(context, connection, display, "--db")) return ExitCodes.InternalError;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            stop.Cancel();
        });
        using var silo = ClusterHost.BuildSilo(new SiloSettings { ConnectionString = connection, Address = address, Port = port, GatewayPort = gateway });
        try
        {
            silo.StartAsync(stop.Token).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (stop.IsCancellationRequested) return 130;
            context.Error.WriteLine($"brink: the silo did not start on {address}:{port} (gateway {gateway}): {ex.Message}");
            return ExitCodes.InternalError;
        }
        context.Error.WriteLine($"brink: silo listening on {address}:{port} (gateway {gateway}), cluster '{ClusterHost.DefaultClusterId}' on {display}; Ctrl-C stops it");
        context.Error.Flush();
        try
        {
            Task.Delay(Timeout.Infinite, stop.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }
        context.Error.WriteLine("brink: silo stopping (its running chunks move to the other silos)");
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        silo.StopAsync(grace.Token).GetAwaiter().GetResult();
        return ExitCodes.Ok;
    }
}

/// <summary>What the cluster commands share: the PostgreSQL URL and the schema.</summary>
internal static class ClusterCli
{
    public static bool TryConnectionString(CliContext context, string url, string option, out string connection, out string display)
    {
        connection = display = "";
        try
        {
            var parsed = PostgresUrl.Parse(url);
            (connection, display) = (parsed.ConnectionString, parsed.Display);
            return true;
        }
        catch (LedgerException ex)
        {
            var message = ex.Message.StartsWith("--db:", StringComparison.Ordinal) ? option + ex.Message[4..] : ex.Message;
            context.Error.WriteLine($"brink: {message}");
            return false;
        }
    }

    public static bool TryEnsureSchema(CliContext context, string connection, string display, string option)
    {
        try
        {
            ClusterSchema.EnsureAsync(connection).GetAwaiter().GetResult();
            return true;
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            context.Error.WriteLine($"brink: {option} {display}: cannot prepare the cluster's tables: {ex.Message}");
            return false;
        }
    }
}
