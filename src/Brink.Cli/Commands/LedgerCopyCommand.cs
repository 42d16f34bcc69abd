using System.CommandLine;
using Brink.Application;
using Brink.Ledger;
using Brink.Store;

namespace Brink.Cli.Commands;

/// <summary><c>ledger copy --from A --to B</c>: moves a ledger with its history between an SQLite file and a PostgreSQL database (either way).</summary>
internal static class LedgerCopyCommand
{
    public static void Add(Command ledger, CliContext context)
    {
        var from = new Option<string>("--from") { Description = "The ledger to copy: an SQLite file or a postgres://USER:PASSWORD@HOST:PORT/DATABASE URL.", Required = true };
        var to = new Option<string>("--to") { Description = "Where to copy it: a file (created if missing) or a postgres:// URL (an empty database, or one with the same history).", Required = true };
        var copy = new Command("copy", "Copy a ledger with its whole history (forecasts, resolution revisions) between SQLite and PostgreSQL; all or nothing.");
        copy.Options.Add(from);
        copy.Options.Add(to);
        copy.SetAction(parse =>
        {
            var source = parse.GetValue(from)!;
            var target = parse.GetValue(to)!;
            if (string.Equals(source, target, StringComparison.Ordinal)) return LedgerCli.Fail(context, "--from and --to name the same ledger");
            if (!LedgerStores.IsServerUrl(source) && !File.Exists(source)) return LedgerCli.Fail(context, $"--from: no ledger at {source}");
            try
            {
                using var a = LedgerStores.Open(source, SystemClock.Instance, readOnly: true);
                using var opened = LedgerStores.Open(target, SystemClock.Instance);
                // Into a team server's database each copied resolution leaves its audit record (why: import copy: SOURCE).
                using var b = LedgerStores.HasAccounts(target)
                    ? new AuditedLedgerStore(opened, r => AuditRecords.Resolution(AuditRecords.CliActor(), Brink.Accounts.AccountNames.MainTeam, r))
                    : opened;
                var outcome = LedgerCopy.Copy(a, b);
                if (!outcome.Committed)
                {
                    foreach (var p in outcome.Problems.Take(20)) context.Error.WriteLine($"brink: {p.Message}");
                    return LedgerCli.Fail(context, $"{b.Location}: its history disagrees with {a.Location}'s; nothing was copied");
                }
                var counts = b.Counts();
                context.Out.WriteLine($"Copied {a.Location} to {b.Location}: {outcome.QuestionsAdded} questions added ({outcome.QuestionsExisting} already there), " +
                    $"{outcome.ForecastsAdded} forecasts added ({outcome.ForecastsExisting} already there), {outcome.ResolutionsAdded} resolution entries.");
                context.Out.WriteLine($"Target now holds {counts["questions"]} questions, {counts["forecasters"]} forecasters, {counts["forecasts"]} forecasts, {counts["resolutions"]} resolution entries.");
                return ExitCodes.Ok;
            }
            catch (LedgerException e) { return LedgerCli.Fail(context, e.Message); }
            catch (LedgerStorageException e) { return LedgerCli.Fail(context, e.Message); }
            catch (Microsoft.Data.Sqlite.SqliteException e) { return LedgerCli.Fail(context, $"cannot open or write the ledger file ({e.Message})"); }
        });
        ledger.Subcommands.Add(copy);
    }
}
