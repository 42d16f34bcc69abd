using System.Collections.Concurrent;

namespace Brink.Cluster.Tests;

/// <summary>The sweep store in memory, shared by the in-process silos of a <see cref="Orleans.TestingHost.TestCluster"/>.</summary>
public sealed class InMemorySweepStore : ISweepStore
{
    private readonly ConcurrentDictionary<string, SweepRecord> _sweeps = new();
    private readonly ConcurrentDictionary<(string, int), ChunkRecord> _chunks = new();
    private readonly Lock _gate = new();

    public Task<bool> CreateAsync(SweepRecord sweep) => Task.FromResult(_sweeps.TryAdd(sweep.Id, sweep with { CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow }));

    public Task<SweepRecord?> GetAsync(string id) => Task.FromResult(_sweeps.TryGetValue(id, out var r) ? r : null);

    public Task<IReadOnlyList<SweepRecord>> ListAsync(int limit) =>
        Task.FromResult<IReadOnlyList<SweepRecord>>([.. _sweeps.Values.OrderByDescending(r => r.CreatedAt).Take(limit)]);

    public Task<IReadOnlyList<string>> RunningAsync() =>
        Task.FromResult<IReadOnlyList<string>>([.. _sweeps.Values.Where(r => r.Status == SweepStatus.Running).Select(r => r.Id)]);

    public Task SaveChunkAsync(string id, ChunkRecord chunk)
    {
        _chunks.TryAdd((id, chunk.Chunk), chunk);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<int>> DoneChunksAsync(string id) =>
        Task.FromResult<IReadOnlyList<int>>([.. _chunks.Keys.Where(k => k.Item1 == id).Select(k => k.Item2).Order()]);

    public Task<IReadOnlyList<ChunkRecord>> LoadChunksAsync(string id) =>
        Task.FromResult<IReadOnlyList<ChunkRecord>>([.. _chunks.Where(kv => kv.Key.Item1 == id).Select(kv => kv.Value).OrderBy(c => c.Chunk)]);

    public Task ProgressAsync(string id, int chunksDone, int retries, string coordinator)
    {
        lock (_gate)
            if (_sweeps.TryGetValue(id, out var r) && r.Status == SweepStatus.Running)
                _sweeps[id] = r with { ChunksDone = chunksDone, Retries = retries, Coordinator = coordinator, UpdatedAt = DateTime.UtcNow };
        return Task.CompletedTask;
    }

    public Task<bool> FinishAsync(string id, string status, string? result, string? notices, string? error)
    {
        lock (_gate)
        {
            if (!_sweeps.TryGetValue(id, out var r) || r.Status != SweepStatus.Running) return Task.FromResult(false);
            _sweeps[id] = r with
            {
                Status = status,
                Result = result,
                Notices = notices,
                Error = error,
                FinishedAt = DateTime.UtcNow,
                ChunksDone = status == SweepStatus.Done ? r.ChunksTotal : r.ChunksDone,
            };
            return Task.FromResult(true);
        }
    }
}
