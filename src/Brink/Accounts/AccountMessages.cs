using Brink.Ledger;

namespace Brink.Accounts;

/// <summary>The messages every account store gives for the same mistakes, so both backends read alike.</summary>
public static class AccountMessages
{
    /// <summary>The message for an unknown (or removed) account name.</summary>
    public static string NoAccount(string name) => $"no account '{name}' (see 'brink user list')";

    /// <summary>The message for a name that is taken, by an account in use or by a removed one (whose forecasts keep the name).</summary>
    public static string Taken(Account existing)
    {
        ArgumentNullException.ThrowIfNull(existing);
        return existing.RemovedAt is { } removed
            ? $"account name '{existing.Name}' belonged to an account removed on {LedgerTime.Format(removed)}; its forecasts and audit entries keep the name, so choose another"
            : $"account '{existing.Name}' already exists (see 'brink user list')";
    }
}
