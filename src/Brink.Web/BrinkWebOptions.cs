using System.Net;

namespace Brink.Web;

/// <summary>How <c>brink serve</c> (or the Brink.Web executable) starts the API and workbench.</summary>
public sealed record BrinkWebOptions
{
    public const int DefaultPort = 5170;

    /// <summary>Address to bind: 127.0.0.1 unless authentication is configured (accounts are a later issue).</summary>
    public string Host { get; init; } = "127.0.0.1";
    /// <summary>Port; 0 = any free port.</summary>
    public int Port { get; init; } = DefaultPort;
    /// <summary>The SQLite ledger; null = the default ledger (BRINK_DB, else the user's data folder).</summary>
    public string? Db { get; init; }
    /// <summary>Largest request body (scenario text) accepted; larger ones answer 413. Default: the scenario file limit, 20 MiB.</summary>
    public long MaxBodyBytes { get; init; } = Brink.Scenarios.ScenarioLoader.MaxFileBytes;

    /// <summary>
    /// The seam for accounts: nothing configures authentication yet, so binding beyond loopback is refused.
    /// A later issue (accounts, PostgreSQL) sets this when it adds an authentication scheme.
    /// </summary>
    public bool AuthenticationConfigured { get; init; }

    /// <summary>Null when the bind is allowed, else the message to print.</summary>
    public string? BindError()
    {
        if (Port is < 0 or > 65535) return $"--port must be between 0 and 65535, got {Port}";
        var loopback = Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(Host, out var ip) && IPAddress.IsLoopback(ip));
        if (!IPAddress.TryParse(Host, out _) && !loopback) return $"--host: '{Host}' is not an IP address";
        if (!loopback && !AuthenticationConfigured)
            return $"refusing to bind {Host}: without authentication configured Brink serves only on loopback (127.0.0.1). " +
                "Accounts are not available yet; use an SSH tunnel or a reverse proxy with authentication to reach it from elsewhere.";
        return null;
    }

    public string Url => $"http://{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port}";
}
