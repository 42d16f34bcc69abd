using Brink.Crisis;
using ScottPlot;

namespace Brink.Cli.Charts;

/// <summary>PNG of P(war) against the misperception gap, one line per cost range, with the misperception part dashed.</summary>
internal static class CrisisOptimismChart
{
    public static void Save(IReadOnlyList<SweepPoint> points, double p, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var k = 0;
        foreach (var group in points.GroupBy(x => x.CostMax))
        {
            var xs = group.Select(x => x.Gap).ToArray();
            var color = palette.GetColor(k++);
            var total = plot.Add.Scatter(xs, group.Select(x => x.ProbabilityWar).ToArray());
            total.Color = color;
            total.MarkerSize = 0;
            total.LineWidth = 2;
            total.LegendText = $"P(war), costs ~ U[0, {group.Key:0.##}]";
            var mis = plot.Add.Scatter(xs, group.Select(x => x.WarMisperception).ToArray());
            mis.Color = color;
            mis.MarkerSize = 0;
            mis.LinePattern = LinePattern.Dashed;
            mis.LegendText = "  of which misperception";
        }
        plot.Title($"P(war) vs misperception gap p^A − p^B (true p = {p:0.##})");
        plot.XLabel("misperception gap p^A − p^B");
        plot.YLabel("probability of war");
        plot.Axes.SetLimitsY(0, 1);
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, 900, 560);
    }
}
