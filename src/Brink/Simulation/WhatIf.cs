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
    /// <summary>Largest allowed |change| of a position in scale units; null = <see cref="DefaultPositionShare"/> of the scale width.</summary>
    public double? MaxPositionChange { get; init; }
    /// <summary>Largest allowed |change| of a salience (on [0,1]); null = <see cref="DefaultSalienceChange"/>.</summary>
    public double? MaxSalienceChange { get; init; }
    /// <summary>
    /// Default bound on a position change, as a share of the scale width: a quarter of the scale, so
    /// the search proposes a shift an actor could plausibly make rather than a jump to the far end.
    /// </summary>
    public double DefaultPositionShare { get; init; } = 0.25;
    /// <summary>Default bound on a salience change (salience on [0,1]).</summary>
    public double DefaultSalienceChange { get; init; } = 0.25;
    /// <summary>Which parameters may change.</summary>
    public IReadOnlyCollection<IssueField> Parameters { get; init; } = [IssueField.Position, IssueField.Salience];
    /// <summary>Grid points per candidate before local refinement.</summary>
    public int GridPoints { get; init; } = 41;
    /// <summary>Which number of the forecast is moved toward <see cref="Target"/>.</summary>
    public ForecastMeasure Measure { get; init; } = ForecastMeasure.Mean;
    /// <summary>Worker threads; 0 = one per processor.</summary>
    public int Threads { get; init; }
}

/// <summary>One candidate change and the forecast it gives.</summary>
public sealed record WhatIfChange(string Actor, IssueField Parameter, double From, double To, Forecast Forecast, double Distance)
{
    /// <summary>To − From, in the parameter's units (scale points for a position).</summary>
    public double Change => To - From;
}

/// <summary>The best single change and the next five (each a different actor × parameter).</summary>
public sealed record WhatIfResult(string Model, string Variant, string IssueId, double Target, ForecastMeasure Measure, Forecast Baseline,
    WhatIfChange Best, ImmutableArray<WhatIfChange> Alternatives, int Evaluations)
{
    /// <summary>The bound each searched parameter was held to, and whether it was the default.</summary>
    public ImmutableArray<WhatIfBound> Bounds { get; init; } = [];
    /// <summary>Default bounds applied, and a best change that sits on its bound.</summary>
    public ImmutableArray<ResultWarning> Warnings { get; init; } = [];
}

/// <summary>The search range of one parameter: each value within ±<see cref="MaxChange"/> of the actor's own, clipped to [<see cref="Min"/>, <see cref="Max"/>]; <see cref="Max"/> is null where it differs by actor (capability: twice its own; see <see cref="Rule"/>).</summary>
public sealed record WhatIfBound(IssueField Parameter, double? MaxChange, double Min, double? Max, bool IsDefault, string Rule);

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
        var search = Prepare(template, model, options);
        var (changes, evaluations) = search.Run(0, search.Candidates, options.Threads, cancel);
        return search.Finish(changes, evaluations);
    }

    /// <summary>
    /// The search's candidates (actor × parameter with its range) and baseline, before any is searched: what a cluster sweep
    /// splits into ranges of candidates (<see cref="WhatIfSearch.Run(int, int, int, CancellationToken)"/>) and merges (<see cref="WhatIfSearch.Finish"/>).
    /// </summary>
    /// <exception cref="ArgumentException">No actor × parameter may change under the given options.</exception>
    public static WhatIfSearch Prepare(IssueTemplate template, IIssueModel model, WhatIfOptions options)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.GridPoints, 3);
        if (!double.IsFinite(options.Target)) throw new ArgumentException("target must be a finite number", nameof(options));
        var candidates = new List<(int Actor, IssueField Field, double From, double Lo, double Hi)>();
        var width = template.ScaleMax - template.ScaleMin;
        var maxPosition = options.MaxPositionChange ?? options.DefaultPositionShare * width;
        var maxSalience = options.MaxSalienceChange ?? options.DefaultSalienceChange;
        var bounds = options.Parameters.Distinct().Order().Select(field => field switch
        {
            IssueField.Position => new WhatIfBound(field, maxPosition, template.ScaleMin, template.ScaleMax, options.MaxPositionChange is null,
                options.MaxPositionChange is null ? $"±{Num(maxPosition)} ({Num(100 * options.DefaultPositionShare)} % of the scale, the default)" : $"±{Num(maxPosition)}"),
            IssueField.Salience => new WhatIfBound(field, maxSalience, 0, 1, options.MaxSalienceChange is null,
                options.MaxSalienceChange is null ? $"±{Num(maxSalience)} (the default)" : $"±{Num(maxSalience)}"),
            IssueField.Capability => new WhatIfBound(field, null, 0, null, true, "0 to twice the actor's capability"),
            _ => new WhatIfBound(field, null, 0.5, 2, true, "0.5 to 2"),
        }).ToImmutableArray();
        foreach (var field in options.Parameters.Distinct().Order())
            for (var i = 0; i < template.Count; i++)
            {
                if (options.Actors is not null && !options.Actors.Contains(template.ActorIds[i])) continue;
                var (from, lo, hi) = field switch
                {
                    IssueField.Position => Bounds(template.BasePosition[i], maxPosition, template.ScaleMin, template.ScaleMax),
                    IssueField.Salience => Bounds(template.BaseSalience[i], maxSalience, 0, 1),
                    IssueField.Capability => Bounds(template.BaseCapability[i], null, 0, 2 * template.BaseCapability[i]),
                    _ => Bounds(double.IsNaN(template.BaseRisk[i]) ? 1 : template.BaseRisk[i], null, 0.5, 2),
                };
                if (hi > lo) candidates.Add((i, field, from, lo, hi));
            }
        if (candidates.Count == 0) throw new ArgumentException("no actor × parameter may change within the given bounds");

        var baseline = model.CreateWorker().Evaluate(template, template.CreateBuffer(), new DyadOutcome[model.HasDyads ? template.Count * template.Count : 0]);
        return new WhatIfSearch(template, model, options, candidates, bounds, baseline);
    }

    /// <summary>Code: the search used default bounds.</summary>
    public const string DefaultBoundsCode = "whatif-default-bounds";
    /// <summary>Code: the best change sits on its bound, so a larger change might come closer.</summary>
    public const string AtBoundCode = "whatif-at-bound";

    internal static ImmutableArray<ResultWarning> Warn(IssueTemplate template, WhatIfResult result, ImmutableArray<WhatIfBound> bounds,
        List<(int Actor, IssueField Field, double From, double Lo, double Hi)> candidates)
    {
        var warnings = ImmutableArray.CreateBuilder<ResultWarning>();
        var defaults = bounds.Where(b => b.IsDefault && b.Parameter is IssueField.Position or IssueField.Salience).ToList();
        if (defaults.Count > 0)
            warnings.Add(new ResultWarning(DefaultBoundsCode,
                $"The search held each change to default bounds: {string.Join("; ", defaults.Select(b => $"{b.Parameter.ToString().ToLowerInvariant()} {b.Rule}"))}; " +
                "set --max-position-change / --max-salience-change to search wider or narrower.")
            { Issue = template.IssueId });
        var best = result.Best;
        var c = candidates.First(x => template.ActorIds[x.Actor] == best.Actor && x.Field == best.Parameter);
        var span = c.Hi - c.Lo;
        var atEdge = (Math.Abs(best.To - c.Hi) <= 1e-9 * Math.Max(1, span) && c.Hi < BoundMax(template, c.Field))
            || (Math.Abs(best.To - c.Lo) <= 1e-9 * Math.Max(1, span) && c.Lo > BoundMin(template, c.Field));
        if (atEdge && best.Distance > 0)
            warnings.Add(new ResultWarning(AtBoundCode,
                $"The best change ({best.Actor} {best.Parameter.ToString().ToLowerInvariant()} {Num(best.From)} → {Num(best.To)}) stops at its bound, {Num(best.Distance)} short of the target; a larger change may come closer.")
            { Actors = [best.Actor], Issue = template.IssueId });
        return warnings.ToImmutable();
    }

    private static double BoundMin(IssueTemplate t, IssueField f) => f switch { IssueField.Position => t.ScaleMin, IssueField.Risk => 0.5, _ => 0 };
    private static double BoundMax(IssueTemplate t, IssueField f) => f switch { IssueField.Position => t.ScaleMax, IssueField.Salience => 1, IssueField.Risk => 2, _ => double.PositiveInfinity };

    private static string Num(double x) => x.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    internal static double Scale(IssueTemplate t, IssueField f) => f == IssueField.Position ? Math.Max(1e-12, t.ScaleMax - t.ScaleMin) : 1;

    private static (double From, double Lo, double Hi) Bounds(double from, double? maxChange, double min, double max)
    {
        var lo = maxChange is { } m ? Math.Max(min, from - m) : min;
        var hi = maxChange is { } m2 ? Math.Min(max, from + m2) : max;
        return (from, lo, hi);
    }
}

/// <summary>A what-if search prepared by <see cref="WhatIf.Prepare"/>: its candidates, bounds and baseline forecast.</summary>
public sealed class WhatIfSearch
{
    private readonly IssueTemplate _template;
    private readonly IIssueModel _model;
    private readonly WhatIfOptions _options;
    private readonly List<(int Actor, IssueField Field, double From, double Lo, double Hi)> _candidates;
    private readonly ImmutableArray<WhatIfBound> _bounds;

    internal WhatIfSearch(IssueTemplate template, IIssueModel model, WhatIfOptions options, List<(int Actor, IssueField Field, double From, double Lo, double Hi)> candidates,
        ImmutableArray<WhatIfBound> bounds, Forecast baseline)
    {
        _template = template;
        _model = model;
        _options = options;
        _candidates = candidates;
        _bounds = bounds;
        Baseline = baseline;
    }

    /// <summary>Actor × parameter pairs searched, in the order of <see cref="Run(int, int, int, CancellationToken)"/>'s indices.</summary>
    public int Candidates => _candidates.Count;

    /// <summary>The forecast without any change.</summary>
    public Forecast Baseline { get; }

    /// <summary>Searches candidates [<paramref name="start"/>, <paramref name="end"/>) on <paramref name="threads"/> threads (0 = one per core): the best change of each, and the model runs it took.</summary>
    public (WhatIfChange[] Changes, int[] Evaluations) Run(int start, int end, int threads, CancellationToken cancel = default) =>
        Run(start, end, threads, null, cancel);

    /// <summary>As <see cref="Run(int, int, int, CancellationToken)"/>, calling <paramref name="progress"/> with 1 as each candidate is done.</summary>
    public (WhatIfChange[] Changes, int[] Evaluations) Run(int start, int end, int threads, Action<int>? progress, CancellationToken cancel = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, _candidates.Count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, end);
        var template = _template;
        var model = _model;
        var options = _options;
        var candidates = _candidates;
        var baseline = Baseline;
        var results = new WhatIfChange[end - start];
        var evaluations = new int[end - start];
        ParallelDraws.Run(end - start, 1, threads,
            () => (W: model.CreateWorker(), B: template.CreateBuffer(), D: new DyadOutcome[model.HasDyads ? template.Count * template.Count : 0]),
            (w, first, last) =>
            {
                for (var c = first; c < last; c++)
                {
                    var (actor, field, from, lo, hi) = candidates[start + c];
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
                    progress?.Invoke(1);
                }
            }, null, cancel);
        cancel.ThrowIfCancellationRequested();
        return (results, evaluations);
    }

    /// <summary>The result of <see cref="WhatIf.Search"/> from every candidate's best change and model runs, in candidate order.</summary>
    /// <exception cref="ArgumentException">Not one change per candidate.</exception>
    public WhatIfResult Finish(IReadOnlyList<WhatIfChange> changes, IReadOnlyList<int> evaluations)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(evaluations);
        if (changes.Count != _candidates.Count || evaluations.Count != _candidates.Count)
            throw new ArgumentException($"expected {_candidates.Count} candidates, got {changes.Count}", nameof(changes));
        var template = _template;
        var model = _model;
        var options = _options;
        var baseline = Baseline;
        var results = changes;
        var ranked = results.OrderBy(r => r.Distance).ThenBy(r => Math.Abs(r.Change) / WhatIf.Scale(template, r.Parameter))
            .ThenBy(r => r.Actor, StringComparer.Ordinal).ThenBy(r => r.Parameter).ToList();
        var result = new WhatIfResult(model.Name, model.Variant, template.IssueId, options.Target, options.Measure, baseline, ranked[0], [.. ranked.Skip(1).Take(5)], evaluations.Sum() + 1);
        // The model's own warnings on the point values first (as simulate shows them): a baseline that is a fallback is no bargaining outcome.
        var warnings = model.Warnings(template.ToSpatialIssue(template.CreateBuffer())).AddRange(WhatIf.Warn(template, result, _bounds, _candidates));
        // A change the model had to make room for (the SMP scaling an actor's other saliences) is said with the change.
        if (model is IInputAdjustments adjusts)
            warnings = warnings.AddRange(ranked.Take(6)
                .Select(r => adjusts.Adjustment(template, template.ActorIds.IndexOf(r.Actor), r.Parameter, r.To)).OfType<ResultWarning>().Distinct());
        return result with { Bounds = _bounds, Warnings = warnings };
    }
}
