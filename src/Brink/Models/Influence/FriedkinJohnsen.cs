using MathNet.Numerics.LinearAlgebra;

namespace Brink.Models.Influence;

/// <summary>
/// The social-influence network model of Friedkin &amp; Johnsen (1990, <i>J. Math. Sociology</i> 15(3–4):193–206;
/// 1999, <i>Advances in Group Processes</i> 16:1–29; Friedkin &amp; Johnsen 2011):
/// x(t+1) = Λ·W·x(t) + (I − Λ)·x(0) (F&amp;J 1999, eq. 1), whose equilibrium for an invertible
/// I − ΛW is x* = (I − ΛW)⁻¹(I − Λ)·x(0) (eq. 2).
/// </summary>
public static class FriedkinJohnsen
{
    /// <summary>Reciprocal condition number below which I − ΛW counts as singular (no unique equilibrium).</summary>
    public const double SingularityThreshold = 1e-12;

    /// <summary>One step x' = Λ·W·x + (I − Λ)·anchor; with anchor = x(0) this is eq. 1.</summary>
    public static double[] Step(InfluenceNetwork network, ReadOnlySpan<double> x, ReadOnlySpan<double> anchor)
    {
        ArgumentNullException.ThrowIfNull(network);
        var n = network.Count;
        if (x.Length != n || anchor.Length != n) throw new ArgumentException($"Positions must have one value per actor ({n}).", nameof(x));
        var next = new double[n];
        for (var i = 0; i < n; i++)
        {
            var wx = 0.0;
            for (var j = 0; j < n; j++) wx += network.Weight(i, j) * x[j];
            var lambda = network.Susceptibility[i];
            next[i] = lambda * wx + (1 - lambda) * anchor[i];
        }
        return next;
    }

    /// <summary>
    /// The equilibrium x* = (I − ΛW)⁻¹(I − Λ)x(0), solved by LU decomposition (Math.NET), or null when
    /// I − ΛW is singular (a closed group of fully susceptible actors: the limit, if any, depends on
    /// the path, so there is no closed form).
    /// </summary>
    public static double[]? FixedPoint(InfluenceNetwork network, ReadOnlySpan<double> initial)
    {
        ArgumentNullException.ThrowIfNull(network);
        var n = network.Count;
        if (initial.Length != n) throw new ArgumentException($"Positions must have one value per actor ({n}).", nameof(initial));
        if (n == 0) return [];
        var a = Matrix<double>.Build.Dense(n, n, (i, j) => (i == j ? 1 : 0) - network.Susceptibility[i] * network.Weight(i, j));
        var x0 = initial.ToArray();
        var b = Vector<double>.Build.Dense(n, i => (1 - network.Susceptibility[i]) * x0[i]);
        // 1/cond(A) from the singular values; cheap for the few dozen actors of a scenario.
        if (!(1 / a.ConditionNumber() >= SingularityThreshold)) return null;
        return a.LU().Solve(b).ToArray();
    }
}
