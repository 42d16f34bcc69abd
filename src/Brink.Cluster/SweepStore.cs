using Dapper;
using Npgsql;

namespace Brink.Cluster;

/// <summary>States of a sweep: running until every chunk is in and merged, then done; or failed, or cancelled.</summary>
public static class SweepStatus
{
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}

/// <summary>A sweep as stored: its spec, progress and, once done, the JSON document.</summary>
public sealed record SweepRecord
{
    public required string Id { get; init; }
    public required string Kind { get; init; }
    public required string Spec { get; init; }
    public required string Status { get; init; }
    public int ChunksTotal { get; init; }
    public int ChunksDone { get; init; }
    public string? Result { get; init; }
    public string? Notices { get; init; }
    public string? Error { get; init; }
    public string? Coordinator { get; init; }
    public int Retries { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public DateTime? FinishedAt { get; init; }
}

/// <summary>One finished chunk: its outputs and where and how long it ran.</summary>
public sealed record ChunkRecord(int Chunk, byte[] Payload, string Silo, double Seconds);

/// <summary>Where sweeps and their finished chunks are kept (PostgreSQL in a cluster; the tests' in-process silos may share memory).</summary>
public interface ISweepStore
{
    /// <summary>Adds a running sweep; false when the id is taken.</summary>
    Task<bool> CreateAsync(SweepRecord sweep);
    Task<SweepRecord?> GetAsync(string id);
    Task<IReadOnlyList<SweepRecord>> ListAsync(int limit);
    /// <summary>Ids of the sweeps still running.</summary>
    Task<IReadOnlyList<string>> RunningAsync();
    /// <summary>Keeps the first copy of a chunk (a chunk re-run elsewhere gives the same bytes).</summary>
    Task SaveChunkAsync(string id, ChunkRecord chunk);
    Task<IReadOnlyList<int>> DoneChunksAsync(string id);
    Task<IReadOnlyList<ChunkRecord>> LoadChunksAsync(string id);
    Task ProgressAsync(string id, int chunksDone, int retries, string coordinator);
    /// <summary>Ends a running sweep (done, failed or cancelled); false when it was no longer running.</summary>
    Task<bool> FinishAsync(string id, string status, string? result, string? notices, string? error);
}

/// <summary>The sweep tables of Schema/brink-sweeps.sql.</summary>
public sealed class PostgresSweepStore(string connectionString) : ISweepStore
{
    private const string Columns = """
        id AS Id, kind AS Kind, spec AS Spec, status AS Status, chunks_total AS ChunksTotal, chunks_done AS ChunksDone, result AS Result,
        notices AS Notices, error AS Error, coordinator AS Coordinator, retries AS Retries, created_at AS CreatedAt, updated_at AS UpdatedAt,
        finished_at AS FinishedAt
        """;

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<bool> CreateAsync(SweepRecord sweep)
    {
        await using var c = await OpenAsync();
        return await c.ExecuteAsync("""
            INSERT INTO brink_sweeps (id, kind, spec, status, chunks_total) VALUES (@Id, @Kind, @Spec, @Status, @ChunksTotal)
            ON CONFLICT (id) DO NOTHING
            """, sweep) == 1;
    }

    public async Task<SweepRecord?> GetAsync(string id)
    {
        await using var c = await OpenAsync();
        return await c.QuerySingleOrDefaultAsync<SweepRecord>($"SELECT {Columns} FROM brink_sweeps WHERE id = @id", new { id });
    }

    public async Task<IReadOnlyList<SweepRecord>> ListAsync(int limit)
    {
        await using var c = await OpenAsync();
        return [.. await c.QueryAsync<SweepRecord>($"SELECT {Columns} FROM brink_sweeps ORDER BY created_at DESC, id LIMIT @limit", new { limit })];
    }

    public async Task<IReadOnlyList<string>> RunningAsync()
    {
        await using var c = await OpenAsync();
        return [.. await c.QueryAsync<string>("SELECT id FROM brink_sweeps WHERE status = 'running' ORDER BY created_at")];
    }

    public async Task SaveChunkAsync(string id, ChunkRecord chunk)
    {
        await using var c = await OpenAsync();
        await c.ExecuteAsync("""
            INSERT INTO brink_sweep_chunks (sweep_id, chunk, payload, silo, seconds) VALUES (@id, @Chunk, @Payload, @Silo, @Seconds)
            ON CONFLICT (sweep_id, chunk) DO NOTHING
            """, new { id, chunk.Chunk, chunk.Payload, chunk.Silo, chunk.Seconds });
    }

    public async Task<IReadOnlyList<int>> DoneChunksAsync(string id)
    {
        await using var c = await OpenAsync();
        return [.. await c.QueryAsync<int>("SELECT chunk FROM brink_sweep_chunks WHERE sweep_id = @id ORDER BY chunk", new { id })];
    }

    public async Task<IReadOnlyList<ChunkRecord>> LoadChunksAsync(string id)
    {
        await using var c = await OpenAsync();
        var rows = await c.QueryAsync<(int Chunk, byte[] Payload, string Silo, double Seconds)>(
            "SELECT chunk, payload, silo, seconds FROM brink_sweep_chunks WHERE sweep_id = @id ORDER BY chunk", new { id });
        return [.. rows.Select(r => new ChunkRecord(r.Chunk, r.Payload, r.Silo, r.Seconds))];
    }

    public async Task ProgressAsync(string id, int chunksDone, int retries, string coordinator)
    {
        await using var c = await OpenAsync();
        await c.ExecuteAsync("""
            UPDATE brink_sweeps SET chunks_done = @chunksDone, retries = @retries, coordinator = @coordinator, updated_at = now()
            WHERE id = @id AND status = 'running'
            """, new { id, chunksDone, retries, coordinator });
    }

    public async Task<bool> FinishAsync(string id, string status, string? result, string? notices, string? error)
    {
        await using var c = await OpenAsync();
        return await c.ExecuteAsync("""
            UPDATE brink_sweeps SET status = @status, result = @result, notices = @notices, error = @error, updated_at = now(), finished_at = now(),
                chunks_done = CASE WHEN @status = 'done' THEN chunks_total ELSE chunks_done END
            WHERE id = @id AND status = 'running'
            """, new { id, status, result, notices, error }) == 1;
    }
}
