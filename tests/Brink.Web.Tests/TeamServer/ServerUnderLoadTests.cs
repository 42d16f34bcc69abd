using Brink.Accounts;
using Brink.Application;
using Brink.Cli.Commands;
using Brink.Ledger;
using Brink.Web.Auth;

namespace Brink.Web.Tests.TeamServer;

/// <summary>
/// The team server under load and faults, on each backend (loopback only, every loop bounded in count and time): concurrent
/// clients lose no acknowledged write; kill -9 of the server during writes loses no acknowledged write and leaves a sound
/// ledger. The 60-second, 50-client run is <c>scripts/load-test</c>; here a short bounded version.
/// </summary>
public abstract class ServerUnderLoadTests(ITeamDatabase db) : IDisposable
{
    public void Dispose()
    {
        db.Dispose();
        GC.SuppressFinalize(this);
    }

    private string Token() => AccountService.AddUser(db.Location, "loader", Role.Forecaster, AccountNames.MainTeam, null, "test").Token;

    /// <summary>Every acknowledged forecast is in the ledger, with its forecaster and time, and the ledger is sound.</summary>
    private void AssertAllThere(LoadReport report)
    {
        var ledger = new LedgerLocation(db.Location);
        var stored = ledger.With(s => s.GetForecasts(report.Question)).ToDictionary(f => f.Id);
        foreach (var ack in report.Acknowledged)
        {
            Assert.True(stored.TryGetValue(ack.Id, out var f), $"acknowledged forecast {ack.Id} is missing");
            Assert.Equal((ack.Forecaster, ack.MadeAt), (f!.Forecaster, f.MadeAt));
        }
        Assert.Equal("ok", ledger.With(s => s.IntegrityCheck()));
    }

    [Fact]
    public async Task Fifty_clients_adding_forecasts_and_reading_scores_lose_nothing()
    {
        var token = Token();
        await using var server = await InProcessServer.StartAsync(db.Location);
        var report = await ServerLoad.RunAsync(new LoadOptions
        {
            Server = server.Address, Token = token, Clients = 50, Duration = TimeSpan.FromSeconds(3), MaxRequestsPerClient = 20,
        });
        Assert.True(report.Errors == 0, string.Join("; ", report.FirstErrors));
        Assert.True(report.Writes > 0 && report.Reads > 0);
        Assert.Equal(report.Writes, report.StoredForecasts);
        Assert.Equal(0, report.Lost);
        Assert.True(report.WriteP99Ms >= report.WriteP50Ms);
        AssertAllThere(report);
    }

    [Fact]
    public async Task Killing_the_server_during_writes_loses_no_acknowledged_write()
    {
        var token = Token();
        LoadReport report;
        using (var server = ServerProcess.Start(db.Location))
        {
            var load = ServerLoad.RunAsync(new LoadOptions
            {
                Server = server.Address, Token = token, Clients = 10, Duration = TimeSpan.FromSeconds(6), MaxRequestsPerClient = 2_000, ReadEvery = 0,
                RequestTimeout = TimeSpan.FromSeconds(5),
            });
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            server.Kill();
            report = await load;
        }
        Assert.True(report.Writes > 0, "no write was acknowledged before the kill");
        Assert.True(report.Errors > 0, "the kill came after the load ended");
        AssertAllThere(report);

        // Restarted on the same database, the server serves every acknowledged write.
        using var again = ServerProcess.Start(db.Location);
        using var http = new HttpClient { BaseAddress = again.Address };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var doc = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync($"/api/ledger/questions/{report.Question}")).RootElement;
        Assert.True(doc.GetProperty("forecasts").GetInt32() >= report.Writes);
    }
}

public sealed class SqliteServerUnderLoadTests() : ServerUnderLoadTests(new SqliteTeamDatabase());

public sealed class PostgresServerUnderLoadTests() : ServerUnderLoadTests(new PostgresTeamDatabase());
