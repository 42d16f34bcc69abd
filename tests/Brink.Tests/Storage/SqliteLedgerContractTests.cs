using Brink.Ledger;
using Brink.Store;
using Brink.Tests.Ledger;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Brink.Tests.Storage;

/// <summary>The storage contract on the embedded SQLite ledger (a temporary file per test).</summary>
public sealed class SqliteLedgerContractTests : LedgerStoreContract
{
    private readonly TempDb _db = new();

    protected override ILedgerStore Open() => LedgerStore.Open(_db.Path, Clock);

    private SqliteConnection Raw()
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _db.Path, Pooling = false }.ToString());
        c.Open();
        return c;
    }

    protected override void ExecuteRaw(string sql)
    {
        using var c = Raw();
        c.Execute("PRAGMA foreign_keys = ON");
        c.Execute(sql);
    }

    protected override void CorruptForecasterKind(string name, string kind)
    {
        using var c = Raw();
        c.Execute("PRAGMA ignore_check_constraints = ON");
        c.Execute("UPDATE forecasters SET kind = @kind WHERE name = @name", new { kind, name });
    }

    protected override Brink.Accounts.IAccountStore OpenAccounts() => AccountStore.Open(_db.Path, Clock);

    protected override void ExecuteRawAccounts(string sql) => ExecuteRaw(sql);

    protected override ILedgerStore OpenTeam(string team) => Brink.Application.LedgerStores.Open(_db.Path, Clock, team: team);

    public override void Dispose()
    {
        _db.Dispose();
        foreach (var team in new[] { "newsroom", "class_b" })
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(Brink.Application.LedgerStores.TeamFile(_db.Path, team) + suffix);
    }
}
