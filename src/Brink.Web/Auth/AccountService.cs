using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Brink.Accounts;
using Brink.Application;
using Brink.Ledger;
using Microsoft.AspNetCore.Identity;

namespace Brink.Web.Auth;

/// <summary>
/// Accounts of a team server: passwords hashed with ASP.NET Core's <see cref="PasswordHasher{TUser}"/> (PBKDF2), API tokens
/// of 256 random bits stored only as their SHA-256 hash. <c>brink user</c> and the sign-in page both go through here.
/// </summary>
public static class AccountService
{
    /// <summary>Every token starts with this, so a leaked one is recognisable (e.g. by secret scanners).</summary>
    public const string TokenPrefix = "brink_";

    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly object NoUser = new();

    public static string HashPassword(string password) => Hasher.HashPassword(NoUser, password);

    /// <summary>A new token and the hash to store.</summary>
    public static (string Token, string Hash) NewToken()
    {
        var token = TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (token, TokenHash(token));
    }

    public static string TokenHash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The account if <paramref name="password"/> is its password; null otherwise (unknown name, no password set, wrong password).</summary>
    public static Account? CheckPassword(IAccountStore store, string name, string password)
    {
        var account = store.FindAccount(name);
        if (account?.PasswordHash is not { } hash)
        {
            // The same work for an unknown name, so the answer time does not tell which names exist.
            Hasher.VerifyHashedPassword(NoUser, DummyHash, password);
            return null;
        }
        var result = Hasher.VerifyHashedPassword(NoUser, hash, password);
        if (result == PasswordVerificationResult.SuccessRehashNeeded) store.SetPassword(name, HashPassword(password));
        return result == PasswordVerificationResult.Failed ? null : account;
    }

    private static readonly string DummyHash = Hasher.HashPassword(NoUser, "no such account");

    /// <summary>Creates an account (with a password if given) and a first API token; returns the token, shown once.</summary>
    public static (Account Account, string Token) AddUser(string database, string name, Role role, string team, string? password, string actor, IClock? clock = null)
    {
        clock ??= SystemClock.Instance;
        using var store = LedgerStores.OpenAccounts(database, clock, createDirectory: true);
        var account = store.AddAccount(name, role, team, password is null ? null : HashPassword(password));
        var (token, hash) = NewToken();
        store.AddToken(name, hash, "created with the account");
        store.Audit(new AuditEntry(clock.UtcNow, actor, "user-add", team, name, null, $"role {AccountNames.Name(role)}"));
        // The team's ledger exists from the start, so the first request does not have to create it.
        using (LedgerStores.Open(database, clock, createDirectory: true, team: team)) { }
        return (account, token);
    }

    /// <summary>A further token for an existing account.</summary>
    public static string AddToken(string database, string name, string label, string actor, IClock? clock = null)
    {
        clock ??= SystemClock.Instance;
        using var store = LedgerStores.OpenAccounts(database, clock);
        var account = store.FindAccount(name) ?? throw new LedgerException($"no account '{name}' (see 'brink user list')");
        var (token, hash) = NewToken();
        store.AddToken(name, hash, label);
        store.Audit(new AuditEntry(clock.UtcNow, actor, "token-add", account.Team, name, null, label));
        return token;
    }

    /// <summary>
    /// The audit record of a resolution or re-resolution made by a signed-in account: who, when, what, why. It is written in
    /// the resolution's own transaction (<see cref="LedgerLocation.ResolutionAudit"/>), never after it.
    /// </summary>
    public static AuditEntry ResolutionAudit(string actor, string team, Resolution r) => AuditRecords.Resolution(actor, team, r);

    /// <summary>The principal of a signed-in account: its name, role and team as claims.</summary>
    public static ClaimsPrincipal Principal(Account account, string scheme) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, account.Name),
            new Claim(ClaimTypes.Role, AccountNames.Name(account.Role)),
            new Claim(BrinkClaims.Team, account.Team),
            new Claim(BrinkClaims.Stamp, Stamp(account)),
        ], scheme, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>
    /// Changes when the account's password, role or team changes (or the password is removed): a session cookie carrying
    /// an older stamp is refused on its next request.
    /// </summary>
    public static string Stamp(Account account) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{account.Id}|{account.Role}|{account.Team}|{account.PasswordHash}")))[..16];
}

/// <summary>Claim types Brink adds beside name and role.</summary>
public static class BrinkClaims
{
    public const string Team = "brink:team";
    public const string Stamp = "brink:stamp";

    /// <summary>The account's role from its claims; null when not signed in or the claim is not a role.</summary>
    public static Role? RoleOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && Enum.TryParse<Role>(user.FindFirstValue(ClaimTypes.Role), true, out var r) ? r : null;

    public static string? TeamOf(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true ? user.FindFirstValue(Team) : null;
}
