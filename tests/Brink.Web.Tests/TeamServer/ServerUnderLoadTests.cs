using System.Net;
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
public abstract class ServerUnderLoadTests(ITeamDatabase db, Xunit.Abstractions.ITestOutputHelper log) : IDisposable
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
            // Bounded by count (4 requests each: 2 forecasts, 2 score reads), with 120 s as the outer limit, so a busy machine
            // changes the latencies, not what is tested.
            Server = server.Address, Token = token, Clients = 50, Duration = TimeSpan.FromSeconds(120), MaxRequestsPerClient = 4,
        });
        log.WriteLine($"{db.GetType().Name}: {report.Clients} clients, {report.Seconds:0.0} s: {report.Writes} writes, {report.Reads} reads, {report.Errors} errors, stored {report.StoredForecasts}; write p50 {report.WriteP50Ms:0} ms p99 {report.WriteP99Ms:0} ms");
        Assert.True(report.Errors == 0, string.Join("; ", report.FirstErrors));
        Assert.Equal((100, 100), (report.Writes, report.Reads));
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
            // Killed once 50 writes are acknowledged (at most 60 s in): a fixed delay would be too short on a busy machine.
            var fifty = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var load = ServerLoad.RunAsync(new LoadOptions
            {
                Server = server.Address, Token = token, Clients = 10, Duration = TimeSpan.FromSeconds(90), MaxRequestsPerClient = 2_000, ReadEvery = 0,
                RequestTimeout = TimeSpan.FromSeconds(5), OnAcknowledged = n => { if (n >= 50) fifty.TrySetResult(); },
            });
            await Task.WhenAny(fifty.Task, load, Task.Delay(TimeSpan.FromSeconds(60)));
            server.Kill();
            report = await load;
        }
        log.WriteLine($"{db.GetType().Name}: kill -9 after 50 acknowledged writes: {report.Writes} writes acknowledged, {report.Errors} failed requests after the kill");
        Assert.True(report.Writes > 0, "no write was acknowledged before the kill");
        Assert.True(report.Errors > 0, "the kill came after the load ended");
        AssertAllThere(report);

        // Restarted on the same database, the server serves every acknowledged write.
        using var again = ServerProcess.Start(db.Location);
        using var http = new HttpClient { BaseAddress = again.Address };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        string? body = null;
        Exception? last = null;
        for (var attempt = 0; attempt < 5 && body is null; attempt++)
        {
            try { body = await http.GetStringAsync($"/api/ledger/questions/{report.Question}"); }
            catch (HttpRequestException e) { last = e; await Task.Delay(1000); }
        }
        Assert.True(body is not null, $"the restarted server did not answer ({last?.Message}); its output: {again.Output}");
        var doc = System.Text.Json.JsonDocument.Parse(body!).RootElement;
        Assert.True(doc.GetProperty("forecasts").GetInt32() >= report.Writes);
    }

    /// <summary>A ledger file of <paramref name="questions"/> binary questions with <paramref name="perQuestion"/> forecasts each (ids imp-N).</summary>
    private static string LargeLedger(int questions, int perQuestion)
    {
        var t0 = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var qs = Enumerable.Range(0, questions).Select(i => new Question
        {
            Id = $"imp-{i}", Title = $"Imported {i}?", Kind = QuestionKind.Binary, Criteria = "bulk", OpenTime = t0, CloseTime = t0.AddYears(10), Source = "bulk",
        }).ToList();
        var forecasters = Enumerable.Range(0, perQuestion).Select(j => new Forecaster($"pundit-{j}", ForecasterKind.Person, null)).ToList();
        var forecasts = qs.SelectMany((q, i) => forecasters.Select((f, j) => new Forecast
        {
            QuestionId = q.Id, Forecaster = f.Name, MadeAt = t0.AddDays(1 + j), Probabilities = [((i + j) % 97 + 1) / 100.0],
        })).ToList();
        var doc = Brink.Ledger.Import.LedgerDocumentWriter.Build(qs, forecasters, forecasts, [], t0);
        return System.Text.Json.JsonSerializer.Serialize(doc, LedgerJsonOptions);
    }

    private static readonly System.Text.Json.JsonSerializerOptions LedgerJsonOptions =
        new(BrinkJson.Options) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    [Fact]
    public async Task Killing_the_server_during_an_import_leaves_it_wholly_there_or_wholly_absent()
    {
        const int Questions = 300, PerQuestion = 100;
        var token = Token();
        var importer = AccountService.AddUser(db.Location, "importer", Role.Resolver, AccountNames.MainTeam, null, "test").Token;
        var body = LargeLedger(Questions, PerQuestion);
        LoadReport report;
        HttpStatusCode? importStatus = null;
        using (var server = ServerProcess.Start(db.Location))
        {
            // Writes first (10 acknowledged, at most 60 s), then the import beside them; the kill lands 1.5 s after the import is sent.
            var ten = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var load = ServerLoad.RunAsync(new LoadOptions
            {
                Server = server.Address, Token = token, Clients = 4, Duration = TimeSpan.FromSeconds(90), MaxRequestsPerClient = 2_000, ReadEvery = 0,
                RequestTimeout = TimeSpan.FromSeconds(5), OnAcknowledged = n => { if (n >= 10) ten.TrySetResult(); },
            });
            await Task.WhenAny(ten.Task, load, Task.Delay(TimeSpan.FromSeconds(60)));
            using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(120) };
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", importer);
            var import = http.PostAsync("/api/ledger/import?format=ledger", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            await Task.WhenAny(import, Task.Delay(TimeSpan.FromMilliseconds(1500)));
            server.Kill();
            try { importStatus = (await import).StatusCode; }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            report = await load;
        }
        var ledger = new LedgerLocation(db.Location);
        var imported = ledger.With(s => s.ListQuestions(new QuestionFilter(Source: "bulk")));
        var importedForecasts = ledger.With(s => s.AllForecasts().Count(f => f.QuestionId.StartsWith("imp-", StringComparison.Ordinal)));
        log.WriteLine($"{db.GetType().Name}: kill -9 1.5 s into a {body.Length / 1024} KiB import ({Questions * PerQuestion} forecasts): import answer {(importStatus?.ToString() ?? "none (killed before it answered)")}, " +
            $"after restart {imported.Count} of {Questions} questions and {importedForecasts} forecasts there; {report.Writes} writes acknowledged");
        Assert.True(report.Writes > 0, "no write was acknowledged before the kill");
        // Wholly there or wholly absent; there if it was acknowledged.
        Assert.True((imported.Count, importedForecasts) is (0, 0) or (Questions, Questions * PerQuestion), $"half an import: {imported.Count} questions, {importedForecasts} forecasts");
        if (importStatus == HttpStatusCode.Created) Assert.Equal(Questions, imported.Count);
        AssertAllThere(report);

        // Restarted, the server takes the import again: a missing one is imported whole, a present one adds nothing new.
        using var again = ServerProcess.Start(db.Location);
        using var retry = new HttpClient { BaseAddress = again.Address, Timeout = TimeSpan.FromSeconds(120) };
        retry.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", importer);
        var second = await retry.PostAsync("/api/ledger/import?format=ledger", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(second.StatusCode == HttpStatusCode.Created, await second.Content.ReadAsStringAsync());
        Assert.Equal(Questions * PerQuestion, ledger.With(s => s.AllForecasts().Count(f => f.QuestionId.StartsWith("imp-", StringComparison.Ordinal))));
        Assert.Equal("ok", ledger.With(s => s.IntegrityCheck()));
    }
}

public sealed class SqliteServerUnderLoadTests(Xunit.Abstractions.ITestOutputHelper log) : ServerUnderLoadTests(new SqliteTeamDatabase(), log);

public sealed class PostgresServerUnderLoadTests(Xunit.Abstractions.ITestOutputHelper log) : ServerUnderLoadTests(new PostgresTeamDatabase(), log);
