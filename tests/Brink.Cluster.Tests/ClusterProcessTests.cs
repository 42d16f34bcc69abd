using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Brink.Store.Postgres;
using Npgsql;

namespace Brink.Cluster.Tests;

/// <summary>A fact that needs the PostgreSQL server of <c>BRINK_TEST_POSTGRES</c> (set by ./scripts/test); skipped, with the reason, without it.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "BRINK_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"{Variable} is not set: run ./scripts/test (it starts a throwaway PostgreSQL server), or set {Variable}=postgres://USER@127.0.0.1:PORT/postgres";
    }
}

/// <summary>
/// End to end, as a user runs it: two real <c>brink cluster silo</c> processes on 127.0.0.1 and a fresh database on the
/// <c>BRINK_TEST_POSTGRES</c> server; <c>brink sweep</c> prints the bytes of the single-machine command, also after the silo
/// coordinating the sweep is killed with SIGKILL mid-sweep; <c>brink serve --cluster</c> runs sweeps as HTTP jobs with the same bytes. Bounded: every process has a time limit, all are killed at the end.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterProcessTests : IDisposable
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "Brink.Cli.dll");
    private readonly List<Process> _processes = [];
    private readonly string _database = $"brink_cluster_{Guid.NewGuid():N}";
    private readonly string? _server = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable);

    private string Url => _server![.._server!.LastIndexOf('/')] + "/" + _database;

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            try { if (!p.HasExited) p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.Dispose();
        }
        if (string.IsNullOrEmpty(_server)) return;
        try
        {
            using var admin = new NpgsqlConnection(PostgresUrl.Parse(_server).ConnectionString);
            admin.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", admin);
            drop.ExecuteNonQuery();
        }
        catch (NpgsqlException) { }
    }

    [PostgresFact]
    public void Two_silo_processes_give_the_bytes_of_the_single_machine_commands_also_after_kill_9_of_the_coordinator()
    {
        CreateDatabase();
        var silos = new[] { StartSilo(), StartSilo() };

        // Sobol sensitivity: the same bytes as brink sensitivity.
        string[] sensitivity = ["scenarios/nato-2022.yaml", "--model", "eum", "--samples", "24", "--trajectories", "4", "--seed", "4", "--format", "json"];
        var expectedSensitivity = Run(["sensitivity", .. sensitivity], TimeSpan.FromMinutes(2));
        Assert.Equal(expectedSensitivity, Run(["sweep", "sensitivity", .. sensitivity, "--cluster", Url, "--chunk-size", "300"], TimeSpan.FromMinutes(3)));

        // Monte Carlo, with the coordinating silo killed part-way.
        string[] simulate = ["scenarios/nato-2022.yaml", "--draws", "40000", "--model", "eum", "--seed", "5", "--format", "json"];
        var expected = Run(["simulate", .. simulate], TimeSpan.FromMinutes(3));
        var id = Run(["sweep", "simulate", .. simulate, "--cluster", Url, "--chunk-size", "500", "--detach"], TimeSpan.FromMinutes(1)).Trim();
        Assert.StartsWith("sw-", id);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        (int Done, int Total, string Status, string? Coordinator) state;
        while ((state = Sweep(id)).Done < 10 && state.Status == "running" && DateTime.UtcNow < deadline) Thread.Sleep(100);
        Assert.True(state.Status == "running" && state.Done < state.Total, $"the sweep should still run when a silo is killed: {state}");
        var victim = silos.Single(s => state.Coordinator!.Contains($":{s.Port}:", StringComparison.Ordinal));
        var survivor = silos.Single(s => s != victim);
        victim.Process.Kill(); // SIGKILL

        var after = Run(["sweep", "show", id, "--cluster", Url, "--wait"], TimeSpan.FromMinutes(4));
        Assert.True(expected == after, "the sweep printed other bytes than brink simulate");
        var end = Sweep(id);
        Assert.Equal("done", end.Status);
        Assert.Contains($":{survivor.Port}:", end.Coordinator, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Brink_serve_with_a_cluster_runs_sweep_jobs_over_http_with_the_bytes_of_the_single_machine_commands()
    {
        CreateDatabase();
        StartSilo();
        StartSilo();
        var ledger = Path.Combine(Path.GetTempPath(), $"brink-serve-{Guid.NewGuid():n}.db");
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(StartServe(ledger)), Timeout = TimeSpan.FromMinutes(3) };

            // Sobol sensitivity and Monte Carlo as HTTP jobs: the bytes of brink sensitivity / brink simulate.
            var sensitivity = new SweepSpec
            {
                Kind = SweepKind.Sensitivity, ChunkSize = 300,
                Sensitivity = new Brink.Application.SensitivityRequest
                {
                    Scenario = RepoFiles.Scenario("nato-2022.yaml"), Model = "eum",
                    Options = new Brink.Simulation.SensitivityOptions { SobolSamples = 24, MorrisTrajectories = 4, Seed = 4 },
                },
            };
            var (sensitivityJob, sensitivitySweep) = await RunJobAsync(http, sensitivity);
            Assert.Equal(Run(["sensitivity", "scenarios/nato-2022.yaml", "--model", "eum", "--samples", "24", "--trajectories", "4", "--seed", "4", "--format", "json"],
                TimeSpan.FromMinutes(2)), await http.GetStringAsync($"/api/jobs/{sensitivityJob}/result"));
            Assert.Equal("done", Sweep(sensitivitySweep).Status);

            var simulate = new SweepSpec
            {
                Kind = SweepKind.Simulate, ChunkSize = 500,
                Simulate = new Brink.Application.SimulateRequest { Scenario = RepoFiles.Scenario("nato-2022.yaml"), Draws = 4000, Seed = 5, Models = ["eum"] },
            };
            var (simulateJob, simulateSweep) = await RunJobAsync(http, simulate);
            var viaHttp = await http.GetStringAsync($"/api/jobs/{simulateJob}/result");
            Assert.Equal(Run(["simulate", "scenarios/nato-2022.yaml", "--draws", "4000", "--model", "eum", "--seed", "5", "--format", "json"], TimeSpan.FromMinutes(2)), viaHttp);
            // The sweep is stored: brink sweep show prints the same document.
            Assert.Equal(viaHttp, Run(["sweep", "show", simulateSweep, "--cluster", Url], TimeSpan.FromMinutes(1)));

            // A refused sweep answers 400 with diagnostics and leaves no sweep in the database.
            var refused = await http.PostAsync("/api/jobs/sweep", Body((simulate with { Simulate = simulate.Simulate! with { Draws = 0 } }).ToJson()));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("--draws", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            // Cancel: the job ends cancelled and so does the sweep on the cluster.
            var big = simulate with { Simulate = simulate.Simulate! with { Draws = 400_000 } };
            var job = await StartJobAsync(http, big);
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
            JsonElement status;
            while ((status = Json(await http.GetStringAsync($"/api/jobs/{job}"))).GetProperty("done").GetInt64() < 1 && DateTime.UtcNow < deadline)
                await Task.Delay(100);
            var bigSweep = status.GetProperty("stage").GetString()!["sweep ".Length..];
            Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/api/jobs/{job}/cancel", null)).StatusCode);
            Assert.Equal("cancelled", (await FollowAsync(http, job)).GetProperty("state").GetString());
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (Sweep(bigSweep).Status == "running" && DateTime.UtcNow < until) Thread.Sleep(100);
            var cancelled = Sweep(bigSweep);
            Assert.Equal("cancelled", cancelled.Status);
            Assert.True(cancelled.Done < cancelled.Total);
            Assert.Equal(3, CountSweeps());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { ledger, ledger + "-wal", ledger + "-shm" }) File.Delete(f);
        }
    }

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private static async Task<string> StartJobAsync(HttpClient http, SweepSpec spec)
    {
        var start = await http.PostAsync("/api/jobs/sweep", Body(spec.ToJson()));
        var text = await start.Content.ReadAsStringAsync();
        Assert.True(start.StatusCode == HttpStatusCode.Accepted, $"{start.StatusCode}: {text}");
        return Json(text).GetProperty("id").GetString()!;
    }

    /// <summary>The last event of /api/jobs/{id}/events (the stream ends when the job does).</summary>
    private static async Task<JsonElement> FollowAsync(HttpClient http, string job)
    {
        var blocks = (await http.GetStringAsync($"/api/jobs/{job}/events")).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("event: done\ndata: ", blocks[^1]);
        return Json(blocks[^1].Split("data: ", 2)[1]);
    }

    /// <summary>Submits the sweep job and follows it to success; the job's id and the sweep's id on the cluster.</summary>
    private static async Task<(string Job, string Sweep)> RunJobAsync(HttpClient http, SweepSpec spec)
    {
        var job = await StartJobAsync(http, spec);
        var done = await FollowAsync(http, job);
        Assert.True(done.GetProperty("state").GetString() == "succeeded", done.ToString());
        Assert.Equal(done.GetProperty("total").GetInt64(), done.GetProperty("done").GetInt64());
        var notice = done.GetProperty("notices")[0].GetString()!;
        Assert.StartsWith("sweep sw-", notice);
        return (job, notice["sweep ".Length..]);
    }

    /// <summary>Starts <c>brink serve --cluster</c> on a free loopback port with its own ledger file; its base address once it listens.</summary>
    private string StartServe(string ledger)
    {
        var port = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Start(["serve", "--cluster", Url, "--port", port, "--db", ledger]);
        var log = new StringBuilder();
        var ready = new ManualResetEventSlim();
        void Line(string? line)
        {
            if (line is null) return;
            lock (log) log.AppendLine(line);
            if (line.StartsWith("Brink workbench:", StringComparison.Ordinal)) ready.Set();
        }
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        if (!ready.Wait(TimeSpan.FromSeconds(90))) Assert.Fail($"brink serve on port {port} did not start: {log}");
        return $"http://127.0.0.1:{port}";
    }

    private void CreateDatabase()
    {
        using var admin = new NpgsqlConnection(PostgresUrl.Parse(_server!).ConnectionString);
        admin.Open();
        using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", admin);
        create.ExecuteNonQuery();
    }

    private int CountSweeps()
    {
        using var c = new NpgsqlConnection(PostgresUrl.Parse(Url).ConnectionString);
        c.Open();
        using var q = new NpgsqlCommand("SELECT count(*) FROM brink_sweeps", c);
        return Convert.ToInt32(q.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private (int Done, int Total, string Status, string? Coordinator) Sweep(string id)
    {
        using var c = new NpgsqlConnection(PostgresUrl.Parse(Url).ConnectionString);
        c.Open();
        using var q = new NpgsqlCommand("SELECT chunks_done, chunks_total, status, coordinator FROM brink_sweeps WHERE id = @id", c);
        q.Parameters.AddWithValue("id", id);
        using var r = q.ExecuteReader();
        Assert.True(r.Read(), $"sweep {id} is not in the database");
        return (r.GetInt32(0), r.GetInt32(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3));
    }

    private sealed record Silo(Process Process, int Port);

    private Silo StartSilo()
    {
        var port = FreePort();
        var gateway = FreePort();
        var process = Start(["cluster", "silo", "--db", Url, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--gateway-port", gateway.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var log = new StringBuilder();
        var ready = new ManualResetEventSlim();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (log) log.AppendLine(e.Data);
            if (e.Data.Contains("silo listening", StringComparison.Ordinal)) ready.Set();
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        if (!ready.Wait(TimeSpan.FromSeconds(90))) Assert.Fail($"silo on port {port} did not start: {log}");
        return new Silo(process, port);
    }

    private Process Start(string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoFiles.Root,
        };
        start.ArgumentList.Add(Cli);
        foreach (var a in args) start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        _processes.Add(process);
        return process;
    }

    /// <summary>Runs the CLI to the end (killed after <paramref name="limit"/>); its stdout; fails on a non-zero exit.</summary>
    private string Run(string[] args, TimeSpan limit)
    {
        var process = Start(args);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"brink {string.Join(' ', args)} ran longer than {limit}");
        }
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"brink {string.Join(' ', args)}: exit {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
