using System.CommandLine;
using Brink.Application;

namespace Brink.Cli.Commands;

/// <summary>
/// <c>brink validate FILE…</c>: loads each scenario and reports every problem at once
/// (file:line:column: severity: field path: message). Exit 2 if any file has an error.
/// Accepts every input <c>brink run</c> accepts, DEU data files included (whole, or one issue with
/// <c>--issue</c>) and ledger documents (<c>ledger:</c> at the top, checked as the import reads them); also notes
/// fields no model reads (<see cref="ValidateService"/>).
/// </summary>
public sealed class ValidateCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var files = new Argument<string[]>("file")
        {
            Description = "Scenario file(s): .yaml/.yml, .json, a classic actor table .csv/.tsv, or a DEU data file; also a ledger document (ledger: at the top).",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = new Option<string>("--format")
        {
            Description = "Output: text (diagnostics on stderr, a summary line per valid file) or json (one document on stdout).",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("validate", "Check scenario files and report every problem with file, line, column and field.");
        command.Arguments.Add(files);
        command.Options.Add(format);
        var issue = new Option<string?>("--issue") { Description = "For a DEU data file: check the one issue (isnr) as brink run --issue reads it (default: the whole file)." };
        command.Options.Add(issue);
        command.SetAction(parse => Execute(context, parse.GetValue(files) ?? [], parse.GetValue(format) ?? "text", parse.GetValue(issue)));
        return command;
    }

    private static int Execute(CliContext context, string[] files, string format, string? issue)
    {
        var outcome = ValidateService.Validate(new ValidateRequest([.. files.Select(ScenarioSource.FromFile)]) { Issue = issue });
        if (format == "json")
        {
            JsonOutput.Write(context, outcome.FilesDocument());
        }
        else
        {
            foreach (var report in outcome.Reports)
            {
                var (source, result) = report;
                var file = source.FileName;
                foreach (var diagnostic in result.Diagnostics) context.Error.WriteLine(diagnostic);
                if (report.DeuIssues is { } deuIssues && report.Ok)
                {
                    var notices = result.Diagnostics.Count(d => d.Severity == Brink.Scenarios.Severity.Notice);
                    context.Out.WriteLine($"{file}: valid: DEU data file, {Plural(deuIssues, "issue")} (run one with --issue ISNR)" +
                        (notices > 0 ? $"; {Plural(notices, "notice")}" : ""));
                }
                else if (report.Ledger is { } ledger && report.Ok)
                {
                    context.Out.WriteLine($"{file}: valid: ledger document, {Plural(ledger.Forecasters, "forecaster")}, {Plural(ledger.Questions, "question")}, " +
                        $"{Plural(ledger.Forecasts, "forecast")}, {Plural(ledger.Resolutions, "resolution")}");
                }
                else if (result.Ok)
                {
                    var s = ScenarioSummary.Of(result.Value!);
                    context.Out.WriteLine($"{file}: valid: {Plural(s.Actors, "actor")}, {Plural(s.Issues, "issue")}, {Plural(s.Sources, "source")}, " +
                        $"{Plural(s.EvidenceLinks, "evidence link")}, {Plural(s.UncertainInputs, "uncertain input")}, {Plural(s.Beliefs, "belief")}" +
                        (s.UnusedFields > 0 ? $"; {Plural(s.UnusedFields, "unused field")}" : ""));
                }
                else
                {
                    context.Error.WriteLine($"{file}: invalid: {Plural(result.Errors.Count(), "error")}");
                }
            }
        }
        return outcome.Valid ? ExitCodes.Ok : ExitCodes.BadInput;
    }

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";
}
