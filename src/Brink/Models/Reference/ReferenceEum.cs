using System.Collections.Immutable;
using Brink.Models.Eum;

namespace Brink.Models.Reference;

/// <summary>
/// The expected utility model written literally from the formulas (Bueno de Mesquita 1994; Scholz,
/// Calbert &amp; Smith 2011; design §4.2): O(n³) per round, Math.Pow everywhere, nothing cached. It is
/// the oracle for the fast engine and the baseline of <c>brink bench</c>.
/// </summary>
public static class ReferenceEum
{
    /// <summary>A round's trace, the positions after it and the E^i(U_ij), E^i(U_ji) matrices.</summary>
    public sealed record ReferenceStep(EumRound Round, double[] Next, double[,] E, double[,] F);

    /// <summary>Runs the model on one issue.</summary>
    public static EumResult Run(SpatialIssue input, ModelOptions options, EumVariant variant)
    {
        ModelInput.Validate(input);
        ModelInput.Validate(options);
        var n = input.Count;
        var c = input.Capability.ToArray();
        var s = input.Salience.ToArray();
        var x = input.Position.ToArray();
        var delta = x.Max() - x.Min();

        var rounds = ImmutableArray.CreateBuilder<EumRound>();
        var initial = ForecastOf(x, c, s);
        var lastE = new double[n, n];
        var lastF = new double[n, n];
        var lastX = x;
        for (var round = 1; round <= options.Rounds; round++)
        {
            var step = Step(round, x, input, delta, options, variant);
            var moved = 0.0;
            for (var i = 0; i < n; i++) moved = Math.Max(moved, Math.Abs(step.Next[i] - x[i]));
            lastX = x;
            x = step.Next;
            lastE = step.E;
            lastF = step.F;
            rounds.Add(options.FullTrace ? step.Round : step.Round with { EuIJ = [], EuJI = [] });
            if (options.ConvergenceTolerance is { } tol && moved <= tol) break;
        }

        var dyads = ImmutableArray<DyadOutcome>.Empty;
        if (rounds.Count > 0)
        {
            var builder = ImmutableArray.CreateBuilder<DyadOutcome>(n * n);
            for (var i = 0; i < n; i++)
                for (var j = 0; j < n; j++)
                    builder.Add(Math.Abs(lastX[i] - lastX[j]) <= variant.PositionResolution * delta
                        ? DyadOutcome.StatusQuo : EumQuadrant.Classify(lastE[i, j], lastF[i, j]));
            dyads = builder.MoveToImmutable();
        }

        return new EumResult(variant.Name, rounds.ToImmutable(), rounds.Count > 0 ? rounds[^1].Forecast : initial, [.. x])
        {
            Initial = initial,
            Dyads = dyads,
        };
    }

    /// <summary>One round of the model from positions x, with Δ the spread of the initial positions.</summary>
    public static ReferenceStep Step(int round, double[] x, SpatialIssue input, double delta, ModelOptions options, EumVariant variant)
    {
        var n = input.Count;
        var c = input.Capability.ToArray();
        var s = input.Salience.ToArray();
        double?[] fixedRisk = input.Risk.IsDefaultOrEmpty ? new double?[n] : [.. input.Risk];
        var mu = ReferenceBaselines.WeightedMedian(x, c, s);

        // Risk (Bueno de Mesquita 1994, eq. 9–10): security from a state where every r = 1.
        var ones = Enumerable.Repeat(1.0, n).ToArray();
        var p1 = Probabilities(variant.Probability, x, c, s, ones, delta);
        var security = new double[n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                if (j != i) security[i] += ExpectedUtility(j, i, 1.0, x, s, p1, delta, mu, options);
        var sMax = security.Max();
        var sMin = security.Min();
        var r = new double[n];
        for (var i = 0; i < n; i++)
        {
            var big = EumRisk.Spread(sMax, sMin) ? (2 * security[i] - sMax - sMin) / (sMax - sMin) : 0.0;
            r[i] = fixedRisk[i] ?? (1 - big / 3) / (1 + big / 3);
        }

        var p = Probabilities(variant.Probability, x, c, s, r, delta);
        var e = new double[n, n];
        var f = new double[n, n];
        var next = (double[])x.Clone();
        var actors = ImmutableArray.CreateBuilder<EumActorRound>(n);
        for (var i = 0; i < n; i++)
        {
            var offers = new List<(OfferType Type, int From, double E, double F, double Target)>();
            for (var j = 0; j < n; j++)
            {
                if (j == i) { e[i, j] = double.NaN; f[i, j] = double.NaN; continue; }
                e[i, j] = ExpectedUtility(i, j, r[i], x, s, p, delta, mu, options);
                f[i, j] = ExpectedUtility(j, i, r[i], x, s, p, delta, mu, options);
                if (Math.Abs(x[j] - x[i]) <= variant.PositionResolution * delta) continue;
                double eij = e[i, j], eji = f[i, j];
                const double noise = EumTolerances.Noise;
                var margin = EumTolerances.RelativeMargin * (Math.Abs(eij) + Math.Abs(eji));
                if (eij > noise && eji - eij > margin)
                    offers.Add((OfferType.Conflict, j, eij, eji, x[j]));
                else if (eij < -noise && eji > noise && Math.Abs(eij) - eji <= margin)
                    offers.Add((OfferType.Compromise, j, eij, eji, x[i] + (x[j] - x[i]) * Math.Min(1, Math.Abs(eij / eji))));
                else if (variant.Capitulation && eij < -noise && eji > noise)
                    offers.Add((OfferType.Capitulation, j, eij, eji, x[j]));
            }

            (OfferType Type, int From, double E, double F, double Target)? chosen = null;
            var tie = EumTolerances.TieScale(input.Position.AsSpan());
            if (variant.OfferChoice == EumOfferChoice.ScholzPriority)
            {
                var conflict = offers.Where(o => o.Type == OfferType.Conflict).ToList();
                var compromise = offers.Where(o => o.Type == OfferType.Compromise).ToList();
                var capitulation = offers.Where(o => o.Type == OfferType.Capitulation).ToList();
                if (conflict.Count > 0) chosen = FirstMin(conflict, o => Math.Abs(o.Target - x[i]), tie);
                else if (compromise.Count > 0)
                    chosen = FirstMin(compromise, o => (Math.Abs(o.E) * x[i] + Math.Abs(o.F) * x[o.From]) / (Math.Abs(o.E) + Math.Abs(o.F)), tie);
                else if (capitulation.Count > 0) chosen = FirstMin(capitulation, o => Math.Abs(o.Target - x[i]), tie);
            }
            else if (offers.Count > 0)
            {
                // Least change; ties: conflict before compromise before capitulation, then first proposer.
                var least = offers.Min(o => Math.Abs(o.Target - x[i]));
                var tied = offers.Where(o => Math.Abs(o.Target - x[i]) <= least + tie).ToList();
                var kind = tied.Min(o => o.Type);
                chosen = LowestTarget([.. tied.Where(o => o.Type == kind)], tie);
            }

            if (chosen is { } o2) next[i] = o2.Target;
            actors.Add(new EumActorRound(i, x[i], next[i], r[i],
                chosen is { } o3 ? new EumOffer(o3.Type, o3.From, o3.E, o3.F) : null));
        }

        return new ReferenceStep(new EumRound(round, actors.MoveToImmutable(), ForecastOf(next, c, s))
        {
            EuIJ = Flatten(e),
            EuJI = Flatten(f),
            Security = [.. security],
        }, next, e, f);
    }

    /// <summary>
    /// P[i, j]: probability that x_i beats x_j under a reading of the vote (design §4.2), with each
    /// voter k's exponent r_k (used only by <see cref="EumProbabilityRule.GlobalPowered"/>).
    /// </summary>
    public static double[,] Probabilities(EumProbabilityRule rule, double[] x, double[] c, double[] s, double[] r, double delta)
    {
        var n = x.Length;
        double Dist(int a, int b) => delta > 0 ? Math.Abs(x[a] - x[b]) / delta : 0.0;
        double Vote(int k, int i, int j) => rule == EumProbabilityRule.GlobalPowered
            ? c[k] * s[k] * (Math.Pow(Dist(k, j), r[k]) - Math.Pow(Dist(k, i), r[k]))
            : c[k] * s[k] * (Dist(k, j) - Dist(k, i));

        var p = new double[n, n];
        var global = 0.0;
        if (rule == EumProbabilityRule.GlobalPowered)
            for (var a = 0; a < n; a++)
                for (var b = 0; b < n; b++)
                    for (var k = 0; k < n; k++)
                        global += Math.Abs(Vote(k, a, b));

        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                if (i == j) continue;
                double positive = 0, signed = 0, absolute = 0;
                for (var k = 0; k < n; k++)
                {
                    var v = Vote(k, i, j);
                    positive += Math.Max(0, v);
                    signed += v;
                    absolute += Math.Abs(v);
                }
                p[i, j] = rule switch
                {
                    EumProbabilityRule.GlobalPowered => global > 0 ? positive / global : 0.0,
                    EumProbabilityRule.PerDyadLinear => absolute > 0 ? positive / absolute : x[i] == x[j] ? 0.0 : 0.5,
                    _ => absolute > 0 ? Math.Max(0, signed) / absolute : 0.0,
                };
            }
        return p;
    }

    /// <summary>
    /// E^a(U_ab) with risk exponent rExp (Scholz et al. 2011, eq. 1; Bueno de Mesquita 1994):
    /// s_b[P_ab U_s + (1 − P_ab) U_f] + (1 − s_b) U_s − Q U_sq − (1 − Q)[T U_b + (1 − T) U_w].
    /// </summary>
    private static double ExpectedUtility(int a, int b, double rExp, double[] x, double[] s, double[,] p, double delta, double mu, ModelOptions o)
    {
        var d = delta > 0 ? Math.Abs(x[a] - x[b]) / delta : 0.0;
        var q = delta > 0 ? (Math.Abs(x[a] - mu) + Math.Abs(x[a] - x[b])) / delta : 0.0;
        var us = 2 - 4 * Math.Pow(Math.Max(0, 0.5 - 0.5 * d), rExp);
        var uf = 2 - 4 * Math.Pow(0.5 + 0.5 * d, rExp);
        var usq = 2 - 4 * Math.Pow(0.5, rExp);
        var ub = 2 - 4 * Math.Pow(Math.Max(0, 0.5 - 0.25 * q), rExp);
        var uw = 2 - 4 * Math.Pow(0.5 + 0.25 * q, rExp);
        return s[b] * (p[a, b] * us + (1 - p[a, b]) * uf) + (1 - s[b]) * us - o.Q * usq - (1 - o.Q) * (o.T * ub + (1 - o.T) * uw);
    }

    // Offers with keys within `tie` of the smallest are tied: then the lowest target position, then
    // the proposer listed first.
    private static (OfferType Type, int From, double E, double F, double Target) FirstMin(
        List<(OfferType Type, int From, double E, double F, double Target)> items,
        Func<(OfferType Type, int From, double E, double F, double Target), double> key, double tie)
    {
        var least = items.Min(key);
        return LowestTarget([.. items.Where(o => key(o) <= least + tie)], tie);
    }

    private static (OfferType Type, int From, double E, double F, double Target) LowestTarget(
        List<(OfferType Type, int From, double E, double F, double Target)> tied, double tie)
    {
        var lowest = tied.Min(o => o.Target);
        return tied.Where(o => o.Target <= lowest + tie).MinBy(o => o.From);
    }

    private static Forecast ForecastOf(double[] x, double[] c, double[] s) =>
        new(ReferenceBaselines.WeightedMean(x, c, s), ReferenceBaselines.WeightedMedian(x, c, s));

    private static ImmutableArray<double> Flatten(double[,] m)
    {
        var n = m.GetLength(0);
        var b = ImmutableArray.CreateBuilder<double>(n * n);
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                b.Add(m[i, j]);
        return b.MoveToImmutable();
    }
}
