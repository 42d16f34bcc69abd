using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orleans.Placement;
using Orleans.Runtime;

namespace Brink.Cluster;

/// <summary>The answer to <see cref="ISweepGrain.Start"/>: accepted, or the problems that refused the sweep before any work.</summary>
[GenerateSerializer, Alias("Brink.Cluster.SweepStartReply")]
public sealed record SweepStartReply([property: Id(0)] bool Accepted, [property: Id(1)] string[] Problems, [property: Id(2)] string? Status);

/// <summary>
/// Coordinates one sweep (key: the sweep id): splits it into chunks, hands them to <see cref="IChunkGrain"/>s placed
/// anywhere in the cluster, runs again the chunks whose silo failed, merges when all are in. Its state lives in the
/// <see cref="ISweepStore"/>, so when its own silo dies the next call (<see cref="Resume"/>, from any silo's
/// <see cref="SweepKeeper"/>) activates it elsewhere and it carries on from the chunks already stored.
/// </summary>
[Alias("Brink.Cluster.ISweepGrain")]
public interface ISweepGrain : IGrainWithStringKey
{
    [Alias("Start")] Task<SweepStartReply> Start(string specJson);
    /// <summary>Carries on a running sweep (no-op when it is running here already or has ended).</summary>
    [Alias("Resume")] Task Resume();
    /// <summary>Stops a running sweep; false when it had already ended.</summary>
    [Alias("Cancel")] Task<bool> Cancel();
}

/// <summary>Computes one chunk of a sweep and stores its outputs (key: sweep/chunk/attempt, so a re-run is a new activation, placed afresh).</summary>
[Alias("Brink.Cluster.IChunkGrain")]
public interface IChunkGrain : IGrainWithStringKey
{
    [Alias("Run")] Task Run(string sweepId, int chunk);
}

[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An Orleans grain is not disposed by its runtime; _stop is a plain token source (no timer, no wait handle) that lives as long as the activation.")]
public sealed class SweepGrain(ISweepStore store, SweepJobs jobs, ILocalSiloDetails silo, ILogger<SweepGrain> log) : Grain, ISweepGrain
{
    /// <summary>A chunk that fails this many times (its silo died each time, or it throws) fails the sweep.</summary>
    public const int MaxAttempts = 4;

    private Task? _loop;
    private readonly CancellationTokenSource _stop = new();

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (await store.GetAsync(Id) is { Status: SweepStatus.Running }) EnsureLoop();
    }

    public async Task<SweepStartReply> Start(string specJson)
    {
        if (await store.GetAsync(Id) is { } existing)
        {
            if (existing.Status == SweepStatus.Running) EnsureLoop();
            return new SweepStartReply(true, [], existing.Status);
        }
        SweepSpec spec;
        try
        {
            spec = SweepSpec.FromJson(specJson);
        }
        catch (JsonException ex)
        {
            return new SweepStartReply(false, [$"request: not a sweep request: {ex.Message}"], null);
        }
        var job = SweepJob.Create(spec, out var problems, out _);
        if (job is null) return new SweepStartReply(false, [.. problems.Select(p => p.ToString())], null);
        jobs.Add(Id, job);
        await store.CreateAsync(new SweepRecord { Id = Id, Kind = spec.Kind, Spec = specJson, Status = SweepStatus.Running, ChunksTotal = job.Items.Count });
        EnsureLoop();
        return new SweepStartReply(true, [], SweepStatus.Running);
    }

    public async Task Resume()
    {
        if (await store.GetAsync(Id) is { Status: SweepStatus.Running }) EnsureLoop();
    }

    public async Task<bool> Cancel()
    {
        var ended = await store.FinishAsync(Id, SweepStatus.Cancelled, null, null, "cancelled");
        await _stop.CancelAsync();
        return ended;
    }

    private void EnsureLoop()
    {
        if (_loop is { IsCompleted: false } || _stop.IsCancellationRequested) return;
        _loop = RunAsync(_stop.Token);
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var me = silo.SiloAddress.ToString();
        try
        {
            var job = await jobs.GetAsync(Id, store);
            var done = new HashSet<int>(await store.DoneChunksAsync(Id));
            var pending = new Queue<int>(Enumerable.Range(0, job.Items.Count).Where(i => !done.Contains(i)));
            var attempts = new int[job.Items.Count];
            var retries = (await store.GetAsync(Id))?.Retries ?? 0;
            var running = new Dictionary<Task, int>();
            var lastCheck = Stopwatch.StartNew();
            var width = await ParallelismAsync();
            await store.ProgressAsync(Id, done.Count, retries, me);
            while (pending.Count > 0 || running.Count > 0)
            {
                if (stop.IsCancellationRequested) return;
                if (lastCheck.Elapsed > TimeSpan.FromSeconds(2))
                {
                    lastCheck.Restart();
                    // Someone else ended it (sweep cancel through another activation, or a duplicate coordinator finished it).
                    if (await store.GetAsync(Id) is not { Status: SweepStatus.Running }) return;
                    width = await ParallelismAsync();
                }
                while (running.Count < width && pending.Count > 0)
                {
                    var index = pending.Dequeue();
                    running.Add(RunChunkAsync(index, attempts[index]), index);
                }
                var finished = await Task.WhenAny(running.Keys);
                var chunk = running[finished];
                running.Remove(finished);
                try
                {
                    await finished;
                    done.Add(chunk);
                }
                catch (Exception ex) when (!stop.IsCancellationRequested)
                {
                    attempts[chunk]++;
                    retries++;
                    log.LogWarning("sweep {Sweep}: chunk {Chunk} attempt {Attempt} failed: {Message}", Id, chunk, attempts[chunk], ex.Message);
                    if (attempts[chunk] >= MaxAttempts)
                    {
                        await store.FinishAsync(Id, SweepStatus.Failed, null, null, $"chunk {chunk} failed {attempts[chunk]} times; last: {ex.GetType().Name}: {ex.Message}");
                        return;
                    }
                    pending.Enqueue(chunk);
                }
                await store.ProgressAsync(Id, done.Count, retries, me);
            }
            var chunks = await store.LoadChunksAsync(Id);
            var (document, notices) = await Task.Run(() =>
            {
                var outcome = job.Merge(chunks);
                return (SweepJob.Document(outcome), string.Join('\n', outcome.Notices));
            }, stop);
            await store.FinishAsync(Id, SweepStatus.Done, document, notices, null);
            jobs.Remove(Id);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            log.LogError(ex, "sweep {Sweep} failed", Id);
            await store.FinishAsync(Id, SweepStatus.Failed, null, null, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private async Task RunChunkAsync(int index, int attempt)
    {
        if (attempt > 0) await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt));
        await GrainFactory.GetGrain<IChunkGrain>($"{Id}/{index}/{attempt}").Run(Id, index);
    }

    /// <summary>Chunks in flight: two per core of every active silo (cores counted as this silo's), so no silo waits between chunks.</summary>
    private async Task<int> ParallelismAsync()
    {
        try
        {
            var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            return Math.Max(2, hosts.Count * Environment.ProcessorCount * 2);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return 2 * Environment.ProcessorCount;
        }
    }
}

[RandomPlacement]
public sealed class ChunkGrain(ISweepStore store, SweepJobs jobs, ChunkRunner runner, ILocalSiloDetails silo) : Grain, IChunkGrain
{
    public async Task Run(string sweepId, int chunk)
    {
        try
        {
            var job = await jobs.GetAsync(sweepId, store);
            var (payload, seconds) = await runner.RunAsync(() => job.Run(chunk));
            await store.SaveChunkAsync(sweepId, new ChunkRecord(chunk, payload, silo.SiloAddress.ToString(), seconds));
        }
        finally
        {
            DeactivateOnIdle();
        }
    }
}

/// <summary>Runs chunks on the thread pool, at most one per core of this silo at a time (the rest wait their turn).</summary>
public sealed class ChunkRunner : IDisposable
{
    private readonly SemaphoreSlim _slots = new(Environment.ProcessorCount);

    /// <summary>Frees the slot semaphore (the silo's service container disposes this singleton).</summary>
    public void Dispose() => _slots.Dispose();

    public async Task<(byte[] Payload, double Seconds)> RunAsync(Func<byte[]> work)
    {
        await _slots.WaitAsync();
        try
        {
            return await Task.Run(() =>
            {
                var clock = Stopwatch.StartNew();
                var payload = work();
                return (payload, clock.Elapsed.TotalSeconds);
            });
        }
        finally
        {
            _slots.Release();
        }
    }
}

/// <summary>The silo's sweep jobs, built once per sweep from the stored spec (parsing the scenario, making the templates).</summary>
public sealed class SweepJobs
{
    private readonly ConcurrentDictionary<string, Lazy<SweepJob>> _jobs = new();

    public void Add(string id, SweepJob job) => _jobs[id] = new Lazy<SweepJob>(job);

    public void Remove(string id) => _jobs.TryRemove(id, out _);

    public async Task<SweepJob> GetAsync(string id, ISweepStore store)
    {
        if (_jobs.TryGetValue(id, out var cached)) return cached.Value;
        var record = await store.GetAsync(id) ?? throw new InvalidOperationException($"sweep {id} is not in the store");
        if (_jobs.Count > 32) _jobs.Clear();
        var lazy = _jobs.GetOrAdd(id, _ => new Lazy<SweepJob>(() =>
            SweepJob.Create(SweepSpec.FromJson(record.Spec), out var problems, out IReadOnlyList<string> _)
            ?? throw new InvalidOperationException($"sweep {id}: the stored request is refused: {string.Join("; ", problems)}")));
        return lazy.Value;
    }
}
