using Brink.Ledger.Scoring;
using ScottPlot;

namespace Brink.Cli.Charts;

/// <summary>Calibration chart: observed frequency per bin against the bin's mean forecast, with Wilson intervals and the diagonal.</summary>
internal static class CalibrationChart
{
    public static void Save(CalibrationTable table, string title, string path, int width = 700, int height = 600)
    {
        var plot = new Plot();
        var diagonal = plot.Add.Line(0, 0, 1, 1);
        diagonal.LineColor = Colors.Gray;
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.LegendText = "perfect calibration";
        if (table.Bins.Count > 0)
        {
            var xs = table.Bins.Select(b => b.MeanForecast).ToArray();
            var ys = table.Bins.Select(b => b.ObservedFrequency).ToArray();
            // ScottPlot 5.1's ErrorBar takes (xs, ys, xErrorsPositive, xErrorsNegative, yErrorsPositive, yErrorsNegative).
            var errors = new ScottPlot.Plottables.ErrorBar(xs, ys, null, null,
                table.Bins.Select(b => b.WilsonHigh - b.ObservedFrequency).ToArray(),
                table.Bins.Select(b => b.ObservedFrequency - b.WilsonLow).ToArray());
            errors.Color = Colors.SteelBlue;
            plot.Add.Plottable(errors);
            var points = plot.Add.Scatter(xs, ys);
            points.Color = Colors.SteelBlue;
            points.MarkerSize = 8;
            points.LineWidth = 0;
            points.LegendText = $"observed (Wilson {table.Confidence:P0} interval), {table.Events} events";
            foreach (var b in table.Bins)
            {
                var label = plot.Add.Text($"n={b.Count}", b.MeanForecast, b.ObservedFrequency);
                label.LabelFontSize = 10;
                label.OffsetX = 6;
                label.OffsetY = -14;
            }
        }
        plot.Title(title);
        plot.XLabel("Forecast probability");
        plot.YLabel("Observed frequency");
        plot.Axes.SetLimits(-0.02, 1.02, -0.02, 1.02);
        plot.ShowLegend(Alignment.UpperLeft);
        if (path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase)) plot.SaveSvg(path, width, height);
        else plot.SavePng(path, width, height);
    }
}
