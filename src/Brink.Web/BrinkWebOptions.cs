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
    /// <summary>The ledger database (an SQLite file or a postgres:// URL); null = the default ledger (BRINK_DB, else the user's data folder).</summary>
    public string? Db { get; init; }
    /// <summary>Largest request body (scenario text) accepted; larger ones answer 413. Default: the scenario file limit, 20 MiB.</summary>
    public long MaxBodyBytes { get; init; } = Brink.Scenarios.ScenarioLoader.MaxFileBytes;

    /// <summary>
    /// True when the server requires sign-in (its database has accounts, see <see cref="Auth.AuthState"/>): only then may it
    /// bind beyond loopback. <see cref="BrinkWebHost.ServeAsync"/> sets it from the database.
    /// </summary>
    public bool AuthenticationConfigured { get; init; }

    /// <summary>Require sign-in even before the database has an account (nobody can sign in until one is added).</summary>
    public bool RequireAuthentication { get; init; }

    /// <summary>The cluster that runs sweep jobs (<c>brink serve --cluster URL</c>, POST /api/jobs/sweep); null = none, the route answers 404.</summary>
    public Brink.Application.ISweepService? Sweeps { get; init; }

    /// <summary>Null when the bind is allowed, else the message to print.</summary>
    public string? BindError()
    {
        if (Port is < 0 or > 65535) return $"--port must be between 0 and 65535, got {Port}";
        var loopback = Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(Host, out var ip) && IPAddress.IsLoopback(ip));
        if (!IPAddress.TryParse(Host, out _) && !loopback) return $"--host: '{Host}' is not an IP address";
        if (!loopback && !AuthenticationConfigured)
            return $"refusing to bind {Host}: without authentication configured Brink serves only on loopback (127.0.0.1). " +
                "Create an account first ('brink user add NAME --role admin --db …'; see docs/server.md), or use an SSH tunnel.";
        return null;
    }

    public string Url => $"http://{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port}";
}
