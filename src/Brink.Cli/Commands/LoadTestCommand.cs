using System.CommandLine;
using System.Globalization;

namespace Brink.Cli.Commands;

/// <summary>
/// <c>brink loadtest --url http://127.0.0.1:PORT [--token T] [--clients 50] [--seconds 60]</c>: drives a running
/// <c>brink serve</c> with concurrent clients adding forecasts and reading scores (see <see cref="ServerLoad"/>), then prints
/// writes, reads, errors, p50/p99 latencies and whether every acknowledged write is in the ledger. Loopback only.
/// Exit 0 when there were no errors and nothing was lost, 1 otherwise.
/// </summary>
public sealed class LoadTestCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var url = new Option<string>("--url") { Description = "The server, e.g. http://127.0.0.1:5170 (loopback only).", Required = true };
        var token = new Option<string?>("--token") { Description = "API token of a forecaster (or above) when the server has accounts; default $BRINK_TOKEN." };
        var clients = new Option<int>("--clients") { Description = "Concurrent clients (1–500).", DefaultValueFactory = _ => 50 };
        var seconds = new Option<double>("--seconds") { Description = "How long (at most 3600 s).", DefaultValueFactory = _ => 60 };
        var max = new Option<int>("--max-requests") { Description = "Upper bound on each client's requests.", DefaultValueFactory = _ => 100_000 };
        var format = LedgerCli.Format();
        var command = new Command("loadtest", "Load a running brink serve on loopback: concurrent clients adding forecasts and reading scores; reports p50/p99, errors and lost writes.")
        {
            url, token, clients, seconds, max, format,
        };
        command.SetAction(parse =>
        {
            if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
                return LedgerCli.Fail(context, $"--url: '{parse.GetValue(url)}' is not an http:// address");
            if (!server.IsLoopback) return LedgerCli.Fail(context, $"--url: {server.Host} is not a loopback address; load tests target 127.0.0.1 only");
            var n = parse.GetValue(clients);
            var s = parse.GetValue(seconds);
            if (n is < 1 or > 500) return LedgerCli.Fail(context, $"--clients must be between 1 and 500, got {n}");
            if (!(s > 0 && s <= 3600)) return LedgerCli.Fail(context, $"--seconds must be above 0 and at most 3600, got {s.ToString(CultureInfo.InvariantCulture)}");
            var options = new LoadOptions
            {
                Server = server, Token = parse.GetValue(token) ?? Environment.GetEnvironmentVariable("BRINK_TOKEN"), Clients = n,
                Duration = TimeSpan.FromSeconds(s), MaxRequestsPerClient = Math.Max(1, parse.GetValue(max)),
            };
            LoadReport report;
            try
            {
                report = ServerLoad.RunAsync(options, context.Cancellation).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
            {
                return LedgerCli.Fail(context, e.Message);
            }
            if (LedgerCli.Json(parse, format))
                context.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(report with { Acknowledged = [] }, JsonOutput.Options));
            else
            {
                var f = CultureInfo.InvariantCulture;
                context.Out.WriteLine(string.Create(f, $"Load test on {server} ({report.Clients} clients, {report.Seconds:0.0} s, question {report.Question}):"));
                context.Out.WriteLine(string.Create(f, $"  writes acknowledged {report.Writes}, reads {report.Reads}, errors {report.Errors}, {report.RequestsPerSecond:0} requests/s"));
                context.Out.WriteLine(string.Create(f, $"  write latency p50 {report.WriteP50Ms:0.0} ms, p99 {report.WriteP99Ms:0.0} ms; read (leaderboard) p50 {report.ReadP50Ms:0.0} ms, p99 {report.ReadP99Ms:0.0} ms"));
                context.Out.WriteLine($"  forecasts stored on the question: {report.StoredForecasts?.ToString(f) ?? "not checked"}; lost writes: {report.Lost?.ToString(f) ?? "unknown"}");
                foreach (var e in report.FirstErrors) context.Out.WriteLine($"  error: {e}");
            }
            return report.Errors == 0 && report.Lost == 0 ? ExitCodes.Ok : ExitCodes.InternalError;
        });
        return command;
    }
}
