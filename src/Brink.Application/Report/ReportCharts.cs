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

    /// <summary>
    /// The spatial model of politics by turn: one panel per dimension (position on that dimension's scale by turn, turn 0 = the
    /// initial state), one line per actor; the panel's title names the dimension (its label, else its id).
    /// </summary>
    public static IReadOnlyList<string> SmpTrajectories(SmpDocument.IssueDoc issue, SmpDocument.ModelDoc model)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(model);
        var turns = model.Turns;
        if (turns.Count == 0) return [];
        var xs = turns.Select(t => (double)t.Turn).ToArray();
        var palette = SmpPalette;
        var panels = new List<string>();
        for (var k = 0; k < issue.Dimensions.Count; k++)
        {
            var dim = issue.Dimensions[k];
            var plot = new Plot();
            for (var a = 0; a < turns[0].Actors.Count; a++)
            {
                var line = plot.Add.Scatter(xs, [.. turns.Select(t => t.Actors[a].Position[k])]);
                line.Color = palette.GetColor(a);
                line.LegendText = turns[0].Actors[a].Name;
                line.MarkerSize = 4;
                line.LineWidth = 2;
            }
            plot.Axes.SetLimits(xs[0], Math.Max(xs[^1], xs[0] + 1), dim.ScaleMin, dim.ScaleMax);
            Style(plot);
            plot.Title(Wrap(DimensionName(dim), 50), 14);
            plot.XLabel("turn");
            plot.YLabel($"position on {dim.Id}");
            plot.ShowLegend(Edge.Right);
            panels.Add(Svg(plot, 360));
        }
        return panels;
    }

    /// <summary>
    /// A two-dimensional negotiation as a plane (x = the first dimension, y = the second, each on its scale): each actor's path through
    /// the turns, its start an open circle, its end filled, and the forecast (capability × salience weighted mean per dimension) as a cross;
    /// null unless the issue has exactly two dimensions.
    /// </summary>
    public static string? SmpPath(SmpDocument.IssueDoc issue, SmpDocument.ModelDoc model)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentNullException.ThrowIfNull(model);
        if (issue.Dimensions.Count != 2 || model.Turns.Count == 0 || model.Forecast.Count != 2) return null;
        var turns = model.Turns;
        var plot = new Plot();
        var palette = SmpPalette;
        for (var a = 0; a < turns[0].Actors.Count; a++)
        {
            var colour = palette.GetColor(a);
            double[] xs = [.. turns.Select(t => t.Actors[a].Position[0])], ys = [.. turns.Select(t => t.Actors[a].Position[1])];
            var path = plot.Add.Scatter(xs, ys);
            path.Color = colour;
            path.LineWidth = 2;
            path.MarkerSize = 4;
            path.LegendText = turns[0].Actors[a].Name;
            plot.Add.Marker(xs[0], ys[0], MarkerShape.OpenCircle, 11, colour);
            plot.Add.Marker(xs[^1], ys[^1], MarkerShape.FilledCircle, 10, colour);
        }
        var forecast = plot.Add.Marker(model.Forecast[0].Mean, model.Forecast[1].Mean, MarkerShape.Cross, 16, Colors.Black);
        forecast.LegendText = "forecast (mean)";
        // The start and end markers once in grey in the legend (each actor's own are in its colour).
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"start (turn {turns[0].Turn})", MarkerShape = MarkerShape.OpenCircle, MarkerSize = 11, MarkerColor = Colors.Gray });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"end (turn {turns[^1].Turn})", MarkerShape = MarkerShape.FilledCircle, MarkerSize = 10, MarkerColor = Colors.Gray });
        var (x, y) = (issue.Dimensions[0], issue.Dimensions[1]);
        // The scales with a 3% margin, so that a start or end on the edge of a scale stays visible.
        double mx = (x.ScaleMax - x.ScaleMin) * 0.03, my = (y.ScaleMax - y.ScaleMin) * 0.03;
        plot.Axes.SetLimits(x.ScaleMin - mx, x.ScaleMax + mx, y.ScaleMin - my, y.ScaleMax + my);
        Style(plot);
        plot.XLabel(Wrap(DimensionName(x), 60), 13);
        plot.YLabel(Wrap(DimensionName(y), 45), 13);
        plot.ShowLegend(Edge.Right);
        return Svg(plot, 520);
    }

    /// <summary>A dimension as the charts name it: its label when it has one, else its id.</summary>
    public static string DimensionName(SmpDocument.DimensionDoc dimension)
    {
        ArgumentNullException.ThrowIfNull(dimension);
        return string.IsNullOrWhiteSpace(dimension.Label) ? dimension.Id : dimension.Label;
    }

    /// <summary>A long name broken into lines of at most <paramref name="width"/> characters at spaces (a chart title is not wrapped by ScottPlot).</summary>
    private static string Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line);
                line = word;
            }
            else line = line.Length == 0 ? word : line + " " + word;
        }
        lines.Add(line);
        return string.Join('\n', lines);
    }

    /// <summary>Twenty colours for the SMP's actors (KTAB's examples have 7 to 13 actors and the 2022 package 11; Category10 repeated the first colour on the eleventh).</summary>
    private static readonly ScottPlot.Palettes.Category20 SmpPalette = new();

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
