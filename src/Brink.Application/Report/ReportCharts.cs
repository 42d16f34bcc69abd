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
        return plot.GetSvgHtml(Width, 90 + 34 * Math.Max(models.Count, 2));
    }

    /// <summary>The EUM's positions by round: one line per actor, round 0 = the starting positions.</summary>
    public static string? Trajectories(RunDocument.IssueDoc issue, RunDocument.ModelDoc eum)
    {
        if (eum.Rounds is not { Count: > 0 } rounds) return null;
        var plot = new Plot();
        var xs = Enumerable.Range(0, rounds.Count + 1).Select(r => (double)r).ToArray();
        for (var a = 0; a < rounds[0].Actors.Count; a++)
        {
            double[] ys = [rounds[0].Actors[a].Start, .. rounds.Select(r => r.Actors[a].End)];
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = rounds[0].Actors[a].Name;
            line.MarkerSize = 4;
        }
        plot.Axes.SetLimits(0, rounds.Count, issue.ScaleMin, issue.ScaleMax);
        Style(plot);
        plot.XLabel("round");
        plot.YLabel("position");
        plot.ShowLegend(Edge.Right);
        return plot.GetSvgHtml(Width, 380);
    }

    /// <summary>A sans-serif font that Linux, macOS and Windows browsers have or substitute (the headings above the charts name them).</summary>
    private static void Style(Plot plot) => plot.Font.Set("DejaVu Sans");
}
