using System.Text.RegularExpressions;
using Brink.Ledger;

namespace Brink.Accounts;

/// <summary>
/// What an account may do on a team server, each role including the ones before it: a viewer reads the ledger and runs
/// models; a forecaster also adds questions and forecasts; a resolver also resolves and re-resolves; an admin also sees
/// the audit log (accounts themselves are managed with <c>brink user</c> on the server's database).
/// </summary>
public enum Role
{
    /// <summary>Reads the ledger and runs models.</summary>
    Viewer,
    /// <summary>A viewer who also adds questions and forecasts.</summary>
    Forecaster,
    /// <summary>A forecaster who also resolves and re-resolves questions.</summary>
    Resolver,
    /// <summary>A resolver who also sees the audit log.</summary>
    Admin,
}

/// <summary>An account: a person who signs in to the workbench (with a password) or runs scripts (with API tokens).</summary>
/// <param name="Team">The team whose ledger the account reads and writes; every team has a ledger of its own.</param>
/// <param name="PasswordHash">ASP.NET Core's PasswordHasher output; null = no workbench sign-in (tokens only).</param>
public sealed record Account(long Id, string Name, Role Role, string Team, string? PasswordHash, DateTimeOffset CreatedAt)
{
    /// <summary>
    /// When the account was removed (<c>brink user remove</c>); null while it is in use. A removed account signs in with nothing,
    /// and its name stays taken: its forecasts and audit entries stay attributed to it.
    /// </summary>
    public DateTimeOffset? RemovedAt { get; init; }
}

/// <summary>An API token as stored: only its SHA-256 hash, never the token itself.</summary>
public sealed record ApiToken(long Id, string Account, string Hash, string Label, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>One line of the append-only audit log: who did what, when, to what, and why.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string Team, string? Subject = null, string? Reason = null, string? Detail = null)
{
    /// <summary>The entry's number in the log, given by the store when it is appended (0 before).</summary>
    public long Id { get; init; }
}

/// <summary>Refused because the server would be left without an admin (HTTP 409); <paramref name="change"/> says what was refused ("demoted", "removed").</summary>
public sealed class LastAdminException(string account, string change = "demoted") : Exception(
    $"'{account}' is the last admin and cannot be {change}: make another account admin first ('brink user role NAME admin'), so the server keeps one");

/// <summary>Names of accounts and teams: lower-case letters, digits, '_', '-' and '.', starting with a letter or digit.</summary>
public static partial class AccountNames
{
    /// <summary>The team of a server's own database (the ledger <c>--db</c> names); other teams get ledgers of their own.</summary>
    public const string MainTeam = "main";

    [GeneratedRegex("^[a-z0-9][a-z0-9_.-]{0,62}$")]
    private static partial Regex AccountPattern();

    [GeneratedRegex("^[a-z][a-z0-9_]{0,39}$")]
    private static partial Regex TeamPattern();

    /// <summary>Null when <paramref name="name"/> is a valid account name, else why not.</summary>
    public static string? CheckAccount(string name) => AccountPattern().IsMatch(name) ? null
        : $"account name '{name}': use 1–63 lower-case letters, digits, '_', '-' or '.', starting with a letter or digit";

    /// <summary>Null when <paramref name="team"/> is a valid team name (it becomes part of a schema or file name), else why not.</summary>
    public static string? CheckTeam(string team) => TeamPattern().IsMatch(team) ? null
        : $"team name '{team}': use 1–40 lower-case letters, digits or '_', starting with a letter";

    /// <summary>The role named by <paramref name="text"/> (any case); anything else is a <see cref="LedgerException"/> that lists the roles.</summary>
    public static Role ParseRole(string text) => Enum.TryParse<Role>(text, ignoreCase: true, out var r) && Enum.IsDefined(r) && !int.TryParse(text, out _)
        ? r
        : throw new LedgerException($"--role: '{text}' is not one of viewer, forecaster, resolver, admin");

    /// <summary>The role's name as users type it: lower case (<c>viewer</c>, <c>forecaster</c> …).</summary>
    public static string Name(Role role) => role.ToString().ToLowerInvariant();
}

/// <summary>
/// Accounts, API tokens and the audit log of a team server, kept in the server's database beside the main ledger
/// (SQLite: the same file; PostgreSQL: the schema <c>brink_accounts</c>), with numbered migrations of their own.
/// The audit log is append-only, enforced by the database. Errors are <see cref="LedgerException"/> (a user mistake such
/// as a taken name) or <see cref="LedgerStorageException"/>, as for the ledger.
/// </summary>
public interface IAccountStore : IDisposable
{
    /// <summary>Where the store lives, for messages: the SQLite file's path or the PostgreSQL location.</summary>
    string Location { get; }

    /// <summary>The version of the account schema's migrations.</summary>
    int SchemaVersion { get; }

    /// <summary>How many accounts there are.</summary>
    long CountAccounts();

    /// <summary>Creates an account; a taken name is a <see cref="LedgerException"/>.</summary>
    Account AddAccount(string name, Role role, string team, string? passwordHash);

    /// <summary>The account called <paramref name="name"/>; null if none or removed.</summary>
    Account? FindAccount(string name);

    /// <summary>The account called <paramref name="name"/>, a removed one too when <paramref name="includeRemoved"/>; null if none.</summary>
    Account? FindAccount(string name, bool includeRemoved);

    /// <summary>Every account in use, and the removed ones too when <paramref name="includeRemoved"/>.</summary>
    IReadOnlyList<Account> ListAccounts(bool includeRemoved = false);

    /// <summary>
    /// Changes the account's role (its sessions end at their next request: the stamp changes); an unknown or removed name is a
    /// <see cref="LedgerException"/>. The last-admin rule is the caller's: use <c>Brink.Application.AccountAdministration</c>.
    /// </summary>
    Account SetRole(string name, Role role);

    /// <summary>
    /// Marks the account removed and revokes its tokens (nothing is deleted: its forecasts stay attributed to it, and its name
    /// stays taken); returns it with <see cref="Account.RemovedAt"/>. An unknown or removed name is a <see cref="LedgerException"/>.
    /// The last-admin rule is the caller's: use <c>Brink.Application.AccountAdministration</c>.
    /// </summary>
    Account RemoveAccount(string name);

    /// <summary>
    /// Runs <paramref name="body"/> (calls on this store) as one transaction under the writers' lock: what it reads cannot
    /// change under it before it commits, and its writes (an audit entry included) are committed together or not at all.
    /// </summary>
    T Atomically<T>(Func<T> body);

    /// <summary>Sets (or with null removes) the account's password hash.</summary>
    void SetPassword(string name, string? passwordHash);

    /// <summary>Stores a new token's hash for the account.</summary>
    ApiToken AddToken(string account, string hash, string label);

    /// <summary>The account of a token that is not revoked, found by the token's hash; null if none.</summary>
    Account? FindByToken(string hash);

    /// <summary>Revokes the account's tokens that are still valid (one, if <paramref name="tokenId"/> is given); returns how many.</summary>
    int RevokeTokens(string account, long? tokenId = null);

    /// <summary>The tokens of one account, or of every account when <paramref name="account"/> is null, revoked ones included.</summary>
    IReadOnlyList<ApiToken> ListTokens(string? account = null);

    /// <summary>Appends to the audit log.</summary>
    void Audit(AuditEntry entry);

    /// <summary>The latest <paramref name="limit"/> audit entries, newest first.</summary>
    IReadOnlyList<AuditEntry> AuditLog(int limit = 100);
}
