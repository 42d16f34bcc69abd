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
    public static ILedgerStore Open(string location, IClock? clock = null, bool readOnly = false, bool createDirectory = false)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (IsServerUrl(location)) return PostgresLedgerStore.Open(location, clock ?? SystemClock.Instance);
        return readOnly
            ? LedgerStore.OpenForReading(location, clock ?? SystemClock.Instance, createDirectory: createDirectory)
            : LedgerStore.Open(location, clock ?? SystemClock.Instance, createDirectory: createDirectory);
    }
}
