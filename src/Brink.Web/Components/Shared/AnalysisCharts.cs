using Brink.Application;
using Brink.Ledger.Scoring;
using Brink.Models;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace Brink.Web.Components.Shared;

/// <summary>Plotly figures of the quadrant chart, the dyad heat map and the calibration chart (numbers picked out of application-layer documents).</summary>
public static class AnalysisCharts
{
    private static readonly Dictionary<DyadOutcome, string> QuadrantColours = new()
    {
        [DyadOutcome.Conflict] = "#c62828", [DyadOutcome.Compromise] = "#1565c0", [DyadOutcome.Capitulation] = "#6a1b9a", [DyadOutcome.StatusQuo] = "#757575",
    };

    /// <summary>One marker trace per quadrant, each point labelled with the other actor.</summary>
    public static IList<ITrace> Quadrant(QuadrantChartDoc chart) =>
    [
        .. chart.Points.GroupBy(p => p.Quadrant).OrderBy(g => g.Key).Select(g => (ITrace)new Scatter
        {
            Name = QuadrantName(g.Key),
            Mode = ModeFlag.Markers | ModeFlag.Text,
            X = [.. g.Select(p => (object)p.EuIJ)],
            Y = [.. g.Select(p => (object)p.EuJI)],
            TextArray = [.. g.Select(p => p.Other)],
            TextPosition = Plotly.Blazor.Traces.ScatterLib.TextPositionEnum.TopCenter,
            HoverTextArray = [.. g.Select(p => $"{p.Other}: E(U_ij) {NumberText.Significant(p.EuIJ)}, E(U_ji) {NumberText.Significant(p.EuJI)}; {p.Reading}")],
            HoverInfo = HoverInfoFlag.Text,
            Marker = new Marker { Size = 11, Color = QuadrantColours[g.Key] },
        }),
    ];

    /// <summary>The quadrant in words ("status quo"), as the CLI's tables write it (<see cref="UserWords"/>).</summary>
    public static string QuadrantName(DyadOutcome quadrant) => UserWords.Of(quadrant);

    public static Plotly.Blazor.Layout QuadrantLayout(QuadrantChartDoc chart) => new()
    {
        Title = new Title { Text = $"Round-1 quadrant chart of {chart.Actor} ({chart.Model} {chart.Variant}, {chart.Issue})" },
        Height = 480,
        ShowLegend = true,
        XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = $"E(U_ij): what {chart.Actor} expects from challenging j" }, ZeroLine = true, ZeroLineWidth = 2 }],
        YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = $"E(U_ji): what {chart.Actor} believes j expects" }, ZeroLine = true, ZeroLineWidth = 2 }],
    };

    /// <summary>P(conflict) per dyad: rows the receiver, columns the other actor.</summary>
    public static IList<ITrace> DyadHeatmap(DyadHeatmapDoc map) =>
    [
        new HeatMap
        {
            Name = $"{map.Model} ({map.Variant})",
            X = [.. map.Actors.Cast<object>()],
            Y = [.. map.Actors.Cast<object>()],
            Z = [.. map.Conflict.Select(row => (object)row.Select(v => (object?)v).ToArray())],
            ZMin = 0, ZMax = 1,
            ColorScale = "Reds",
            HoverTemplate = "receiver %{y}, other %{x}: P(conflict) %{z:.3f}<extra></extra>",
        },
    ];

    public static Plotly.Blazor.Layout DyadHeatmapLayout(string issue, DyadHeatmapDoc map) => new()
    {
        Title = new Title
        {
            Text = $"P(conflict) per dyad, {map.Model} ({map.Variant}), {issue}" + (map.DyadsShown < map.DyadsInAll ? $": the actors of the {map.DyadsShown} likeliest of {map.DyadsInAll} dyads" : ""),
        },
        Height = 200 + 28 * Math.Min(map.Actors.Count, 30),
        Margin = new Margin { L = 190, B = 150 },
        XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "other actor j" } }],
        YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "receiver i" }, AutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.Reversed }],
    };

    /// <summary>Observed frequency against mean forecast per bin, with Wilson intervals, and the diagonal of perfect calibration.</summary>
    public static IList<ITrace> Calibration(CalibrationTable table) =>
    [
        new Scatter
        {
            Name = "perfect calibration", Mode = ModeFlag.Lines, X = [0.0, 1.0], Y = [0.0, 1.0],
            Line = new Plotly.Blazor.Traces.ScatterLib.Line { Dash = "dash", Color = "#9e9e9e" }, HoverInfo = HoverInfoFlag.Skip,
        },
        new Scatter
        {
            Name = $"observed (Wilson {table.Confidence:P0} interval), {table.Events} events",
            Mode = ModeFlag.Markers | ModeFlag.Text,
            X = [.. table.Bins.Select(b => (object)b.MeanForecast)],
            Y = [.. table.Bins.Select(b => (object)b.ObservedFrequency)],
            TextArray = [.. table.Bins.Select(b => $"n={b.Count}")],
            TextPosition = Plotly.Blazor.Traces.ScatterLib.TextPositionEnum.MiddleRight,
            ErrorY = new ErrorY
            {
                Type = Plotly.Blazor.Traces.ScatterLib.ErrorYLib.TypeEnum.Data, Symmetric = false,
                Array = [.. table.Bins.Select(b => (object)(b.WilsonHigh - b.ObservedFrequency))],
                ArrayMinus = [.. table.Bins.Select(b => (object)(b.ObservedFrequency - b.WilsonLow))],
            },
            Marker = new Marker { Size = 10, Color = "#1565c0" },
        },
    ];

    public static Plotly.Blazor.Layout CalibrationLayout(CalibrationTable table) => new()
    {
        Title = new Title { Text = $"Calibration of the scored forecasts ({table.Bins.Count} bins)" },
        Height = 440,
        XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "forecast probability" }, Range = [-0.02, 1.02] }],
        YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "observed frequency" }, Range = [-0.02, 1.02] }],
    };
}
