using System.Collections.Immutable;

namespace Brink.Models.Nash;

/// <summary>
/// Result of the asymmetric Nash bargaining solution (Nash 1950; design §4.1): the point
/// x* = argmax Σ w_i log(u_i(x) − d_i) with u_i(x) = −|x − x_i|^k, w_i = c_i s_i, over the open set
/// where every gain u_i(x) − d_i is positive. Both fields of <see cref="Forecast"/> hold
/// <see cref="Solution"/>.
/// </summary>
/// <param name="Variant"><c>linear</c> (k = 1) or <c>quadratic</c> (k = 2).</param>
/// <param name="Solution">x*, or the disagreement outcome when <see cref="Feasible"/> is false.</param>
/// <param name="Feasible">False when no position makes every actor better off than disagreement.</param>
/// <param name="StatusQuo">The issue's status quo, the disagreement outcome when given.</param>
/// <param name="Disagreement">d_i per actor: u_i(status quo), or without one u_i at the point of the scale worst for i.</param>
/// <param name="FeasibleLow">Lower end of the open interval where every gain is positive.</param>
/// <param name="FeasibleHigh">Upper end of that interval (≤ <see cref="FeasibleLow"/> when empty).</param>
/// <param name="Gains">u_i(x*) − d_i per actor.</param>
/// <param name="Note">How the disagreement point was chosen and, if the set is empty, why.</param>
public sealed record NashResult(string Variant, double Solution, bool Feasible, double? StatusQuo, ImmutableArray<double> Disagreement,
    double FeasibleLow, double FeasibleHigh, ImmutableArray<double> Gains, string Note) : IModelResult
{
    /// <inheritdoc/>
    public string Model => "nash";
    /// <inheritdoc/>
    public Forecast Forecast => new(Solution, Solution);
    /// <inheritdoc />
    public ImmutableArray<ResultWarning> Warnings { get; init; } = [];
}

/// <summary>
/// Asymmetric Nash bargaining over one issue (Nash 1950, Econometrica 18(2); weights w_i = c_i s_i).
/// Without a status quo the disagreement point is each actor's utility at the end of the scale
/// farthest from it (the worst outcome it can get), so the feasible set is never empty; the
/// weighted mean would make it empty whenever actors sit on both sides of it. Actors with c·s = 0 have
/// no bargaining weight and do not constrain the set (equal weights if every c·s is 0).
/// </summary>
public static class NashBargaining
{
    /// <summary>Code of the warning given when the Nash solution falls back to the status quo (no feasible agreement).</summary>
    public const string NoFeasibleAgreementCode = "nash-no-feasible-agreement";

    /// <summary>The variants: <c>quadratic</c> (default, k = 2) and <c>linear</c> (k = 1).</summary>
    public static IReadOnlyList<string> Variants { get; } = ["quadratic", "linear"];

    /// <summary>Exponent k of u_i(x) = −|x − x_i|^k for a variant name.</summary>
    public static int Exponent(string variant) => variant switch
    {
        "linear" => 1,
        "quadratic" => 2,
        _ => throw new ArgumentException($"Unknown Nash variant '{variant}'. Valid: {string.Join(", ", Variants)}.", nameof(variant)),
    };

    /// <summary>Solves the Nash bargaining problem (k from <paramref name="variant"/>).</summary>
    public static NashResult Run(SpatialIssue input, string variant = "quadratic")
    {
        ModelInput.Validate(input);
        var k = Exponent(variant);
        var setup = NashSetup.Create(input, k);
        double solution;
        if (!setup.Feasible) solution = setup.Fallback;
        else if (setup.Degenerate) solution = setup.X[0];
        else solution = k == 2 ? SolveSmooth(setup, setup.Low, setup.High) : SolveLinear(setup);
        return setup.ToResult(variant, solution);
    }

    // k = 1: F is concave with kinks at the x_i. Find the kink where the right derivative turns
    // non-positive; if the left derivative there is still non-negative the kink is the optimum,
    // otherwise the optimum is interior to the smooth segment before it.
    private static double SolveLinear(NashSetup p)
    {
        var kinks = p.X.Where(v => v > p.Low && v < p.High).Distinct().Order().ToArray();
        int lo = 0, hi = kinks.Length; // first kink with F'_+ ≤ 0
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (p.Derivative(kinks[mid], right: true) <= 0) hi = mid; else lo = mid + 1;
        }
        if (lo < kinks.Length && p.Derivative(kinks[lo], right: false) >= 0) return kinks[lo];
        var a = lo == 0 ? p.Low : kinks[lo - 1];
        var b = lo < kinks.Length ? kinks[lo] : p.High;
        return SolveSmooth(p, a, b);
    }

    // Safeguarded Newton on F' (decreasing) inside the bracket (a, b).
    private static double SolveSmooth(NashSetup p, double a, double b)
    {
        var x = 0.5 * (a + b);
        for (var iter = 0; iter < 200; iter++)
        {
            var g = p.Derivative(x, right: true);
            if (g == 0) return x;
            if (g > 0) a = x; else b = x;
            var h = p.Curvature(x);
            var next = h < 0 ? x - g / h : double.NaN;
            if (!(next > a && next < b)) next = 0.5 * (a + b);
            if (next == x || b - a <= 4 * double.Epsilon * Math.Max(Math.Abs(a), Math.Abs(b))) return next;
            x = next;
        }
        return x;
    }
}

/// <summary>The disagreement point, active actors and feasible interval shared by both solvers.</summary>
internal sealed class NashSetup
{
    public required int K { get; init; }
    public required double[] X { get; init; }
    public required double[] W { get; init; }
    public required double[] Rho { get; init; }
    public required double Low { get; init; }
    public required double High { get; init; }
    public required bool Feasible { get; init; }
    public required bool Degenerate { get; init; }
    public required double Fallback { get; init; }
    public required SpatialIssue Input { get; init; }
    public required string Note { get; init; }

    public static NashSetup Create(SpatialIssue input, int k)
    {
        var n = input.Count;
        var weights = Enumerable.Range(0, n).Select(i => input.Capability[i] * input.Salience[i]).ToArray();
        var allZero = weights.All(w => w <= 0);
        var active = Enumerable.Range(0, n).Where(i => allZero || weights[i] > 0).ToArray();
        var x = active.Select(i => input.Position[i]).ToArray();
        var w = active.Select(i => allZero ? 1.0 : weights[i]).ToArray();
        double[] rho;
        string note;
        if (input.StatusQuo is { } sq)
        {
            rho = [.. x.Select(xi => Math.Abs(sq - xi))];
            note = $"Disagreement point: the status quo {sq}.";
        }
        else
        {
            var lo = Math.Min(input.ScaleMin, input.Position.Min());
            var hi = Math.Max(input.ScaleMax, input.Position.Max());
            rho = [.. x.Select(xi => Math.Max(xi - lo, hi - xi))];
            note = $"No status quo: each actor's disagreement utility is its utility at the end of the scale [{lo}, {hi}] farthest from it.";
        }
        var low = x.Select((xi, i) => xi - rho[i]).Max();
        var high = x.Select((xi, i) => xi + rho[i]).Min();
        var degenerate = x.All(v => v == x[0]);
        // Everyone at one position: that position gives every actor its best outcome, a gain unless
        // it is also the status quo.
        // With a status quo the set is non-empty exactly when every actor lies strictly on one side of it;
        // low and high meet at the status quo otherwise, and rounding can part them by an ulp.
        var feasible = degenerate ? input.StatusQuo != x[0]
            : low < high && (input.StatusQuo is not { } s || x.All(v => v > s) || x.All(v => v < s));
        var fallback = input.StatusQuo ?? x[0];
        if (!feasible)
            note += input.StatusQuo is null
                ? " The feasible set is empty: the scale has no width."
                : " The feasible set is empty: actors lie on both sides of (or at) the status quo, so every move away from it makes one of them worse off; the solution is the status quo.";
        return new NashSetup
        {
            K = k, X = x, W = w, Rho = rho, Low = low, High = high, Feasible = feasible, Degenerate = degenerate,
            Fallback = fallback, Input = input, Note = note,
        };
    }

    /// <summary>F'(x) = Σ w_i g_i'(x)/g_i(x), g_i = ρ_i^k − |x − x_i|^k; one-sided at kinks when k = 1.</summary>
    public double Derivative(double x, bool right)
    {
        double sum = 0;
        for (var i = 0; i < X.Length; i++)
        {
            var t = x - X[i];
            if (K == 2) sum += W[i] * (-2 * t) / (Rho[i] * Rho[i] - t * t);
            else
            {
                var sign = t > 0 || (t == 0 && right) ? 1.0 : -1.0;
                sum += W[i] * -sign / (Rho[i] - Math.Abs(t));
            }
        }
        return sum;
    }

    /// <summary>F''(x) away from kinks.</summary>
    public double Curvature(double x)
    {
        double sum = 0;
        for (var i = 0; i < X.Length; i++)
        {
            var t = x - X[i];
            if (K == 2)
            {
                var g = Rho[i] * Rho[i] - t * t;
                sum += W[i] * (-2 * g - 4 * t * t) / (g * g);
            }
            else
            {
                var g = Rho[i] - Math.Abs(t);
                sum -= W[i] / (g * g);
            }
        }
        return sum;
    }

    public NashResult ToResult(string variant, double solution)
    {
        var n = Input.Count;
        // The span of the scale and positions, found once (Monte Carlo calls this once per draw).
        var low = Input.StatusQuo is null ? Math.Min(Input.ScaleMin, Input.Position.Min()) : 0;
        var high = Input.StatusQuo is null ? Math.Max(Input.ScaleMax, Input.Position.Max()) : 0;
        double Rho(int i) => Input.StatusQuo is { } sq
            ? Math.Abs(sq - Input.Position[i])
            : Math.Max(Input.Position[i] - low, high - Input.Position[i]);
        var disagreement = Enumerable.Range(0, n).Select(i => -Math.Pow(Rho(i), K)).ToImmutableArray();
        var gains = Enumerable.Range(0, n).Select(i => -Math.Pow(Math.Abs(solution - Input.Position[i]), K) - disagreement[i]).ToImmutableArray();
        return new NashResult(variant, solution, Feasible, Input.StatusQuo, disagreement, Low, High, gains, Note)
        {
            Warnings = Feasible ? [] : [NoFeasibleAgreement(Input, solution)],
        };
    }

    // The fallback is not a bargaining outcome: it is where the issue stands when nobody can gain.
    private static ResultWarning NoFeasibleAgreement(SpatialIssue input, double solution)
    {
        var where = input.StatusQuo is { } sq ? $"the status quo {sq.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}" : "the common position";
        var reason = input.StatusQuo is null
            ? "the scale has no width"
            : "actors lie on both sides of (or at) the status quo, so every move away from it makes one of them worse off";
        return new ResultWarning(NashBargaining.NoFeasibleAgreementCode,
            $"No agreement beats the status quo for every actor ({reason}); the Nash figure {solution.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} is a fallback to {where}, not a bargaining solution.")
        {
            Issue = input.IssueId,
        };
    }
}
