using System.CommandLine;
using Brink.Application;

namespace Brink.Cli.Commands;

/// <summary>
/// <c>brink validate FILE…</c>: loads each scenario and reports every problem at once
/// (file:line:column: severity: field path: message). Exit 2 if any file has an error.
/// </summary>
public sealed class ValidateCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var files = new Argument<string[]>("file")
        {
            Description = "Scenario file(s): .yaml/.yml, .json, or a classic actor table .csv/.tsv.",
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
        command.SetAction(parse => Execute(context, parse.GetValue(files) ?? [], parse.GetValue(format) ?? "text"));
        return command;
    }

    private static int Execute(CliContext context, string[] files, string format)
    {
        var outcome = ValidateService.Validate(new ValidateRequest([.. files.Select(ScenarioSource.FromFile)]));
        if (format == "json")
        {
            JsonOutput.Write(context, outcome.FilesDocument());
        }
        else
        {
            foreach (var (source, result) in outcome.Reports)
            {
                var file = source.FileName;
                foreach (var diagnostic in result.Diagnostics) context.Error.WriteLine(diagnostic);
                if (result.Ok)
                {
                    var s = ScenarioSummary.Of(result.Value!);
                    context.Out.WriteLine($"{file}: valid: {Plural(s.Actors, "actor")}, {Plural(s.Issues, "issue")}, {Plural(s.Sources, "source")}, " +
                        $"{Plural(s.EvidenceLinks, "evidence link")}, {Plural(s.UncertainInputs, "uncertain input")}, {Plural(s.Beliefs, "belief")}");
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
