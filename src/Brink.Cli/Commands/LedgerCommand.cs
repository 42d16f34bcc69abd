using System.CommandLine;

namespace Brink.Cli.Commands;

/// <summary>
/// <c>brink ledger …</c>: the forecast ledger that keeps score, for people and for Brink's own models.
/// Subcommands live in the other Ledger*.cs files; the database is --db, else $BRINK_DB, else the user's data directory.
/// </summary>
public sealed class LedgerCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var ledger = new Command("ledger", "Record forecasts, resolve questions and keep score (see docs/ledger.md).");
        var db = LedgerCli.Db();
        ledger.Options.Add(db);
        LedgerWriteCommands.Add(ledger, context, db);
        LedgerViewCommands.Add(ledger, context, db);
        LedgerScoreCommands.Add(ledger, context, db);
        LedgerImportCommands.Add(ledger, context, db);
        LedgerThreatCommands.Add(ledger, context, db);
        LedgerCopyCommand.Add(ledger, context);
        return ledger;
    }
}
