using Brink.Accounts;
using Brink.Application;
using Brink.Ledger;
using Microsoft.AspNetCore.Components.Authorization;

namespace Brink.Web.Auth;

/// <summary>
/// The ledger as the workbench's pages see it: the signed-in account's team ledger and its rights (with no accounts on
/// the server: the server's ledger, every right, no name). Same surface as <see cref="LedgerLocation"/>.
/// </summary>
public sealed class WorkbenchLedger(LedgerLocation server, AuthState auth, AuthenticationStateProvider authentication)
{
    private System.Security.Claims.ClaimsPrincipal? _user;

    private System.Security.Claims.ClaimsPrincipal User =>
        _user ??= authentication.GetAuthenticationStateAsync().GetAwaiter().GetResult().User;

    /// <summary>The signed-in account's name; null without accounts.</summary>
    public string? UserName => auth.On ? User.Identity?.Name : null;

    public LedgerLocation Location => auth.On ? server with { Team = BrinkClaims.TeamOf(User) ?? AccountNames.MainTeam } : server;

    public string Path => Location.Display;

    public T With<T>(Func<ILedgerStore, T> body, IClock? clock = null) => Location.With(body, clock);

    /// <summary>Throws a <see cref="LedgerException"/> (shown on the page) unless the account has <paramref name="role"/> or above.</summary>
    public void Require(Role role, string what)
    {
        if (!auth.On) return;
        var mine = BrinkClaims.RoleOf(User);
        if (mine is null || mine < role)
            throw new LedgerException($"your role ({(mine is { } m ? AccountNames.Name(m) : "none")}) may not {what}: that needs {AccountNames.Name(role)} or above");
    }
}
