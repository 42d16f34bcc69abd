using System.Collections.Immutable;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace Brink.Crisis.History;

/// <summary>Which outcome is forecast.</summary>
public enum HistoryOutcome
{
    /// <summary>ICB: any violence (viol ≥ 2); MID: use of force (HostLev ≥ 4).</summary>
    Violence,
    /// <summary>ICB: full-scale war (viol = 4); MID: war (HostLev = 5).</summary>
    War,
}

/// <summary>A model fitted on training cases: its forecast for a case and its fitted parameters.</summary>
public sealed record FittedHistoryModel(string Model, Func<HistoryCase, double> Forecast, ImmutableDictionary<string, double> Parameters);

/// <summary>A forecasting model for the back-test.</summary>
public interface IHistoryModel
{
    /// <summary>The model name in the back-test report (<c>base-rate</c>, <c>crisis-optimism</c>, <c>logistic-…</c>).</summary>
    string Name { get; }
    /// <summary>True when the model can use the cases of this data set (e.g. it needs ICB attributes).</summary>
    bool Applies(string source);
    /// <summary>Fits the model on <paramref name="train"/> for <paramref name="outcome"/> (violence or war) and returns its forecast function and parameters.</summary>
    FittedHistoryModel Fit(IReadOnlyList<HistoryCase> train, HistoryOutcome outcome);
}

internal static class HistoryOutcomes
{
    public static bool Of(this HistoryCase c, HistoryOutcome o) => o == HistoryOutcome.War ? c.War : c.Violence;
    public static double Y(this HistoryCase c, HistoryOutcome o) => c.Of(o) ? 1 : 0;
}

/// <summary>The reference forecast: the training frequency of the outcome, the same for every case.</summary>
public sealed class BaseRateModel : IHistoryModel
{
    /// <inheritdoc/>
    public string Name => "base-rate";
    /// <inheritdoc/>
    public bool Applies(string source) => true;
    /// <inheritdoc/>
    public FittedHistoryModel Fit(IReadOnlyList<HistoryCase> train, HistoryOutcome outcome)
    {
        var rate = train.Count == 0 ? 0.5 : train.Average(c => c.Y(outcome));
        return new FittedHistoryModel(Name, _ => rate, ImmutableDictionary<string, double>.Empty.Add("rate", rate));
    }
}

/// <summary>
/// The crisis model's own forecast from capabilities: mutual optimism (Fearon 1995) with noisy
/// estimates. Each side sees the true p through noise on the logit scale, p̂ = σ(logit p + s·z),
/// z ~ N(0, 1) independent; war from misperception iff p̂_A − p̂_B &gt; c (c = c_A + c_B); other
/// crises turn violent at a residual rate π₀ (private information and everything else). So
/// P = P_mis(p; s, c) + (1 − P_mis)·π₀. s and c are fitted on a grid, π₀ in closed form (least
/// squares, clamped to [0, 1]), all by training Brier score. Because the estimates are noisiest
/// where p is near ½, the model predicts more violence at parity.
/// </summary>
public sealed class OptimismParityModel : IHistoryModel
{
    private static readonly double[] Noise = [.. Enumerable.Range(1, 20).Select(i => i * 0.1)];
    private static readonly double[] Cost = [.. Enumerable.Range(1, 30).Select(i => i * 0.02)];
    private const int PGrid = 100;
    private const int Quadrature = 24;
    private static readonly double[] Quantiles = [.. Enumerable.Range(0, Quadrature).Select(k => Normal.InvCDF(0, 1, (k + 0.5) / Quadrature))];
    private static readonly Lazy<double[,,]> Table = new(BuildTable);

    /// <inheritdoc/>
    public string Name => "crisis-optimism";
    /// <inheritdoc/>
    public bool Applies(string source) => true;

    /// <summary>P(p̂_A − p̂_B &gt; c) by a 24×24 midpoint rule over normal quantiles (deterministic).</summary>
    public static double MisperceptionProbability(double p, double noise, double cost)
    {
        const int m = Quadrature;
        var logit = Math.Log(Math.Clamp(p, 1e-4, 1 - 1e-4) / (1 - Math.Clamp(p, 1e-4, 1 - 1e-4)));
        Span<double> est = stackalloc double[m];
        for (var k = 0; k < m; k++) est[k] = 1 / (1 + Math.Exp(-(logit + noise * Quantiles[k])));
        var hits = 0;
        for (var a = 0; a < m; a++) for (var b = 0; b < m; b++) if (est[a] - est[b] > cost) hits++;
        return hits / (double)(m * m);
    }

    private static double[,,] BuildTable()
    {
        var t = new double[Noise.Length, Cost.Length, PGrid + 1];
        for (var i = 0; i < Noise.Length; i++)
            for (var j = 0; j < Cost.Length; j++)
                for (var k = 0; k <= PGrid; k++)
                    t[i, j, k] = MisperceptionProbability((double)k / PGrid, Noise[i], Cost[j]);
        return t;
    }

    private static double Lookup(double[,,] t, int i, int j, double p)
    {
        var x = Math.Clamp(p, 0, 1) * PGrid;
        var k = Math.Min((int)x, PGrid - 1);
        var f = x - k;
        return t[i, j, k] * (1 - f) + t[i, j, k + 1] * f;
    }

    /// <inheritdoc/>
    public FittedHistoryModel Fit(IReadOnlyList<HistoryCase> train, HistoryOutcome outcome)
    {
        var t = Table.Value;
        var y = train.Select(c => c.Y(outcome)).ToArray();
        double best = double.PositiveInfinity, bestPi = 0;
        int bi = 0, bj = 0;
        var mis = new double[train.Count];
        for (var i = 0; i < Noise.Length; i++)
            for (var j = 0; j < Cost.Length; j++)
            {
                double num = 0, den = 0;
                for (var n = 0; n < train.Count; n++)
                {
                    mis[n] = Lookup(t, i, j, train[n].CapabilityShare);
                    num += (1 - mis[n]) * (y[n] - mis[n]);
                    den += (1 - mis[n]) * (1 - mis[n]);
                }
                var pi = den > 0 ? Math.Clamp(num / den, 0, 1) : 0;
                double sse = 0;
                for (var n = 0; n < train.Count; n++) { var f = mis[n] + (1 - mis[n]) * pi - y[n]; sse += f * f; }
                if (sse < best - 1e-12) { best = sse; bi = i; bj = j; bestPi = pi; }
            }
        var (fi, fj, fpi) = (bi, bj, bestPi);
        var parameters = ImmutableDictionary<string, double>.Empty.Add("noise", Noise[fi]).Add("cost", Cost[fj]).Add("residual_rate", fpi);
        return new FittedHistoryModel(Name, c => { var m = Lookup(t, fi, fj, c.CapabilityShare); return m + (1 - m) * fpi; }, parameters);
    }
}

/// <summary>Which attributes a logistic back-test model uses.</summary>
public enum HistoryFeatures
{
    /// <summary>Capability balance |p − ½| only (ICB and MID).</summary>
    Capability,
    /// <summary>ICB: balance, gravity of threat, protracted-conflict code.</summary>
    IcbWithoutTrigger,
    /// <summary>ICB: those plus the trigger type (violent, indirect violent, non-violent military act).</summary>
    IcbWithTrigger,
}

/// <summary>
/// Logistic regression (ridge-penalised, Newton–Raphson/IRLS on standardised features) on the
/// attributes the data really has: capability balance |p − ½| and, for ICB, the trigger type
/// (violent act, indirect violent act, non-violent military act), the gravity of the threat and
/// the protracted-conflict code. An empirical comparison, not a crisis-theoretic model.
/// </summary>
public sealed class LogisticHistoryModel : IHistoryModel
{
    private readonly HistoryFeatures _features;
    private readonly double _ridge;

    /// <summary>A logistic model on <paramref name="features"/> with ridge penalty <paramref name="ridge"/> on the standardised coefficients.</summary>
    public LogisticHistoryModel(HistoryFeatures features, double ridge = 1.0)
    {
        _features = features;
        _ridge = ridge;
    }

    private bool IcbAttributes => _features != HistoryFeatures.Capability;

    /// <inheritdoc/>
    public string Name => _features switch
    {
        HistoryFeatures.Capability => "logistic-capability",
        HistoryFeatures.IcbWithoutTrigger => "logistic-icb-gravity-protracted",
        _ => "logistic-icb-with-trigger",
    };

    /// <inheritdoc/>
    public bool Applies(string source) => !IcbAttributes || source == "icb";

    private string[] Names => _features switch
    {
        HistoryFeatures.Capability => ["balance"],
        HistoryFeatures.IcbWithoutTrigger => ["balance", "gravity", "protrac_2", "protrac_3"],
        _ => ["balance", "gravity", "protrac_2", "protrac_3", "trigger_violent", "trigger_indirect_violent", "trigger_military"],
    };

    private double[] Features(HistoryCase c, double gravityFill)
    {
        var balance = Math.Abs(c.CapabilityShare - 0.5);
        if (!IcbAttributes) return [balance];
        var br = c.Attributes.GetValueOrDefault("break", 0);
        var pc = c.Attributes.GetValueOrDefault("protrac", 0);
        double[] onset = [balance, c.Attributes.GetValueOrDefault("gravcr", gravityFill), pc == 2 ? 1 : 0, pc == 3 ? 1 : 0];
        return _features == HistoryFeatures.IcbWithoutTrigger ? onset : [.. onset, br == 9 ? 1 : 0, br == 8 ? 1 : 0, br == 7 ? 1 : 0];
    }

    /// <inheritdoc/>
    public FittedHistoryModel Fit(IReadOnlyList<HistoryCase> train, HistoryOutcome outcome)
    {
        var gravities = train.Where(c => c.Attributes.ContainsKey("gravcr")).Select(c => c.Attributes["gravcr"]).ToList();
        var gravityFill = gravities.Count > 0 ? gravities.Average() : 3;
        var raw = train.Select(c => Features(c, gravityFill)).ToArray();
        var d = Names.Length;
        var mean = new double[d];
        var sd = new double[d];
        for (var k = 0; k < d; k++)
        {
            mean[k] = raw.Length > 0 ? raw.Average(r => r[k]) : 0;
            var v = raw.Length > 1 ? raw.Sum(r => (r[k] - mean[k]) * (r[k] - mean[k])) / (raw.Length - 1) : 0;
            sd[k] = v > 1e-12 ? Math.Sqrt(v) : 1;
        }
        var x = Matrix<double>.Build.Dense(raw.Length, d + 1, (i, k) => k == 0 ? 1 : (raw[i][k - 1] - mean[k - 1]) / sd[k - 1]);
        var y = Vector<double>.Build.Dense(train.Select(c => c.Y(outcome)).ToArray());
        var beta = Vector<double>.Build.Dense(d + 1);
        var penalty = Matrix<double>.Build.DenseIdentity(d + 1) * _ridge;
        penalty[0, 0] = 0; // the intercept is not penalised
        for (var iter = 0; iter < 50; iter++)
        {
            var mu = (x * beta).Map(z => 1 / (1 + Math.Exp(-z)));
            var w = mu.Map(m => Math.Max(m * (1 - m), 1e-9));
            var gradient = x.TransposeThisAndMultiply(y - mu) - penalty * beta;
            var hessian = x.TransposeThisAndMultiply(Matrix<double>.Build.DenseOfDiagonalVector(w) * x) + penalty;
            var step = hessian.Solve(gradient);
            beta += step;
            if (step.AbsoluteMaximum() < 1e-10) break;
        }
        var b = beta.ToArray();
        var names = Names;
        var parameters = ImmutableDictionary.CreateBuilder<string, double>();
        parameters["intercept"] = b[0];
        for (var k = 0; k < d; k++) parameters[names[k] + "_per_sd"] = b[k + 1];
        return new FittedHistoryModel(Name, c =>
        {
            var f = Features(c, gravityFill);
            var z = b[0];
            for (var k = 0; k < d; k++) z += b[k + 1] * (f[k] - mean[k]) / sd[k];
            return 1 / (1 + Math.Exp(-z));
        }, parameters.ToImmutable());
    }
}
