using System.CommandLine;
using Brink.Application;
using Brink.Cli.Rendering;
using Brink.Models;
using Brink.Scenarios;

namespace Brink.Cli.Commands;

/// <summary>
/// <c>brink run FILE [--model M] [--variant V] [--rounds N] [--format table|json|csv] [--issue ID] [--trace]</c>:
/// validates the scenario, runs the chosen models on its issues and prints the forecasts
/// (by default every model's default variant side by side, with the EUM's round-by-round trace).
/// </summary>
public sealed class RunCommand : ICliCommand
{
    public const int MaxRounds = ModelRegistry.MaxRounds;

    public Command Build(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "Scenario file: .yaml/.yml, .json, or a classic actor table .csv/.tsv." };
        var model = new Option<string?>("--model", "-m")
        {
            Description = $"Model to run: {string.Join(", ", ModelCatalog.Models)}, {CrisisModel} (the EUM joined to the crisis models), " +
                $"{SmpModelName} (KTAB's spatial model of politics, on multi-dimensional issues as a whole), or {ScenarioRun.All} (default: every bargaining model).",
        };
        var variant = new Option<string?>("--variant")
        {
            Description = $"Variant (default: each model's first; {ScenarioRun.All} = every variant). " +
                string.Join("; ", ModelCatalog.Models.Select(m => $"{m}: {string.Join(", ", ModelCatalog.Variants(m))}")) + ".",
        };
        var rounds = new Option<int>("--rounds")
        {
            Description = "Rounds of the expected utility model.",
            DefaultValueFactory = _ => new ModelOptions().Rounds,
        };
        var format = new Option<string>("--format")
        {
            Description = "table (terminal), json (one document) or csv (one row per issue and model).",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var issue = new Option<string?>("--issue") { Description = "Run one issue (by id) instead of all." };
        var trace = new Option<string?>("--trace")
        {
            Description = "With --format csv: print the EUM trace (one row per round and actor) instead of the forecasts. " +
                $"--trace {DyadTrace}: keep every dyad's E^i(U_ij) and E^i(U_ji) in every round (16n² bytes a round): with --format json in rounds[].dyads, " +
                "with --format csv one row per round and dyad. " +
                $"With --model {SmpModelName}: --trace FILE writes the per-turn log (JSON Lines) to FILE.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var smp = SmpCliOptions.Create();
        var maxMemory = new Option<string?>("--max-memory")
        {
            Description = "Refuse, before allocating, a model needing more working memory than this (e.g. 800MB, 4GB; a plain number is MB). Default: half of the available memory.",
        };
        var threads = new Option<int>("--threads", "-t")
        {
            Description = "Threads of each EUM run's rounds (row-parallel; 0 = one per core, the default; 1 = serial). The result is bit-identical whatever the number.",
            DefaultValueFactory = _ => 0,
        };
        var record = ModelRecording.RecordOption();
        var db = LedgerCli.Db();
        var threats = LedgerThreatCommands.FromLedgerOption();
        var breakRanks = new Option<string[]>("--break-ranks")
        {
            Description = "Actors (ids, comma-separated) whose `follows` relations are dropped before the run: what follows if they break ranks (influence model, docs/models.md).",
            AllowMultipleArgumentsPerToken = true,
        };

        var maxRows = new Option<int>("--max-rows")
        {
            Description = $"Table format: at most this many actors in the EUM's positions table and this many moves (0 = all; default {RunTable.DefaultMaxRows}). " +
                "The table says how many it left out; --format json or csv lists every one.",
            DefaultValueFactory = _ => RunTable.DefaultMaxRows,
        };
        maxRows.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--max-rows: expected 0 (all) or more"); });
        var perspectives = new Option<bool>("--perspectives")
        {
            Description = "The EUM from each actor's own view (its beliefs about the others): the forecast it expects, the gap to the true-inputs forecast, the colliding dyads (default variant paper).",
        };
        var command = new Command("run", "Run the forecasting models on a scenario and print their forecasts side by side.");
        command.Arguments.Add(file);
        foreach (var option in new Option[] { model, variant, rounds, format, issue, trace, record, db, threats, breakRanks, maxMemory, perspectives, threads, maxRows }) command.Options.Add(option);
        foreach (var option in smp.All) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var chosen = parse.GetValue(model);
            var fromLedger = parse.GetValue(threats);
            if (ModelRegistry.IsSmp(chosen))
            {
                if (fromLedger) return Fail(context, $"--threats-from-ledger applies to --model {CrisisModel}");
                if (parse.GetValue(record) is not null) return Fail(context, $"--record is not available with --model {SmpModelName} (its forecast is one point per dimension)");
                if (parse.GetResult(breakRanks) is not null) return Fail(context, $"--break-ranks is not available with --model {SmpModelName}");
                if (parse.GetResult(rounds) is { Implicit: false }) return Fail(context, $"--rounds applies to the EUM; --model {SmpModelName} stops by its own rule (--max-turns)");
                if (parse.GetResult(threads) is { Implicit: false }) return Fail(context, $"--threads applies to the EUM's rounds, not to --model {SmpModelName}");
                return ExecuteSmp(context, path, parse.GetValue(variant), parse.GetValue(format) ?? "table", parse.GetValue(issue), parse.GetValue(trace), parse.GetValue(maxMemory), smp, parse);
            }
            if (smp.Given(parse) is { } smpOnly) return Fail(context, $"{smpOnly} applies to --model {SmpModelName}");
            var traceValue = parse.GetValue(trace);
            var dyads = string.Equals(traceValue, DyadTrace, StringComparison.Ordinal);
            if (traceValue is { } traceFile && !dyads)
                return Fail(context, $"--trace {traceFile}: a trace file applies to --model {SmpModelName} (with --format csv, --trace takes no value; --trace {DyadTrace} keeps every dyad of every round)");
            if (dyads && (parse.GetValue(format) ?? "table") == "table") return Fail(context, $"--trace {DyadTrace} prints with --format json or csv");
            if (dyads && (chosen is not null && !chosen.Equals("eum", StringComparison.OrdinalIgnoreCase) && !chosen.Equals(ScenarioRun.All, StringComparison.OrdinalIgnoreCase)))
                return Fail(context, $"--trace {DyadTrace} traces the EUM's dyads; run it with --model eum (or leave out --model)");
            if (string.Equals(chosen, CrisisModel, StringComparison.OrdinalIgnoreCase))
                return ExecuteCrisis(context, path, parse.GetValue(variant), parse.GetValue(rounds), parse.GetValue(format) ?? "table", parse.GetValue(issue),
                    fromLedger ? parse.GetValue(db) ?? "" : null, parse.GetValue(perspectives));
            if (fromLedger) return Fail(context, $"--threats-from-ledger applies to --model {CrisisModel}");
            if (parse.GetValue(perspectives))
                return chosen is null || chosen.Equals("eum", StringComparison.OrdinalIgnoreCase)
                    ? PerspectivesOutput.Execute(context, path, parse.GetValue(variant), parse.GetValue(rounds), parse.GetValue(format) ?? "table", parse.GetValue(issue))
                    : Fail(context, "--perspectives runs the EUM; leave out --model or use --model eum (or --model crisis, whose hand-off then reads each side's own view)");
            var code = Execute(context, path, chosen, parse.GetValue(variant), parse.GetValue(rounds), parse.GetValue(format) ?? "table",
                parse.GetValue(issue), parse.GetResult(trace) is not null && !dyads, dyads, parse.GetValue(maxMemory), parse.GetValue(threads), parse.GetValue(maxRows), out var run,
                [.. (parse.GetValue(breakRanks) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))]);
            if (code != ExitCodes.Ok || parse.GetValue(record) is not { } question) return code;
            if (run!.Issues.Length != 1)
                return Fail(context, $"--record needs one issue; the scenario has {run.Issues.Length}: choose one with --issue ({string.Join(", ", run.Issues.Select(i => i.Issue.Id))})");
            var entries = run.Issues[0].Results.Select(r => new ModelForecastRecorder.Entry(r.Model, r.Variant, [r.Forecast.Mean]));
            return ModelRecording.Record(context, parse, db, question, path, entries, seed: null, what: "brink run");
        });
        return command;
    }

    /// <summary><c>--trace dyads</c>: every dyad of every EUM round in the output.</summary>
    public const string DyadTrace = "dyads";

    /// <summary>Name that selects KTAB's Spatial Model of Politics, run on each (multi-dimensional) issue as a whole.</summary>
    public const string SmpModelName = ModelRegistry.SmpModel;

    /// <summary>
    /// <c>--model smp</c>: the spatial model of politics on each multi-dimensional issue (its
    /// dimensions together) and each one-dimensional issue, with KTAB's parameters as options.
    /// </summary>
    private static int ExecuteSmp(CliContext context, string file, string? variant, string format, string? issueId, string? traceFile,
        string? maxMemory, SmpCliOptions smp, System.CommandLine.ParseResult parse)
    {
        if (format == "csv") return Fail(context, $"--model {SmpModelName} prints table or json");
        if (!TryParseMaxMemory(context, maxMemory, out var maxMemoryBytes)) return ExitCodes.BadInput;
        if (!smp.TryRead(parse, variant, out var options, out var optionError)) return Fail(context, optionError);
        var outcome = SmpRunService.Run(new SmpRunRequest
        {
            Scenario = ScenarioSource.FromFile(file), Issue = issueId, Variant = variant, Options = options, Trace = traceFile is not null,
            MaxMemoryBytes = maxMemoryBytes,
        }, context.Cancellation);
        ScenarioInput.Print(context, outcome.Diagnostics, outcome.Notices, "brink run: error: ");
        if (!outcome.Ok || outcome.Document is null) return ExitCodes.BadInput;
        if (traceFile is not null)
        {
            try
            {
                using var writer = new StreamWriter(traceFile);
                SmpOutput.WriteTrace(writer, outcome.Runs);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Fail(context, $"--trace {traceFile}: cannot write the file: {ex.Message}");
            }
        }
        if (format == "json") JsonOutput.Write(context, outcome.Document);
        else SmpOutput.WriteTable(context.Out, outcome.Scenario!, outcome.Options!, outcome.Runs);
        return ExitCodes.Ok;
    }

    /// <summary>Name that selects the crisis model joined to the EUM (design §4.3).</summary>
    public const string CrisisModel = ModelRegistry.CrisisModel;

    /// <summary>EUM variant whose dyads feed <c>--model crisis</c> unless <c>--variant</c> says otherwise.</summary>
    public const string CrisisDefaultEumVariant = ModelRegistry.CrisisDefaultEumVariant;

    /// <summary>Maps the options onto a <see cref="RunRequest"/> and the outcome onto table, JSON or CSV.</summary>
    private static int Execute(CliContext context, string file, string? model, string? variant, int rounds, string format, string? issueId, bool trace,
        bool traceDyads, string? maxMemory, int threads, int maxRows, out ScenarioRunResult? run, string[]? breakRanks = null)
    {
        run = null;
        if (!TryParseMaxMemory(context, maxMemory, out var maxMemoryBytes)) return ExitCodes.BadInput;
        if (trace && format != "csv") return Fail(context, "--trace applies to --format csv (the table and json formats always include the EUM trace)");
        var outcome = RunService.Run(new RunRequest
        {
            Scenario = ScenarioSource.FromFile(file), Model = model, Variant = variant, Rounds = rounds, Issue = issueId, BreakRanks = breakRanks ?? [], MaxMemoryBytes = maxMemoryBytes,
            TraceDyads = traceDyads, Threads = threads,
        }, context.Cancellation);
        ScenarioInput.Print(context, outcome.Diagnostics, outcome.Notices, "brink run: error: ");
        if (!outcome.Ok || outcome.Result is null) return ExitCodes.BadInput;
        run = outcome.Result;
        switch (format)
        {
            case "json":
                JsonOutput.Write(context, outcome.Document!);
                break;
            case "csv" when trace:
                RunCsv.WriteTrace(context.Out, run);
                break;
            case "csv" when traceDyads:
                RunCsv.WriteDyadTrace(context.Out, run);
                break;
            case "csv":
                RunCsv.WriteForecasts(context.Out, run);
                break;
            default:
                RunTable.Write(context.Console, run, maxRows);
                break;
        }
        return ExitCodes.Ok;
    }

    /// <summary>
    /// <c>--model crisis</c>: a thin mapping onto <see cref="CrisisService"/> (the EUM runs on each issue and its conflict dyads,
    /// and dyads whose two perspectives disagree, go to the crisis model: P(war), settlement, capitulation, status quo, causes).
    /// </summary>
    /// <param name="threatLedger">Non-null with <c>--threats-from-ledger</c>: the --db path ("" = the default ledger).</param>
    private static int ExecuteCrisis(CliContext context, string file, string? variant, int rounds, string format, string? issueId, string? threatLedger, bool perspectives)
    {
        if (format == "csv") return Fail(context, "--model crisis prints table or json");
        var request = new CrisisRequest { Scenario = ScenarioSource.FromFile(file), Variant = variant, Rounds = rounds, Issue = issueId, Perspectives = perspectives };
        if (request.Validate() is { Count: > 0 } problems) return Fail(context, problems[0].Message);
        if (threatLedger is not null)
        {
            if (!LedgerThreatCommands.TryRead(context, threatLedger, "brink run", out var records)) return ExitCodes.BadInput;
            request = request with { ThreatRecords = records };
        }
        var outcome = CrisisService.Run(request, context.Cancellation);
        return CrisisScenarioOutput.Write(context, outcome, format, "brink run: error: ");
    }

    /// <summary>Reads <c>--max-memory</c> (null = the default limit); prints the error and returns false when it is not a size.</summary>
    private static bool TryParseMaxMemory(CliContext context, string? maxMemory, out long? bytes)
    {
        bytes = null;
        if (maxMemory is null) return true;
        if ((bytes = ModelMemory.ParseSize(maxMemory)) is not null) return true;
        Fail(context, $"--max-memory must be a size such as 800MB or 4GB (a plain number is MB), got '{maxMemory}'");
        return false;
    }

    private static int Fail(CliContext context, string message)
    {
        context.Error.WriteLine($"brink run: error: {message}");
        return ExitCodes.BadInput;
    }
}
