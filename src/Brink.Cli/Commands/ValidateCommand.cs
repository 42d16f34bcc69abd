using System.CommandLine;
using Brink.Backtest;
using Brink.Scenarios;

namespace Brink.Cli.Commands;

/// <summary>
/// <c>brink validate FILE…</c>: loads each scenario and reports every problem at once
/// (file:line:column: severity: field path: message). Exit 2 if any file has an error.
/// Accepts every input <c>brink run</c> accepts: scenario files, classic actor tables, and DEU data
/// files (the whole file, or one issue with <c>--issue</c>, as <c>brink run</c> reads it).
/// Also reports, as notices, fields that no model reads and a scenario that does not say what its
/// capability numbers mean.
/// </summary>
public sealed class ValidateCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var files = new Argument<string[]>("file")
        {
            Description = "Scenario file(s): .yaml/.yml, .json, a classic actor table .csv/.tsv, or a DEU data file.",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = new Option<string>("--format")
        {
            Description = "Output: text (diagnostics on stderr, a summary line per valid file) or json (one document on stdout).",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json");
        var issue = new Option<string?>("--issue") { Description = "For a DEU data file: check the one issue (isnr) as brink run --issue reads it (default: the whole file)." };
        var command = new Command("validate", "Check scenario files and report every problem with file, line, column and field.");
        command.Arguments.Add(files);
        command.Options.Add(format);
        command.Options.Add(issue);
        command.SetAction(parse => Execute(context, parse.GetValue(files) ?? [], parse.GetValue(format) ?? "text", parse.GetValue(issue)));
        return command;
    }

    /// <summary>One checked file: its diagnostics and, when valid, the summary line's counts.</summary>
    private sealed record Report(string File, bool Ok, IReadOnlyList<Diagnostic> Diagnostics, object? Summary, string? SummaryText);

    private static int Execute(CliContext context, string[] files, string format, string? issueId)
    {
        var reports = files.Select(f => Check(f, issueId)).ToList();
        if (format == "json")
        {
            JsonOutput.Write(context, new
            {
                Valid = reports.All(r => r.Ok),
                Files = reports.Select(r => new
                {
                    r.File,
                    Valid = r.Ok,
                    Errors = r.Diagnostics.Count(d => d.Severity == Severity.Error),
                    Warnings = r.Diagnostics.Count(d => d.Severity == Severity.Warning),
                    r.Summary,
                    Diagnostics = r.Diagnostics.Select(d => new
                    {
                        d.File, d.Line, d.Column, Field = d.FieldPath, d.Message, Severity = d.Severity.ToString().ToLowerInvariant(),
                    }),
                }),
            });
        }
        else
        {
            foreach (var report in reports)
            {
                foreach (var diagnostic in report.Diagnostics) context.Error.WriteLine(diagnostic);
                if (report.Ok) context.Out.WriteLine($"{report.File}: valid: {report.SummaryText}");
                else context.Error.WriteLine($"{report.File}: invalid: {Plural(report.Diagnostics.Count(d => d.Severity == Severity.Error), "error")}");
            }
        }
        return reports.All(r => r.Ok) ? ExitCodes.Ok : ExitCodes.BadInput;
    }

    private static Report Check(string file, string? issueId)
    {
        if (File.Exists(file) && DeuImporter.LooksLikeDeu(file))
        {
            if (issueId is not null) return FromScenario(file, DeuImporter.LoadScenario(file, issueId), deu: true);
            var data = DeuImporter.Load(file);
            var diagnostics = data.Diagnostics.ToList();
            if (data.Value is not { } dataset || !data.Ok) return new Report(file, false, diagnostics, null, null);
            return new Report(file, true, diagnostics, new { Kind = "deu", Issues = dataset.Issues.Length },
                $"DEU data file, {Plural(dataset.Issues.Length, "issue")} (run one with --issue ISNR){Notices(diagnostics)}");
        }
        if (issueId is not null)
            return new Report(file, false, [new Diagnostic(file, 0, 0, "", "--issue applies to DEU data files (one issue per row); this file is a scenario")], null, null);
        return FromScenario(file, ScenarioLoader.Load(file), deu: false);
    }

    private static Report FromScenario(string file, LoadResult<Scenario> result, bool deu)
    {
        if (!result.Ok) return new Report(file, false, result.Diagnostics, null, null);
        var s = result.Value!;
        var diagnostics = result.Diagnostics.Concat(s.UnusedFields).ToList();
        var format = ScenarioLoader.Extensions.TryGetValue(Path.GetExtension(file), out var f) ? f : (ScenarioFormat?)null;
        if (!deu && s.CapabilityScale is null && format is ScenarioFormat.Yaml or ScenarioFormat.Json)
            diagnostics.Add(new Diagnostic(file, 1, 1, "capability_scale",
                "the scenario does not say what its capability numbers mean; add capability_scale: \"…\" (e.g. \"relative influence over the talks, United States = 100\")", Severity.Notice));
        diagnostics = [.. diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column)];
        var summary = new ScenarioSummary(s.Title, s.Actors.Length, s.Issues.Length, s.Sources.Length, s.Evidence.Length, s.Uncertain.Length, s.Beliefs.Length,
            s.Relations.Length, s.UnusedFields.Length);
        var text = $"{Plural(summary.Actors, "actor")}, {Plural(summary.Issues, "issue")}, {Plural(summary.Sources, "source")}, " +
            $"{Plural(summary.EvidenceLinks, "evidence link")}, {Plural(summary.UncertainInputs, "uncertain input")}, {Plural(summary.Beliefs, "belief")}" +
            (summary.UnusedFields > 0 ? $"; {Plural(summary.UnusedFields, "unused field")}" : "");
        return new Report(file, true, diagnostics, summary, text);
    }

    private static string Notices(IReadOnlyList<Diagnostic> diagnostics)
    {
        var n = diagnostics.Count(d => d.Severity == Severity.Notice);
        return n == 0 ? "" : $"; {Plural(n, "notice")}";
    }

    private sealed record ScenarioSummary(string Title, int Actors, int Issues, int Sources, int EvidenceLinks, int UncertainInputs, int Beliefs, int Relations, int UnusedFields);

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";
}
