using Brink.Accounts;
using Brink.Ledger;
using Dapper;
using Npgsql;

namespace Brink.Store.Postgres;

/// <summary>
/// Accounts, API token hashes and the audit log in the schema <c>brink_accounts</c> of the server's database, with their
/// own numbered migrations (<see cref="PostgresAccountSchema"/>); the audit log is append-only by trigger. Errors are
/// translated as the ledger's. Not thread-safe: one instance per request.
/// </summary>
public sealed class PostgresAccountStore : IAccountStore
{
    public const string Schema = "brink_accounts";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Migrated = new();

    static PostgresAccountStore() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    private readonly NpgsqlConnection _connection;
    private readonly IClock _clock;

    private PostgresAccountStore(NpgsqlConnection connection, string location, IClock clock)
    {
        _connection = connection;
        Location = location;
        _clock = clock;
    }

    public string Location { get; }

    public static PostgresAccountStore Open(string url, IClock? clock = null)
    {
        var target = PostgresUrl.Parse(url);
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(target.ConnectionString) { SearchPath = Schema }.ConnectionString);
        try
        {
            connection.Open();
            var store = new PostgresAccountStore(connection, target.Display, clock ?? SystemClock.Instance);
            // Migrated once per process and database: later opens skip the schema lock (a busy server opens per request).
            if (!Migrated.ContainsKey(target.ConnectionString))
            {
                store.Migrate();
                Migrated[target.ConnectionString] = true;
            }
            return store;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            connection.Dispose();
            throw PostgresLedgerStore.Translate(target.Display, e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>True when the database has at least one account; without the account schema it has none (nothing is created).</summary>
    public static bool HasAccounts(string url)
    {
        var target = PostgresUrl.Parse(url);
        try
        {
            using var connection = new NpgsqlConnection(target.ConnectionString);
            connection.Open();
            if (connection.ExecuteScalar<string?>($"SELECT to_regclass('{Schema}.accounts')::text") is null) return false;
            return connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM {Schema}.accounts") > 0;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw PostgresLedgerStore.Translate(target.Display, e);
        }
    }

    private T Guard<T>(Func<T> body)
    {
        try { return body(); }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException) { throw PostgresLedgerStore.Translate(Location, e); }
    }

    public int SchemaVersion => Guard(() => _connection.ExecuteScalar<int>("SELECT COALESCE(MAX(version), 0) FROM account_schema_version"));

    private void Migrate()
    {
        using var tx = _connection.BeginTransaction();
        _connection.Execute("SELECT pg_advisory_xact_lock(@key)", new { key = PostgresLedgerStore.WriteLock }, tx);
        _connection.Execute($"CREATE SCHEMA IF NOT EXISTS {Schema}", transaction: tx);
        _connection.Execute("CREATE TABLE IF NOT EXISTS account_schema_version(version integer PRIMARY KEY, description text NOT NULL, applied_at text NOT NULL)", transaction: tx);
        var current = _connection.ExecuteScalar<int>("SELECT COALESCE(MAX(version), 0) FROM account_schema_version", transaction: tx);
        if (current > PostgresAccountSchema.Latest)
            throw new LedgerException($"{Location}: account schema version {current} is newer than this Brink ({PostgresAccountSchema.Latest}); upgrade Brink.");
        foreach (var m in PostgresAccountSchema.Migrations.Where(m => m.Version > current))
        {
            _connection.Execute(m.Sql, transaction: tx);
            _connection.Execute("INSERT INTO account_schema_version(version, description, applied_at) VALUES (@v, @d, @t)",
                new { v = m.Version, d = m.Description, t = LedgerTime.Format(_clock.UtcNow) }, tx);
        }
        tx.Commit();
    }

    private NpgsqlTransaction? _tx;

    public T Atomically<T>(Func<T> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (_tx is not null) return body();
        return Guard(() =>
        {
            using var tx = _connection.BeginTransaction();
            // Two admins removing or demoting each other at once must not both succeed: the checks and changes under the writers' lock.
            _connection.Execute("SELECT pg_advisory_xact_lock(@key)", new { key = PostgresLedgerStore.WriteLock }, tx);
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
        });
    }

    /// <summary>A write in its own transaction, or in the open one of <see cref="Atomically{T}"/>.</summary>
    private T Write<T>(Func<NpgsqlTransaction, T> body) => _tx is { } open ? Guard(() => body(open)) : Atomically(() => body(_tx!));

    public long CountAccounts() => Guard(() => _connection.ExecuteScalar<long>("SELECT COUNT(*) FROM accounts", transaction: _tx));

    public Account AddAccount(string name, Role role, string team, string? passwordHash)
    {
        if (AccountNames.CheckAccount(name) is { } bad) throw new LedgerException(bad);
        if (AccountNames.CheckTeam(team) is { } badTeam) throw new LedgerException(badTeam);
        return Guard(() =>
        {
            var now = _clock.UtcNow;
            var id = _connection.ExecuteScalar<long?>(
                "INSERT INTO accounts(name, role, team, password_hash, created_at) VALUES (@name, @role, @team, @passwordHash, @at) ON CONFLICT (name) DO NOTHING RETURNING id",
                new { name, role = AccountNames.Name(role), team, passwordHash, at = LedgerTime.Format(now) }, _tx);
            if (id is null)
                throw new LedgerException(FindAccount(name, includeRemoved: true) is { } taken ? AccountMessages.Taken(taken) : $"account '{name}' already exists (see 'brink user list')");
            return new Account(id.Value, name, role, team, passwordHash, now);
        });
    }

    public Account? FindAccount(string name) => FindAccount(name, includeRemoved: false);

    public Account? FindAccount(string name, bool includeRemoved) => Guard(() =>
        _connection.QuerySingleOrDefault<AccountRow>("SELECT * FROM accounts WHERE name = @name" + (includeRemoved ? "" : " AND removed IS NULL"), new { name }, _tx)?.ToAccount());

    public IReadOnlyList<Account> ListAccounts(bool includeRemoved = false) => Guard(() =>
        (IReadOnlyList<Account>)[.. _connection.Query<AccountRow>("SELECT * FROM accounts" + (includeRemoved ? "" : " WHERE removed IS NULL") + " ORDER BY name", transaction: _tx).Select(r => r.ToAccount())]);

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

    public void SetPassword(string name, string? passwordHash) => Guard(() =>
    {
        if (_connection.Execute("UPDATE accounts SET password_hash = @passwordHash WHERE name = @name AND removed IS NULL", new { name, passwordHash }, _tx) == 0)
            throw new LedgerException(AccountMessages.NoAccount(name));
        return 0;
    });

    public ApiToken AddToken(string account, string hash, string label) => Guard(() =>
    {
        var now = _clock.UtcNow;
        var id = _connection.ExecuteScalar<long?>(
            "INSERT INTO api_tokens(account_id, hash, label, created_at) SELECT id, @hash, @label, @at FROM accounts WHERE name = @account AND removed IS NULL RETURNING id",
            new { account, hash, label, at = LedgerTime.Format(now) }, _tx)
            ?? throw new LedgerException(AccountMessages.NoAccount(account));
        return new ApiToken(id, account, hash, label, now, null);
    });

    public Account? FindByToken(string hash) => Guard(() =>
        _connection.QuerySingleOrDefault<AccountRow>(
            "SELECT a.* FROM api_tokens t JOIN accounts a ON a.id = t.account_id WHERE t.hash = @hash AND t.revoked_at IS NULL AND a.removed IS NULL", new { hash }, _tx)?.ToAccount());

    public int RevokeTokens(string account, long? tokenId = null) => Guard(() =>
    {
        var accountId = _connection.ExecuteScalar<long?>("SELECT id FROM accounts WHERE name = @account AND removed IS NULL", new { account }, _tx)
            ?? throw new LedgerException(AccountMessages.NoAccount(account));
        return _connection.Execute(
            "UPDATE api_tokens SET revoked_at = @at WHERE account_id = @accountId AND revoked_at IS NULL" + (tokenId is null ? "" : " AND id = @tokenId"),
            new { at = LedgerTime.Format(_clock.UtcNow), accountId, tokenId }, _tx);
    });

    public IReadOnlyList<ApiToken> ListTokens(string? account = null) => Guard(() =>
        (IReadOnlyList<ApiToken>)[.. _connection.Query<TokenRow>(
            "SELECT t.id, a.name AS account, t.hash, t.label, t.created_at, t.revoked_at FROM api_tokens t JOIN accounts a ON a.id = t.account_id" +
            (account is null ? "" : " WHERE a.name = @account") + " ORDER BY t.id", new { account }, _tx).Select(r => r.ToToken())]);

    public void Audit(AuditEntry entry) => Guard(() =>
        _connection.Execute("INSERT INTO audit(at, actor, action, team, subject, reason, detail) VALUES (@At, @Actor, @Action, @Team, @Subject, @Reason, @Detail)",
            new { At = LedgerTime.Format(entry.At), entry.Actor, entry.Action, entry.Team, entry.Subject, entry.Reason, entry.Detail }, _tx));

    public IReadOnlyList<AuditEntry> AuditLog(int limit = 100) => Guard(() =>
        (IReadOnlyList<AuditEntry>)[.. _connection.Query<AuditRow>("SELECT * FROM audit ORDER BY id DESC LIMIT @limit", new { limit }, _tx).Select(r => r.ToEntry())]);

    private sealed class AccountRow
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

    private sealed class TokenRow
    {
        public long Id { get; set; }
        public string Account { get; set; } = "";
        public string Hash { get; set; } = "";
        public string Label { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string? RevokedAt { get; set; }

        public ApiToken ToToken() => new(Id, Account, Hash, Label, LedgerTime.Parse(CreatedAt), RevokedAt is null ? null : LedgerTime.Parse(RevokedAt));
    }

    private sealed class AuditRow
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

/// <summary>The account tables' numbered migrations (PostgreSQL, schema <c>brink_accounts</c>). Never edit a released one.</summary>
public static class PostgresAccountSchema
{
    public static IReadOnlyList<PostgresSchema.Migration> Migrations { get; } =
    [
        new(1, "accounts, API token hashes, append-only audit log", """
            CREATE TABLE accounts(
                id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                name text COLLATE "C" NOT NULL UNIQUE,
                role text NOT NULL CHECK (role IN ('viewer', 'forecaster', 'resolver', 'admin')),
                team text NOT NULL,
                password_hash text,
                created_at text NOT NULL);
            CREATE TABLE api_tokens(
                id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                account_id bigint NOT NULL REFERENCES accounts(id),
                hash text NOT NULL UNIQUE,
                label text NOT NULL,
                created_at text NOT NULL,
                revoked_at text);
            CREATE TABLE audit(
                id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                at text NOT NULL,
                actor text NOT NULL,
                action text NOT NULL,
                team text NOT NULL,
                subject text,
                reason text,
                detail text);
            CREATE FUNCTION brink_accounts_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'raise_exception';
            END $$;
            CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
                FOR EACH ROW EXECUTE FUNCTION brink_accounts_refuse('the audit log is append-only');
            CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
                FOR EACH STATEMENT EXECUTE FUNCTION brink_accounts_refuse('the audit log is append-only');
            CREATE TRIGGER api_tokens_no_delete BEFORE DELETE ON api_tokens
                FOR EACH ROW EXECUTE FUNCTION brink_accounts_refuse('tokens are revoked, never deleted');
            CREATE FUNCTION brink_token_revoked_once() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF OLD.revoked_at IS NOT NULL OR NEW.hash IS DISTINCT FROM OLD.hash OR NEW.account_id IS DISTINCT FROM OLD.account_id THEN
                    RAISE EXCEPTION 'a revoked token cannot be restored, and a token''s hash and account are fixed' USING ERRCODE = 'raise_exception';
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER api_tokens_revoked_once BEFORE UPDATE ON api_tokens
                FOR EACH ROW EXECUTE FUNCTION brink_token_revoked_once();
            """),
        new(2, "accounts.removed: an account is removed by marking it, never deleted (its forecasts stay attributed to it)", """
            ALTER TABLE accounts ADD COLUMN removed text;
            -- A removed account stays removed and unchanged, an account's name is fixed, and no account row is deleted.
            CREATE FUNCTION brink_account_removed_once() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF OLD.removed IS NOT NULL OR NEW.name IS DISTINCT FROM OLD.name OR NEW.id IS DISTINCT FROM OLD.id THEN
                    RAISE EXCEPTION 'a removed account stays removed, and an account''s name is fixed' USING ERRCODE = 'raise_exception';
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER accounts_removed_once BEFORE UPDATE ON accounts
                FOR EACH ROW EXECUTE FUNCTION brink_account_removed_once();
            CREATE TRIGGER accounts_no_delete BEFORE DELETE ON accounts
                FOR EACH ROW EXECUTE FUNCTION brink_accounts_refuse('accounts are removed (marked), never deleted');
            CREATE TRIGGER accounts_no_truncate BEFORE TRUNCATE ON accounts
                FOR EACH STATEMENT EXECUTE FUNCTION brink_accounts_refuse('accounts are removed (marked), never deleted');
            """),
    ];

    public static int Latest => Migrations[^1].Version;
}
