using System.CommandLine;
using Brink.Application;
using Brink.Crisis;
using Brink.Ledger;
using Brink.Store;
using Spectre.Console;

namespace Brink.Cli.Commands;

/// <summary><c>ledger threats [ACTOR]</c>: each actor's follow-through record built from its resolved threat questions.</summary>
internal static class LedgerThreatCommands
{
    public static void Add(Command ledger, CliContext context, Option<string?> db) => ledger.Subcommands.Add(Threats(context, db));

    /// <summary>The records of every actor with resolved threat questions in <paramref name="store"/>.</summary>
    public static IReadOnlyList<ActorThreatRecord> Load(ILedgerStore store, double priorAlpha = 1, double priorBeta = 1, double? forgetting = null) =>
        CrisisService.ThreatRecordsOf(store, priorAlpha, priorBeta, forgetting);

    /// <summary>The <c>--threats-from-ledger</c> option of <c>run</c> and <c>simulate</c> (with <c>--model crisis</c>).</summary>
    public static Option<bool> FromLedgerOption() => new("--threats-from-ledger")
    {
        Description = "With --model crisis: set each actor's threat_record from its resolved threat questions in the ledger (--db); the ledger wins over the file.",
    };

    /// <summary>
    /// Sets <c>threat_record</c> of the scenario's actors from the ledger at <paramref name="dbPath"/> (or the default ledger),
    /// printing one notice per actor changed. False (with the message printed) when the ledger cannot be read.
    /// </summary>
    public static bool TryApply(CliContext context, string? dbPath, Brink.Scenarios.Scenario scenario, string command, out Brink.Scenarios.Scenario updated)
    {
        updated = scenario;
        if (!TryRead(context, dbPath, command, out var records)) return false;
        var notices = new List<string>();
        updated = CrisisService.ApplyThreats(scenario, records, notices);
        foreach (var notice in notices) context.Error.WriteLine(notice);
        return true;
    }

    /// <summary>The follow-through records of the ledger at <paramref name="dbPath"/> (or the default ledger); false (with the message printed) when it cannot be read.</summary>
    public static bool TryRead(CliContext context, string? dbPath, string command, out IReadOnlyList<ActorThreatRecord> records)
    {
        records = [];
        var path = dbPath is { Length: > 0 } p ? p : LedgerStores.DefaultLocation();
        if (!LedgerStores.IsServerUrl(path) && !File.Exists(path))
        {
            context.Error.WriteLine($"{command}: error: --threats-from-ledger: no ledger at {path} (give --db, or import questions first)");
            return false;
        }
        try
        {
            using var store = LedgerStores.Open(path, SystemClock.Instance, readOnly: true);
            records = Load(store);
            return true;
        }
        catch (Exception e) when (e is LedgerException or LedgerStorageException or Microsoft.Data.Sqlite.SqliteException)
        {
            context.Error.WriteLine($"{command}: error: --threats-from-ledger: {path}: {e.Message}");
            return false;
        }
    }

    private static Command Threats(CliContext context, Option<string?> db)
    {
        var actor = new Argument<string?>("actor") { Description = "Only this actor (default: every actor with resolved threat questions).", Arity = ArgumentArity.ZeroOrOne };
        var priorAlpha = new Option<double>("--prior-alpha") { Description = "α₀ of the Beta prior on the follow-through rate.", DefaultValueFactory = _ => 1 };
        var priorBeta = new Option<double>("--prior-beta") { Description = "β₀ of the Beta prior.", DefaultValueFactory = _ => 1 };
        var forgetting = new Option<double>("--forgetting") { Description = "Forgetting factor φ in (0, 1] (1 = no forgetting).", DefaultValueFactory = _ => new CrisisOptions().Forgetting };
        var format = LedgerCli.Format();
        var cmd = new Command("threats", "Follow-through records from resolved threat questions (--threat-by): yes = followed through, no = backed down.")
        {
            actor, priorAlpha, priorBeta, forgetting, format,
        };
        cmd.SetAction(parse => LedgerCli.WithStore(context, parse, db, store =>
        {
            double a0 = parse.GetValue(priorAlpha), b0 = parse.GetValue(priorBeta), phi = parse.GetValue(forgetting);
            if (!(a0 > 0) || !(b0 > 0) || double.IsInfinity(a0) || double.IsInfinity(b0)) throw new UsageException("--prior-alpha and --prior-beta must be positive numbers");
            if (!(phi is > 0 and <= 1)) throw new UsageException($"--forgetting must be in (0, 1], got {phi}");
            var records = Load(store, a0, b0, phi);
            if (parse.GetValue(actor) is { } only) records = records.Where(r => string.Equals(r.Actor, only, StringComparison.OrdinalIgnoreCase)).ToList();
            if (LedgerCli.Json(parse, format))
            {
                JsonOutput.Write(context, records.Select(r => ThreatRecordDocument.From(r, a0, b0, phi)).ToList());
                return ExitCodes.Ok;
            }
            if (records.Count == 0)
            {
                context.Out.WriteLine(parse.GetValue(actor) is { } a
                    ? $"No resolved threat questions for '{a}' (mark questions with 'brink ledger question add … --threat-by {a}')."
                    : "No resolved threat questions (mark questions with 'brink ledger question add … --threat-by ACTOR').");
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("Actor", "Record", "Mean follow-through", "α", "β", "Observations");
            foreach (var r in records)
                table.AddRow(Markup.Escape(r.Actor), r.Sequence, LedgerCli.F(r.Record.Mean, "0.000"), LedgerCli.F(r.Record.Alpha, "0.###"),
                    LedgerCli.F(r.Record.Beta, "0.###"), r.Observations.ToString(System.Globalization.CultureInfo.InvariantCulture));
            context.Console.Write(table);
            context.Out.WriteLine($"Prior Beta({LedgerCli.F(a0, "0.###")}, {LedgerCli.F(b0, "0.###")}), forgetting φ = {LedgerCli.F(phi, "0.###")}; records oldest first (F = followed through, B = backed down).");
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
