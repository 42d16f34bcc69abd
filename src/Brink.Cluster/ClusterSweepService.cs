using System.Text.Json;
using Brink.Application;
using Brink.Scenarios;

namespace Brink.Cluster;

/// <summary>
/// <see cref="ISweepService"/> on an Orleans cluster: the sweep job of <c>brink serve --cluster URL</c> (POST /api/jobs/sweep).
/// Sources must be text (a server reads no file named in a request).
/// </summary>
public sealed class ClusterSweepService : ISweepService, IAsyncDisposable
{
    /// <summary>The notice of a sweep job that was cancelled (by the job's cancel or <c>brink sweep cancel</c>).</summary>
    public const string CancelledNotice = "sweep cancelled; a cancelled sweep keeps no partial result";

    private readonly Func<CancellationToken, Task<IClusterClient>> _connect;
    private readonly SharedConnection<SweepClient>? _shared;
    private readonly ISweepStore _store;
    private readonly Func<CancellationToken, Task> _prepare;

    /// <summary>Sweeps through a connected client and its store (the tests' in-process cluster).</summary>
    public ClusterSweepService(IClusterClient client, ISweepStore store)
    {
        _connect = _ => Task.FromResult(client);
        _store = store;
        _prepare = _ => Task.CompletedTask;
    }

    private ClusterSweepService(string connectionString)
    {
        // One client per server, connected by the first sweep job and reused by every later one (connecting takes seconds).
        var shared = new SharedConnection<SweepClient>(cancel => SweepClient.ConnectAsync(connectionString, cancel));
        _shared = shared;
        _connect = async cancel => (await shared.GetAsync(cancel)).Cluster;
        _store = new PostgresSweepStore(connectionString);
        _prepare = cancel => ClusterSchema.EnsureAsync(connectionString, cancel);
    }

    /// <summary>
    /// Sweeps on the cluster whose silos use this PostgreSQL database: one Orleans client for the server, connected by the first
    /// sweep job (a failed connection is tried again by the next job) and shared by the later ones; <see cref="DisposeAsync"/> closes it.
    /// </summary>
    public static ClusterSweepService ForDatabase(string connectionString) => new(connectionString);

    /// <summary>Closes the shared client, if one was connected (the server stops).</summary>
    public ValueTask DisposeAsync() => _shared?.DisposeAsync() ?? ValueTask.CompletedTask;

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
        var client = await _connect(cancellation);
        var grain = client.GetGrain<ISweepGrain>(id);
        var reply = await grain.Start(spec!.ToJson());
        if (!reply.Accepted) return Refused([.. reply.Problems.Select(p => Outcome.RequestError("sweep", p))]);
        var record = await progress.Run($"sweep {id}", job!.Items.Count, report => WaitAsync(id, report, cancellation));
        if (record is null)
        {
            await grain.Cancel();
            return new SweepJobOutcome { SweepId = id, Cancelled = true, Notices = [CancelledNotice] };
        }
        return record.Status switch
        {
            SweepStatus.Done => new SweepJobOutcome
            {
                SweepId = id, Document = record.Result, Diagnostics = job.Diagnostics,
                Notices = string.IsNullOrEmpty(record.Notices) ? [] : record.Notices.Split('\n'),
            },
            SweepStatus.Cancelled => new SweepJobOutcome { SweepId = id, Cancelled = true, Notices = [CancelledNotice] },
            _ => new SweepJobOutcome { SweepId = id, Diagnostics = [new Diagnostic("sweep", 0, 0, "", $"sweep {id} {record.Status}: {record.Error}")] },
        };
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

/// <summary>
/// A connection opened once, on first use, and shared: concurrent first callers wait for the one attempt; a failed attempt is
/// not kept, so the next caller tries again. Disposing closes the connection if it was opened; later calls are refused.
/// </summary>
internal sealed class SharedConnection<T>(Func<CancellationToken, Task<T>> open) : IAsyncDisposable
    where T : class, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private T? _value;
    private bool _disposed;

    /// <summary>How many times a connection was opened successfully (tests).</summary>
    public int Opened { get; private set; }

    /// <exception cref="ObjectDisposedException">After <see cref="DisposeAsync"/>.</exception>
    public async Task<T> GetAsync(CancellationToken cancel)
    {
        if (Volatile.Read(ref _value) is { } ready) return ready;
        await _gate.WaitAsync(cancel);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_value is null)
            {
                var opened = await open(cancel);
                Opened++;
                Volatile.Write(ref _value, opened);
            }
            return _value;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_disposed) return;
            _disposed = true;
            if (Interlocked.Exchange(ref _value, null) is { } value) await value.DisposeAsync();
        }
        finally
        {
            _gate.Release();
        }
    }
}
