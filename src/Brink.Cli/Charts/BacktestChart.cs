using Brink.Backtest;
using ScottPlot;

namespace Brink.Cli.Charts;

/// <summary>MAE per model with its bootstrap interval, as PNG and SVG.</summary>
public static class BacktestChart
{
    /// <summary>Writes <paramref name="pathWithoutExtension"/>.png and .svg.</summary>
    public static void Save(BacktestReport report, string pathWithoutExtension)
    {
        var plot = new Plot();
        var n = report.Models.Length;
        for (var k = 0; k < n; k++)
        {
            var o = report.Models[k].Overall;
            if (!double.IsFinite(o.Stats.Mae)) continue;
            var y = n - 1 - k;
            var bar = plot.Add.Bar(new Bar
            {
                Position = y,
                Value = o.Stats.Mae,
                Error = 0,
                Orientation = Orientation.Horizontal,
                FillColor = report.Models[k].Model == report.Baseline ? Colors.SteelBlue : Colors.LightGray,
            });
            _ = bar;
            if (double.IsFinite(o.MaeInterval.Low))
            {
                var line = plot.Add.Line(o.MaeInterval.Low, y, o.MaeInterval.High, y);
                line.LineWidth = 2;
                line.Color = Colors.Black;
            }
        }
        var baseline = report.Models.FirstOrDefault(m => m.Model == report.Baseline);
        if (baseline is not null)
        {
            var v = plot.Add.VerticalLine(baseline.Overall.Stats.Mae);
            v.LinePattern = LinePattern.Dashed;
            v.Color = Colors.SteelBlue;
        }
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, n).Select(k => (double)(n - 1 - k))], [.. report.Models.Select(m => $"{m.Model} ({m.Evaluation})")]);
        plot.Axes.Margins(left: 0);
        plot.Title($"DEU back-test: mean absolute error, {report.Protocol.ConfidenceLevel:P0} proposal-bootstrap intervals");
        plot.XLabel("mean absolute error (0–100 scale)");
        plot.SavePng(pathWithoutExtension + ".png", 900, 120 + 45 * n);
        plot.SaveSvg(pathWithoutExtension + ".svg", 900, 120 + 45 * n);
    }
}
