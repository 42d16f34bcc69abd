using Brink.Simulation;
using ScottPlot;

namespace Brink.Cli.Charts;

/// <summary>Tornado, Morris and Sobol charts of a <see cref="SensitivityResult"/>, written as PNG and SVG.</summary>
internal static class SensitivityCharts
{
    private const int Width = 900;

    /// <summary>Writes tornado, morris and sobol charts into <paramref name="dir"/>; returns the paths written.</summary>
    public static IReadOnlyList<string> Write(SensitivityResult result, string dir, int top = 15)
    {
        Directory.CreateDirectory(dir);
        var stem = $"{Safe(result.IssueId)}-{Safe(result.Model)}";
        var written = new List<string>();
        void Save(Plot plot, string name, int height)
        {
            var png = Path.Combine(dir, $"{name}-{stem}.png");
            var svg = Path.Combine(dir, $"{name}-{stem}.svg");
            plot.SavePng(png, Width, height);
            plot.SaveSvg(svg, Width, height);
            written.Add(png);
            written.Add(svg);
        }
        var bars = result.Tornado.Take(top).ToList();
        Save(Tornado(result, bars), "tornado", Height(bars.Count));
        var factors = result.Factors.Take(top).ToList();
        Save(Sobol(result, factors), "sobol", Height(factors.Count));
        Save(Morris(result), "morris", 600);
        return written;
    }

    private static int Height(int rows) => Math.Max(300, 120 + 28 * rows);

    private static Plot Tornado(SensitivityResult result, List<TornadoBar> bars)
    {
        var plot = new Plot();
        var list = new List<Bar>();
        var n = bars.Count;
        for (var i = 0; i < n; i++)
        {
            var b = bars[i];
            var position = n - 1 - i; // largest swing on top
            list.Add(new Bar { Position = position, ValueBase = result.Baseline, Value = b.LowForecast, FillColor = Colors.SteelBlue });
            list.Add(new Bar { Position = position, ValueBase = result.Baseline, Value = b.HighForecast, FillColor = Colors.DarkOrange });
        }
        var barPlot = plot.Add.Bars(list);
        barPlot.Horizontal = true;
        plot.Add.VerticalLine(result.Baseline, 1, Colors.Black);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. Enumerable.Range(0, n).Select(i => (double)(n - 1 - i))], [.. bars.Select(b => b.Input)]);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "input at 5th percentile", FillColor = Colors.SteelBlue });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "input at 95th percentile", FillColor = Colors.DarkOrange });
        plot.ShowLegend(Alignment.LowerRight);
        plot.Title($"Tornado: {result.Model} forecast ({result.Measure.ToString().ToLowerInvariant()}) on {result.IssueId}");
        plot.XLabel("forecast");
        return plot;
    }

    private static Plot Sobol(SensitivityResult result, List<FactorSensitivity> factors)
    {
        var plot = new Plot();
        var list = new List<Bar>();
        var n = factors.Count;
        for (var i = 0; i < n; i++)
        {
            var f = factors[i];
            var position = 3.0 * (n - 1 - i);
            list.Add(new Bar { Position = position + 0.5, Value = f.SobolFirst, Error = 1.96 * f.SobolFirstSe, FillColor = Colors.SteelBlue });
            list.Add(new Bar { Position = position + 1.5, Value = f.SobolTotal, Error = 1.96 * f.SobolTotalSe, FillColor = Colors.DarkOrange });
        }
        var barPlot = plot.Add.Bars(list);
        barPlot.Horizontal = true;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. Enumerable.Range(0, n).Select(i => 3.0 * (n - 1 - i) + 1)], [.. factors.Select(f => f.Input)]);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "first order S_i", FillColor = Colors.SteelBlue });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "total S_Ti", FillColor = Colors.DarkOrange });
        plot.ShowLegend(Alignment.LowerRight);
        plot.Title($"Sobol indices ({result.SobolSamples} base samples, 95 % intervals)");
        plot.XLabel("share of forecast variance");
        return plot;
    }

    private static Plot Morris(SensitivityResult result)
    {
        var plot = new Plot();
        var xs = result.Factors.Select(f => f.MuStar).ToArray();
        var ys = result.Factors.Select(f => f.Sigma).ToArray();
        var scatter = plot.Add.ScatterPoints(xs, ys);
        scatter.MarkerSize = 8;
        foreach (var f in result.Factors.OrderByDescending(f => f.MuStar).Take(10))
        {
            var text = plot.Add.Text(f.Input, f.MuStar, f.Sigma);
            text.LabelFontSize = 11;
        }
        plot.Axes.Margins(left: 0.05, right: 0.25, bottom: 0.05, top: 0.1); // room for the labels
        plot.Title("Morris elementary effects");
        plot.XLabel("μ* (mean |elementary effect|)");
        plot.YLabel("σ (spread: interaction or non-linearity)");
        return plot;
    }

    private static string Safe(string s) => string.Concat(s.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}
