using Brink.Application;
using Brink.Ledger;

namespace Brink.Web.Auth;

/// <summary>
/// Whether this server requires sign-in. It does as soon as its database has an account (or when
/// <see cref="BrinkWebOptions.RequireAuthentication"/> is set): the single-user workbench on 127.0.0.1 with no accounts
/// works as it always did, with no sign-in. Checked at start and then at most every few seconds, so the first
/// <c>brink user add</c> takes effect without a restart; once on it stays on for the life of the process.
/// </summary>
public sealed class AuthState(LedgerLocation server, BrinkWebOptions options)
{
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(3);
    private readonly Lock _gate = new();
    private bool _on = options.RequireAuthentication;
    private DateTime _checkedAt = DateTime.MinValue;

    public bool On
    {
        get
        {
            if (_on) return true;
            lock (_gate)
            {
                if (_on || DateTime.UtcNow - _checkedAt < Recheck) return _on;
                _on = LedgerStores.HasAccounts(server.Path);
                _checkedAt = DateTime.UtcNow;
                return _on;
            }
        }
    }
}
