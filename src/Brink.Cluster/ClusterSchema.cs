using Npgsql;

namespace Brink.Cluster;

/// <summary>
/// Creates the cluster's PostgreSQL schema, re-runnable: Orleans' membership tables and stored queries
/// (Schema/orleans-clustering.sql; the AdoNet package does not ship its SQL) and Brink's sweep tables
/// (Schema/brink-sweeps.sql). Run under an advisory lock so silos starting together do not race.
/// </summary>
public static class ClusterSchema
{
    private const long LockKey = 0x42524E4B_53574550; // "BRNKSWEP"

    public static string OrleansSql => Resource("orleans-clustering.sql");
    public static string SweepSql => Resource("brink-sweeps.sql");

    public static async Task EnsureAsync(string connectionString, CancellationToken cancel = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancel);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey})", connection))
            await lockCommand.ExecuteNonQueryAsync(cancel);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancel);
            foreach (var sql in new[] { OrleansSql, SweepSql })
            {
                await using var command = new NpgsqlCommand(sql, connection, transaction);
                await command.ExecuteNonQueryAsync(cancel);
            }
            await transaction.CommitAsync(cancel);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static string Resource(string name)
    {
        var assembly = typeof(ClusterSchema).Assembly;
        var full = assembly.GetManifestResourceNames().Single(n => n.EndsWith("." + name, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(full)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
