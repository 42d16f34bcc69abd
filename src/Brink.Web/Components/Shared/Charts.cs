using Brink.Application;
using Brink.Simulation;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using Plotly.Blazor.Traces.ScatterLib.MarkerLib;

namespace Brink.Web.Components.Shared;

/// <summary>Plotly figures of application-layer documents (no computation: they only pick numbers out).</summary>
public static class Charts
{
    public static Config Config() => new() { Responsive = true, DisplayModeBar = Plotly.Blazor.ConfigLib.DisplayModeBarEnum.False };

    /// <summary>The EUM's positions by round: one line per actor, round 0 = the starting positions.</summary>
    public static IList<ITrace> Trajectories(RunDocument.ModelDoc eum)
    {
        var rounds = eum.Rounds ?? [];
        if (rounds.Count == 0) return [];
        var actors = rounds[0].Actors.Select(a => a.Name).ToList();
        return
        [
            .. actors.Select((name, i) => (ITrace)new Scatter
            {
                Name = name,
                Mode = ModeFlag.Lines | ModeFlag.Markers,
                X = [.. Enumerable.Range(0, rounds.Count + 1).Cast<object>()],
                Y = [rounds[0].Actors[i].Start, .. rounds.Select(r => (object)r.Actors[i].End)],
            }),
        ];
    }

    public static Plotly.Blazor.Layout TrajectoryLayout(string issue, double min, double max) => new()
    {
        Title = new Title { Text = $"EUM positions by round: {issue}" },
        Height = 420,
        XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "round" }, DTick = 1 }],
        YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "position" }, Range = [min, max] }],
    };

    /// <summary>The spatial model of politics' positions on dimension <paramref name="dimension"/> by turn: one line per actor, turn 0 = the initial state.</summary>
    public static IList<ITrace> SmpTrajectories(SmpDocument.ModelDoc model, int dimension)
    {
        var turns = model.Turns;
        if (turns.Count == 0) return [];
        return
        [
            .. turns[0].Actors.Select((actor, a) => (ITrace)new Scatter
            {
                Name = actor.Name,
                Mode = ModeFlag.Lines | ModeFlag.Markers,
                X = [.. turns.Select(t => (object)t.Turn)],
                Y = [.. turns.Select(t => (object)t.Actors[a].Position[dimension])],
            }),
        ];
    }

    /// <summary>Twenty colours (d3's category20) for the SMP's actors: Plotly's ten repeated the first colour on the 2022 package's eleventh actor.</summary>
    private static IList<object> SmpColours() =>
    [
        "#1f77b4", "#aec7e8", "#ff7f0e", "#ffbb78", "#2ca02c", "#98df8a", "#d62728", "#ff9896", "#9467bd", "#c5b0d5",
        "#8c564b", "#c49c94", "#e377c2", "#f7b6d2", "#7f7f7f", "#c7c7c7", "#bcbd22", "#dbdb8d", "#17becf", "#9edae5",
    ];

    public static Plotly.Blazor.Layout SmpTrajectoryLayout(SmpDocument.DimensionDoc dimension) => new()
    {
        Colorway = SmpColours(),
        Title = new Title { Text = $"SMP positions by turn: {Brink.Application.Report.ReportCharts.DimensionName(dimension)}" },
        Height = 400,
        XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "turn" }, DTick = 1 }],
        YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = $"position on {dimension.Id}" }, Range = [dimension.ScaleMin, dimension.ScaleMax] }],
    };

    /// <summary>
    /// A two-dimensional negotiation as a plane (x = the first dimension, y = the second): each actor's path through the turns (its start an
    /// open circle, its end a large filled one) and the forecast (the mean on each dimension) as a cross; empty unless there are exactly two dimensions.
    /// </summary>
    public static IList<ITrace> SmpPath(SmpDocument.IssueDoc issue, SmpDocument.ModelDoc model)
    {
        var turns = model.Turns;
        if (issue.Dimensions.Count != 2 || turns.Count == 0 || model.Forecast.Count != 2) return [];
        var n = turns.Count;
        IList<SymbolEnum?> symbols = [.. Enumerable.Range(0, n).Select(t => (SymbolEnum?)(t == 0 ? SymbolEnum.CircleOpen : SymbolEnum.Circle))];
        IList<decimal?> sizes = [.. Enumerable.Range(0, n).Select(t => (decimal?)(t == 0 || t == n - 1 ? 12m : 5m))];
        return
        [
            .. turns[0].Actors.Select((actor, a) => (ITrace)new Scatter
            {
                Name = actor.Name,
                Mode = ModeFlag.Lines | ModeFlag.Markers,
                X = [.. turns.Select(t => (object)t.Actors[a].Position[0])],
                Y = [.. turns.Select(t => (object)t.Actors[a].Position[1])],
                TextArray = [.. turns.Select(t => $"turn {t.Turn}")],
                Marker = new Marker { SymbolArray = symbols, SizeArray = sizes },
            }),
            new Scatter
            {
                Name = "forecast (mean)",
                Mode = ModeFlag.Markers,
                X = [model.Forecast[0].Mean],
                Y = [model.Forecast[1].Mean],
                Marker = new Marker { Symbol = SymbolEnum.X, Size = 16, Color = "black" },
            },
        ];
    }

    public static Plotly.Blazor.Layout SmpPathLayout(SmpDocument.IssueDoc issue) => new()
    {
        Colorway = SmpColours(),
        Title = new Title { Text = $"SMP paths in the plane of {issue.Dimensions[0].Id} and {issue.Dimensions[1].Id} (○ start, ● end, ✕ forecast)" },
        Height = 560,
        XAxis =
        [
            new XAxis
            {
                Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = Brink.Application.Report.ReportCharts.DimensionName(issue.Dimensions[0]) },
                Range = Padded(issue.Dimensions[0]),
            },
        ],
        YAxis =
        [
            new YAxis
            {
                Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = Brink.Application.Report.ReportCharts.DimensionName(issue.Dimensions[1]) },
                Range = Padded(issue.Dimensions[1]),
            },
        ],
    };

    /// <summary>A dimension's scale with a 3% margin, so that a start or end on its edge stays visible.</summary>
    private static IList<object> Padded(SmpDocument.DimensionDoc d) =>
        [d.ScaleMin - (d.ScaleMax - d.ScaleMin) * 0.03, d.ScaleMax + (d.ScaleMax - d.ScaleMin) * 0.03];

    /// <summary>Each model's forecast histogram over the draws (bars at the bin centres).</summary>
    public static IList<ITrace> Histograms(IssueReport issue) =>
    [
        .. issue.Models.Select(m => (ITrace)new Bar
        {
            Name = $"{m.Model} ({m.Variant})",
            Opacity = 0.7m,
            X = [.. Centres(m.ForecastMean.Histogram).Cast<object>()],
            Y = [.. m.ForecastMean.Histogram.Counts.Cast<object>()],
        }),
    ];

    public static Plotly.Blazor.Layout HistogramLayout(string issue) => new()
    {
        Title = new Title { Text = $"Forecast over the draws: {issue}" },
        Height = 380,
        BarMode = BarModeEnum.Overlay,
        XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "forecast" } }],
        YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "draws" } }],
    };

    /// <summary>Tornado: the change of the forecast when one input sits at its 5th / 95th percentile, largest swing on top.</summary>
    public static IList<ITrace> Tornado(SensitivityResult r, int top = 15)
    {
        var bars = r.Tornado.Take(top).Reverse().ToList();
        return
        [
            new Bar
            {
                Name = "input at its 5th percentile", Orientation = Plotly.Blazor.Traces.BarLib.OrientationEnum.H,
                Y = [.. bars.Select(b => (object)b.Input)], X = [.. bars.Select(b => (object)(b.LowForecast - r.Baseline))],
            },
            new Bar
            {
                Name = "input at its 95th percentile", Orientation = Plotly.Blazor.Traces.BarLib.OrientationEnum.H,
                Y = [.. bars.Select(b => (object)b.Input)], X = [.. bars.Select(b => (object)(b.HighForecast - r.Baseline))],
            },
        ];
    }

    public static Plotly.Blazor.Layout TornadoLayout(SensitivityResult r) => new()
    {
        Title = new Title { Text = $"Tornado: change of the {r.Model} forecast from {Num.F(r.Baseline)} ({r.IssueId})" },
        Height = 480,
        BarMode = BarModeEnum.Overlay,
        Margin = new Margin { L = 260 },
        XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "forecast − baseline" } }],
    };

    /// <summary>Sobol first-order and total indices of the most influential inputs.</summary>
    public static IList<ITrace> Sobol(SensitivityResult r, int top = 15)
    {
        var factors = r.Factors.OrderByDescending(f => f.SobolTotal).Take(top).ToList();
        return
        [
            new Bar { Name = "first order S1", X = [.. factors.Select(f => (object)f.Input)], Y = [.. factors.Select(f => (object)f.SobolFirst)] },
            new Bar { Name = "total ST", X = [.. factors.Select(f => (object)f.Input)], Y = [.. factors.Select(f => (object)f.SobolTotal)] },
        ];
    }

    public static Plotly.Blazor.Layout SobolLayout(SensitivityResult r) => new()
    {
        Title = new Title { Text = $"Sobol indices ({r.SobolEvaluations} model runs)" },
        Height = 420,
        BarMode = BarModeEnum.Group,
        Margin = new Margin { B = 160 },
    };

    private static IEnumerable<double> Centres(Brink.Simulation.Histogram h) =>
        h.Edges.Length == h.Counts.Length + 1
            ? Enumerable.Range(0, h.Counts.Length).Select(i => (h.Edges[i] + h.Edges[i + 1]) / 2)
            : h.Edges.Take(h.Counts.Length);
}
