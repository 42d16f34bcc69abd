using Brink.Accounts;

namespace Brink.Application;

/// <summary>A role change as it was made: the account before and after.</summary>
public sealed record RoleChange(Account Before, Account After);

/// <summary>
/// Changes to accounts that the last-admin rule guards, for every front end (<c>brink user role|remove</c>,
/// <c>POST /api/users/{name}/role</c>, <c>DELETE /api/users/{name}</c>) and every store: the rule lives here once, the check,
/// the change and its audit record run in one transaction under the store's writers' lock
/// (<see cref="IAccountStore.Atomically{T}"/>), so two admins demoting or removing each other at once cannot both succeed.
/// </summary>
public static class AccountAdministration
{
    /// <summary>
    /// The last-admin rule: a server keeps at least one admin in use. Throws <see cref="LastAdminException"/> when
    /// <paramref name="target"/> is an admin, no other admin in use is among <paramref name="accounts"/>, and the change
    /// (<paramref name="newRole"/>; null = removal) would leave it without one.
    /// </summary>
    public static void KeepAnAdmin(Account target, Role? newRole, IEnumerable<Account> accounts)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(accounts);
        if (target.Role != Role.Admin || newRole == Role.Admin) return;
        if (accounts.Any(a => a.Role == Role.Admin && a.RemovedAt is null && a.Id != target.Id)) return;
        throw new LastAdminException(target.Name, newRole is null ? "removed" : "demoted");
    }

    /// <summary>
    /// Changes the role of <paramref name="name"/> and writes the audit record (<c>role-set</c>) by <paramref name="actor"/>;
    /// null for an unknown or removed name, <see cref="LastAdminException"/> for demoting the last admin.
    /// </summary>
    public static RoleChange? SetRole(IAccountStore store, string name, Role role, string actor, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Atomically(() =>
        {
            if (store.FindAccount(name) is not { } before) return null;
            KeepAnAdmin(before, role, store.ListAccounts());
            var after = store.SetRole(name, role);
            store.Audit(new AuditEntry(at ?? DateTimeOffset.UtcNow, actor, "role-set", after.Team, name, null,
                $"role {AccountNames.Name(before.Role)} -> {AccountNames.Name(role)}"));
            return new RoleChange(before, after);
        });
    }

    /// <summary>
    /// Removes <paramref name="name"/> (marked, never deleted: its tokens are revoked, its forecasts stay attributed to it) and
    /// writes the audit record (<c>user-remove</c>, why <paramref name="reason"/>) by <paramref name="actor"/>; null for an
    /// unknown or already removed name, <see cref="LastAdminException"/> for the last admin.
    /// </summary>
    public static Account? Remove(IAccountStore store, string name, string actor, string? reason = null, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Atomically(() =>
        {
            if (store.FindAccount(name) is not { } account) return null;
            KeepAnAdmin(account, null, store.ListAccounts());
            var tokens = store.ListTokens(name).Count(t => t.RevokedAt is null);
            var removed = store.RemoveAccount(name);
            store.Audit(new AuditEntry(at ?? DateTimeOffset.UtcNow, actor, "user-remove", removed.Team, name, reason,
                $"role {AccountNames.Name(removed.Role)}; {tokens} token(s) revoked"));
            return removed;
        });
    }
}
