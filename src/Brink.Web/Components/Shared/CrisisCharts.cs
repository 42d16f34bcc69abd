using Brink.Application;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace Brink.Web.Components.Shared;

/// <summary>Plotly figures of the crisis and what-if documents (they only arrange numbers the application layer computed).</summary>
public static class CrisisCharts
{
    /// <summary>Which per-dyad probability a heat map shows.</summary>
    public enum Measure { War, Settlement, Capitulation }

    /// <summary>The actors of one issue's dyads, in the document's order.</summary>
    public static IReadOnlyList<string> Actors(CrisisDocument doc, string issue) =>
        [.. doc.Dyads.Where(d => d.Issue == issue).SelectMany(d => new[] { d.ActorA, d.ActorB }).Distinct()];

    /// <summary>
    /// One issue's dyads as an actor × actor heat map. War and settlement are symmetric; capitulation reads
    /// "the row actor gives way to the column actor" (P(cap A) in row A, column B). The diagonal is empty.
    /// </summary>
    public static IList<ITrace> HeatMap(CrisisDocument doc, string issue, Measure measure)
    {
        var actors = Actors(doc, issue);
        var index = actors.Select((a, i) => (a, i)).ToDictionary(x => x.a, x => x.i);
        var z = actors.Select(_ => new object?[actors.Count]).ToArray();
        foreach (var d in doc.Dyads.Where(d => d.Issue == issue))
        {
            int a = index[d.ActorA], b = index[d.ActorB];
            (z[a][b], z[b][a]) = measure switch
            {
                Measure.War => (d.PWar, d.PWar),
                Measure.Settlement => (d.PSettlement, d.PSettlement),
                _ => ((object?)d.PCapitulationA, (object?)d.PCapitulationB),
            };
        }
        return
        [
            new HeatMap
            {
                Name = measure.ToString(),
                X = [.. actors.Cast<object>()],
                Y = [.. actors.Cast<object>()],
                Z = [.. z.Cast<object>()],
                // Settlement and capitulation span [0, 1]; P(war) is usually small, so its colours span [0, the largest P(war)] (the colour bar says so).
                ZMin = 0,
                ZMax = measure == Measure.War ? (decimal)Math.Max(0.01, doc.Dyads.Where(d => d.Issue == issue).Select(d => d.PWar).DefaultIfEmpty(0).Max()) : 1,
                HoverTemplate = measure == Measure.Capitulation
                    ? "%{y} gives way to %{x}: %{z:.3f}<extra></extra>"
                    : "%{y} – %{x}: %{z:.3f}<extra></extra>",
            },
        ];
    }

    public static Plotly.Blazor.Layout HeatMapLayout(string title) => new()
    {
        Title = new Title { Text = title },
        Height = 420,
        Margin = new Margin { L = 110, B = 110, T = 50 },
        YAxis = [new YAxis { AutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.Reversed }],
    };

    /// <summary>The mean P(war) over the dyads by cause (Fearon 1995's three rationalist causes and indivisibility).</summary>
    public static IList<ITrace> Causes(CrisisDocument doc) =>
    [
        new Bar { Name = "mean P(war)", X = [.. doc.Overall.WarByCause.Keys.Cast<object>()], Y = [.. doc.Overall.WarByCause.Values.Cast<object>()] },
    ];

    public static Plotly.Blazor.Layout CausesLayout() => new()
    {
        Title = new Title { Text = "Causes of war: mean P(war) over the dyads" },
        Height = 320,
    };

    /// <summary>P(war) against the misperception gap, one curve per c̄, and the slider's gap as a marker on each.</summary>
    public static IList<ITrace> Sweep(MisperceptionSweepDocument doc)
    {
        var traces = new List<ITrace>();
        foreach (var curve in doc.Points.GroupBy(p => p.CostMax))
            traces.Add(new Scatter
            {
                Name = $"c̄ = {Num.F(curve.Key)}",
                Mode = ModeFlag.Lines,
                X = [.. curve.Select(p => (object)p.Gap)],
                Y = [.. curve.Select(p => (object)p.ProbabilityWar)],
            });
        if (doc.AtGap is { } at)
            traces.Add(new Scatter
            {
                Name = "the slider's gap",
                Mode = ModeFlag.Markers,
                X = [.. at.Select(p => (object)p.Gap)],
                Y = [.. at.Select(p => (object)p.ProbabilityWar)],
                Marker = new Marker { Size = 12 },
            });
        return traces;
    }

    public static Plotly.Blazor.Layout SweepLayout(double p) => new()
    {
        Title = new Title { Text = $"Mutual optimism: P(war) as the misperception gap p^A − p^B grows (true p = {Num.F(p)})" },
        Height = 400,
        XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "gap p^A − p^B" } }],
        YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "P(war)" }, Range = [0, 1] }],
    };

    /// <summary>Bargaining: P(war) and the demand as c̄ runs over (0, 1] (each point a <see cref="BargainRequest"/>), the slider's c̄ as a marker.</summary>
    public static IList<ITrace> Bargain(BargainRequest request)
    {
        var grid = Enumerable.Range(1, 40).Select(i => i / 40.0).ToArray();
        var docs = grid.Select(c => CrisisGameService.Bargain(request with { CostBMax = c })).ToArray();
        var at = CrisisGameService.Bargain(request);
        return
        [
            new Scatter { Name = "P(war)", Mode = ModeFlag.Lines, X = [.. grid.Cast<object>()], Y = [.. docs.Select(d => (object)d.PWar)] },
            new Scatter { Name = "demand x*", Mode = ModeFlag.Lines, X = [.. grid.Cast<object>()], Y = [.. docs.Select(d => (object)d.Demand)] },
            new Scatter { Name = "the slider's c̄", Mode = ModeFlag.Markers, X = [at.CostBMax, at.CostBMax], Y = [at.PWar, at.Demand], Marker = new Marker { Size = 12 } },
        ];
    }

    public static Plotly.Blazor.Layout BargainLayout() => new()
    {
        Title = new Title { Text = "Bargaining: P(war) and A's demand as the uncertainty c̄ about B's cost grows" },
        Height = 360,
        XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "c̄ (B's cost uniform on [0, c̄])" } }],
        YAxis = [new YAxis { Range = [0, 1.5] }],
    };

    /// <summary>Tying hands: P(war), P(threat) and P(status quo) as the audience cost runs over [0, 3], the slider's a as a marker.</summary>
    public static IList<ITrace> Audience(AudienceRequest request)
    {
        var grid = Enumerable.Range(0, 61).Select(i => i * 0.05).ToArray();
        var docs = grid.Select(a => CrisisGameService.Audience(request with { AudienceCost = a })).ToArray();
        var at = CrisisGameService.Audience(request);
        return
        [
            new Scatter { Name = "P(war)", Mode = ModeFlag.Lines, X = [.. grid.Cast<object>()], Y = [.. docs.Select(d => (object)d.PWar)] },
            new Scatter { Name = "P(threat)", Mode = ModeFlag.Lines, X = [.. grid.Cast<object>()], Y = [.. docs.Select(d => (object)d.PThreat)] },
            new Scatter { Name = "P(status quo)", Mode = ModeFlag.Lines, X = [.. grid.Cast<object>()], Y = [.. docs.Select(d => (object)d.PStatusQuo)] },
            new Scatter { Name = "the slider's a", Mode = ModeFlag.Markers, X = [at.AudienceCost, at.AudienceCost, at.AudienceCost], Y = [at.PWar, at.PThreat, at.PStatusQuo], Marker = new Marker { Size = 12 } },
        ];
    }

    public static Plotly.Blazor.Layout AudienceLayout() => new()
    {
        Title = new Title { Text = "Tying hands: outcome probabilities as the audience cost a grows" },
        Height = 360,
        XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "audience cost a" } }],
        YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "probability" }, Range = [0, 1] }],
    };

    /// <summary>The interaction game: P(outcome) under quantal response, one bar per outcome.</summary>
    public static IList<ITrace> Interaction(InteractionDocument doc) => doc.QuantalResponse is { } q
        ? [new Bar { Name = "P(outcome)", X = [.. q.Outcomes.Keys.Cast<object>()], Y = [.. q.Outcomes.Values.Cast<object>()] }]
        : [];

    public static Plotly.Blazor.Layout InteractionLayout() => new()
    {
        Title = new Title { Text = "International interaction game: outcome probabilities (quantal response)" },
        Height = 340,
        YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "probability" }, Range = [0, 1] }],
    };

    /// <summary>What-if: the forecast each candidate change gives, with the target and the baseline as lines.</summary>
    public static IList<ITrace> WhatIf(Brink.Simulation.WhatIfResult r)
    {
        var changes = new[] { r.Best }.Concat(r.Alternatives).ToList();
        var labels = changes.Select(c => (object)$"{c.Actor} {UserWords.Of(c.Parameter)}").ToList();
        var pick = r.Measure == Brink.Simulation.ForecastMeasure.Median ? (Func<Brink.Models.Forecast, double>)(f => f.Median) : f => f.Mean;
        return
        [
            new Bar { Name = "forecast after the change", X = labels, Y = [.. changes.Select(c => (object)pick(c.Forecast))] },
            new Scatter { Name = "target", Mode = ModeFlag.Lines, X = labels, Y = [.. labels.Select(_ => (object)r.Target)] },
            new Scatter { Name = "now", Mode = ModeFlag.Lines, X = labels, Y = [.. labels.Select(_ => (object)pick(r.Baseline))] },
        ];
    }

    public static Plotly.Blazor.Layout WhatIfLayout(Brink.Simulation.WhatIfResult r) => new()
    {
        Title = new Title { Text = $"What moves the {r.Model} forecast on {r.IssueId} toward {Num.F(r.Target)}" },
        Height = 380,
    };
}
