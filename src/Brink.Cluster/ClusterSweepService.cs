using System.Text.Json;
using Brink.Application;
using Brink.Scenarios;

namespace Brink.Cluster;

/// <summary>
/// <see cref="ISweepService"/> on an Orleans cluster: the sweep job of <c>brink serve --cluster URL</c> (POST /api/jobs/sweep).
/// Sources must be text (a server reads no file named in a request).
/// </summary>
public sealed class ClusterSweepService : ISweepService
{
    private readonly Func<CancellationToken, Task<(IClusterClient Client, IAsyncDisposable? Owner)>> _connect;
    private readonly ISweepStore _store;
    private readonly Func<CancellationToken, Task> _prepare;

    /// <summary>Sweeps through a connected client and its store (the tests' in-process cluster).</summary>
    public ClusterSweepService(IClusterClient client, ISweepStore store)
    {
        _connect = _ => Task.FromResult<(IClusterClient, IAsyncDisposable?)>((client, null));
        _store = store;
        _prepare = _ => Task.CompletedTask;
    }

    private ClusterSweepService(string connectionString)
    {
        _connect = async cancel =>
        {
            var client = await SweepClient.ConnectAsync(connectionString, cancel);
            return (client.Cluster, client);
        };
        _store = new PostgresSweepStore(connectionString);
        _prepare = cancel => ClusterSchema.EnsureAsync(connectionString, cancel);
    }

    /// <summary>Sweeps on the cluster whose silos use this PostgreSQL database (a client connection per job).</summary>
    public static ClusterSweepService ForDatabase(string connectionString) => new(connectionString);

    /// <summary>How often the store is read for progress.</summary>
    public static TimeSpan PollInterval { get; } = TimeSpan.FromMilliseconds(250);

    public SweepJobOutcome Run(string specJson, IProgressRunner progress, CancellationToken cancellation) =>
        RunAsync(specJson, progress, cancellation).GetAwaiter().GetResult();

    public IReadOnlyList<Diagnostic> Check(string specJson)
    {
        var (_, _, outcome) = Parse(specJson);
        return outcome?.Diagnostics ?? [];
    }

    /// <summary>The spec and its job, or the outcome that refuses it.</summary>
    private static (SweepSpec? Spec, SweepJob? Job, SweepJobOutcome? Refusal) Parse(string specJson)
    {
        SweepSpec spec;
        try
        {
            spec = SweepSpec.FromJson(specJson);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException)
        {
            return (null, null, Refused(Outcome.RequestError("body", $"not a sweep request: {ex.Message}")));
        }
        if (FileSource(spec) is { } field) return (null, null, Refused(Outcome.RequestError(field, "a sweep job takes its files as text, not as paths on the server")));
        var job = SweepJob.Create(spec, out var problems, out var notices);
        return job is null ? (null, null, new SweepJobOutcome { Diagnostics = problems, Notices = notices }) : (spec, job, null);
    }

    private async Task<SweepJobOutcome> RunAsync(string specJson, IProgressRunner progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var (spec, job, refusal) = Parse(specJson);
        if (refusal is not null) return refusal;
        await _prepare(cancellation);
        var id = SweepClient.NewId();
        var (client, owner) = await _connect(cancellation);
        try
        {
            var grain = client.GetGrain<ISweepGrain>(id);
            var reply = await grain.Start(spec!.ToJson());
            if (!reply.Accepted) return Refused([.. reply.Problems.Select(p => Outcome.RequestError("sweep", p))]);
            var record = await progress.Run($"sweep {id}", job!.Items.Count, report => WaitAsync(id, report, cancellation));
            if (record is null)
            {
                await grain.Cancel();
                return new SweepJobOutcome { SweepId = id, Cancelled = true, Notices = ["cancelled"] };
            }
            return record.Status switch
            {
                SweepStatus.Done => new SweepJobOutcome
                {
                    SweepId = id, Document = record.Result, Diagnostics = job.Diagnostics,
                    Notices = string.IsNullOrEmpty(record.Notices) ? [] : record.Notices.Split('\n'),
                },
                SweepStatus.Cancelled => new SweepJobOutcome { SweepId = id, Cancelled = true, Notices = ["cancelled"] },
                _ => new SweepJobOutcome { SweepId = id, Diagnostics = [new Diagnostic("sweep", 0, 0, "", $"sweep {id} {record.Status}: {record.Error}")] },
            };
        }
        finally
        {
            if (owner is not null) await owner.DisposeAsync();
        }
    }

    /// <summary>Polls the store until the sweep ends; null when <paramref name="cancellation"/> fires first.</summary>
    private async Task<SweepRecord?> WaitAsync(string id, Action<int> report, CancellationToken cancellation)
    {
        var shown = 0;
        while (!cancellation.IsCancellationRequested)
        {
            if (await _store.GetAsync(id) is { } record)
            {
                if (record.ChunksDone > shown) { report(record.ChunksDone - shown); shown = record.ChunksDone; }
                if (record.Status != SweepStatus.Running) return record;
            }
            try
            {
                await Task.Delay(PollInterval, cancellation);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return null;
    }

    private static SweepJobOutcome Refused(params Diagnostic[] problems) => new() { Diagnostics = problems };

    /// <summary>The field of a source given as a path, or null when every source is text.</summary>
    private static string? FileSource(SweepSpec spec) =>
        spec.Simulate?.Scenario.Path is not null || spec.Sensitivity?.Scenario.Path is not null || spec.WhatIf?.Scenario.Path is not null ? "scenario"
        : spec.Backtest is { } b && (b.Data.Path is not null || b.Fit?.Path is not null) ? "data"
        : spec.Backtest?.ProtocolPath is not null ? "protocol"
        : null;
}
