using Brink.Application;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;

namespace Brink.Web.Components.Shared;

/// <summary>The Plotly figure of a DEU back-test document (it only arranges the numbers of <see cref="BacktestDocument"/>).</summary>
public static class BacktestCharts
{
    /// <summary>Each model's MAE as a horizontal bar with its bootstrap interval as error bars, in the document's order, and the baseline's MAE as a dashed line.</summary>
    public static IList<ITrace> Mae(BacktestDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var models = doc.Models.Select(m => (object)m.Model).ToList();
        var traces = new List<ITrace>
        {
            new Bar
            {
                Name = $"MAE with its {doc.Protocol.ConfidenceLevel:P0} interval",
                Orientation = Plotly.Blazor.Traces.BarLib.OrientationEnum.H,
                X = [.. doc.Models.Select(m => (object)m.Mae)],
                Y = models,
                ErrorX = new Plotly.Blazor.Traces.BarLib.ErrorX
                {
                    Type = Plotly.Blazor.Traces.BarLib.ErrorXLib.TypeEnum.Data, Symmetric = false,
                    Array = [.. doc.Models.Select(m => (object)(m.MaeCi.Count == 2 ? m.MaeCi[1] - m.Mae : 0))],
                    ArrayMinus = [.. doc.Models.Select(m => (object)(m.MaeCi.Count == 2 ? m.Mae - m.MaeCi[0] : 0))],
                },
                HoverTemplate = "%{y}: MAE %{x:.2f}<extra></extra>",
                Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = "#1565c0" },
            },
        };
        if (doc.Models.FirstOrDefault(m => m.Model == doc.Baseline) is { } baseline && doc.Models.Count > 1)
            traces.Add(new Scatter
            {
                Name = $"{doc.Baseline} (the baseline): {Num.F(baseline.Mae, "0.00")}",
                Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Lines,
                X = [baseline.Mae, baseline.Mae],
                Y = [models[0], models[^1]],
                Line = new Plotly.Blazor.Traces.ScatterLib.Line { Dash = "dash", Color = "#c62828" },
                HoverInfo = Plotly.Blazor.Traces.ScatterLib.HoverInfoFlag.Skip,
            });
        return traces;
    }

    public static Plotly.Blazor.Layout MaeLayout(BacktestDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        return new()
        {
            Title = new Title { Text = $"Mean absolute error (points on the 0–100 scale; lower is better) on {doc.Issues} issues of {doc.File}" },
            Height = 160 + 28 * doc.Models.Count,
            Margin = new Margin { L = 190, T = 50 },
            ShowLegend = true,
            Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = -0.15m }],
            // The axis is titled by the figure's title (MAE on the 0–100 scale); the legend sits below the axis.
            XAxis = [new XAxis { RangeMode = Plotly.Blazor.LayoutLib.XAxisLib.RangeModeEnum.ToZero }],
            YAxis = [new YAxis { AutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.Reversed, Type = Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Category }],
        };
    }
}
