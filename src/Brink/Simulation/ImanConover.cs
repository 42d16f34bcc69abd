using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace Brink.Simulation;

/// <summary>
/// Induces a target rank correlation among the columns of a sample without changing any column's
/// values (Iman &amp; Conover 1982, "A distribution-free approach to inducing rank correlation among
/// input variables", Commun. Statist. B 11(3)): rank-match each column to a matrix of van der Waerden
/// scores whose correlation has been set to the target by Cholesky factors.
/// </summary>
public static class ImanConover
{
    /// <summary>
    /// Reorders, in place, the columns <paramref name="columns"/> of the row-major sample
    /// <paramref name="data"/> (<paramref name="rows"/> × <paramref name="stride"/>) so that their
    /// Spearman correlation matrix approaches <paramref name="target"/> (symmetric, unit diagonal,
    /// positive definite). Deterministic for a seed.
    /// </summary>
    /// <exception cref="ArgumentException">The target is not a valid positive-definite correlation matrix.</exception>
    public static void Apply(double[] data, int rows, int stride, IReadOnlyList<int> columns, double[,] target, ulong seed)
    {
        var k = columns.Count;
        if (target.GetLength(0) != k || target.GetLength(1) != k) throw new ArgumentException("target must be k×k for k columns", nameof(target));
        if (k < 2 || rows < 3) return;
        ValidateCorrelation(target);

        // Van der Waerden scores a_i = Φ^{-1}(i/(N+1)), i = 1..N (Iman & Conover 1982, §3).
        var scores = new double[rows];
        for (var i = 0; i < rows; i++) scores[i] = Normal.InvCDF(0, 1, (i + 1.0) / (rows + 1.0));

        // S: each column an independent random permutation of the scores.
        var s = Matrix<double>.Build.Dense(rows, k);
        var perm = new double[rows];
        for (var j = 0; j < k; j++)
        {
            scores.CopyTo(perm, 0);
            var rng = new DrawRandom(seed, 0x1C00 + (ulong)j, 0);
            for (var i = rows - 1; i > 0; i--)
            {
                var r = rng.NextInt(i + 1);
                (perm[i], perm[r]) = (perm[r], perm[i]);
            }
            for (var i = 0; i < rows; i++) s[i, j] = perm[i];
        }

        // E = corr(S) = Q Qᵀ, C = P Pᵀ; T = S (Q⁻¹)ᵀ Pᵀ has correlation exactly C (Iman & Conover 1982, eq. 4 with the
        // correction for the sample correlation of the scores).
        var e = Correlation(s);
        var q = e.Cholesky().Factor;
        // Scores are normal, so aim their Pearson correlation at 2 sin(π ρ_S / 6), the value whose
        // Spearman correlation is ρ_S for a bivariate normal (Pearson 1907; Kruskal 1958, eq. 5.2).
        var pearson = new double[k, k];
        for (var a = 0; a < k; a++)
            for (var b = 0; b < k; b++)
                pearson[a, b] = a == b ? 1 : 2 * Math.Sin(Math.PI * target[a, b] / 6);
        ValidateCorrelation(pearson);
        var p = Matrix<double>.Build.DenseOfArray(pearson).Cholesky().Factor;
        var t = s * q.Inverse().Transpose() * p.Transpose();

        // Rearrange each data column so its ranks match those of the corresponding column of T.
        var order = new int[rows];
        var values = new double[rows];
        var key = new double[rows];
        for (var j = 0; j < k; j++)
        {
            var c = columns[j];
            for (var i = 0; i < rows; i++) values[i] = data[i * stride + c];
            Array.Sort(values);
            for (var i = 0; i < rows; i++) { order[i] = i; key[i] = t[i, j]; }
            Array.Sort(key, order); // order[r] = row holding the r-th smallest T value
            for (var r = 0; r < rows; r++) data[order[r] * stride + c] = values[r];
        }
    }

    /// <summary>Checks a matrix is symmetric with unit diagonal, entries in [−1, 1], and positive definite.</summary>
    /// <exception cref="ArgumentException">It is not.</exception>
    public static void ValidateCorrelation(double[,] c)
    {
        var k = c.GetLength(0);
        for (var i = 0; i < k; i++)
        {
            if (Math.Abs(c[i, i] - 1) > 1e-12) throw new ArgumentException("a correlation matrix needs 1 on its diagonal");
            for (var j = 0; j < k; j++)
            {
                if (!(Math.Abs(c[i, j]) <= 1)) throw new ArgumentException($"correlation {c[i, j]} is outside [-1, 1]");
                if (Math.Abs(c[i, j] - c[j, i]) > 1e-12) throw new ArgumentException("a correlation matrix must be symmetric");
            }
        }
        var evd = Matrix<double>.Build.DenseOfArray(c).Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        var min = evd.EigenValues.Select(z => z.Real).Min();
        if (min <= 1e-10) throw new ArgumentException("the rank correlations are inconsistent: the correlation matrix is not positive definite");
    }

    private static Matrix<double> Correlation(Matrix<double> m)
    {
        var n = m.RowCount;
        var k = m.ColumnCount;
        var centred = m.Clone();
        for (var j = 0; j < k; j++)
        {
            var mean = m.Column(j).Sum() / n;
            for (var i = 0; i < n; i++) centred[i, j] -= mean;
        }
        var cov = centred.TransposeThisAndMultiply(centred);
        var r = Matrix<double>.Build.Dense(k, k);
        for (var i = 0; i < k; i++)
            for (var j = 0; j < k; j++)
                r[i, j] = cov[i, j] / Math.Sqrt(cov[i, i] * cov[j, j]);
        return r;
    }
}

/// <summary>Rank statistics used by the samplers and their tests.</summary>
public static class RankStatistics
{
    /// <summary>Mid-ranks (ties share their average rank), 1-based.</summary>
    public static double[] Ranks(ReadOnlySpan<double> x)
    {
        var n = x.Length;
        var idx = new int[n];
        for (var i = 0; i < n; i++) idx[i] = i;
        var copy = x.ToArray();
        Array.Sort(copy, idx);
        var ranks = new double[n];
        for (var i = 0; i < n;)
        {
            var j = i;
            while (j + 1 < n && copy[j + 1] == copy[i]) j++;
            var r = (i + j) / 2.0 + 1;
            for (var m = i; m <= j; m++) ranks[idx[m]] = r;
            i = j + 1;
        }
        return ranks;
    }

    /// <summary>Spearman's ρ: the Pearson correlation of the mid-ranks.</summary>
    public static double Spearman(ReadOnlySpan<double> x, ReadOnlySpan<double> y) => Pearson(Ranks(x), Ranks(y));

    /// <summary>Pearson's correlation coefficient.</summary>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double mx = 0, my = 0;
        for (var i = 0; i < x.Length; i++) { mx += x[i]; my += y[i]; }
        mx /= x.Length;
        my /= y.Length;
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var dx = x[i] - mx;
            var dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : 0;
    }
}
