using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
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
/// coordinating the sweep is killed with SIGKILL mid-sweep. Bounded: every process has a time limit, all are killed at the end.
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
        using (var admin = new NpgsqlConnection(PostgresUrl.Parse(_server!).ConnectionString))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", admin);
            create.ExecuteNonQuery();
        }
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
