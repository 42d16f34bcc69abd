using ScottPlot;

namespace Brink.Application.Report;

/// <summary>
/// The report's charts as inline SVG (ScottPlot, drawn in the process: the report loads nothing).
/// They only draw numbers of the run document; nothing is computed here.
/// </summary>
public static class ReportCharts
{
    public const int Width = 760;

    /// <summary>Each model's forecast (mean ●, median ◆) on the issue's scale, actors' starting positions as grey ticks, the status quo dashed.</summary>
    public static string Forecasts(RunDocument.IssueDoc issue)
    {
        var plot = new Plot();
        var models = issue.Models;
        var ticks = new List<Tick>();
        for (var k = 0; k < models.Count; k++)
        {
            var y = models.Count - k;
            var mean = plot.Add.Marker(models[k].Forecast.Mean, y, MarkerShape.FilledCircle, 9, Colors.SteelBlue);
            var median = plot.Add.Marker(models[k].Forecast.Median, y, MarkerShape.OpenDiamond, 10, Colors.DarkOrange);
            if (k == 0)
            {
                mean.LegendText = "mean";
                median.LegendText = "median";
            }
            ticks.Add(new Tick(y, $"{models[k].Model} ({models[k].Variant})"));
        }
        foreach (var actor in issue.Actors)
        {
            var line = plot.Add.VerticalLine(actor.Position, 1, Colors.Gray.WithAlpha(0.35));
            line.LinePattern = LinePattern.Dotted;
        }
        if (issue.StatusQuo is { } sq)
        {
            var line = plot.Add.VerticalLine(sq, 1.5f, Colors.DarkRed);
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = "status quo";
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.SetLimits(issue.ScaleMin, issue.ScaleMax, 0.4, models.Count + 0.6);
        Style(plot);
        plot.XLabel("position on the issue scale");
        plot.ShowLegend(Alignment.LowerRight);
        return Svg(plot, 90 + 34 * Math.Max(models.Count, 2));
    }

    /// <summary>The EUM's positions by round: one line per actor, round 0 = the starting positions.</summary>
    public static string? Trajectories(RunDocument.IssueDoc issue, RunDocument.ModelDoc eum) => Trajectories(issue, eum, null);

    /// <summary>
    /// Positions by round, with each follower drawn under its leader (<paramref name="leaderOf"/>: follower name → leader name,
    /// from the scenario's <c>follows</c> relations): a leader's line solid in its own colour, its followers' thin, with open markers, in the same
    /// colour and listed right under it in the legend ("↳ name"); actors that neither lead nor follow keep their own colour.
    /// </summary>
    public static string? Trajectories(RunDocument.IssueDoc issue, RunDocument.ModelDoc model, IReadOnlyDictionary<string, string>? leaderOf)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(model);
        if (model.Rounds is not { Count: > 0 } rounds) return null;
        var plot = new Plot();
        var xs = Enumerable.Range(0, rounds.Count + 1).Select(r => (double)r).ToArray();
        var names = rounds[0].Actors.Select(a => a.Name).ToList();
        leaderOf ??= new Dictionary<string, string>();
        // Leaders (and actors outside any tie) in actor order, each followed by its followers and theirs, in its colour;
        // actors in a cycle of follows ties (no leader outside it) start a colour of their own.
        var order = new List<(int Actor, int ColourOf, bool Follower)>();
        var placed = new bool[names.Count];
        void Place(int a, int colourOf, bool follower)
        {
            if (placed[a]) return;
            placed[a] = true;
            order.Add((a, colourOf, follower));
            foreach (var f in Enumerable.Range(0, names.Count).Where(f => leaderOf.TryGetValue(names[f], out var l) && l == names[a]))
                Place(f, colourOf, true);
        }
        for (var a = 0; a < names.Count; a++)
            if (!leaderOf.TryGetValue(names[a], out var l) || !names.Contains(l)) Place(a, a, false);
        for (var a = 0; a < names.Count; a++) Place(a, a, false);
        var palette = new ScottPlot.Palettes.Category10();
        var colours = new Dictionary<int, Color>();
        foreach (var (a, colourOf, follower) in order)
        {
            double[] ys = [rounds[0].Actors[a].Start, .. rounds.Select(r => r.Actors[a].End)];
            var line = plot.Add.Scatter(xs, ys);
            if (!colours.TryGetValue(colourOf, out var colour)) colours[colourOf] = colour = palette.GetColor(colours.Count);
            line.Color = colour;
            line.LegendText = follower ? $"↳ {names[a]}" : names[a];
            // Thin with open markers rather than dashed: the SVG canvas has no dash effect (it warns on stderr for each segment).
            line.MarkerSize = follower ? 5 : 4;
            line.LineWidth = follower ? 1 : 2.5f;
            if (follower) line.MarkerShape = MarkerShape.OpenCircle;
        }
        plot.Axes.SetLimits(0, rounds.Count, issue.ScaleMin, issue.ScaleMax);
        Style(plot);
        plot.XLabel("round");
        plot.YLabel("position");
        plot.ShowLegend(Edge.Right);
        return Svg(plot, 380);
    }

    /// <summary>The SVG element alone (an XML declaration inside HTML is only noise).</summary>
    private static string Svg(Plot plot, int height)
    {
        var svg = plot.GetSvgHtml(Width, height);
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        return start > 0 ? svg[start..] : svg;
    }

    /// <summary>A sans-serif font that Linux, macOS and Windows browsers have or substitute (the headings above the charts name them).</summary>
    private static void Style(Plot plot) => plot.Font.Set("DejaVu Sans");
}
