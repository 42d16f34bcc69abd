using System.Diagnostics;
using System.Net;
using System.Text;
using Brink.Accounts;
using Brink.Web.Auth;

namespace Brink.Web.Tests.TeamServer;

/// <summary>
/// PostgreSQL stopped and started again under a running Brink server (its own throwaway server from
/// <c>scripts/pg-test-server</c>, on loopback): while it is down every request fails cleanly (503 with the reason, never a
/// 500 with a trace), and once it is back requests succeed without restarting Brink. Bounded: at most 60 attempts, 30 s.
/// </summary>
public sealed class PostgresRestartTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"brink-pg-restart-{Guid.NewGuid():N}");
    private string _url = "";

    private static string Script => Path.Combine(RepoPaths.Root, "scripts", "pg-test-server");

    private static string Run(params string[] args)
    {
        var psi = new ProcessStartInfo(Script) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(60_000), $"pg-test-server {args[0]} did not finish in 60 s");
        Assert.True(p.ExitCode == 0, $"pg-test-server {args[0]} failed: {error}");
        return output.Trim();
    }

    public Task InitializeAsync()
    {
        _url = Run("start", _dir);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        Run("stop", _dir);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Requests_fail_cleanly_while_PostgreSQL_is_down_and_succeed_after_without_restarting_Brink()
    {
        var token = AccountService.AddUser(_url, "fiona", Role.Forecaster, AccountNames.MainTeam, null, "test").Token;
        await using var server = await InProcessServer.StartAsync(_url);
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        StringContent Forecast(int i) => new($$"""{"question": "war", "probabilities": [0.5], "at": "2026-01-01T00:00:{{i:D2}}Z"}""", Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/ledger/questions",
            new StringContent("""{"id": "war", "title": "War?", "criteria": "c", "close": "2100-01-01T00:00:00Z"}""", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/ledger/forecasts", Forecast(0))).StatusCode);

        Run("pause", _dir);
        foreach (var request in new Func<Task<HttpResponseMessage>>[]
                 {
                     () => http.PostAsync("/api/ledger/forecasts", Forecast(1)),
                     () => http.GetAsync("/api/ledger/questions"),
                     () => http.GetAsync("/api/ledger/leaderboard"),
                 })
        {
            var response = await request();
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}");
            Assert.Contains("database", body, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Npgsql", body, StringComparison.Ordinal);
        }

        Run("resume", _dir);
        // The connection pool may still hold connections from before the restart: they fail (503) once and are dropped.
        var clock = Stopwatch.StartNew();
        HttpStatusCode status = 0;
        for (var attempt = 2; attempt < 60 && clock.Elapsed < TimeSpan.FromSeconds(30); attempt++)
        {
            var response = await http.PostAsync("/api/ledger/forecasts", Forecast(attempt));
            status = response.StatusCode;
            if (status == HttpStatusCode.Created) break;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            await Task.Delay(200);
        }
        Assert.Equal(HttpStatusCode.Created, status);
        for (var i = 0; i < 10; i++) Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/ledger/questions")).StatusCode);
    }
}
