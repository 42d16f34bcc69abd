using System.Globalization;
using Brink.Application;
using Brink.Models.Eum;
using Brink.Models.Perspectives;
using Brink.Scenarios;
using Spectre.Console;

namespace Brink.Cli.Rendering;

/// <summary>
/// <c>brink run FILE --perspectives</c>: per issue the EUM forecast each actor expects from its own view
/// (its beliefs about the others), the gap to the true-inputs forecast, and the colliding dyads.
/// </summary>
internal static class PerspectivesOutput
{
    /// <summary>EUM variant of the perspectives unless --variant says otherwise: the one the crisis hand-off uses.</summary>
    public const string DefaultVariant = PerspectivesRequest.DefaultVariant;

    /// <summary>Maps the options onto a <see cref="PerspectivesRequest"/> and the outcome onto the table or the JSON document.</summary>
    public static int Execute(CliContext context, string file, string? variant, int rounds, string format, string? issueId)
    {
        var outcome = PerspectivesService.Run(new PerspectivesRequest { Scenario = ScenarioSource.FromFile(file), Variant = variant, Rounds = rounds, Issue = issueId },
            context.Cancellation);
        ScenarioInput.Print(context, outcome.Diagnostics, outcome.Notices, "brink run: error: ");
        if (!outcome.Ok || outcome.Document is null) return ExitCodes.BadInput;
        if (format == "json") JsonOutput.Write(context, outcome.Document);
        else WriteTable(context.Console, outcome.Scenario!, outcome.Variant!, outcome.Issues);
        return ExitCodes.Ok;
    }

    private static void WriteTable(IAnsiConsole console, Scenario s, EumVariant v, IReadOnlyList<IssuePerspectives> results)
    {
        RunTable.Heading(console, s.Title, $": perspectives (EUM {v.Name})");
        foreach (var r in results)
        {
            console.WriteLine();
            console.MarkupLine($"[bold]Issue {Markup.Escape(r.IssueId)}[/]: the forecast each actor expects from its own view");
            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumn("View");
            table.AddColumn(new TableColumn("Mean").RightAligned());
            table.AddColumn(new TableColumn("Median").RightAligned());
            table.AddColumn(new TableColumn("Gap (mean)").RightAligned());
            table.AddColumn("Beliefs used");
            table.AddRow("[bold]true inputs[/]", F(r.Truth.Forecast.Mean), F(r.Truth.Forecast.Median), "", "");
            foreach (var p in r.Perspectives)
                table.AddRow(Markup.Escape(s.FindActor(p.Holder)?.DisplayName ?? p.Holder), F(p.Result.Forecast.Mean), F(p.Result.Forecast.Median),
                    p.Beliefs.IsEmpty ? "0" : Signed(p.Gap.Mean),
                    Markup.Escape(string.Join("; ", p.Beliefs.Select(b => $"{b.About.ActorId} {PerspectivesDocument.ParameterName(b.About.Parameter)} = {F(b.Value)}"))));
            console.Write(table);
            if (r.Collisions.IsEmpty) console.MarkupLine("[grey]No colliding dyads: no pair in which each side, in its own view, expects to challenge and win.[/]");
            else
            {
                console.MarkupLine("[bold]Colliding dyads[/] (each side expects to challenge the other and win, round 1):");
                foreach (var c in r.Collisions)
                    console.MarkupLine($"  {Markup.Escape(c.A)} × {Markup.Escape(c.B)}: E^{Markup.Escape(c.A)}(U) = {F(c.EuA)} > {F(c.EuAOfB)};  E^{Markup.Escape(c.B)}(U) = {F(c.EuB)} > {F(c.EuBOfA)}");
            }
            foreach (var w in PerspectivesDocument.Warnings(r)) console.MarkupLine($"[yellow]warning ({Markup.Escape(w.Code)}): {Markup.Escape(w.Message)}[/]");
            if (!r.Unused.IsEmpty)
                console.MarkupLine($"[grey]{r.Unused.Length} belief(s) not EUM inputs on this issue (resolve, audience or war cost: crisis parameters; or another issue).[/]");
        }
    }

    private static string F(double x) => x.ToString("0.##", CultureInfo.InvariantCulture);
    private static string Signed(double x) => (x >= 0 ? "+" : "") + x.ToString("0.##", CultureInfo.InvariantCulture);
}
