using System.Net;
using System.Text;
using System.Text.Json;
using Brink.Application;
using Brink.Backtest;
using Brink.Cli;
using Brink.Scenarios;
using Brink.Simulation;
using Brink.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Brink.Cluster.Tests;

/// <summary>
/// The web host (TestServer) of <c>brink serve --cluster</c> with its sweep service on the two in-process silos: POST /api/jobs/sweep,
/// progress through the job routes, the result byte for byte the <c>--format json</c> document of the single-machine CLI command,
/// refusals (400, 413) before any sweep exists, and cancellation of the sweep on the cluster.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SweepWebTests(TwoSiloCluster fixture) : IClassFixture<TwoSiloCluster>, IDisposable
{
    /// <summary>Small enough that an oversized body is cheap to send, large enough for every sweep below.</summary>
    private const long MaxBody = 1024 * 1024;

    private SweepWebHost? _host;

    private SweepWebHost Host => _host ??= new SweepWebHost(new BrinkWebOptions
    {
        MaxBodyBytes = MaxBody, Sweeps = new ClusterSweepService(fixture.Cluster.Client, TwoSiloCluster.Store),
    });

    public void Dispose() => _host?.Dispose();

    private sealed class SweepWebHost(BrinkWebOptions options) : WebApplicationFactory<BrinkWebOptions>
    {
        private readonly string _ledger = Path.Combine(Path.GetTempPath(), $"brink-sweep-web-{Guid.NewGuid():n}.db");

        protected override void ConfigureWebHost(IWebHostBuilder builder) =>
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton(options);
                services.AddSingleton(new LedgerLocation(_ledger));
            });

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { _ledger, _ledger + "-wal", _ledger + "-shm" }) File.Delete(f);
        }
    }

    private static string Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = BrinkApp.Run(args, new CliContext(output, error));
        Assert.True(code == 0, $"brink {string.Join(' ', args)}: exit {code}: {error}");
        return output.ToString();
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static readonly string Nato = RepoFiles.Path("scenarios", "nato-2022.yaml");

    /// <summary>The scenario as text, named by the path the CLI is given (the documents carry the file name).</summary>
    private static ScenarioSource NatoText => ScenarioSource.FromText(File.ReadAllText(Nato), Brink.Scenarios.ScenarioFormat.Yaml, Nato);

    private static async Task<int> SweepCount() => (await TwoSiloCluster.Store.ListAsync(int.MaxValue)).Count;

    /// <summary>Follows /api/jobs/{id}/events to its end (bounded): the status documents of every event, the last one `done`.</summary>
    private static async Task<List<JsonElement>> FollowAsync(HttpClient client, string id)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var events = await client.GetStringAsync($"/api/jobs/{id}/events", limit.Token);
        var blocks = events.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("event: done\ndata: ", blocks[^1]);
        Assert.All(blocks[..^1], b => Assert.StartsWith("event: progress\ndata: ", b));
        return [.. blocks.Select(b => Json(b.Split("data: ", 2)[1]))];
    }

    private static async Task<string> StartAsync(HttpClient client, SweepSpec spec)
    {
        var start = await client.PostAsync("/api/jobs/sweep", Body(spec.ToJson()));
        var text = await start.Content.ReadAsStringAsync();
        Assert.True(start.StatusCode == HttpStatusCode.Accepted, $"{start.StatusCode}: {text}");
        var status = Json(text);
        Assert.Equal("sweep", status.GetProperty("kind").GetString());
        return status.GetProperty("id").GetString()!;
    }

    /// <summary>The job's events: chunks counted up to all of them, the stage and first notice naming the sweep; its id on the cluster.</summary>
    private static string CheckProgress(List<JsonElement> events)
    {
        var done = events[^1];
        Assert.Equal("succeeded", done.GetProperty("state").GetString());
        var total = done.GetProperty("total").GetInt64();
        Assert.True(total > 1, $"a sweep of several chunks, got {total}");
        Assert.Equal(total, done.GetProperty("done").GetInt64());
        Assert.Equal(1.0, done.GetProperty("fraction").GetDouble());
        var counts = events.Select(e => e.GetProperty("done").GetInt64()).ToArray();
        Assert.Equal(counts.Order().ToArray(), counts);
        var notice = done.GetProperty("notices")[0].GetString()!;
        Assert.Matches("^sweep sw-[0-9a-f]+$", notice);
        Assert.Equal(notice, done.GetProperty("stage").GetString());
        return notice["sweep ".Length..];
    }

    /// <summary>A cancelled sweep job's /result: 400 "job cancelled", its detail and one diagnostic saying that a cancelled sweep keeps nothing.</summary>
    private static async Task NoPartialResultAsync(HttpClient client, string id)
    {
        var response = await client.GetAsync($"/api/jobs/{id}/result");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = Json(text);
        Assert.Equal("job cancelled", problem.GetProperty("title").GetString());
        Assert.StartsWith(ClusterSweepService.CancelledNotice, problem.GetProperty("detail").GetString());
        var diagnostic = Assert.Single(problem.GetProperty("diagnostics").EnumerateArray());
        Assert.Equal("id", diagnostic.GetProperty("path").GetString());
        Assert.StartsWith(ClusterSweepService.CancelledNotice, diagnostic.GetProperty("message").GetString());
    }

    /// <summary>Waits (bounded) until the job shows the id of its sweep on the cluster and a chunk is done; the status then.</summary>
    private static async Task<JsonElement> RunningAsync(HttpClient client, string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        JsonElement status;
        while ((status = Json(await client.GetStringAsync($"/api/jobs/{id}"))).GetProperty("done").GetInt64() < 1 && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Equal("running", status.GetProperty("state").GetString());
        return status;
    }

    [Fact]
    public async Task A_sensitivity_sweep_job_answers_the_bytes_of_brink_sensitivity_with_progress_in_chunks()
    {
        var client = Host.CreateClient();
        var request = new SensitivityRequest
        {
            Scenario = NatoText, Model = "eum",
            Options = new SensitivityOptions { SobolSamples = 16, MorrisTrajectories = 4, Seed = 5 },
        };
        var id = await StartAsync(client, new SweepSpec { Kind = SweepKind.Sensitivity, Sensitivity = request, ChunkSize = 60 });
        var sweep = CheckProgress(await FollowAsync(client, id));
        var result = await client.GetStringAsync($"/api/jobs/{id}/result");

        Assert.Equal(Cli("sensitivity", Nato, "--model", "eum", "--samples", "16", "--trajectories", "4", "--seed", "5", "--format", "json"), result);
        var record = await TwoSiloCluster.Store.GetAsync(sweep);
        Assert.Equal(SweepStatus.Done, record!.Status);
        Assert.Equal(16, Json(result).GetProperty("result").GetProperty("sobol_samples").GetInt32());
    }

    [Fact]
    public async Task A_simulate_sweep_job_answers_the_bytes_of_brink_simulate()
    {
        var client = Host.CreateClient();
        var request = new SimulateRequest { Scenario = NatoText, Draws = 3000, Seed = 9, Models = ["eum,compromise"], Noise = 0.15 };
        var id = await StartAsync(client, new SweepSpec { Kind = SweepKind.Simulate, Simulate = request, ChunkSize = 250 });
        CheckProgress(await FollowAsync(client, id));
        Assert.Equal("succeeded", Json(await client.GetStringAsync($"/api/jobs/{id}")).GetProperty("state").GetString());
        var result = await client.GetStringAsync($"/api/jobs/{id}/result");
        Assert.Equal(Cli("simulate", Nato, "--draws", "3000", "--seed", "9", "--model", "eum,compromise", "--noise", "0.15", "--format", "json"), result);
    }

    [Fact]
    public async Task Malformed_and_oversized_sweep_requests_answer_400_or_413_with_diagnostics_before_any_sweep_exists()
    {
        var client = Host.CreateClient();
        var before = await SweepCount();

        async Task<JsonElement[]> Refused(HttpStatusCode code, HttpContent body)
        {
            var response = await client.PostAsync("/api/jobs/sweep", body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == code, $"expected {code}, got {response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var diagnostics = Json(text).GetProperty("diagnostics").EnumerateArray().ToArray();
            Assert.NotEmpty(diagnostics);
            Assert.All(diagnostics, d => Assert.False(string.IsNullOrWhiteSpace(d.GetProperty("message").GetString())));
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
            return diagnostics;
        }

        // Not JSON, and JSON that is no sweep.
        Assert.Contains(await Refused(HttpStatusCode.BadRequest, Body("{\"Kind\": 3")), d => d.GetProperty("path").GetString() == "body");
        await Refused(HttpStatusCode.BadRequest, Body("{\"Kind\": \"simulate\"}"));
        // A file named by a path on the server.
        var byPath = new SweepSpec { Kind = SweepKind.Simulate, Simulate = new SimulateRequest { Scenario = ScenarioSource.FromFile(Nato) } };
        Assert.Contains(await Refused(HttpStatusCode.BadRequest, Body(byPath.ToJson())), d => d.GetProperty("path").GetString() == "scenario");
        // A scenario that does not parse: located in its file.
        var broken = new SweepSpec
        {
            Kind = SweepKind.Simulate,
            Simulate = new SimulateRequest { Scenario = ScenarioSource.FromText("title: [unclosed\n", Brink.Scenarios.ScenarioFormat.Yaml, "broken.yaml") },
        };
        Assert.Contains(await Refused(HttpStatusCode.BadRequest, Body(broken.ToJson())), d => d.GetProperty("file").GetString() == "broken.yaml");
        // Oversized work: more draws than the limit, and more chunks than a sweep may have.
        var simulate = new SimulateRequest { Scenario = RepoFiles.Scenario("nato-2022.yaml"), Models = ["eum"] };
        var tooMany = new SweepSpec { Kind = SweepKind.Simulate, Simulate = simulate with { Draws = 100_000_000 } };
        Assert.Contains(await Refused(HttpStatusCode.BadRequest, Body(tooMany.ToJson())), d => d.GetProperty("message").GetString()!.Contains("--draws", StringComparison.Ordinal));
        var tinyChunks = new SweepSpec { Kind = SweepKind.Simulate, Simulate = simulate with { Draws = 1_000_000 }, ChunkSize = 1 };
        Assert.Contains(await Refused(HttpStatusCode.BadRequest, Body(tinyChunks.ToJson())), d => d.GetProperty("message").GetString()!.Contains("chunks", StringComparison.Ordinal));
        // An oversized body: 413 before it is read to the end.
        var huge = new SweepSpec
        {
            Kind = SweepKind.Simulate,
            Simulate = simulate with { Scenario = ScenarioSource.FromText("# " + new string('x', (int)MaxBody) + "\n", Brink.Scenarios.ScenarioFormat.Yaml, "big.yaml") },
        };
        await Refused(HttpStatusCode.RequestEntityTooLarge, Body(huge.ToJson()));

        Assert.Equal(before, await SweepCount());
    }

    [Fact]
    public async Task Without_a_cluster_the_sweep_route_answers_404()
    {
        using var plain = new SweepWebHost(new BrinkWebOptions());
        var response = await plain.CreateClient().PostAsync("/api/jobs/sweep", Body("{}"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("--cluster", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_a_sweep_job_cancels_the_sweep_on_the_cluster()
    {
        var client = Host.CreateClient();
        var request = new SimulateRequest { Scenario = RepoFiles.Scenario("nato-2022.yaml"), Draws = 200_000, Models = ["eum"] };
        var id = await StartAsync(client, new SweepSpec { Kind = SweepKind.Simulate, Simulate = request, ChunkSize = 500 });
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        JsonElement status;
        while ((status = Json(await client.GetStringAsync($"/api/jobs/{id}"))).GetProperty("done").GetInt64() < 1 && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Equal("running", status.GetProperty("state").GetString());
        var sweep = status.GetProperty("stage").GetString()!;
        Assert.StartsWith("sweep sw-", sweep);
        Assert.Equal(HttpStatusCode.Conflict, (await client.GetAsync($"/api/jobs/{id}/result")).StatusCode);

        var cancel = await client.PostAsync($"/api/jobs/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var done = (await FollowAsync(client, id))[^1];
        Assert.Equal("cancelled", done.GetProperty("state").GetString());
        Assert.True(done.GetProperty("done").GetInt64() < done.GetProperty("total").GetInt64());
        Assert.False(done.GetProperty("partial").GetBoolean());
        Assert.Contains(ClusterSweepService.CancelledNotice, done.GetProperty("notices").EnumerateArray().Select(n => n.GetString()));
        await NoPartialResultAsync(client, id);
        var record = await TwoSiloCluster.WaitAsync(sweep["sweep ".Length..], TimeSpan.FromMinutes(1));
        Assert.Equal(SweepStatus.Cancelled, record.Status);
        Assert.True(record.ChunksDone < record.ChunksTotal);
        Assert.Null(record.Result);
    }

    [Fact]
    public async Task The_job_routes_say_which_kinds_keep_a_partial_result_when_cancelled()
    {
        var paths = Json(await Host.CreateClient().GetStringAsync("/openapi/v1.json")).GetProperty("paths");
        string Text(string route, string method)
        {
            var operation = paths.GetProperty(route).GetProperty(method);
            return operation.GetProperty("summary").GetString() + " " + operation.GetProperty("description").GetString();
        }
        var cancel = Text("/api/jobs/{id}/cancel", "post");
        Assert.DoesNotContain("the completed draws are kept as a partial result", cancel, StringComparison.Ordinal);
        Assert.Contains("simulate jobs keep the completed draws", cancel, StringComparison.Ordinal);
        Assert.Contains("sweep jobs keep no partial result", cancel, StringComparison.Ordinal);
        Assert.Contains("job cancelled", Text("/api/jobs/{id}/result", "get"), StringComparison.Ordinal);
        var sweep = Text("/api/jobs/sweep", "post");
        Assert.Contains("keeps no partial result", sweep, StringComparison.Ordinal);
        Assert.Contains("snake_case", sweep, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sweep_cancelled_on_the_cluster_ends_its_job_cancelled_without_a_result()
    {
        var client = Host.CreateClient();
        var request = new SimulateRequest { Scenario = RepoFiles.Scenario("nato-2022.yaml"), Draws = 200_000, Models = ["eum"] };
        var id = await StartAsync(client, new SweepSpec { Kind = SweepKind.Simulate, Simulate = request, ChunkSize = 500 });
        var sweep = (await RunningAsync(client, id)).GetProperty("stage").GetString()!["sweep ".Length..];

        // As brink sweep cancel ID does: the job's own cancel is not called.
        Assert.True(await fixture.Cluster.Client.GetGrain<ISweepGrain>(sweep).Cancel());
        var done = (await FollowAsync(client, id))[^1];
        Assert.Equal("cancelled", done.GetProperty("state").GetString());
        await NoPartialResultAsync(client, id);
    }

    [Fact]
    public async Task A_snake_case_sweep_body_answers_the_same_bytes_as_the_PascalCase_one()
    {
        var client = Host.CreateClient();
        var scenario = JsonSerializer.Serialize(File.ReadAllText(Nato));
        var name = JsonSerializer.Serialize(Nato);
        // snake_case as every Brink document (the preferred form), enums by name; and the PascalCase form brink sweep sends.
        var snake = $$$"""
            {"kind": "simulate", "chunk_size": 400,
             "simulate": {"scenario": {"text": {{{scenario}}}, "format": "yaml", "file_name": {{{name}}}}, "draws": 1200, "seed": 4, "models": ["eum"], "noise": 0.1}}
            """;
        var pascal = $$$"""
            {"Kind": "simulate", "ChunkSize": 400,
             "Simulate": {"Scenario": {"Text": {{{scenario}}}, "Format": 0, "FileName": {{{name}}}}, "Draws": 1200, "Seed": 4, "Models": ["eum"], "Noise": 0.1}}
            """;
        var expected = Cli("simulate", Nato, "--draws", "1200", "--seed", "4", "--model", "eum", "--noise", "0.1", "--format", "json");
        foreach (var body in new[] { snake, pascal })
        {
            var start = await client.PostAsync("/api/jobs/sweep", Body(body));
            var text = await start.Content.ReadAsStringAsync();
            Assert.True(start.StatusCode == HttpStatusCode.Accepted, $"{start.StatusCode}: {text}");
            var id = Json(text).GetProperty("id").GetString()!;
            CheckProgress(await FollowAsync(client, id));
            Assert.Equal(expected, await client.GetStringAsync($"/api/jobs/{id}/result"));
        }

        // A field given in both forms is refused, located, before any sweep exists.
        var before = await SweepCount();
        var twice = await client.PostAsync("/api/jobs/sweep", Body(snake.Replace("\"chunk_size\": 400,", "\"chunk_size\": 400, \"ChunkSize\": 300,", StringComparison.Ordinal)));
        var refusal = await twice.Content.ReadAsStringAsync();
        Assert.True(twice.StatusCode == HttpStatusCode.BadRequest, $"{twice.StatusCode}: {refusal}");
        var diagnostic = Assert.Single(Json(refusal).GetProperty("diagnostics").EnumerateArray());
        Assert.Equal("body", diagnostic.GetProperty("path").GetString());
        Assert.Contains("given twice", diagnostic.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await SweepCount());

        // A misspelt field is refused by the name the body gave it, not dropped (which would have run 10,000 default draws).
        var misspelt = await client.PostAsync("/api/jobs/sweep", Body(snake.Replace("\"draws\": 1200", "\"draw_count\": 1200", StringComparison.Ordinal)));
        var unknown = await misspelt.Content.ReadAsStringAsync();
        Assert.True(misspelt.StatusCode == HttpStatusCode.BadRequest, $"{misspelt.StatusCode}: {unknown}");
        var named = Assert.Single(Json(unknown).GetProperty("diagnostics").EnumerateArray());
        Assert.Contains("unknown field 'simulate.draw_count'", named.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await SweepCount());
    }

    [Fact]
    public async Task A_whatif_sweep_job_answers_the_bytes_of_brink_whatif()
    {
        var client = Host.CreateClient();
        var request = new WhatIfRequest { Scenario = NatoText, Target = 70, Model = "eum", Parameters = [IssueField.Position] };
        var spec = new SweepSpec { Kind = SweepKind.WhatIf, WhatIf = request, ChunkSize = 3 };
        // The snake_case document of the spec (BrinkJson: what_if, file_name, enums by name).
        var body = BrinkJson.Serialize(spec);
        Assert.Contains("\"what_if\"", body, StringComparison.Ordinal);
        Assert.Contains("\"position\"", body, StringComparison.Ordinal);
        var start = await client.PostAsync("/api/jobs/sweep", Body(body));
        var text = await start.Content.ReadAsStringAsync();
        Assert.True(start.StatusCode == HttpStatusCode.Accepted, $"{start.StatusCode}: {text}");
        var id = Json(text).GetProperty("id").GetString()!;
        CheckProgress(await FollowAsync(client, id));
        Assert.Equal(Cli("whatif", Nato, "--target", "70", "--model", "eum", "--parameters", "position", "--format", "json"),
            await client.GetStringAsync($"/api/jobs/{id}/result"));
    }

    [DevFileTheory]
    [InlineData(30)]
    public async Task A_backtest_sweep_job_answers_the_bytes_of_brink_backtest_deu(int chunkSize)
    {
        var client = Host.CreateClient();
        var devFile = DevFileTheoryAttribute.DevFile;
        var protocol = (BacktestProtocol.Default with { Folds = 4, CvSeeds = [1, 2], InfluencePenalties = [30], ChoicePenalties = [10], BootstrapReplicates = 200 }).ToJson();
        var protocolFile = Path.Combine(Path.GetTempPath(), $"brink-sweep-web-protocol-{Guid.NewGuid():n}.json");
        File.WriteAllText(protocolFile, protocol);
        try
        {
            const string Models = "compromise,median,status-quo,influence";
            var request = new DeuBacktestRequest
            {
                Data = ScenarioSource.FromText(File.ReadAllText(devFile), Brink.Scenarios.ScenarioFormat.Tsv, devFile),
                Models = [Models], ProtocolText = protocol, ProtocolName = protocolFile,
            };
            var id = await StartAsync(client, new SweepSpec { Kind = SweepKind.Backtest, Backtest = request, ChunkSize = chunkSize });
            CheckProgress(await FollowAsync(client, id));
            Assert.Equal(Cli("backtest", "deu", devFile, "--models", Models, "--protocol", protocolFile, "--format", "json"),
                await client.GetStringAsync($"/api/jobs/{id}/result"));
        }
        finally
        {
            File.Delete(protocolFile);
        }
    }
}
