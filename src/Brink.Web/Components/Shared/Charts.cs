using Brink.Application;
using Brink.Simulation;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

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

    private static IEnumerable<double> Centres(Brink.Simulation.Histogram h) =>
        h.Edges.Length == h.Counts.Length + 1
            ? Enumerable.Range(0, h.Counts.Length).Select(i => (h.Edges[i] + h.Edges[i + 1]) / 2)
            : h.Edges.Take(h.Counts.Length);
}
