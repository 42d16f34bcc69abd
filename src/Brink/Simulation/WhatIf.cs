using System.Collections.Immutable;
using Brink.Models;

namespace Brink.Simulation;

/// <summary>Settings of <see cref="WhatIf.Search"/>: the target and the bounds on a change.</summary>
public sealed record WhatIfOptions
{
    /// <summary>The forecast value to approach.</summary>
    public required double Target { get; init; }
    /// <summary>Actors that may change (ids); null = all.</summary>
    public IReadOnlyCollection<string>? Actors { get; init; }
    /// <summary>Largest allowed |change| of a position in scale units; null = anywhere on the scale.</summary>
    public double? MaxPositionChange { get; init; }
    /// <summary>Largest allowed |change| of a salience (on [0,1]); null = anywhere in [0,1].</summary>
    public double? MaxSalienceChange { get; init; }
    /// <summary>Which parameters may change.</summary>
    public IReadOnlyCollection<IssueField> Parameters { get; init; } = [IssueField.Position, IssueField.Salience];
    /// <summary>Grid points per candidate before local refinement.</summary>
    public int GridPoints { get; init; } = 41;
    public ForecastMeasure Measure { get; init; } = ForecastMeasure.Mean;
    public int Threads { get; init; }
}

/// <summary>One candidate change and the forecast it gives.</summary>
public sealed record WhatIfChange(string Actor, IssueField Parameter, double From, double To, Forecast Forecast, double Distance)
{
    public double Change => To - From;
}

/// <summary>The best single change and the next five (each a different actor × parameter).</summary>
public sealed record WhatIfResult(string Model, string Variant, string IssueId, double Target, ForecastMeasure Measure, Forecast Baseline,
    WhatIfChange Best, ImmutableArray<WhatIfChange> Alternatives, int Evaluations);

/// <summary>
/// Intervention search (design §5): for every allowed actor × parameter, the value within bounds
/// that brings the forecast closest to the target (grid search, then golden-section refinement in
/// the best grid cell); candidates are ranked by distance to the target, then by size of change.
/// </summary>
public static class WhatIf
{
    /// <exception cref="ArgumentException">No actor × parameter may change under the given options.</exception>
    public static WhatIfResult Search(IssueTemplate template, IIssueModel model, WhatIfOptions options, CancellationToken cancel = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.GridPoints, 3);
        if (!double.IsFinite(options.Target)) throw new ArgumentException("target must be a finite number", nameof(options));
        var candidates = new List<(int Actor, IssueField Field, double From, double Lo, double Hi)>();
        foreach (var field in options.Parameters.Distinct().Order())
            for (var i = 0; i < template.Count; i++)
            {
                if (options.Actors is not null && !options.Actors.Contains(template.ActorIds[i])) continue;
                var (from, lo, hi) = field switch
                {
                    IssueField.Position => Bounds(template.BasePosition[i], options.MaxPositionChange, template.ScaleMin, template.ScaleMax),
                    IssueField.Salience => Bounds(template.BaseSalience[i], options.MaxSalienceChange, 0, 1),
                    IssueField.Capability => Bounds(template.BaseCapability[i], null, 0, 2 * template.BaseCapability[i]),
                    _ => Bounds(double.IsNaN(template.BaseRisk[i]) ? 1 : template.BaseRisk[i], null, 0.5, 2),
                };
                if (hi > lo) candidates.Add((i, field, from, lo, hi));
            }
        if (candidates.Count == 0) throw new ArgumentException("no actor × parameter may change within the given bounds");

        var baseline = model.CreateWorker().Evaluate(template, template.CreateBuffer(), new DyadOutcome[model.HasDyads ? template.Count * template.Count : 0]);
        var results = new WhatIfChange[candidates.Count];
        var evaluations = new int[candidates.Count];
        ParallelDraws.Run(candidates.Count, 1, options.Threads,
            () => (W: model.CreateWorker(), B: template.CreateBuffer(), D: new DyadOutcome[model.HasDyads ? template.Count * template.Count : 0]),
            (w, start, end) =>
            {
                for (var c = start; c < end; c++)
                {
                    var (actor, field, from, lo, hi) = candidates[c];
                    var count = 0;
                    Forecast Eval(double v)
                    {
                        count++;
                        template.Reset(w.B);
                        IssueTemplate.Set(w.B, field, actor, v);
                        return w.W.Evaluate(template, w.B, w.D);
                    }
                    double Dist(Forecast f) => Math.Abs(Sensitivity.Pick(f, options.Measure) - options.Target);

                    var g = options.GridPoints;
                    var best = (V: from, F: baseline, D: Dist(baseline));
                    var bestIndex = -1;
                    for (var p = 0; p < g; p++)
                    {
                        var v = lo + (hi - lo) * p / (g - 1);
                        var f = Eval(v);
                        var d = Dist(f);
                        if (d < best.D - 1e-12 || (Math.Abs(d - best.D) <= 1e-12 && Math.Abs(v - from) < Math.Abs(best.V - from)))
                        {
                            best = (v, f, d);
                            bestIndex = p;
                        }
                    }
                    if (bestIndex >= 0)
                    {
                        // Golden-section search on the cells around the best grid point (Kiefer 1953).
                        var step = (hi - lo) / (g - 1);
                        double a = Math.Max(lo, best.V - step), b = Math.Min(hi, best.V + step);
                        var phi = (Math.Sqrt(5) - 1) / 2;
                        double x1 = b - phi * (b - a), x2 = a + phi * (b - a);
                        var f1 = Eval(x1);
                        var f2 = Eval(x2);
                        for (var it = 0; it < 60 && b - a > 1e-10 * Math.Max(1, Math.Abs(hi - lo)); it++)
                        {
                            if (Dist(f1) < best.D) best = (x1, f1, Dist(f1));
                            if (Dist(f2) < best.D) best = (x2, f2, Dist(f2));
                            if (Dist(f1) <= Dist(f2)) { b = x2; x2 = x1; f2 = f1; x1 = b - phi * (b - a); f1 = Eval(x1); }
                            else { a = x1; x1 = x2; f1 = f2; x2 = a + phi * (b - a); f2 = Eval(x2); }
                        }
                        if (Dist(f1) < best.D) best = (x1, f1, Dist(f1));
                        if (Dist(f2) < best.D) best = (x2, f2, Dist(f2));
                    }
                    results[c] = new WhatIfChange(template.ActorIds[actor], field, from, best.V, best.F, best.D);
                    evaluations[c] = count;
                }
            }, null, cancel);
        cancel.ThrowIfCancellationRequested();

        var ranked = results.OrderBy(r => r.Distance).ThenBy(r => Math.Abs(r.Change) / Scale(template, r.Parameter))
            .ThenBy(r => r.Actor, StringComparer.Ordinal).ThenBy(r => r.Parameter).ToList();
        return new WhatIfResult(model.Name, model.Variant, template.IssueId, options.Target, options.Measure, baseline, ranked[0], [.. ranked.Skip(1).Take(5)], evaluations.Sum() + 1);
    }

    private static double Scale(IssueTemplate t, IssueField f) => f == IssueField.Position ? Math.Max(1e-12, t.ScaleMax - t.ScaleMin) : 1;

    private static (double From, double Lo, double Hi) Bounds(double from, double? maxChange, double min, double max)
    {
        var lo = maxChange is { } m ? Math.Max(min, from - m) : min;
        var hi = maxChange is { } m2 ? Math.Min(max, from + m2) : max;
        return (from, lo, hi);
    }
}
