using System.Globalization;
using Brink.Models;
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
    public const string DefaultVariant = "paper";

    public static int Execute(CliContext context, string file, string? variant, int rounds, string format, string? issueId)
    {
        var v = EumVariant.Find(variant ?? DefaultVariant);
        if (v is null)
        {
            context.Error.WriteLine($"brink run: error: unknown EUM variant '{variant}' for --perspectives; valid variants: {string.Join(", ", EumVariant.All.Select(x => x.Name))}");
            return ExitCodes.BadInput;
        }
        if (!ScenarioInput.TryLoad(context, file, out var scenario, issueId)) return ExitCodes.BadInput;
        if (!ScenarioRun.TrySelectIssues(scenario, issueId, out var issues, out var issueError))
        {
            context.Error.WriteLine($"brink run: error: {file}: {issueError}");
            return ExitCodes.BadInput;
        }
        List<IssuePerspectives> results;
        try
        {
            results = [.. issues.Select(i => EumPerspectives.Run(scenario, i.Id, v, new ModelOptions { Rounds = rounds }))];
        }
        catch (ArgumentException ex)
        {
            context.Error.WriteLine($"brink run: error: {file}: {ex.Message}");
            return ExitCodes.BadInput;
        }
        if (format == "json") JsonOutput.Write(context, Json(scenario, v, results));
        else WriteTable(context.Console, scenario, v, results);
        return ExitCodes.Ok;
    }

    private static object Json(Scenario s, EumVariant v, List<IssuePerspectives> results) => new
    {
        scenario = s.Title,
        model = "eum",
        variant = v.Name,
        issues = results.Select(r => new
        {
            issue = r.IssueId,
            truth = new { mean = r.Truth.Forecast.Mean, median = r.Truth.Forecast.Median },
            perspectives = r.Perspectives.Select(p => new
            {
                holder = p.Holder,
                mean = p.Result.Forecast.Mean,
                median = p.Result.Forecast.Median,
                gap_mean = p.Gap.Mean,
                gap_median = p.Gap.Median,
                beliefs = p.Beliefs.Select(b => new { about = b.About.ActorId, parameter = b.About.Parameter.ToString().ToLowerInvariant(), value = b.Value, note = b.Note }),
            }),
            collisions = r.Collisions.Select(c => new { a = c.A, b = c.B, eu_a = c.EuA, eu_a_of_b = c.EuAOfB, eu_b = c.EuB, eu_b_of_a = c.EuBOfA }),
            unused_beliefs = r.Unused.Select(b => new { holder = b.Holder, about = b.About.ActorId, parameter = b.About.Parameter.ToString().ToLowerInvariant(), issue = b.About.IssueId }),
        }),
    };

    private static void WriteTable(IAnsiConsole console, Scenario s, EumVariant v, List<IssuePerspectives> results)
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
                    Markup.Escape(string.Join("; ", p.Beliefs.Select(b => $"{b.About.ActorId} {b.About.Parameter.ToString().ToLowerInvariant()} = {F(b.Value)}"))));
            console.Write(table);
            if (r.Collisions.IsEmpty) console.MarkupLine("[grey]No colliding dyads: no pair in which each side, in its own view, expects to challenge and win.[/]");
            else
            {
                console.MarkupLine("[bold]Colliding dyads[/] (each side expects to challenge the other and win, round 1):");
                foreach (var c in r.Collisions)
                    console.MarkupLine($"  {Markup.Escape(c.A)} × {Markup.Escape(c.B)}: E^{Markup.Escape(c.A)}(U) = {F(c.EuA)} > {F(c.EuAOfB)};  E^{Markup.Escape(c.B)}(U) = {F(c.EuB)} > {F(c.EuBOfA)}");
            }
            if (!r.Unused.IsEmpty)
                console.MarkupLine($"[grey]{r.Unused.Length} belief(s) not EUM inputs on this issue (resolve, audience or war cost: crisis parameters; or another issue).[/]");
        }
    }

    private static string F(double x) => x.ToString("0.##", CultureInfo.InvariantCulture);
    private static string Signed(double x) => (x >= 0 ? "+" : "") + x.ToString("0.##", CultureInfo.InvariantCulture);
}
