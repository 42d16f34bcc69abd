using System.Globalization;

namespace Brink.Scenarios.Parsing;

/// <summary>
/// Decides whether a column of numbers that belong in [0, 1] (salience) was written on 0–1 or on
/// 0–100. Only a table whose values are all on 0–100 (every value above 1, or 0 or 1) is read as
/// 0–100. A table that mixes values above 1 with values strictly between 0 and 1 is a typo, not a scale: the values
/// on the minority side are reported, each with both readings, and nothing is rescaled.
/// </summary>
internal static class ScaleDetection
{
    /// <summary>The detected scale (1 or 100) and the values that contradict it, each with its message.</summary>
    public sealed record Outcome<T>(double Scale, IReadOnlyList<(T Item, string Message)> Typos);

    private const double Tolerance = 1e-9;

    /// <summary>Detects the scale of one column; values within 1e-9 of 0 or 1 decide nothing.</summary>
    /// <param name="values">The point values as written, with whatever locates each one.</param>
    /// <param name="field">The field's name in messages, e.g. "salience".</param>
    /// <param name="explicitHint">How the user states the scale outright, e.g. "salience_scale: 100"; null when the format has no way.</param>
    public static Outcome<T> Detect<T>(IReadOnlyList<(double Value, T Item)> values, string field, string? explicitHint)
    {
        // 0 and exactly 1 fit either scale, so they decide nothing.
        var large = values.Where(v => v.Value > 1 + Tolerance).ToList();
        var small = values.Where(v => v.Value > 0 && v.Value < 1 - Tolerance).ToList();
        if (large.Count == 0) return new Outcome<T>(1, []);
        if (small.Count == 0) return new Outcome<T>(100, []);
        var state = explicitHint is null ? "" : $", or state the scale with {explicitHint}";
        if (large.Count <= small.Count)
        {
            var largestSmall = F(small.Max(v => v.Value));
            return new Outcome<T>(1, [.. large.Select(v => (v.Item,
                $"{field} {F(v.Value)} among {field}s on the 0–1 scale (the others are at most {largestSmall}): read on 0–1 it is out of range, " +
                $"read on 0–100 it would mean {F(v.Value / 100)}. Write {F(v.Value / 100)} if that is meant (a typo?), or write every {field} on 0–100{state}"))]);
        }
        var smallestLarge = F(large.Min(v => v.Value));
        return new Outcome<T>(100, [.. small.Select(v => (v.Item,
            $"{field} {F(v.Value)} among {field}s on the 0–100 scale (the others are at least {smallestLarge}): read on 0–100 it means {F(v.Value / 100)}, " +
            $"read on 0–1 it means {F(v.Value * 100)} on 0–100. Write {F(v.Value * 100)} if that is meant (a typo?), or write every {field} on 0–1{state}"))]);
    }

    /// <summary>
    /// For a number that belongs in [0, 1] but was written as a percentage (1 &lt; x ≤ 100): the hint
    /// that names the other reading; empty otherwise.
    /// </summary>
    public static string PercentHint(double value, double lo, double hi) =>
        lo == 0 && hi == 1 && value is > 1 and <= 100 ? $"; read as a percentage it would be {F(value / 100)}: write {F(value / 100)} if that is meant" : "";

    private static string F(double x) => x.ToString("0.######", CultureInfo.InvariantCulture);
}
