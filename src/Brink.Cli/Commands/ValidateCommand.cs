using System.CommandLine;
using Brink.Scenarios;

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
        var reports = files.Select(f => (File: f, Result: ScenarioLoader.Load(f))).ToList();
        if (format == "json")
        {
            JsonOutput.Write(context, new
            {
                Valid = reports.All(r => r.Result.Ok),
                Files = reports.Select(r => new
                {
                    r.File,
                    Valid = r.Result.Ok,
                    Errors = r.Result.Errors.Count(),
                    Warnings = r.Result.Diagnostics.Count(d => d.Severity == Severity.Warning),
                    Summary = r.Result.Ok ? Summary(r.Result.Value!) : null,
                    Diagnostics = r.Result.Diagnostics.Select(d => new
                    {
                        d.File, d.Line, d.Column, Field = d.FieldPath, d.Message, Severity = d.Severity.ToString().ToLowerInvariant(),
                    }),
                }),
            });
        }
        else
        {
            foreach (var (file, result) in reports)
            {
                foreach (var diagnostic in result.Diagnostics) context.Error.WriteLine(diagnostic);
                if (result.Ok)
                {
                    var s = Summary(result.Value!);
                    context.Out.WriteLine($"{file}: valid: {Plural(s.Actors, "actor")}, {Plural(s.Issues, "issue")}, {Plural(s.Sources, "source")}, " +
                        $"{Plural(s.EvidenceLinks, "evidence link")}, {Plural(s.UncertainInputs, "uncertain input")}, {Plural(s.Beliefs, "belief")}");
                }
                else
                {
                    context.Error.WriteLine($"{file}: invalid: {Plural(result.Errors.Count(), "error")}");
                }
            }
        }
        return reports.All(r => r.Result.Ok) ? ExitCodes.Ok : ExitCodes.BadInput;
    }

    private sealed record ScenarioSummary(string Title, int Actors, int Issues, int Sources, int EvidenceLinks, int UncertainInputs, int Beliefs, int Relations);

    private static ScenarioSummary Summary(Scenario s) =>
        new(s.Title, s.Actors.Length, s.Issues.Length, s.Sources.Length, s.Evidence.Length, s.Uncertain.Length, s.Beliefs.Length, s.Relations.Length);

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";
}
