using System.CommandLine;
using Brink.Web;

namespace Brink.Cli.Commands;

/// <summary>
/// <c>brink serve [--port P] [--db PATH|URL] [--host ADDR]</c>: the HTTP API and the web workbench on 127.0.0.1 with the
/// ledger (an SQLite file or a postgres:// URL); prints the address and serves until Ctrl-C. Without accounts in the
/// database it is single-user with no sign-in; with accounts sign-in is required and a non-loopback address is allowed.
/// </summary>
public sealed class ServeCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var port = new Option<int>("--port", "-p") { Description = "Port to listen on (0 = any free port).", DefaultValueFactory = _ => BrinkWebOptions.DefaultPort };
        var host = new Option<string>("--host")
        {
            Description = "Address to bind. Beyond loopback (127.0.0.1, ::1, localhost) only when the database has accounts (brink user add).",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var db = LedgerCli.Db();
        var cluster = new Option<string?>("--cluster") { Description = "A cluster's PostgreSQL database (brink cluster silo --db): POST /api/jobs/sweep runs sweeps on its silos (docs/cluster.md)." };
        var command = new Command("serve", "Start the HTTP API and the web workbench (on 127.0.0.1) with the ledger (SQLite file or postgres:// URL; sign-in once it has accounts).") { port, host, db, cluster };
        command.SetAction(parse =>
        {
            Brink.Cluster.ClusterSweepService? sweeps = null;
            if (parse.GetValue(cluster) is { } url)
            {
                if (!ClusterCli.TryConnectionString(context, url, "--cluster", out var connection, out var display)) return ExitCodes.BadInput;
                if (!ClusterCli.TryEnsureSchema(context, connection, display, "--cluster")) return ExitCodes.InternalError;
                sweeps = Brink.Cluster.ClusterSweepService.ForDatabase(connection);
            }
            var options = new BrinkWebOptions { Port = parse.GetValue(port), Host = parse.GetValue(host) ?? "127.0.0.1", Db = parse.GetValue(db), Sweeps = sweeps };
            try
            {
                return BrinkWebHost.ServeAsync(options, context.Out, context.Error, context.Cancellation).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Ok;
            }
            finally
            {
                // The server's one cluster client (connected by its first sweep job), closed with the server.
                sweeps?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        });
        return command;
    }
}
