using System.CommandLine;
using Brink.Application;
using Brink.Ledger;
using Brink.Ledger.Import;
using Brink.Scenarios;
using Brink.Store;

namespace Brink.Cli.Commands;

/// <summary><c>ledger import metaculus|gjp|forecastbench|ledger|example</c> and <c>ledger export</c>.</summary>
internal static class LedgerImportCommands
{
    public static void Add(Command ledger, CliContext context, Option<string?> db)
    {
        var import = new Command("import", "Import forecasts and resolutions, all or nothing (bad rows are listed with their line numbers).");
        {
            var file = new Argument<string>("file") { Description = "metaculus_public.csv.zip (read straight from the zip) or the CSV inside it." };
            import.Subcommands.Add(ImportCommand(context, db, "metaculus", "Metaculus community forecast time series.", [file], (p, _) => MetaculusImporter.Read(p.GetValue(file)!)));
        }
        {
            var ifps = new Argument<string>("questions") { Description = "gjp_ifps.csv: the questions." };
            var forecasts = new Argument<string?>("forecasts") { Description = "gjp_survey_fcasts_*.csv: individual forecasts, one row per option.", Arity = ArgumentArity.ZeroOrOne };
            import.Subcommands.Add(ImportCommand(context, db, "gjp", "Good Judgment Project questions and survey forecasts.", [ifps, forecasts], (p, _) => GjpImporter.Read(p.GetValue(ifps)!, p.GetValue(forecasts))));
        }
        {
            var questions = new Argument<string>("questions") { Description = "ForecastBench question set (…_human_questions.json)." };
            var resolutions = new Argument<string>("resolutions") { Description = "ForecastBench resolution set (…_resolutions.json)." };
            import.Subcommands.Add(ImportCommand(context, db, "forecastbench", "ForecastBench question and resolution sets.", [questions, resolutions], (p, _) => ForecastBenchImporter.Read(p.GetValue(questions)!, p.GetValue(resolutions)!)));
        }
        {
            var file = new Argument<string>("file") { Description = "A Brink ledger file (YAML or JSON, as written by 'brink ledger export')." };
            import.Subcommands.Add(ImportCommand(context, db, "ledger", "A Brink ledger file (YAML or JSON).", [file], (p, _) => LedgerDocument.Read(p.GetValue(file)!)));
        }
        {
            var file = new Argument<string>("file") { Description = "CSV of forecasts on questions already in the ledger (question_id, forecaster, made_at, probabilities or quantiles, …)." };
            import.Subcommands.Add(ImportCommand(context, db, "csv", "Forecasts from CSV (e.g. a spreadsheet, or 'brink ledger export --format csv').", [file],
                (p, store) => ForecastCsvImporter.Read(p.GetValue(file)!, store.GetQuestion)));
        }
        import.Subcommands.Add(ImportCommand(context, db, "example", "The bundled example ledger: warnings about Russia and Ukraine, 2022–2025.", [], (_, _) => ExampleLedger.Read()));
        ledger.Subcommands.Add(import);
        ledger.Subcommands.Add(Export(context, db));
    }

    private sealed class ImmediateProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    private static Command ImportCommand(CliContext context, Option<string?> db, string name, string description, Argument[] args, Func<ParseResult, ILedgerStore, ImportBatch> read)
    {
        var skipBad = new Option<bool>("--skip-bad") { Description = "Import the good rows and skip the bad ones (default: reject the whole import)." };
        var format = LedgerCli.Format();
        var cmd = new Command(name, description) { skipBad, format };
        foreach (var a in args) cmd.Arguments.Add(a);
        cmd.SetAction(parse => LedgerCli.WithStore(context, parse, db, store =>
        {
            var batch = read(parse, store);
            context.Error.WriteLine($"brink: read {batch.Questions.Count:N0} questions, {batch.Forecasts.Count:N0} forecasts, {batch.Resolutions.Count:N0} resolutions from {batch.File}; writing…");
            var outcome = store.Import(batch, parse.GetValue(skipBad),
                new ImmediateProgress(n => context.Error.WriteLine($"brink: {n:N0} of {batch.Forecasts.Count:N0} forecasts written")), context.Cancellation);
            var errors = outcome.Problems.Where(p => p.Severity == Severity.Error).ToList();
            if (LedgerCli.Json(parse, format))
                JsonOutput.Write(context, ImportDocument.From(outcome, batch.Source));
            foreach (var p in outcome.Problems.Take(50)) context.Error.WriteLine(p);
            if (outcome.Problems.Count > 50) context.Error.WriteLine($"… and {outcome.Problems.Count - 50} more.");
            if (!outcome.Committed)
            {
                var conflicts = errors.Count(e => e.Message.Contains("forecasts are never replaced", StringComparison.Ordinal) || e.Message.Contains("given twice with different values", StringComparison.Ordinal));
                context.Error.WriteLine($"brink: {errors.Count} bad row(s){(conflicts > 0 ? $" ({conflicts} conflicting with a forecast of the same question, forecaster and time)" : "")}; nothing was imported. Fix the file, or pass --skip-bad to import the other rows.");
                return ExitCodes.BadInput;
            }
            if (!LedgerCli.Json(parse, format))
                context.Out.WriteLine($"Imported {batch.Source}: {outcome.QuestionsAdded:N0} questions ({outcome.QuestionsExisting:N0} already present), " +
                    $"{outcome.ForecastsAdded:N0} forecasts ({outcome.ForecastsExisting:N0} already present), {outcome.ResolutionsAdded:N0} resolutions, " +
                    $"{outcome.ForecastersAdded:N0} new forecasters; {outcome.SkippedRows} bad row(s) skipped" +
                    (outcome.DuplicatesSkipped > 0 ? $"; {outcome.DuplicatesSkipped:N0} identical duplicate forecast(s) in the file skipped." : "."));
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command Export(CliContext context, Option<string?> db)
    {
        var format = new Option<string>("--format") { Description = "json (the whole ledger, re-importable with 'import ledger') or csv (one row per forecast).", DefaultValueFactory = _ => "json" }
            .AcceptOnlyFromAmong("json", "csv");
        var output = OptionChecks.OutputFile(new Option<string?>("--output", "-o") { Description = "Write to this file (default: standard output)." });
        var source = new Option<string?>("--source") { Description = "Only questions from this origin." };
        var cmd = new Command("export", "Export the ledger as JSON or CSV.") { format, output, source };
        cmd.SetAction(parse => LedgerCli.WithReadStore(context, parse, db, store =>
        {
            var src = parse.GetValue(source);
            var questions = store.ListQuestions(new QuestionFilter(Source: src));
            var ids = questions.Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
            var forecasts = store.AllForecasts().Where(f => ids.Contains(f.QuestionId)).ToList();
            var path = parse.GetValue(output);
            using var file = path is null ? null : new StreamWriter(path);
            var w = (TextWriter?)file ?? context.Out;
            if (parse.GetValue(format) == "csv")
                LedgerDocumentWriter.WriteForecastsCsv(w, questions, forecasts, store.CurrentResolutions());
            else
            {
                var used = forecasts.Select(f => f.Forecaster).ToHashSet(StringComparer.Ordinal);
                var doc = LedgerDocumentWriter.Build(questions, store.ListForecasters().Where(f => src is null || used.Contains(f.Name)).ToList(), forecasts,
                    store.AllResolutions().Where(r => ids.Contains(r.QuestionId)).ToList(), store.Clock.UtcNow);
                var options = new System.Text.Json.JsonSerializerOptions(JsonOutput.Options) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
                w.WriteLine(System.Text.Json.JsonSerializer.Serialize(doc, options));
            }
            if (path is not null) context.Error.WriteLine($"Wrote {questions.Count} questions and {forecasts.Count} forecasts to {path}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
