using System.Globalization;
using Brink.Models;
using Brink.Scenarios;
using Spectre.Console;

namespace Brink.Cli.Rendering;

/// <summary>
/// The terminal view of <c>brink run</c>: per issue, every model's forecast side by side with the
/// nearest scale label, then each EUM variant's positions by round and the moves with their reasons.
/// </summary>
internal static class RunTable
{
    /// <summary>
    /// Most actors in a positions table and most move lines, unless <c>--max-rows</c> says otherwise: a table of a thousand
    /// actors is neither read on a terminal nor cheap to lay out (about 0.1 ms a line), and json and csv list every one.
    /// </summary>
    public const int DefaultMaxRows = 50;

    /// <param name="console">Where the view is written.</param>
    /// <param name="run">The run.</param>
    /// <param name="maxRows">Most actors per positions table and most move lines per EUM result (0 = all); what is left out is counted in the view.</param>
    public static void Write(IAnsiConsole console, ScenarioRunResult run, int maxRows = DefaultMaxRows)
    {
        var s = run.Scenario;
        Heading(console, s.Title);
        if (s.Question is not null) console.MarkupLine($"[grey]Question:[/] {Markup.Escape(s.Question)}");
        if (s.AsOf is { } asOf) console.MarkupLine($"[grey]As of:[/] {asOf:yyyy-MM-dd}");
        console.MarkupLine($"[grey]Rounds:[/] {run.Options.Rounds}   [grey]Models:[/] {Markup.Escape(string.Join(", ", run.Models.Select(m => $"{m.Model} ({m.Variant})")))}");

        foreach (var issue in run.Issues)
        {
            console.WriteLine();
            var i = issue.Issue;
            var sq = i.StatusQuo is { } q ? $", status quo {F(q)}" : "";
            console.MarkupLine($"[bold]Issue {Markup.Escape(i.Id)}[/]{(i.Description is null ? "" : ": " + Markup.Escape(i.Description))} [grey](scale {F(i.Min)}–{F(i.Max)}{sq})[/]");
            console.Write(ForecastTable(issue));
            WarningOutput.Write(console, issue.Results.Where(r => r is not EumResult).SelectMany(r => r.Warnings.Select(w => w with { Message = $"{r.Model} ({r.Variant}): {w.Message}" })));
            foreach (var exchange in issue.Results.OfType<Brink.Models.Exchange.ExchangeResult>())
            {
                var here = exchange.Exchanges.Where(e => e.GainIssue == i.Id || e.GiveIssue == i.Id).ToList();
                console.MarkupLine($"[bold]Exchanges touching this issue[/] ({here.Count} of {exchange.Exchanges.Length} in the space {Markup.Escape(string.Join(", ", exchange.Space))}; compromise before: {F(exchange.Compromise)})");
                foreach (var l in exchange.Linkages.Where(l => l.Issue == i.Id || l.Requires.Contains(i.Id)))
                    console.MarkupLine($"  [grey]Linkage:[/] {Markup.Escape(l.Actor)} moves on {Markup.Escape(l.Issue)} only in return for {Markup.Escape(string.Join(" or ", l.Requires))} (ruled out the best exchange in {exchange.BarredByLinkage} searches)");
                foreach (var e in here.Take(12))
                    console.MarkupLine($"  {e.Order}. {Markup.Escape(e.Partner)} moves on {Markup.Escape(e.GainIssue)} (outcome {F(e.GainShift)} toward {Markup.Escape(e.Gainer)}), {Markup.Escape(e.Gainer)} on {Markup.Escape(e.GiveIssue)} ({F(e.GiveShift)} toward {Markup.Escape(e.Partner)}); each gains {F(e.Gain)}");
                if (here.Count > 12) console.MarkupLine($"  [grey]… {here.Count - 12} more (--format json lists all)[/]");
            }
            foreach (var eum in issue.Results.OfType<EumResult>())
            {
                console.MarkupLine($"[bold]Expected utility model ({Markup.Escape(eum.Variant)}): positions by round[/]");
                var shown = maxRows > 0 ? Math.Min(maxRows, issue.Input.Count) : issue.Input.Count;
                console.Write(PositionTable(eum, issue.Input, shown));
                if (shown < issue.Input.Count)
                    console.MarkupLine($"[grey]… {issue.Input.Count - shown} more actors not shown (the first {shown} in input order; the forecast rows are of all {issue.Input.Count}). " +
                        "--max-rows 0 shows all; --format csv --trace or json lists every actor's positions.[/]");
                WarningOutput.Write(console, eum.Warnings);
                var moves = EumMove.Of(eum, issue.Input);
                if (moves.Count == 0)
                {
                    console.MarkupLine("[grey]No actor accepted an offer that moved it.[/]");
                    continue;
                }
                console.MarkupLine("[bold]Moves[/] (who moved toward whom, and why)");
                var listed = maxRows > 0 ? Math.Min(maxRows, moves.Count) : moves.Count;
                foreach (var m in moves.Take(listed))
                    console.MarkupLine($"  round {m.Round}: [bold]{Markup.Escape(m.Actor)}[/] {F(m.From)} → {F(m.To)} toward {Markup.Escape(m.Proposer)}: {Markup.Escape(m.Why)}");
                if (listed < moves.Count)
                    console.MarkupLine($"  [grey]… {moves.Count - listed} more moves not shown (the first {listed} in round order); --max-rows 0 shows all, --format json lists every offer.[/]");
            }
        }
        foreach (var package in run.Packages) WritePackage(console, package);
    }

    /// <summary>A multi-dimensional issue: each model's forecast (mean) per dimension, and which were solved on the product space.</summary>
    private static void WritePackage(IAnsiConsole console, PackageForecasts package)
    {
        console.WriteLine();
        console.MarkupLine($"[bold]Issue {Markup.Escape(package.Id)}[/] as one negotiation over {package.Dimensions.Length} dimensions " +
            $"[grey]({package.Input.Count} actors with a stance on every dimension)[/]");
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("Model");
        table.AddColumn("Variant");
        table.AddColumn("Solved");
        foreach (var dim in package.Input.Dimensions) table.AddColumn(new TableColumn(Markup.Escape(dim.Id)).RightAligned());
        foreach (var m in package.Models)
            table.AddRow([Markup.Escape(m.Model), Markup.Escape(m.Variant), m.ProductSpace ? "product space" : "per dimension", .. m.Forecast.Select(f => F(f.Mean))]);
        console.Write(table);
        console.MarkupLine("[grey]Mean forecast per dimension; per dimension = the one-dimensional model on each dimension alone (details above).[/]");
        // Warnings of the per-dimension models were shown with their dimension above.
        WarningOutput.Write(console, package.Models.Where(m => m.ProductSpace || m.Model == "nash").SelectMany(m =>
            m.Warnings.Where(w => m.ProductSpace || w.Code == ScenarioRun.NashPerDimensionCode).Select(w => w with { Message = $"{m.Model} ({m.Variant}, {(m.ProductSpace ? "product space" : "per dimension")}): {w.Message}" })));
    }

    /// <summary>
    /// The title as a rule across the terminal; piped (where the console is <see cref="CliContext.PipedWidth"/> wide so
    /// that nothing wraps) a rule as long as the title needs, at least 80 columns, instead of thousands of dashes.
    /// </summary>
    internal static void Heading(IAnsiConsole console, string title, string suffix = "")
    {
        var markup = $"[bold]{Markup.Escape(title)}[/]{Markup.Escape(suffix)}";
        if (console.Profile.Width < CliContext.PipedWidth)
        {
            console.Write(new Rule(markup) { Justification = Justify.Left });
            return;
        }
        var text = $"── {title}{suffix} ";
        console.MarkupLine($"── {markup} " + new string('─', Math.Max(3, 80 - text.Length)));
    }

    private static Table ForecastTable(IssueForecasts issue)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("Model");
        table.AddColumn("Variant");
        table.AddColumn(new TableColumn("Mean").RightAligned());
        table.AddColumn(new TableColumn("Median").RightAligned());
        table.AddColumn("Nearest label (mean)");
        foreach (var r in issue.Results)
            table.AddRow(Markup.Escape(r.Model), Markup.Escape(r.Variant), F(r.Forecast.Mean), F(r.Forecast.Median),
                Markup.Escape(NearestLabel(issue.Issue, r.Forecast.Mean)));
        return table;
    }

    private static Table PositionTable(EumResult eum, SpatialIssue input, int actors)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("Actor");
        table.AddColumn(new TableColumn("Start").RightAligned());
        foreach (var round in eum.Rounds) table.AddColumn(new TableColumn(round.Round.ToString(CultureInfo.InvariantCulture)).RightAligned());
        for (var a = 0; a < actors; a++)
        {
            var cells = new List<string> { Markup.Escape(input.Actors[a]), F(input.Position[a]) };
            foreach (var round in eum.Rounds)
            {
                var end = round.Actors[a].End;
                var moved = Math.Abs(end - round.Actors[a].Start) > 1e-12;
                cells.Add(moved ? $"[bold]{F(end)}[/]" : F(end));
            }
            table.AddRow(cells.ToArray());
        }
        var mean = new List<string> { "[italic]forecast (mean)[/]", F(eum.Initial.Mean) };
        mean.AddRange(eum.Rounds.Select(r => F(r.Forecast.Mean)));
        table.AddRow(mean.ToArray());
        var median = new List<string> { "[italic]forecast (median)[/]", F(eum.Initial.Median) };
        median.AddRange(eum.Rounds.Select(r => F(r.Forecast.Median)));
        table.AddRow(median.ToArray());
        return table;
    }

    /// <summary>The scale label closest to a value, e.g. "≈ 25: open door reaffirmed"; empty when the issue has no labels.</summary>
    internal static string NearestLabel(Issue issue, double value)
    {
        if (issue.Labels.IsDefaultOrEmpty) return "";
        var label = issue.Labels.MinBy(l => Math.Abs(l.Value - value))!;
        return $"≈ {F(label.Value)}: {label.Label}";
    }

    internal static string F(double x) => x.ToString("0.##", CultureInfo.InvariantCulture);
}
