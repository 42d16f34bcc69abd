using Brink.Accounts;
using Brink.Ledger;
using Brink.Store;
using Brink.Store.Postgres;

namespace Brink.Application;

/// <summary>
/// The one place that decides which store a <c>--db</c> value (or <c>BRINK_DB</c>) names: a
/// <c>postgres://</c> or <c>postgresql://</c> URL is a PostgreSQL database, anything else an SQLite ledger file.
/// Every front end opens ledgers through here.
/// </summary>
public static class LedgerStores
{
    /// <summary>True when <paramref name="location"/> is a PostgreSQL URL rather than a file path.</summary>
    public static bool IsServerUrl(string location) =>
        location.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <summary>BRINK_DB if set (a file or a URL), else the default ledger file.</summary>
    public static string DefaultLocation() => LedgerStore.DefaultPath();

    /// <summary>
    /// Opens (creating and migrating if needed) the ledger at <paramref name="location"/>. <paramref name="readOnly"/> opens an
    /// SQLite file for reading only (on PostgreSQL the database user's rights decide) (a read-only file is fine); <paramref name="createDirectory"/> lets a missing parent
    /// directory of a file be created (only for the default location).
    /// </summary>
    public static ILedgerStore Open(string location, IClock? clock = null, bool readOnly = false, bool createDirectory = false, string? team = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        var other = team is not null && team != AccountNames.MainTeam;
        if (other && AccountNames.CheckTeam(team!) is { } bad) throw new LedgerException(bad);
        if (IsServerUrl(location)) return PostgresLedgerStore.Open(location, clock ?? SystemClock.Instance, other ? TeamSchema(team!) : null);
        if (!other)
            return readOnly
                ? LedgerStore.OpenForReading(location, clock ?? SystemClock.Instance, createDirectory: createDirectory)
                : LedgerStore.Open(location, clock ?? SystemClock.Instance, createDirectory: createDirectory);
        // A team's file writes its resolutions' audit records into the main file's audit log (attached, one transaction).
        var file = TeamFile(location, team!);
        return (readOnly
            ? LedgerStore.OpenForReading(file, clock ?? SystemClock.Instance, createDirectory: createDirectory)
            : LedgerStore.Open(file, clock ?? SystemClock.Instance, createDirectory: createDirectory)).AuditInto(location);
    }

    /// <summary>
    /// Accounts, tokens and the audit log of the server whose database is <paramref name="location"/> (an SQLite ledger
    /// file or a PostgreSQL URL).
    /// </summary>
    public static IAccountStore OpenAccounts(string location, IClock? clock = null, bool createDirectory = false) =>
        IsServerUrl(location) ? PostgresAccountStore.Open(location, clock) : AccountStore.Open(location, clock, createDirectory);

    /// <summary>
    /// Whether the database at <paramref name="location"/> has any account, without creating the account tables (a
    /// single-user ledger stays as it is). A database that cannot be reached is a <see cref="LedgerStorageException"/>.
    /// </summary>
    public static bool HasAccounts(string location) =>
        IsServerUrl(location) ? PostgresAccountStore.HasAccounts(location) : AccountStore.HasAccounts(location);

    /// <summary>The PostgreSQL schema holding a team's ledger (the main team uses the database's default schema).</summary>
    public static string TeamSchema(string team) => "team_" + team;

    /// <summary>The SQLite file holding a team's ledger: beside the main file, e.g. ledger.db → ledger.team-newsroom.db.</summary>
    public static string TeamFile(string mainFile, string team)
    {
        var full = Path.GetFullPath(mainFile);
        var dir = Path.GetDirectoryName(full) ?? ".";
        return Path.Combine(dir, $"{Path.GetFileNameWithoutExtension(full)}.team-{team}{Path.GetExtension(full)}");
    }
}
