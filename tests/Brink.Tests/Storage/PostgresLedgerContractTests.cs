using Brink.Ledger;
using Brink.Store;
using Brink.Store.Postgres;
using Dapper;
using Npgsql;

namespace Brink.Tests.Storage;

/// <summary>
/// The storage contract on PostgreSQL: a fresh database per test on the server named by <c>BRINK_TEST_POSTGRES</c>
/// (a <c>postgres://</c> URL of a user allowed to create databases). <c>./scripts/test</c> starts a throwaway
/// PostgreSQL 15 server with <c>scripts/pg-test-server</c> and sets it; without it these tests fail, never pass silently.
/// </summary>
public sealed class PostgresLedgerContractTests : LedgerStoreContract
{
    public const string Variable = "BRINK_TEST_POSTGRES";

    private readonly string _server;
    private readonly string _database = $"brink_test_{Guid.NewGuid():N}";

    public PostgresLedgerContractTests()
    {
        _server = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } url
            ? url
            : throw new InvalidOperationException(
                $"{Variable} is not set, so the PostgreSQL half of the storage contract cannot run" +
                (Environment.GetEnvironmentVariable("CI") == "true" ? " in CI" : "") +
                ": run ./scripts/test (it starts a throwaway PostgreSQL 15 server with scripts/pg-test-server), or set " +
                $"{Variable}=postgres://USER@127.0.0.1:PORT/postgres for a server where USER may create databases");
        using var admin = new NpgsqlConnection(PostgresUrl.Parse(_server).ConnectionString);
        admin.Open();
        admin.Execute($"CREATE DATABASE {_database}");
    }

    /// <summary>The test database's URL: the server URL with its database replaced.</summary>
    internal string Url => _server[.._server.LastIndexOf('/')] + "/" + _database;

    protected override ILedgerStore Open() => PostgresLedgerStore.Open(Url, Clock);

    protected override Brink.Accounts.IAccountStore OpenAccounts() => PostgresAccountStore.Open(Url, Clock);

    protected override void ExecuteRawAccounts(string sql)
    {
        using var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresUrl.Parse(Url).ConnectionString) { SearchPath = PostgresAccountStore.Schema }.ConnectionString);
        c.Open();
        c.Execute(sql);
    }

    protected override ILedgerStore OpenTeam(string team) => Brink.Application.LedgerStores.Open(Url, Clock, team: team);

    protected override void ExecuteRaw(string sql)
    {
        using var c = new NpgsqlConnection(PostgresUrl.Parse(Url).ConnectionString);
        c.Open();
        c.Execute(sql);
    }

    protected override void CorruptForecasterKind(string name, string kind)
    {
        ExecuteRaw("ALTER TABLE forecasters DROP CONSTRAINT forecasters_kind_check");
        using var c = new NpgsqlConnection(PostgresUrl.Parse(Url).ConnectionString);
        c.Open();
        c.Execute("UPDATE forecasters SET kind = @kind WHERE name = @name", new { kind, name });
    }

    [Fact]
    public void An_unreachable_server_is_a_clear_storage_error_without_the_password()
    {
        var e = Assert.Throws<LedgerStorageException>(() => PostgresLedgerStore.Open("postgres://brink:s3cret@127.0.0.1:1/ledger"));
        Assert.Equal(StorageFailure.Unavailable, e.Failure);
        Assert.Contains("127.0.0.1:1", e.Message);
        Assert.DoesNotContain("s3cret", e.Message);
    }

    [Fact]
    public void A_database_with_other_tables_is_not_taken_over()
    {
        ExecuteRaw("CREATE TABLE customers(id int)");
        var e = Assert.Throws<LedgerException>(Open);
        Assert.Contains("customers", e.Message);
    }

    public override void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        using var admin = new NpgsqlConnection(PostgresUrl.Parse(_server).ConnectionString);
        admin.Open();
        admin.Execute($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
    }
}
