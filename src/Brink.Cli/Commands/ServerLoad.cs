using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Brink.Cli.Commands;

/// <summary>What a load run does: how many clients, for how long, at most how many requests each, against which server.</summary>
public sealed record LoadOptions
{
    public required Uri Server { get; init; }
    /// <summary>API token (a forecaster's or above) when the server has accounts; null for a single-user server.</summary>
    public string? Token { get; init; }
    public int Clients { get; init; } = 50;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Upper bound on the requests of each client, whatever the duration (every loop is bounded in count and time).</summary>
    public int MaxRequestsPerClient { get; init; } = 100_000;
    /// <summary>Every second request of a client writes a forecast, the others read the leaderboard (scores).</summary>
    public int ReadEvery { get; init; } = 2;
    /// <summary>Time limit of one request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Called after each acknowledged write with the run's count so far (e.g. to kill the server mid-load).</summary>
    public Action<int>? OnAcknowledged { get; init; }
    /// <summary>Names the run's question and forecasters; default: a fresh one per run.</summary>
    public string RunId { get; init; } = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
}

/// <summary>One acknowledged write (201 with its id): it must be in the ledger afterwards.</summary>
public sealed record AcknowledgedForecast(string Forecaster, DateTimeOffset MadeAt, long Id);

public sealed record LoadReport(
    string Question, int Clients, double Seconds, int Writes, int Reads, int Errors, int Unavailable,
    double WriteP50Ms, double WriteP99Ms, double ReadP50Ms, double ReadP99Ms, double RequestsPerSecond,
    IReadOnlyList<AcknowledgedForecast> Acknowledged, IReadOnlyList<string> FirstErrors)
{
    /// <summary>Forecasts on the run's question the server reported afterwards (null if not checked).</summary>
    public int? StoredForecasts { get; init; }

    public int? Lost => StoredForecasts is { } n ? Math.Max(0, Writes - n) : null;
}

/// <summary>
/// A small load driver for a running <c>brink serve</c>: N concurrent clients, each alternating a forecast
/// (<c>POST /api/ledger/forecasts</c>) and a leaderboard read (<c>GET /api/ledger/leaderboard</c>), until the duration is over
/// or each has made its maximum number of requests. Every acknowledged write is counted with its id; afterwards the server
/// is asked how many forecasts its question holds. Latencies are wall-clock times measured by the client.
/// </summary>
public static class ServerLoad
{
    public static async Task<LoadReport> RunAsync(LoadOptions options, CancellationToken cancel = default)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(1, options.Clients), PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        using var http = new HttpClient(handler) { BaseAddress = options.Server, Timeout = options.RequestTimeout };
        if (options.Token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);

        var question = $"load-{options.RunId}";
        var create = await http.PostAsync("/api/ledger/questions", Json(new
        {
            id = question, title = $"Load test {options.RunId}", criteria = "Never resolved: a load-test question", close = "2100-01-01T00:00:00Z",
        }), cancel);
        if (create.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"cannot create the load-test question: {(int)create.StatusCode} {await create.Content.ReadAsStringAsync(cancel)}");

        var start = DateTimeOffset.UtcNow;
        var deadline = Stopwatch.StartNew();
        var acknowledged = new System.Runtime.CompilerServices.StrongBox<int>();
        var results = await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(c => Task.Run(() => Client(http, options, question, c, deadline, acknowledged, cancel), cancel)));
        var seconds = deadline.Elapsed.TotalSeconds;

        var writes = results.SelectMany(r => r.WriteMs).Order().ToArray();
        var reads = results.SelectMany(r => r.ReadMs).Order().ToArray();
        var report = new LoadReport(question, options.Clients, seconds, writes.Length, reads.Length,
            results.Sum(r => r.Errors), results.Sum(r => r.Unavailable),
            Percentile(writes, 0.50), Percentile(writes, 0.99), Percentile(reads, 0.50), Percentile(reads, 0.99),
            (writes.Length + reads.Length + results.Sum(r => r.Errors)) / Math.Max(seconds, 1e-9),
            [.. results.SelectMany(r => r.Acknowledged)], [.. results.SelectMany(r => r.FirstErrors).Take(10)]);
        _ = start;
        try
        {
            var doc = JsonDocument.Parse(await http.GetStringAsync($"/api/ledger/questions/{Uri.EscapeDataString(question)}", cancel)).RootElement;
            return report with { StoredForecasts = doc.GetProperty("forecasts").GetInt32() };
        }
        catch (HttpRequestException)
        {
            return report;
        }
    }

    private sealed class ClientResult
    {
        public List<double> WriteMs { get; } = [];
        public List<double> ReadMs { get; } = [];
        public List<AcknowledgedForecast> Acknowledged { get; } = [];
        public List<string> FirstErrors { get; } = [];
        public int Errors { get; set; }
        public int Unavailable { get; set; }
    }

    private static async Task<ClientResult> Client(HttpClient http, LoadOptions options, string question, int client, Stopwatch clock,
        System.Runtime.CompilerServices.StrongBox<int> acknowledged, CancellationToken cancel)
    {
        var result = new ClientResult();
        var forecaster = $"load-{options.RunId}-client-{client:D3}";
        // Each forecast of a client gets its own time (forecasts are never replaced, so the same time twice would be refused).
        var baseTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var rng = new Random(client);
        for (var i = 0; i < options.MaxRequestsPerClient && clock.Elapsed < options.Duration && !cancel.IsCancellationRequested; i++)
        {
            var read = options.ReadEvery > 0 && i % options.ReadEvery == 1;
            var watch = Stopwatch.StartNew();
            try
            {
                if (read)
                {
                    using var response = await http.GetAsync("/api/ledger/leaderboard?min_questions=0", cancel);
                    await response.Content.ReadAsStringAsync(cancel);
                    if (response.IsSuccessStatusCode) result.ReadMs.Add(watch.Elapsed.TotalMilliseconds);
                    else Fail(result, response.StatusCode, $"read: {(int)response.StatusCode}");
                }
                else
                {
                    var madeAt = baseTime.AddSeconds(i);
                    using var response = await http.PostAsync("/api/ledger/forecasts", Json(new
                    {
                        question, forecaster, forecaster_kind = "crowd", probabilities = new[] { Math.Round(rng.NextDouble(), 3) }, at = madeAt,
                    }), cancel);
                    var body = await response.Content.ReadAsStringAsync(cancel);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        result.WriteMs.Add(watch.Elapsed.TotalMilliseconds);
                        result.Acknowledged.Add(new AcknowledgedForecast(forecaster, madeAt, JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64()));
                        options.OnAcknowledged?.Invoke(Interlocked.Increment(ref acknowledged.Value));
                    }
                    else Fail(result, response.StatusCode, $"write: {(int)response.StatusCode} {body[..Math.Min(200, body.Length)]}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !cancel.IsCancellationRequested)
            {
                Fail(result, null, $"{(read ? "read" : "write")}: {e.GetType().Name}: {e.Message}");
            }
        }
        return result;
    }

    private static void Fail(ClientResult result, HttpStatusCode? status, string what)
    {
        result.Errors++;
        if (status is HttpStatusCode.ServiceUnavailable or null) result.Unavailable++;
        if (result.FirstErrors.Count < 3) result.FirstErrors.Add(what);
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    /// <summary>Nearest-rank percentile of sorted values (0 when there are none).</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : Brink.Numerics.SampleQuantile.NearestRank(sorted, p);
}
