using Brink.Accounts;
using Brink.Ledger;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Brink.Store;

/// <summary>
/// Accounts, API token hashes and the audit log in the SQLite ledger file itself (tables <c>accounts</c>, <c>api_tokens</c>,
/// <c>audit</c>), migrated by <see cref="AccountSchema"/> with their own version table. The ledger's schema is brought up to
/// date first, so the file stays a Brink ledger. Not thread-safe: one instance per request.
/// </summary>
public sealed class AccountStore : IAccountStore
{
    private readonly SqliteConnection _connection;
    private readonly IClock _clock;

    private AccountStore(SqliteConnection connection, string path, IClock clock)
    {
        _connection = connection;
        Location = path;
        _clock = clock;
    }

    public string Location { get; }

    public static AccountStore Open(string path, IClock? clock = null, bool createDirectory = false)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!IsCurrent(full))
        {
            // The ledger's own tables first: a file with account tables but no ledger would not open as a ledger.
            using var ledger = LedgerStore.Open(path, clock, createDirectory: createDirectory);
        }
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = false, DefaultTimeout = 30 }.ToString());
        try
        {
            connection.Open();
            connection.Execute($"PRAGMA busy_timeout = {LedgerStore.DefaultBusyTimeoutMs}; PRAGMA foreign_keys = ON;");
            var store = new AccountStore(connection, full, clock ?? SystemClock.Instance);
            if (store.Version() < AccountSchema.Latest) store.Migrate();
            return store;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Dispose() => _connection.Dispose();

    private int Version() =>
        _connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'account_schema_version'") == 0 ? 0
            : _connection.ExecuteScalar<int>("SELECT COALESCE(MAX(version), 0) FROM account_schema_version");

    /// <summary>True when the file's ledger and account tables are both at the latest schema (opening then needs no write lock).</summary>
    private static bool IsCurrent(string full)
    {
        if (!File.Exists(full)) return false;
        try
        {
            using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
            c.Open();
            c.Execute($"PRAGMA busy_timeout = {LedgerStore.DefaultBusyTimeoutMs};");
            var tables = c.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('schema_version', 'account_schema_version')").ToHashSet();
            return tables.Count == 2
                && c.ExecuteScalar<int>("SELECT COALESCE(MAX(version), 0) FROM schema_version") >= LedgerSchema.Latest
                && c.ExecuteScalar<int>("SELECT COALESCE(MAX(version), 0) FROM account_schema_version") >= AccountSchema.Latest;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    /// <summary>True when the ledger file has at least one account; a missing file or one without account tables has none (nothing is created).</summary>
    public static bool HasAccounts(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) return false;
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
            connection.Open();
            connection.Execute($"PRAGMA busy_timeout = {LedgerStore.DefaultBusyTimeoutMs};");
            if (connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'accounts'") == 0) return false;
            return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM accounts") > 0;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 26 or 11)
        {
            // Not a database (or a damaged one): it has no accounts anyone could sign in with; opening it as a ledger reports the damage.
            return false;
        }
    }

    public int SchemaVersion => _connection.ExecuteScalar<int>("SELECT COALESCE(MAX(version), 0) FROM account_schema_version");

    private void Migrate()
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        _connection.Execute("CREATE TABLE IF NOT EXISTS account_schema_version(version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)", transaction: tx);
        var current = _connection.ExecuteScalar<int>("SELECT COALESCE(MAX(version), 0) FROM account_schema_version", transaction: tx);
        if (current > AccountSchema.Latest)
            throw new LedgerException($"{Location}: account schema version {current} is newer than this Brink ({AccountSchema.Latest}); upgrade Brink.");
        foreach (var m in AccountSchema.Migrations.Where(m => m.Version > current))
        {
            _connection.Execute(m.Sql, transaction: tx);
            _connection.Execute("INSERT INTO account_schema_version(version, description, applied_at) VALUES (@v, @d, @t)",
                new { v = m.Version, d = m.Description, t = LedgerTime.Format(_clock.UtcNow) }, tx);
        }
        tx.Commit();
    }

    private SqliteTransaction? _tx;

    public T Atomically<T>(Func<T> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (_tx is not null) return body();
        // BEGIN IMMEDIATE: the writers' lock from the first read, so no other writer changes what the body reads.
        using var tx = _connection.BeginTransaction(deferred: false);
        _tx = tx;
        try
        {
            var result = body();
            tx.Commit();
            return result;
        }
        finally
        {
            _tx = null;
        }
    }

    /// <summary>A write in its own transaction, or in the open one of <see cref="Atomically{T}"/>.</summary>
    private T Write<T>(Func<SqliteTransaction, T> body) => _tx is { } open ? body(open) : Atomically(() => body(_tx!));

    public long CountAccounts() => _connection.ExecuteScalar<long>("SELECT COUNT(*) FROM accounts", transaction: _tx);

    public Account AddAccount(string name, Role role, string team, string? passwordHash)
    {
        AccountRules.Check(name, team);
        return Write(tx =>
        {
            if (_connection.QuerySingleOrDefault<AccountRow>("SELECT * FROM accounts WHERE name = @name", new { name }, tx) is { } taken)
                throw new LedgerException(AccountMessages.Taken(taken.ToAccount()));
            var now = _clock.UtcNow;
            var id = _connection.ExecuteScalar<long>(
                "INSERT INTO accounts(name, role, team, password_hash, created_at) VALUES (@name, @role, @team, @passwordHash, @at) RETURNING id",
                new { name, role = AccountNames.Name(role), team, passwordHash, at = LedgerTime.Format(now) }, tx);
            return new Account(id, name, role, team, passwordHash, now);
        });
    }

    public Account? FindAccount(string name) => FindAccount(name, includeRemoved: false);

    public Account? FindAccount(string name, bool includeRemoved) =>
        _connection.QuerySingleOrDefault<AccountRow>("SELECT * FROM accounts WHERE name = @name" + (includeRemoved ? "" : " AND removed IS NULL"), new { name }, _tx)?.ToAccount();

    public IReadOnlyList<Account> ListAccounts(bool includeRemoved = false) =>
        [.. _connection.Query<AccountRow>("SELECT * FROM accounts" + (includeRemoved ? "" : " WHERE removed IS NULL") + " ORDER BY name", transaction: _tx).Select(r => r.ToAccount())];

    public Account SetRole(string name, Role role) => Write(tx =>
    {
        var current = FindAccount(name) ?? throw new LedgerException(AccountMessages.NoAccount(name));
        _connection.Execute("UPDATE accounts SET role = @role WHERE name = @name", new { name, role = AccountNames.Name(role) }, tx);
        return current with { Role = role };
    });

    public Account RemoveAccount(string name) => Write(tx =>
    {
        var current = FindAccount(name) ?? throw new LedgerException(AccountMessages.NoAccount(name));
        var now = _clock.UtcNow;
        _connection.Execute("UPDATE api_tokens SET revoked_at = @at WHERE account_id = @id AND revoked_at IS NULL", new { at = LedgerTime.Format(now), id = current.Id }, tx);
        _connection.Execute("UPDATE accounts SET removed = @at WHERE id = @id", new { at = LedgerTime.Format(now), id = current.Id }, tx);
        return current with { RemovedAt = now };
    });

    public void SetPassword(string name, string? passwordHash)
    {
        if (_connection.Execute("UPDATE accounts SET password_hash = @passwordHash WHERE name = @name AND removed IS NULL", new { name, passwordHash }, _tx) == 0)
            throw new LedgerException(AccountMessages.NoAccount(name));
    }

    public ApiToken AddToken(string account, string hash, string label) => Write(tx =>
    {
        var accountId = _connection.ExecuteScalar<long?>("SELECT id FROM accounts WHERE name = @account AND removed IS NULL", new { account }, tx)
            ?? throw new LedgerException(AccountMessages.NoAccount(account));
        var now = _clock.UtcNow;
        var id = _connection.ExecuteScalar<long>("INSERT INTO api_tokens(account_id, hash, label, created_at) VALUES (@accountId, @hash, @label, @at) RETURNING id",
            new { accountId, hash, label, at = LedgerTime.Format(now) }, tx);
        return new ApiToken(id, account, hash, label, now, null);
    });

    public Account? FindByToken(string hash) =>
        _connection.QuerySingleOrDefault<AccountRow>(
            "SELECT a.* FROM api_tokens t JOIN accounts a ON a.id = t.account_id WHERE t.hash = @hash AND t.revoked_at IS NULL AND a.removed IS NULL", new { hash }, _tx)?.ToAccount();

    public int RevokeTokens(string account, long? tokenId = null) => Write(tx =>
    {
        var accountId = _connection.ExecuteScalar<long?>("SELECT id FROM accounts WHERE name = @account AND removed IS NULL", new { account }, tx)
            ?? throw new LedgerException(AccountMessages.NoAccount(account));
        return _connection.Execute(
            "UPDATE api_tokens SET revoked_at = @at WHERE account_id = @accountId AND revoked_at IS NULL" + (tokenId is null ? "" : " AND id = @tokenId"),
            new { at = LedgerTime.Format(_clock.UtcNow), accountId, tokenId }, tx);
    });

    public IReadOnlyList<ApiToken> ListTokens(string? account = null) =>
        [.. _connection.Query<TokenRow>(
            "SELECT t.id, a.name AS account, t.hash, t.label, t.created_at, t.revoked_at FROM api_tokens t JOIN accounts a ON a.id = t.account_id" +
            (account is null ? "" : " WHERE a.name = @account") + " ORDER BY t.id", new { account }, _tx).Select(r => r.ToToken())];

    public void Audit(AuditEntry entry) =>
        _connection.Execute("INSERT INTO audit(at, actor, action, team, subject, reason, detail) VALUES (@At, @Actor, @Action, @Team, @Subject, @Reason, @Detail)",
            new { At = LedgerTime.Format(entry.At), entry.Actor, entry.Action, entry.Team, entry.Subject, entry.Reason, entry.Detail }, _tx);

    public IReadOnlyList<AuditEntry> AuditLog(int limit = 100) =>
        [.. _connection.Query<AuditRow>("SELECT * FROM audit ORDER BY id DESC LIMIT @limit", new { limit }, _tx).Select(r => r.ToEntry())];

    internal sealed class AccountRow
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string Role { get; set; } = "";
        public string Team { get; set; } = "";
        public string? PasswordHash { get; set; }
        public string CreatedAt { get; set; } = "";
        public string? Removed { get; set; }

        public Account ToAccount() => new(Id, Name, LedgerValidation.ParseStored<Role>(Role, "accounts", $"'{Name}'", "role"), Team, PasswordHash, LedgerTime.Parse(CreatedAt))
        {
            RemovedAt = Removed is null ? null : LedgerTime.Parse(Removed),
        };
    }

    internal sealed class TokenRow
    {
        public long Id { get; set; }
        public string Account { get; set; } = "";
        public string Hash { get; set; } = "";
        public string Label { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string? RevokedAt { get; set; }

        public ApiToken ToToken() => new(Id, Account, Hash, Label, LedgerTime.Parse(CreatedAt), RevokedAt is null ? null : LedgerTime.Parse(RevokedAt));
    }

    internal sealed class AuditRow
    {
        public long Id { get; set; }
        public string At { get; set; } = "";
        public string Actor { get; set; } = "";
        public string Action { get; set; } = "";
        public string Team { get; set; } = "";
        public string? Subject { get; set; }
        public string? Reason { get; set; }
        public string? Detail { get; set; }

        public AuditEntry ToEntry() => new(LedgerTime.Parse(At), Actor, Action, Team, Subject, Reason, Detail) { Id = Id };
    }
}

/// <summary>The checks every account store makes before writing an account.</summary>
public static class AccountRules
{
    public static void Check(string name, string team)
    {
        if (AccountNames.CheckAccount(name) is { } bad) throw new LedgerException(bad);
        if (AccountNames.CheckTeam(team) is { } badTeam) throw new LedgerException(badTeam);
    }
}

/// <summary>The account tables' numbered migrations (SQLite), recorded in <c>account_schema_version</c>. Never edit a released one.</summary>
public static class AccountSchema
{
    public static IReadOnlyList<LedgerSchema.Migration> Migrations { get; } =
    [
        new(1, "accounts, API token hashes, append-only audit log", """
            CREATE TABLE accounts(
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                role TEXT NOT NULL CHECK (role IN ('viewer', 'forecaster', 'resolver', 'admin')),
                team TEXT NOT NULL,
                password_hash TEXT,
                created_at TEXT NOT NULL);
            CREATE TABLE api_tokens(
                id INTEGER PRIMARY KEY,
                account_id INTEGER NOT NULL REFERENCES accounts(id),
                hash TEXT NOT NULL UNIQUE,
                label TEXT NOT NULL,
                created_at TEXT NOT NULL,
                revoked_at TEXT);
            CREATE TABLE audit(
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                team TEXT NOT NULL,
                subject TEXT,
                reason TEXT,
                detail TEXT);
            CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            -- A revoked token stays revoked: revoked_at is set once, and tokens are never deleted.
            CREATE TRIGGER api_tokens_revoked_once BEFORE UPDATE ON api_tokens
                WHEN OLD.revoked_at IS NOT NULL OR NEW.hash IS NOT OLD.hash OR NEW.account_id IS NOT OLD.account_id
                BEGIN SELECT RAISE(ABORT, 'a revoked token cannot be restored, and a token''s hash and account are fixed'); END;
            CREATE TRIGGER api_tokens_no_delete BEFORE DELETE ON api_tokens BEGIN SELECT RAISE(ABORT, 'tokens are revoked, never deleted'); END;
            """),
        new(2, "accounts.removed: an account is removed by marking it, never deleted (its forecasts stay attributed to it)", """
            ALTER TABLE accounts ADD COLUMN removed TEXT;
            -- A removed account stays removed and unchanged, an account's name is fixed, and no account row is deleted.
            CREATE TRIGGER accounts_removed_once BEFORE UPDATE ON accounts
                WHEN OLD.removed IS NOT NULL OR NEW.name IS NOT OLD.name OR NEW.id IS NOT OLD.id
                BEGIN SELECT RAISE(ABORT, 'a removed account stays removed, and an account''s name is fixed'); END;
            CREATE TRIGGER accounts_no_delete BEFORE DELETE ON accounts BEGIN SELECT RAISE(ABORT, 'accounts are removed (marked), never deleted'); END;
            """),
    ];

    public static int Latest => Migrations[^1].Version;
}
