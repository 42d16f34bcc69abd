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

    public LedgerLocation Location => auth.On && UserName is { } me && (BrinkClaims.TeamOf(User) ?? AccountNames.MainTeam) is var team
        ? server with { Team = team, ResolutionAudit = r => AccountService.ResolutionAudit(me, team, r) }
        : auth.On ? server with { Team = BrinkClaims.TeamOf(User) ?? AccountNames.MainTeam } : server;

    public string Path => Location.Display;

    public T With<T>(Func<ILedgerStore, T> body, IClock? clock = null) => Location.With(body, clock);

    /// <summary>
    /// Kept for the pages: with accounts a resolution made through <see cref="With{T}"/> already wrote its audit record in
    /// its own transaction (<see cref="LedgerLocation.ResolutionAudit"/>), so there is nothing left to write here.
    /// </summary>
#pragma warning disable CA1822 // the pages call it on the injected instance
    public void Audit(Resolution r) => ArgumentNullException.ThrowIfNull(r);
#pragma warning restore CA1822

    /// <summary>
    /// A forecast entered on the workbench as the signed-in account may store it (<see cref="ForecastAttribution"/>, the API's rule):
    /// its own, or a named forecaster's marked as entered by it; never under another account's name, removed ones included.
    /// </summary>
    public AddForecastRequest Attribute(AddForecastRequest request) => ForecastAttribution.Attribute(request, UserName, name =>
    {
        using var accounts = LedgerStores.OpenAccounts(server.Path);
        return accounts.FindAccount(name, includeRemoved: true);
    });

    /// <summary>Throws a <see cref="LedgerException"/> (shown on the page) unless the account has <paramref name="role"/> or above.</summary>
    public void Require(Role role, string what)
    {
        if (!auth.On) return;
        var mine = BrinkClaims.RoleOf(User);
        if (mine is null || mine < role)
            throw new LedgerException($"your role ({(mine is { } m ? AccountNames.Name(m) : "none")}) may not {what}: that needs {AccountNames.Name(role)} or above");
    }
}
