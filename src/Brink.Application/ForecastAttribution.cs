using Brink.Accounts;
using Brink.Ledger;

namespace Brink.Application;

/// <summary>
/// Whose a forecast entered by a signed-in account is (issue 12), for every front end: the account's own, or an outlet's,
/// pundit's or crowd's marked as entered by it. The name of another account, in use or removed, is never a forecaster
/// someone else writes under.
/// </summary>
public static class ForecastAttribution
{
    /// <summary>
    /// <paramref name="request"/> as <paramref name="me"/> may store it: with <paramref name="me"/> null (no accounts) as given
    /// without <c>recorded_by</c>; an empty forecaster or <paramref name="me"/> = the account's own (a person); a <c>model:</c>
    /// name or a named outlet, pundit or crowd (its kind given) = that forecaster, recorded by <paramref name="me"/>.
    /// <paramref name="findAccount"/> finds an account by name, removed ones included. Anything else is a <see cref="LedgerException"/>.
    /// </summary>
    public static AddForecastRequest Attribute(AddForecastRequest request, string? me, Func<string, Account?> findAccount)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(findAccount);
        if (me is null) return request with { RecordedBy = null };
        var name = request.Forecaster.Trim();
        if (name.Length == 0 || name == me) return request with { Forecaster = me, ForecasterKind = ForecasterKind.Person, RecordedBy = me };
        if (name.StartsWith("model:", StringComparison.Ordinal)) return request with { RecordedBy = me };
        if (findAccount(name) is { } other)
            throw new LedgerException(other.RemovedAt is null
                ? $"forecaster '{name}' is another account on this server; only '{name}' records forecasts under that name"
                : $"forecaster '{name}' is a removed account on this server; its forecasts keep the name, and nobody adds to them");
        if (request.ForecasterKind is null or ForecasterKind.Model)
            throw new LedgerException($"forecaster '{name}' is not you ({me}): to record an outlet's or pundit's forecast add forecaster_kind " +
                "(outlet, person for a pundit, crowd); it is stored under that name and marked as entered by you");
        return request with { RecordedBy = me };
    }
}
