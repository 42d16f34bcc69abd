using System.Globalization;
using Brink.Accounts;
using Brink.Ledger;
using Brink.Ledger.Import;

namespace Brink.Application;

/// <summary>The audit records of resolutions, as every front end writes them: who, when, what, why.</summary>
public static class AuditRecords
{
    /// <summary>The actor of a command-line user in the audit log: <c>cli:</c> and the operating-system user.</summary>
    public static string CliActor() => $"cli:{Environment.UserName}";

    /// <summary>
    /// The audit record of a resolution or re-resolution made by <paramref name="actor"/> in <paramref name="team"/>'s ledger
    /// (action <c>resolve</c> or <c>reresolve</c>, subject the question, why the resolution's reason).
    /// </summary>
    public static AuditEntry Resolution(string actor, string team, Resolution r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var value = r.Value is { } v ? " " + v.ToString(CultureInfo.InvariantCulture) : "";
        return new AuditEntry(r.RecordedAt ?? DateTimeOffset.UtcNow, actor, r.Revision > 1 ? "reresolve" : "resolve", team, r.QuestionId, r.Reason,
            $"revision {r.Revision}: {LedgerValidation.Name(r.State)}{value}" + (r.Evidence is { } e ? $"; evidence: {e}" : ""));
    }

    /// <summary>
    /// <paramref name="entry"/> (the record of <paramref name="r"/>) as the record of a resolution an import stored: why is
    /// <c>import SOURCE: FILE</c>, and the reason the file gave (if any) is kept in the detail.
    /// </summary>
    public static AuditEntry Imported(AuditEntry entry, Resolution r, ImportBatch batch)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(batch);
        return entry with
        {
            Reason = $"import {batch.Source}: {batch.File}",
            Detail = entry.Detail + (r.Reason is { Length: > 0 } why ? $"; reason in the file: {why}" : ""),
        };
    }
}
