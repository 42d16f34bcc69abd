using System.Collections.Immutable;
using Brink.Models.Smp;

namespace Brink.Models.Nash;

/// <summary>
/// The asymmetric Nash bargaining solution on the product space of a multi-dimensional issue
/// (design §4.1 and §10): x* = argmax Σ w_i log(D_i − Q_i(x)) over the points x where every actor
/// gains, with the salience-weighted Euclidean loss Q_i(x) = Σ_k ω_ik ((x_k − x_ik)/W_k)² (W_k the
/// width of dimension k's scale, ω_ik = s_ik / S_i the actor's relative attention, S_i = Σ_k s_ik), bargaining weight
/// w_i = c_i S_i and disagreement loss D_i = Q_i(r_i). The disagreement outcome r_i is the status quo on every
/// dimension that has one and, on a dimension without one, the end of its scale farthest from the
/// actor (as the one-dimensional <see cref="NashBargaining"/> does). On one dimension this is exactly
/// the quadratic variant of <see cref="NashBargaining"/>. Unlike Nash per dimension, actors can
/// gain overall by conceding on a dimension they care little about, so a package can have
/// agreements that beat the status quo for everyone where no single dimension has one.
/// </summary>
public static class PackageNash
{
    /// <summary>Code of the warning given when no point of the product space beats disagreement for every actor.</summary>
    public const string NoFeasibleAgreementCode = NashBargaining.NoFeasibleAgreementCode;

    /// <summary>Code of the warning given for a dimension no bargaining actor cares about (its value is then the status quo or the scale's midpoint).</summary>
    public const string IndifferentDimensionCode = "nash-indifferent-dimension";

    /// <summary>Solves the problem for the actors of <paramref name="input"/> (one position and salience per dimension each).</summary>
    /// <exception cref="ArgumentException">The input has no actors, no dimensions, or a number out of range.</exception>
    public static PackageNashResult Run(SmpInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problem = Problem.Create(input);
        // A set too thin to hold a point where every gain survives rounding counts as empty.
        if (!problem.Feasible || problem.Start() is not { } x) return problem.ToResult(problem.Disagreement(), feasible: false);
        problem.Maximise(x);
        return problem.ToResult(x, feasible: true);
    }

    private sealed class Problem
    {
        public required SmpInput Input { get; init; }
        public required int[] Active { get; init; }
        public required double[] W { get; init; }
        /// <summary>ω_ik / W_k² per active actor, row-major: the loss is Σ_k Omega[a,k] (x_k − P[a,k])² in scale units.</summary>
        public required double[] Omega { get; init; }
        public required double[] P { get; init; }
        /// <summary>The disagreement outcome per active actor, row-major (status quo or far end).</summary>
        public required double[] R { get; init; }
        public required double[] D { get; init; }
        public required bool[] Cares { get; init; }
        public required double[]? Direction { get; init; }
        public required bool Feasible { get; init; }
        public int Dims => Input.DimensionCount;

        public static Problem Create(SmpInput input)
        {
            int n = input.Count, d = input.DimensionCount;
            if (n == 0 || d == 0) throw new ArgumentException($"{input.Id}: Nash on the product space needs actors and dimensions", nameof(input));
            if (input.Capability.Length != n || input.Position.Length != n * d || input.Salience.Length != n * d)
                throw new ArgumentException($"{input.Id}: arrays do not match {n} actors × {d} dimensions", nameof(input));
            for (var i = 0; i < n; i++)
            {
                if (!double.IsFinite(input.Capability[i]) || input.Capability[i] < 0)
                    throw new ArgumentException($"{input.Id}: actor '{input.Actors[i]}' needs a finite capability ≥ 0, found {input.Capability[i]}", nameof(input));
                for (var k = 0; k < d; k++)
                    if (!double.IsFinite(input.Salience[i * d + k]) || input.Salience[i * d + k] < 0 || !double.IsFinite(input.Position[i * d + k]))
                        throw new ArgumentException($"{input.Id}: actor '{input.Actors[i]}' needs a finite position and a salience ≥ 0 on '{input.Dimensions[k].Id}'", nameof(input));
            }
            foreach (var dim in input.Dimensions)
                if (!(dim.Max > dim.Min) || !double.IsFinite(dim.Max - dim.Min))
                    throw new ArgumentException($"{input.Id}: dimension '{dim.Id}' has an empty scale [{dim.Min}, {dim.Max}]", nameof(input));

            var totals = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, d).Sum(k => input.Salience[i * d + k])).ToArray();
            var weights = Enumerable.Range(0, n).Select(i => input.Capability[i] * totals[i]).ToArray();
            // As in one dimension: actors without bargaining weight do not constrain the set; equal weights if nobody has any.
            var allZero = weights.All(w => w <= 0);
            var active = Enumerable.Range(0, n).Where(i => allZero || weights[i] > 0).ToArray();
            int m = active.Length;
            var omega = new double[m * d];
            var p = new double[m * d];
            var r = new double[m * d];
            var dLoss = new double[m];
            var cares = new bool[d];
            for (var a = 0; a < m; a++)
            {
                var i = active[a];
                for (var k = 0; k < d; k++)
                {
                    var dim = input.Dimensions[k];
                    var width = dim.Max - dim.Min;
                    var share = totals[i] > 0 ? input.Salience[i * d + k] / totals[i] : 1.0 / d;
                    omega[a * d + k] = share / (width * width);
                    if (omega[a * d + k] > 0) cares[k] = true;
                    var x = input.Position[i * d + k];
                    p[a * d + k] = x;
                    var lo = Math.Min(dim.Min, x);
                    var hi = Math.Max(dim.Max, x);
                    r[a * d + k] = dim.StatusQuo ?? (x - lo >= hi - x ? lo : hi);
                    var t = r[a * d + k] - x;
                    dLoss[a] += omega[a * d + k] * t * t;
                }
            }
            var direction = FeasibleDirection(input, omega, p, m, cares);
            return new Problem
            {
                Input = input, Active = active, W = [.. active.Select(i => allZero ? 1.0 : weights[i])], Omega = omega, P = p, R = r, D = dLoss,
                Cares = cares, Direction = direction, Feasible = direction is not null,
            };
        }

        /// <summary>
        /// A direction v on the dimensions with a status quo along which, from the status quo, every actor whose
        /// attention lies wholly on those dimensions gains (a_i·v &lt; 0 for the loss gradients a_i there); null when
        /// none exists (Gordan's theorem: 0 lies in the convex hull of the a_i, found as the minimum-norm point).
        /// Actors who care about a dimension without a status quo gain already by moving it inside the scale.
        /// </summary>
        private static double[]? FeasibleDirection(SmpInput input, double[] omega, double[] p, int m, bool[] cares)
        {
            int d = input.DimensionCount;
            var sqDims = Enumerable.Range(0, d).Where(k => input.Dimensions[k].StatusQuo is not null).ToArray();
            var gradients = new List<double[]>();
            for (var a = 0; a < m; a++)
            {
                // What the actor gains by moving the dimensions without a status quo to their midpoints; an actor
                // who gains nothing there (or less than rounding) has to gain on the dimensions with one.
                double elsewhere = 0, total = 0;
                for (var k = 0; k < d; k++)
                {
                    var dim = input.Dimensions[k];
                    var x = p[a * d + k];
                    var far = Math.Max(x - Math.Min(dim.Min, x), Math.Max(dim.Max, x) - x);
                    var near = dim.StatusQuo is { } sq ? Math.Abs(sq - x) : far;
                    total += omega[a * d + k] * near * near;
                    if (dim.StatusQuo is null)
                    {
                        var mid = 0.5 * (dim.Min + dim.Max) - x;
                        elsewhere += omega[a * d + k] * (far * far - mid * mid);
                    }
                }
                if (elsewhere > 1e-9 * total) continue;
                gradients.Add([.. sqDims.Select(k => 2 * omega[a * d + k] * (input.Dimensions[k].StatusQuo!.Value - p[a * d + k]))]);
            }
            var v = new double[d];
            if (gradients.Count == 0)
            {
                // Nobody is tied to the status quo alone; no dimension without one is cared about means nobody can gain.
                return Enumerable.Range(0, d).Any(k => input.Dimensions[k].StatusQuo is null && cares[k]) ? v : null;
            }
            var scale = gradients.Max(g => Math.Sqrt(g.Sum(x => x * x)));
            if (scale == 0) return null; // an actor at the status quo on every dimension it cares about cannot gain
            var normalised = gradients.Select(g => g.Select(x => x / scale).ToArray()).ToList();
            var minNorm = MinimumNormPoint(normalised);
            var norm = Math.Sqrt(minNorm.Sum(x => x * x));
            // 0 in (or within rounding of) the hull: the status quo is Pareto optimal for these actors.
            if (norm <= 1e-9) return null;
            if (normalised.Any(g => Dot(g, minNorm) <= 0.5 * norm * norm)) return null;
            for (var j = 0; j < sqDims.Length; j++) v[sqDims[j]] = -minNorm[j];
            return v;
        }

        /// <summary>A strictly feasible start: on dimensions without a status quo the scale's midpoint, then a step from the status quo along the feasible direction, halved until every actor gains; null when rounding leaves none.</summary>
        public double[]? Start()
        {
            int d = Dims;
            var x = new double[d];
            var v = Direction!;
            for (var k = 0; k < d; k++)
            {
                var dim = Input.Dimensions[k];
                x[k] = dim.StatusQuo ?? 0.5 * (dim.Min + dim.Max);
            }
            var step = Enumerable.Range(0, d).Max(k => Input.Dimensions[k].Max - Input.Dimensions[k].Min);
            var norm = Math.Sqrt(v.Sum(t => t * t));
            var unit = norm > 0 ? v.Select(t => t / norm).ToArray() : v;
            for (var attempt = 0; attempt < 200; attempt++, step *= 0.5)
            {
                var y = x.Select((t, k) => t + step * unit[k]).ToArray();
                if (AllGain(y))
                {
                    Array.Copy(y, x, d);
                    return x;
                }
            }
            return null;
        }

        private bool AllGain(double[] x)
        {
            for (var a = 0; a < Active.Length; a++)
                if (!(Gain(a, x) > 0)) return false;
            return true;
        }

        public double Gain(int a, double[] x)
        {
            int d = Dims;
            double loss = 0;
            for (var k = 0; k < d; k++)
            {
                var t = x[k] - P[a * d + k];
                loss += Omega[a * d + k] * t * t;
            }
            return D[a] - loss;
        }

        private double Objective(double[] x)
        {
            double f = 0;
            for (var a = 0; a < Active.Length; a++) f += W[a] * Math.Log(Gain(a, x));
            return f;
        }

        /// <summary>
        /// Damped Newton on F(x) = Σ w_i log g_i(x), strictly concave on the dimensions someone cares
        /// about (each g_i is a concave quadratic) and −∞ on the boundary, so the iterates stay inside.
        /// </summary>
        public void Maximise(double[] x)
        {
            int d = Dims;
            var free = Enumerable.Range(0, d).Where(k => Cares[k]).ToArray();
            int f = free.Length;
            for (var iteration = 0; iteration < 500; iteration++)
            {
                var gradient = new double[f];
                var hessian = new double[f, f];
                for (var a = 0; a < Active.Length; a++)
                {
                    var g = Gain(a, x);
                    var dg = new double[f];
                    for (var j = 0; j < f; j++)
                    {
                        var k = free[j];
                        dg[j] = -2 * Omega[a * d + k] * (x[k] - P[a * d + k]);
                    }
                    for (var j = 0; j < f; j++)
                    {
                        gradient[j] += W[a] * dg[j] / g;
                        hessian[j, j] += W[a] * -2 * Omega[a * d + free[j]] / g;
                        for (var l = 0; l < f; l++) hessian[j, l] -= W[a] * dg[j] * dg[l] / (g * g);
                    }
                }
                var negative = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(hessian).Negate();
                var stepFree = negative.Cholesky().Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(gradient)).ToArray();
                var decrement = Dot(gradient, stepFree);
                // λ²/2 ≈ F(x) − F(x*): stop when that is below the rounding of F.
                if (!(decrement > 1e-22 * (1 + W.Sum()))) return;
                var current = Objective(x);
                var alpha = 1.0;
                var trial = new double[d];
                var accepted = false;
                for (var halvings = 0; halvings < 60 && !accepted; halvings++, alpha *= 0.5)
                {
                    Array.Copy(x, trial, d);
                    for (var j = 0; j < f; j++) trial[free[j]] += alpha * stepFree[j];
                    // Near the optimum F changes by less than its rounding: full Newton steps are then taken as they come (quadratic convergence).
                    accepted = AllGain(trial) && (Objective(trial) >= current + 0.25 * alpha * decrement || decrement < 1e-10 * (1 + Math.Abs(current)));
                }
                if (!accepted || trial.SequenceEqual(x)) return;
                Array.Copy(trial, x, d);
            }
        }

        /// <summary>Where the issue stands without agreement: the status quo (infeasibility means every dimension anyone cares about has one; any other is set to its midpoint).</summary>
        public double[] Disagreement() => [.. Input.Dimensions.Select(dim => dim.StatusQuo ?? 0.5 * (dim.Min + dim.Max))];

        public PackageNashResult ToResult(double[] x, bool feasible)
        {
            int n = Input.Count, d = Dims;
            var gains = new double?[n];
            for (var a = 0; a < Active.Length; a++) gains[Active[a]] = Gain(a, x);
            var warnings = ImmutableArray.CreateBuilder<ResultWarning>();
            if (!feasible)
                warnings.Add(new ResultWarning(NoFeasibleAgreementCode,
                    $"No point of the {d}-dimensional space of {Input.Id} beats the status quo for every actor (the status quo is Pareto optimal: any move makes one of them worse off); the Nash figures are a fallback to the status quo, not a bargaining solution.")
                { Issue = Input.Id });
            else
                foreach (var k in Enumerable.Range(0, d).Where(k => !Cares[k]))
                    warnings.Add(new ResultWarning(IndifferentDimensionCode,
                        $"No bargaining actor gives dimension '{Input.Dimensions[k].Id}' of {Input.Id} any salience; its Nash value {x[k].ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} is the {(Input.Dimensions[k].StatusQuo is null ? "scale's midpoint" : "status quo")}, not a bargaining outcome.")
                    { Issue = Input.Id });
            return new PackageNashResult(Input.Id, [.. Input.Dimensions.Select(dim => dim.Id)], [.. x], feasible, [.. gains])
            {
                Warnings = warnings.ToImmutable(),
            };
        }
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>
    /// The point of smallest norm in the convex hull of <paramref name="points"/> (Wolfe 1976, "Finding the
    /// nearest point in a polytope", Math. Programming 11: the major/minor cycle algorithm).
    /// </summary>
    internal static double[] MinimumNormPoint(IReadOnlyList<double[]> points)
    {
        int dim = points[0].Length;
        var first = Enumerable.Range(0, points.Count).MinBy(i => Dot(points[i], points[i]));
        var corral = new List<int> { first };
        var lambda = new List<double> { 1.0 };
        var x = (double[])points[first].Clone();
        for (var major = 0; major < 10 * (points.Count + dim + 1); major++)
        {
            var j = Enumerable.Range(0, points.Count).MinBy(i => Dot(points[i], x));
            var xx = Dot(x, x);
            if (xx - Dot(points[j], x) <= 1e-15 * Math.Max(1, xx) || corral.Contains(j)) return x;
            corral.Add(j);
            lambda.Add(0);
            for (var minor = 0; minor < 10 * (dim + 2); minor++)
            {
                var mu = AffineMinimum(points, corral);
                if (mu is null) return x;
                if (mu.All(t => t > 1e-15))
                {
                    lambda = [.. mu];
                    break;
                }
                var theta = 1.0;
                for (var t = 0; t < corral.Count; t++)
                    if (mu[t] <= 1e-15 && lambda[t] - mu[t] > 0) theta = Math.Min(theta, lambda[t] / (lambda[t] - mu[t]));
                for (var t = 0; t < corral.Count; t++) lambda[t] += theta * (mu[t] - lambda[t]);
                for (var t = corral.Count - 1; t >= 0; t--)
                    if (lambda[t] <= 1e-15)
                    {
                        corral.RemoveAt(t);
                        lambda.RemoveAt(t);
                    }
                var sum = lambda.Sum();
                for (var t = 0; t < lambda.Count; t++) lambda[t] /= sum;
            }
            x = new double[dim];
            for (var t = 0; t < corral.Count; t++)
                for (var k = 0; k < dim; k++) x[k] += lambda[t] * points[corral[t]][k];
        }
        return x;
    }

    /// <summary>The weights μ (Σ μ = 1) of the point of smallest norm in the affine hull of the corral; null when the system is singular.</summary>
    private static double[]? AffineMinimum(IReadOnlyList<double[]> points, List<int> corral)
    {
        int c = corral.Count;
        var system = new double[c + 1, c + 1];
        var rhs = new double[c + 1];
        for (var a = 0; a < c; a++)
        {
            for (var e = 0; e < c; e++) system[a, e] = Dot(points[corral[a]], points[corral[e]]);
            system[a, c] = 1;
            system[c, a] = 1;
        }
        rhs[c] = 1;
        var matrix = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(system);
        var b = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(rhs);
        var solution = matrix.Svd().Solve(b);
        // Affinely dependent corral points make the system singular: the solve is then not a solution.
        if (solution.Any(t => !double.IsFinite(t)) || (matrix * solution - b).L2Norm() > 1e-9) return null;
        return [.. solution.Take(c)];
    }
}

/// <summary>
/// Result of <see cref="PackageNash"/>: the Nash point per dimension (on each dimension's scale) and
/// each actor's gain D_i − Q_i(x*) (null for actors without bargaining weight).
/// </summary>
public sealed record PackageNashResult(string Package, ImmutableArray<string> Dimensions, ImmutableArray<double> Solution, bool Feasible,
    ImmutableArray<double?> Gains)
{
    /// <summary>Contract name of the model: <c>nash</c>.</summary>
    public string Model => "nash";
    /// <summary>Always <c>quadratic</c>: the product-space solution uses quadratic losses.</summary>
    public string Variant => "quadratic";
    /// <summary>What a reader must know to trust this result (e.g. no feasible agreement); empty when nothing.</summary>
    public ImmutableArray<ResultWarning> Warnings { get; init; } = [];
}
