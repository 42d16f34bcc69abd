using Brink.Store.Postgres;
using Dapper;
using Npgsql;

namespace Brink.Web.Tests.TeamServer;

/// <summary>A fresh database for one test: an SQLite file, or a PostgreSQL database on the server named by BRINK_TEST_POSTGRES.</summary>
public interface ITeamDatabase : IDisposable
{
    /// <summary>What <c>--db</c> would name: a file path or a postgres:// URL.</summary>
    string Location { get; }
}

public sealed class SqliteTeamDatabase : ITeamDatabase
{
    public string Location { get; } = Path.Combine(Path.GetTempPath(), $"brink-team-{Guid.NewGuid():n}.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var dir = Path.GetDirectoryName(Location)!;
        foreach (var f in Directory.EnumerateFiles(dir, Path.GetFileNameWithoutExtension(Location) + "*"))
            try { File.Delete(f); } catch (IOException) { }
    }
}

/// <summary>
/// A database of its own on the test server (<c>./scripts/test</c> starts one and sets BRINK_TEST_POSTGRES); without the
/// variable the PostgreSQL tests fail with the reason, never pass silently.
/// </summary>
public sealed class PostgresTeamDatabase : ITeamDatabase
{
    public const string Variable = "BRINK_TEST_POSTGRES";
    private readonly string _server;
    private readonly string _name = $"brink_web_{Guid.NewGuid():N}";

    public PostgresTeamDatabase()
    {
        _server = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } url ? url
            : throw new InvalidOperationException($"{Variable} is not set, so the PostgreSQL team-server tests cannot run: run ./scripts/test (it starts a throwaway PostgreSQL 15 server)");
        using var admin = new NpgsqlConnection(PostgresUrl.Parse(_server).ConnectionString);
        admin.Open();
        admin.Execute($"CREATE DATABASE {_name}");
        Location = _server[.._server.LastIndexOf('/')] + "/" + _name;
    }

    public string Location { get; }

    /// <summary>The server's own URL (for a second database or administration).</summary>
    public string Server => _server;

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        using var admin = new NpgsqlConnection(PostgresUrl.Parse(_server).ConnectionString);
        admin.Open();
        admin.Execute($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }
}
