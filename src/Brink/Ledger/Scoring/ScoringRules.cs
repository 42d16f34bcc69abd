namespace Brink.Ledger.Scoring;

/// <summary>
/// Scoring rules, all negatively oriented (lower is better) and all pure.
/// Categorical outcomes are given as the index of the category that happened.
/// </summary>
public static class ScoringRules
{
    /// <summary>Probabilities are clamped to [ε, 1] before taking logs, so a confident miss costs −ln ε ≈ 27.6 rather than infinity.</summary>
    public const double LogFloor = 1e-12;

    /// <summary>Brier score of a binary forecast: (p − o)², in [0, 1] (Brier 1950, Monthly Weather Review 78(1), eq. 1 with one class).</summary>
    public static double Brier(double pYes, bool happened)
    {
        var o = happened ? 1.0 : 0.0;
        return (pYes - o) * (pYes - o);
    }

    /// <summary>
    /// Brier's original multi-category score, summed over options: Σ_k (p_k − o_k)², in [0, 2]
    /// (Brier 1950, eq. 1; the convention of the Good Judgment Project). A binary forecast scores 2(p − o)².
    /// </summary>
    public static double BrierSum(IReadOnlyList<double> p, int outcome)
    {
        var s = 0.0;
        for (var k = 0; k < p.Count; k++)
        {
            var d = p[k] - (k == outcome ? 1 : 0);
            s += d * d;
        }
        return s;
    }

    /// <summary>
    /// Normalised multi-category Brier score: <see cref="BrierSum"/> / 2, in [0, 1]; equal to (p − o)² for a binary question,
    /// so binary and multiple-choice questions share one scale.
    /// </summary>
    public static double BrierNormalised(IReadOnlyList<double> p, int outcome) => BrierSum(p, outcome) / 2;

    /// <summary>Logarithmic score −ln p(outcome) (Good 1952, J. R. Stat. Soc. B 14(1), p. 112), in nats, ≥ 0.</summary>
    public static double Log(IReadOnlyList<double> p, int outcome) => -Math.Log(Math.Max(p[outcome], LogFloor));

    /// <summary>Log score of a binary forecast: −ln p if yes, −ln(1 − p) if no.</summary>
    public static double Log(double pYes, bool happened) => -Math.Log(Math.Max(happened ? pYes : 1 - pYes, LogFloor));

    /// <summary>
    /// Ranked probability score for ordered options: Σ_k (P_k − O_k)² / (K − 1), with P and O cumulative, in [0, 1]
    /// (Epstein 1969, J. Appl. Meteor. 8, eq. 7; normalisation of Murphy 1971). Equals the Brier score when K = 2.
    /// </summary>
    public static double RankedProbability(IReadOnlyList<double> p, int outcome)
    {
        if (p.Count < 2) return 0;
        double cp = 0, s = 0;
        for (var k = 0; k < p.Count - 1; k++)
        {
            cp += p[k];
            var co = k >= outcome ? 1.0 : 0.0;
            s += (cp - co) * (cp - co);
        }
        return s / (p.Count - 1);
    }

    /// <summary>
    /// CRPS of the empirical distribution of <paramref name="samples"/>: E|X − y| − ½ E|X − X′|
    /// (Gneiting &amp; Raftery 2007, JASA 102(477), eq. 21). Uses the sorted-sample identity
    /// E|X − X′| = (2/n²) Σ_i (2i − n − 1) x_(i), i = 1..n, so it costs O(n log n). In the units of the outcome, ≥ 0.
    /// </summary>
    public static double Crps(IReadOnlyList<double> samples, double y)
    {
        var n = samples.Count;
        var x = samples.ToArray();
        Array.Sort(x);
        double absDev = 0, spread = 0;
        for (var i = 0; i < n; i++)
        {
            absDev += Math.Abs(x[i] - y);
            spread += (2.0 * (i + 1) - n - 1) * x[i];
        }
        return absDev / n - spread / ((double)n * n);
    }

    /// <summary>
    /// CRPS from quantiles: CRPS(F, y) = 2 ∫₀¹ QS_τ(F⁻¹(τ), y) dτ (Gneiting &amp; Raftery 2007, eq. 24 and §4.3; Laio &amp; Tamea 2007),
    /// approximated by 2·mean_τ QS_τ over the given levels, with the quantile (pinball) score
    /// QS_τ(q, y) = (1{y &lt; q} − τ)(q − y). Exact in the limit of many evenly spaced levels.
    /// </summary>
    public static double CrpsFromQuantiles(IReadOnlyList<QuantilePoint> quantiles, double y)
    {
        var s = 0.0;
        foreach (var q in quantiles) s += QuantileScore(q.Level, q.Value, y);
        return 2 * s / quantiles.Count;
    }

    /// <summary>Quantile (pinball) score QS_τ(q, y) = (1{y &lt; q} − τ)(q − y) (Gneiting &amp; Raftery 2007, eq. 40 with s(x) = x).</summary>
    public static double QuantileScore(double level, double q, double y) => ((y < q ? 1.0 : 0.0) - level) * (q - y);

    /// <summary>
    /// Interval score of a central (1 − α) prediction interval [l, u]:
    /// (u − l) + (2/α)(l − y)·1{y &lt; l} + (2/α)(y − u)·1{y &gt; u} (Gneiting &amp; Raftery 2007, eq. 43).
    /// </summary>
    public static double Interval(double lower, double upper, double y, double alpha)
    {
        var s = upper - lower;
        if (y < lower) s += 2 / alpha * (lower - y);
        if (y > upper) s += 2 / alpha * (y - upper);
        return s;
    }

    /// <summary>Empirical quantile of sorted samples, linear interpolation between order statistics (Hyndman &amp; Fan 1996, type 7), by Math.NET (<see cref="Numerics.SampleQuantile.Linear"/>).</summary>
    public static double EmpiricalQuantile(double[] sorted, double level) => Numerics.SampleQuantile.Linear(sorted, level);

    /// <summary>Quantile of a quantile forecast at <paramref name="level"/>, linear between the given points and flat beyond them.</summary>
    public static double InterpolateQuantile(IReadOnlyList<QuantilePoint> q, double level)
    {
        if (level <= q[0].Level) return q[0].Value;
        for (var i = 1; i < q.Count; i++)
            if (level <= q[i].Level)
                return q[i - 1].Value + (level - q[i - 1].Level) / (q[i].Level - q[i - 1].Level) * (q[i].Value - q[i - 1].Value);
        return q[^1].Value;
    }
}
