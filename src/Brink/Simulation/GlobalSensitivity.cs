using System.Collections.Immutable;

namespace Brink.Simulation;

/// <summary>A scalar function of k inputs, each given as a probability level u in (0,1).</summary>
public delegate double UnitFunction(ReadOnlySpan<double> u);

/// <summary>Morris elementary-effect statistics of one factor (effects per unit of probability level).</summary>
public sealed record MorrisIndex(int Factor, double Mu, double MuStar, double Sigma);

/// <summary>Sobol first-order and total indices of one factor with the CLT standard errors of their estimators.</summary>
public sealed record SobolIndex(int Factor, double First, double FirstSe, double Total, double TotalSe);

/// <summary>Result of <see cref="GlobalSensitivity.Sobol"/>.</summary>
public sealed record SobolResult(int BaseSamples, int Evaluations, double Variance, ImmutableArray<SobolIndex> Indices);

/// <summary>Result of <see cref="GlobalSensitivity.Morris"/>.</summary>
public sealed record MorrisResult(int Trajectories, int Levels, int Evaluations, ImmutableArray<MorrisIndex> Indices);

/// <summary>
/// Global sensitivity indices on the unit hypercube. Functions are given by a factory so each
/// thread gets its own evaluator (with its own scratch buffers); every evaluation is stored by
/// index, so results do not depend on the thread count.
/// </summary>
public static class GlobalSensitivity
{
    /// <summary>Most sample coordinates (doubles) one Morris or Sobol design may hold: 50 million, 400 MB.</summary>
    public const long MaxPoints = 50_000_000;

    /// <summary>Why a Sobol (N·(k+2)·k) or Morris (r·(k+1)·k) design of this size is refused, or null; the message says what fits.</summary>
    public static string? SizeProblem(int k, int sobolSamples, int morrisTrajectories)
    {
        if (k < 1) return null;
        var perSobol = (k + 2L) * k;
        var perMorris = (k + 1L) * k;
        if (sobolSamples * perSobol > MaxPoints)
            return $"--samples {sobolSamples:N0} with {k:N0} factors needs {sobolSamples * perSobol:N0} sample coordinates, more than the {MaxPoints:N0} limit; at most {Math.Max(0, MaxPoints / perSobol):N0} samples fit";
        if (morrisTrajectories * perMorris > MaxPoints)
            return $"--trajectories {morrisTrajectories:N0} with {k:N0} factors needs {morrisTrajectories * perMorris:N0} sample coordinates, more than the {MaxPoints:N0} limit; at most {Math.Max(0, MaxPoints / perMorris):N0} trajectories fit";
        return null;
    }

    // Sizes in long: r·(k+1)·k overflows int for a few thousand factors.
    private static int Points(long a, long b, long c)
    {
        var total = a * b * c;
        if (total > MaxPoints) throw new ArgumentOutOfRangeException(nameof(a), total, $"a sensitivity design of {total:N0} points exceeds the {MaxPoints:N0} limit");
        return (int)total;
    }

    /// <summary>
    /// Morris (1991, Technometrics 33(2)) elementary effects from r one-at-a-time trajectories on a
    /// p-level grid with step Δ = p / (2(p − 1)); μ* = mean |EE| (Campolongo, Cariboni &amp; Saltelli 2007).
    /// Level l is evaluated at probability (l + 0.5)/p so unbounded distributions stay finite.
    /// </summary>
    public static MorrisResult Morris(int k, Func<UnitFunction> factory, int trajectories, int levels, ulong seed, int threads = 0, CancellationToken cancel = default)
    {
        CheckMorris(k, trajectories, levels);
        Points(trajectories, k + 1L, k);
        var y = Evaluate(MorrisPoints(k, levels, seed, 0, trajectories), k, factory, threads, cancel);
        return MorrisFromOutputs(k, trajectories, levels, seed, y);
    }

    private static void CheckMorris(int k, int trajectories, int levels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(trajectories, 2);
        if (levels < 2 || levels % 2 != 0) throw new ArgumentOutOfRangeException(nameof(levels), levels, "Morris levels must be an even number ≥ 2");
    }

    /// <summary>
    /// The design points (row-major, k + 1 rows per trajectory, as probability levels u) of trajectories
    /// [<paramref name="from"/>, <paramref name="to"/>): trajectory t comes from its own stream, so any range can be made on its own.
    /// </summary>
    public static double[] MorrisPoints(int k, int levels, ulong seed, int from, int to) => MorrisDesign(k, levels, seed, from, to).Points;

    private static (double[] Points, int[] FactorMoved, double[] Direction) MorrisDesign(int k, int levels, ulong seed, int from, int to)
    {
        var delta = levels / (2.0 * (levels - 1));
        var count = to - from;
        var points = new double[Points(count, k + 1L, k)];
        var factorMoved = new int[count * k];
        var direction = new double[count * k];
        for (var t = 0; t < count; t++)
        {
            var rng = new DrawRandom(seed, 0x3000, (ulong)(from + t));
            var x = new double[k];
            var dir = new double[k];
            for (var i = 0; i < k; i++)
            {
                x[i] = rng.NextInt(levels / 2) / (double)(levels - 1);
                dir[i] = rng.NextInt(2) == 0 ? 1 : -1;
                if (dir[i] < 0) x[i] += delta;
            }
            var order = Enumerable.Range(0, k).ToArray();
            for (var i = k - 1; i > 0; i--) { var r = rng.NextInt(i + 1); (order[i], order[r]) = (order[r], order[i]); }
            var baseRow = t * (k + 1);
            x.CopyTo(points, baseRow * k);
            for (var step = 0; step < k; step++)
            {
                var f = order[step];
                x[f] += dir[f] * delta;
                x.CopyTo(points, (baseRow + step + 1) * k);
                factorMoved[t * k + step] = f;
                direction[t * k + step] = dir[f];
            }
        }
        for (var i = 0; i < points.Length; i++) points[i] = (points[i] * (levels - 1) + 0.5) / levels;
        return (points, factorMoved, direction);
    }

    /// <summary>The Morris statistics from the outputs <paramref name="y"/> at every row of <see cref="MorrisPoints"/>(k, levels, seed, 0, trajectories).</summary>
    public static MorrisResult MorrisFromOutputs(int k, int trajectories, int levels, ulong seed, double[] y)
    {
        CheckMorris(k, trajectories, levels);
        ArgumentNullException.ThrowIfNull(y);
        if (y.Length != trajectories * (k + 1L)) throw new ArgumentException($"expected {trajectories * (k + 1L)} outputs, got {y.Length}", nameof(y));
        var delta = levels / (2.0 * (levels - 1));
        var stepU = delta * (levels - 1) / levels; // Δ after mapping grid level g to u = (g(p − 1) + 0.5)/p
        var (_, factorMoved, direction) = MorrisDesign(k, levels, seed, 0, trajectories);
        var effects = new double[k][];
        for (var i = 0; i < k; i++) effects[i] = new double[trajectories];
        for (var t = 0; t < trajectories; t++)
            for (var step = 0; step < k; step++)
            {
                var row = t * (k + 1) + step;
                // EE_i = [f(x + Δe_i) − f(x)] / Δ (Morris 1991, eq. 1), Δ measured in probability level u.
                effects[factorMoved[t * k + step]][t] = direction[t * k + step] * (y[row + 1] - y[row]) / stepU;
            }
        var indices = ImmutableArray.CreateBuilder<MorrisIndex>(k);
        for (var i = 0; i < k; i++)
        {
            var e = effects[i];
            var mu = e.Average();
            var muStar = e.Select(Math.Abs).Average();
            var sigma = Math.Sqrt(e.Sum(v => (v - mu) * (v - mu)) / (e.Length - 1));
            indices.Add(new MorrisIndex(i, mu, muStar, sigma));
        }
        return new MorrisResult(trajectories, levels, y.Length, indices.MoveToImmutable());
    }

    /// <summary>
    /// Sobol indices from N(k + 2) evaluations (matrices A, B and A with column i from B):
    /// first order S_i = mean[f(B)(f(A_B^i) − f(A))] / V (Saltelli et al. 2010, Comput. Phys. Commun.
    /// 181, Table 2 (b)); total S_Ti = mean[(f(A) − f(A_B^i))²] / (2V) (Jansen 1999; Saltelli et al.
    /// 2010, Table 2 (f)); V = variance of f over A and B together. Standard errors are the CLT errors
    /// of those means (the sampling error of V ignored).
    /// </summary>
    public static SobolResult Sobol(int k, Func<UnitFunction> factory, int baseSamples, ulong seed, int threads = 0, CancellationToken cancel = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(baseSamples, 2);
        var n = baseSamples;
        var points = new double[Points(n, k + 2L, k)];
        // Row layout: block 0 = A, block 1 = B, block 2 + i = A with column i from B.
        var sample = new double[(k + 2) * k];
        for (var j = 0; j < n; j++)
        {
            SobolSample(k, seed, j, sample);
            for (var block = 0; block < k + 2; block++)
                Array.Copy(sample, block * k, points, (block * n + j) * k, k);
        }
        var y = Evaluate(points, k, factory, threads, cancel);
        return SobolFromOutputs(k, n, y);
    }

    /// <summary>
    /// The design rows of base samples [<paramref name="from"/>, <paramref name="to"/>), sample by sample: for sample j the rows
    /// A_j, B_j, then A_j with column i from B_j for i = 0..k−1 (k + 2 rows of k probability levels). Sample j comes from its own
    /// stream, so any range can be made on its own; <see cref="SobolFromOutputs"/> takes the outputs in block order
    /// (row block·N + j).
    /// </summary>
    public static double[] SobolPoints(int k, ulong seed, int from, int to)
    {
        var count = to - from;
        var size = (k + 2) * k;
        var points = new double[Points(count, k + 2L, k)];
        for (var s = 0; s < count; s++) SobolSample(k, seed, from + s, points.AsSpan(s * size, size));
        return points;
    }

    /// <summary>Sample j's k + 2 rows (A_j, B_j, A_j with column i from B_j) into <paramref name="rows"/>.</summary>
    private static void SobolSample(int k, ulong seed, int j, Span<double> rows)
    {
        var rng = new DrawRandom(seed, 0x5000, (ulong)j);
        var a = rows[..k];
        var b = rows.Slice(k, k);
        for (var i = 0; i < k; i++) a[i] = rng.NextDouble();
        for (var i = 0; i < k; i++) b[i] = rng.NextDouble();
        for (var c = 0; c < k; c++)
        {
            var dst = rows.Slice((2 + c) * k, k);
            a.CopyTo(dst);
            dst[c] = b[c];
        }
    }

    /// <summary>The Sobol indices from the outputs at every design row, in block order: row block·N + j (block 0 = A, 1 = B, 2 + i = A_B^i).</summary>
    public static SobolResult SobolFromOutputs(int k, int baseSamples, double[] y)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(baseSamples, 2);
        ArgumentNullException.ThrowIfNull(y);
        var n = baseSamples;
        if (y.Length != n * (k + 2L)) throw new ArgumentException($"expected {n * (k + 2L)} outputs, got {y.Length}", nameof(y));
        var rows = y.Length;
        double mean = 0;
        for (var j = 0; j < 2 * n; j++) mean += y[j];
        mean /= 2 * n;
        double v = 0;
        for (var j = 0; j < 2 * n; j++) v += (y[j] - mean) * (y[j] - mean);
        v /= 2 * n - 1;
        // Centre the outputs: the estimators are unchanged in expectation but their variance no longer
        // grows with the squared mean of f (Saltelli et al. 2010, §3; Sobol' 2001 on centring).
        var centred = new double[y.Length];
        for (var j = 0; j < y.Length; j++) centred[j] = y[j] - mean;
        y = centred;
        var indices = ImmutableArray.CreateBuilder<SobolIndex>(k);
        var first = new double[n];
        var total = new double[n];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var fa = y[j];
                var fb = y[n + j];
                var fab = y[(2 + i) * n + j];
                first[j] = fb * (fab - fa);
                total[j] = 0.5 * (fa - fab) * (fa - fab);
            }
            var (m1, se1) = MeanAndSe(first);
            var (mt, set) = MeanAndSe(total);
            indices.Add(v > 0 ? new SobolIndex(i, m1 / v, se1 / v, mt / v, set / v) : new SobolIndex(i, 0, 0, 0, 0));
        }
        return new SobolResult(n, rows, v, indices.MoveToImmutable());
    }

    /// <summary>Evaluates f at each row of a row-major matrix, in parallel, results by row.</summary>
    public static double[] Evaluate(double[] points, int k, Func<UnitFunction> factory, int threads = 0, CancellationToken cancel = default)
    {
        var rows = points.Length / k;
        var y = new double[rows];
        ParallelDraws.Run(rows, 64, threads, factory, (f, start, end) =>
        {
            for (var r = start; r < end; r++) y[r] = f(points.AsSpan(r * k, k));
        }, null, cancel);
        cancel.ThrowIfCancellationRequested();
        return y;
    }

    private static (double Mean, double Se) MeanAndSe(double[] x)
    {
        double m = 0;
        foreach (var v in x) m += v;
        m /= x.Length;
        double ss = 0;
        foreach (var v in x) ss += (v - m) * (v - m);
        return (m, Math.Sqrt(ss / (x.Length - 1) / x.Length));
    }
}
