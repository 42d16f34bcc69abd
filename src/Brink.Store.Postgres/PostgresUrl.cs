using Brink.Ledger;
using Npgsql;

namespace Brink.Store.Postgres;

/// <summary>
/// A <c>postgres://user:password@host:port/database?sslmode=require</c> URL as an Npgsql connection string, and as a
/// display form without the password for messages.
/// </summary>
public sealed record PostgresUrl(string ConnectionString, string Display)
{
    public static PostgresUrl Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql") || string.IsNullOrEmpty(uri.Host))
            throw new LedgerException($"--db: '{Redact(url)}' is not a PostgreSQL URL; write postgres://USER:PASSWORD@HOST:PORT/DATABASE");
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0 || database.Contains('/'))
            throw new LedgerException($"--db: '{Redact(url)}' names no database; write postgres://USER:PASSWORD@HOST:PORT/DATABASE");
        var b = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host, Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port, Database = database,
            Timeout = 10, CommandTimeout = 60, ApplicationName = "brink",
        };
        var user = uri.UserInfo.Split(':', 2);
        if (user[0].Length > 0) b.Username = Uri.UnescapeDataString(user[0]);
        if (user.Length > 1) b.Password = Uri.UnescapeDataString(user[1]);
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "";
            try { b[key] = value; }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
            {
                throw new LedgerException($"--db: option '{key}={value}' in the URL is not a PostgreSQL connection setting ({e.Message})");
            }
        }
        var display = $"postgres://{(user[0].Length > 0 ? Uri.UnescapeDataString(user[0]) + "@" : "")}{b.Host}:{b.Port}/{database}";
        return new PostgresUrl(b.ConnectionString, display);
    }

    /// <summary>The URL with any password replaced by ***, for messages.</summary>
    public static string Redact(string url)
    {
        var at = url.LastIndexOf('@');
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (at < 0 || scheme < 0 || at < scheme) return url;
        var userInfo = url[(scheme + 3)..at];
        var colon = userInfo.IndexOf(':');
        return colon < 0 ? url : url[..(scheme + 3)] + userInfo[..colon] + ":***" + url[at..];
    }
}
