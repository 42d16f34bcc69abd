using System.Collections.Immutable;
using Brink.Models;

namespace Brink.Simulation;

/// <summary>Settings of the shock analysis (design §5: random salience perturbation and actor removal).</summary>
public sealed record ShockOptions
{
    /// <summary>Draws of the salience perturbation.</summary>
    public int SalienceDraws { get; init; } = 200;
    /// <summary>Standard deviation of the additive normal salience shock (salience on [0,1], clamped there).</summary>
    public double SalienceSd { get; init; } = 0.1;
    /// <summary>Seed of the salience shocks.</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>Worker threads; 0 = one per processor.</summary>
    public int Threads { get; init; }
}

/// <summary>Forecast after removing one actor, and how much it moved.</summary>
public sealed record ActorRemoval(string Actor, Forecast Forecast, double Shift, double DyadChangeRate);

/// <summary>What random salience shocks did to the forecast.</summary>
public sealed record SalienceShock(int Draws, double Sd, double MeanAbsShift, double P95AbsShift, double MaxAbsShift, double DyadChangeRate);

/// <summary>
/// Stability of one model's forecast: shifts of the forecast mean under salience shocks and actor
/// removal, and (for models with dyads) the share of off-diagonal dyads whose outcome changes.
/// </summary>
public sealed record StabilitySummary(string Model, string Variant, Forecast Baseline, SalienceShock Salience, ImmutableArray<ActorRemoval> Removals)
{
    /// <summary>Largest |shift| over all removals.</summary>
    public double MaxRemovalShift => Removals.IsEmpty ? 0 : Removals.Max(r => Math.Abs(r.Shift));
    /// <summary>The actor whose removal moves the forecast most.</summary>
    public string? MostPivotalActor => Removals.IsEmpty ? null : Removals.MaxBy(r => Math.Abs(r.Shift))!.Actor;
}

/// <summary>Shock analysis of one issue (design §5). Shifts are in scale units of the forecast mean.</summary>
public static class Shocks
{
    /// <summary>Runs the salience shocks and removes each actor in turn; throws <see cref="ArgumentOutOfRangeException"/> for fewer than one draw, <see cref="OperationCanceledException"/> when cancelled.</summary>
    public static StabilitySummary Run(IssueTemplate template, IIssueModel model, ShockOptions options, CancellationToken cancel = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SalienceDraws, 1);
        if (!(options.SalienceSd >= 0)) throw new ArgumentOutOfRangeException(nameof(options), "salience sd must be ≥ 0");
        var n = template.Count;
        var baseDyads = new DyadOutcome[model.HasDyads ? n * n : 0];
        var baseline = model.CreateWorker().Evaluate(template, template.CreateBuffer(), baseDyads);

        // Salience shocks: s_i + N(0, sd²), clamped to [0,1]; draw d uses stream (seed, 2, d).
        var draws = options.SalienceDraws;
        var shifts = new double[draws];
        var changed = new double[draws];
        ParallelDraws.Run(draws, 16, options.Threads, () => (W: model.CreateWorker(), B: template.CreateBuffer(), D: new DyadOutcome[baseDyads.Length]),
            (w, start, end) =>
            {
                for (var d = start; d < end; d++)
                {
                    template.Reset(w.B);
                    var rng = new DrawRandom(options.Seed, 2, (ulong)d);
                    for (var i = 0; i < n; i++)
                        w.B.Salience[i] = Math.Clamp(w.B.Salience[i] + options.SalienceSd * MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, rng.NextDouble()), 0, 1);
                    var f = w.W.Evaluate(template, w.B, w.D);
                    shifts[d] = Math.Abs(f.Mean - baseline.Mean);
                    changed[d] = ChangeRate(baseDyads, w.D, n, -1);
                }
            }, null, cancel);
        cancel.ThrowIfCancellationRequested();
        var sorted = (double[])shifts.Clone();
        Array.Sort(sorted);
        var salience = new SalienceShock(draws, options.SalienceSd, shifts.Average(), OutcomeSummary.Quantile(sorted, 0.95), sorted[^1],
            model.HasDyads ? changed.Average() : 0);

        // Removal of each actor in turn.
        var removals = new ActorRemoval[n];
        ParallelDraws.Run(n, 1, options.Threads, () => 0, (_, start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                var t = template.WithoutActor(i);
                var dy = new DyadOutcome[model.HasDyads ? (n - 1) * (n - 1) : 0];
                var f = model.CreateWorker().Evaluate(t, t.CreateBuffer(), dy);
                removals[i] = new ActorRemoval(template.ActorIds[i], f, f.Mean - baseline.Mean, model.HasDyads ? ChangeRate(baseDyads, dy, n, i) : 0);
            }
        }, null, cancel);
        cancel.ThrowIfCancellationRequested();
        return new StabilitySummary(model.Name, model.Variant, baseline, salience, [.. removals]);
    }

    /// <summary>Share of off-diagonal dyads (among actors other than <paramref name="removed"/>) whose outcome differs.</summary>
    private static double ChangeRate(DyadOutcome[] baseline, DyadOutcome[] other, int n, int removed)
    {
        if (baseline.Length == 0) return 0;
        var m = removed < 0 ? n : n - 1;
        int diff = 0, total = 0;
        for (var i = 0; i < n; i++)
        {
            if (i == removed) continue;
            for (var j = 0; j < n; j++)
            {
                if (j == removed || j == i) continue;
                var oi = removed >= 0 && i > removed ? i - 1 : i;
                var oj = removed >= 0 && j > removed ? j - 1 : j;
                total++;
                if (baseline[i * n + j] != other[oi * m + oj]) diff++;
            }
        }
        return total == 0 ? 0 : (double)diff / total;
    }
}
