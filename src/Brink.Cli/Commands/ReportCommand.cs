using System.CommandLine;
using Brink.Application;
using Brink.Application.Report;
using Brink.Models;
using Brink.Scenarios;

namespace Brink.Cli.Commands;

/// <summary>
/// <c>brink report FILE [-o OUT.html|OUT.pdf] [--format html|pdf] [--model M] [--variant V] [--rounds N] [--issue ID]</c>:
/// runs the models as <c>brink run</c> (with <c>--model smp</c> the spatial model of politics, with its options as <c>brink run</c>) and writes the run as one self-contained HTML report (or a PDF printed
/// from it by headless Chromium), the same report the workbench exports (<see cref="ReportService"/>).
/// </summary>
public sealed class ReportCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "Scenario file: .yaml/.yml, .json, or an actor table .csv/.tsv." };
        var output = OptionChecks.OutputFile(new Option<string?>("--out", "-o")
        {
            Description = "Write the report to this file (.html or .pdf; the extension sets the format unless --format is given). Without it the HTML goes to standard output.",
        });
        var format = new Option<string?>("--format") { Description = "html (default) or pdf (printed by headless Chromium; $BRINK_CHROMIUM names it)." };
        format.AcceptOnlyFromAmong("html", "pdf");
        var model = new Option<string?>("--model", "-m")
        {
            Description = $"Model to run, as brink run: {string.Join(", ", ModelCatalog.Models)}, {ScenarioRun.All} (default: every bargaining model), " +
                $"or {ModelRegistry.SmpModel} (KTAB's spatial model of politics, all dimensions of an issue together: forecast per dimension, positions by turn, the 2-D path).",
        };
        var variant = new Option<string?>("--variant") { Description = $"Variant (default: each model's first; {ScenarioRun.All} = every variant)." };
        var rounds = new Option<int>("--rounds") { Description = "Rounds of the expected utility model.", DefaultValueFactory = _ => new ModelOptions().Rounds };
        var issue = new Option<string?>("--issue") { Description = "Report one issue (by id) instead of all." };
        var breakRanks = new Option<string[]>("--break-ranks")
        {
            Description = "Actors (ids, comma-separated) whose `follows` relations are dropped before the run, as brink run.",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("report", "Run the models and write the run as a self-contained HTML report (tables, charts, inputs with their sources and quotes, warnings) or a PDF.")
        {
            file, output, format, model, variant, rounds, issue, breakRanks,
        };
        var smp = SmpCliOptions.Create();
        foreach (var option in smp.All) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var outPath = parse.GetValue(output);
            var chosen = parse.GetValue(format);
            if (chosen is null && outPath is not null)
            {
                var extension = Path.GetExtension(outPath).ToLowerInvariant();
                chosen = extension switch { ".pdf" => "pdf", ".html" or ".htm" => "html", _ => null };
                if (chosen is null) return Fail(context, $"--out {outPath}: give a file ending in .html or .pdf, or say --format html|pdf");
            }
            var reportFormat = chosen == "pdf" ? ReportFormat.Pdf : ReportFormat.Html;
            if (reportFormat == ReportFormat.Pdf && outPath is null) return Fail(context, "a PDF needs --out FILE.pdf (it is not written to standard output)");
            var isSmp = ModelRegistry.IsSmp(parse.GetValue(model));
            var smpOptions = new Brink.Models.Smp.SmpOptions();
            if (isSmp)
            {
                // The SMP stops by its own rule and reads no follows relations: an EUM option would be silently ignored.
                if (parse.GetResult(rounds) is { Implicit: false }) return Fail(context, $"--rounds applies to the EUM; --model {ModelRegistry.SmpModel} stops by its own rule (--max-turns)");
                if (parse.GetResult(breakRanks) is not null) return Fail(context, $"--break-ranks is not available with --model {ModelRegistry.SmpModel}");
                if (!smp.TryRead(parse, null, out smpOptions, out var smpError)) return Fail(context, smpError);
            }
            else if (smp.Given(parse) is { } smpOnly) return Fail(context, $"{smpOnly} applies to --model {ModelRegistry.SmpModel}");
            var run = new RunRequest
            {
                Scenario = ScenarioSource.FromFile(path), Model = parse.GetValue(model), Variant = parse.GetValue(variant), Rounds = parse.GetValue(rounds),
                Issue = parse.GetValue(issue),
                BreakRanks = [.. (parse.GetValue(breakRanks) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
            };
            ReportOutcome outcome;
            try
            {
                outcome = ReportService.Make(new ReportRequest { Run = run, Smp = smpOptions, Format = reportFormat, BrinkVersion = VersionCommand.Version }, context.Cancellation);
            }
            catch (PdfUnavailableException ex)
            {
                return Fail(context, ex.Message);
            }
            ScenarioInput.Print(context, outcome.Diagnostics, outcome.Notices, "brink report: error: ");
            if (!outcome.Ok || outcome.Html is null) return ExitCodes.BadInput;
            if (outPath is null)
            {
                context.Out.Write(outcome.Html);
                return ExitCodes.Ok;
            }
            try
            {
                if (outcome.Pdf is { } pdf) File.WriteAllBytes(outPath, pdf);
                else File.WriteAllText(outPath, outcome.Html);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Fail(context, $"--out {outPath}: cannot write the file: {ex.Message}");
            }
            context.Error.WriteLine($"Wrote {outPath} ({(outcome.Pdf is { } bytes ? $"PDF, {bytes.Length:N0} bytes" : $"HTML, {outcome.Html.Length:N0} characters")}; {outcome.WarningCount} warning(s) in the report)");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static int Fail(CliContext context, string message)
    {
        context.Error.WriteLine($"brink report: error: {message}");
        return ExitCodes.BadInput;
    }
}
