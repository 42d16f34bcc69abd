namespace Brink.Models.Reference;

/// <summary>
/// Plain Nash bargaining solution (Nash 1950): bisection on the one-sided derivatives of
/// Σ w_i log(u_i(x) − d_i) over the feasible interval, same disagreement convention as
/// <see cref="Nash.NashBargaining"/>. Returns x*, or null when the feasible set is empty.
/// </summary>
public static class ReferenceNash
{
    /// <summary>The solution x* for exponent k (1 or 2), or null when no x gives every actor a positive gain.</summary>
    public static double? Solve(SpatialIssue input, int k)
    {
        var n = input.Count;
        var all = Enumerable.Range(0, n).ToList();
        var active = all.Where(i => input.Capability[i] * input.Salience[i] > 0).ToList();
        if (active.Count == 0) active = all;
        double W(int i) => input.Capability[i] * input.Salience[i] > 0 ? input.Capability[i] * input.Salience[i] : 1.0;
        double Utility(int i, double p) => -Math.Pow(Math.Abs(p - input.Position[i]), k);
        var worstLow = Math.Min(input.ScaleMin, input.Position.Min());
        var worstHigh = Math.Max(input.ScaleMax, input.Position.Max());
        double Disagreement(int i) => input.StatusQuo is { } sq
            ? Utility(i, sq)
            : Math.Min(Utility(i, worstLow), Utility(i, worstHigh));

        // Every gain is positive on the intersection of the intervals |x − x_i| < (−d_i)^{1/k}.
        var low = active.Max(i => input.Position[i] - Math.Pow(-Disagreement(i), 1.0 / k));
        var high = active.Min(i => input.Position[i] + Math.Pow(-Disagreement(i), 1.0 / k));
        if (active.All(i => input.Position[i] == input.Position[active[0]]))
            return input.StatusQuo != input.Position[active[0]] ? input.Position[active[0]] : null;
        if (!(low < high)) return null;
        // With a status quo the set is empty unless every actor lies strictly on one side of it (low and high can round apart when they meet at it).
        if (input.StatusQuo is { } q && !(active.All(i => input.Position[i] > q) || active.All(i => input.Position[i] < q))) return null;

        double Slope(double p, bool right) => active.Sum(i =>
        {
            var t = p - input.Position[i];
            var sign = t > 0 || (t == 0 && right) ? 1.0 : -1.0;
            var du = -k * Math.Pow(Math.Abs(t), k - 1) * sign; // d/dx of −|x − x_i|^k
            if (k == 2 && t == 0) du = 0;
            return W(i) * du / (Utility(i, p) - Disagreement(i));
        });

        double lo = low, hi = high;
        while (true)
        {
            var mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) return mid;
            if (Slope(mid, right: true) > 0) lo = mid;
            else if (Slope(mid, right: false) < 0) hi = mid;
            else return mid;
        }
    }
}
