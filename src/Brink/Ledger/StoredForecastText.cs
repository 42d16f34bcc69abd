using System.Globalization;
using System.Text.Json;

namespace Brink.Ledger;

/// <summary>
/// The text form in which every ledger store (SQLite and PostgreSQL) keeps a forecast's value lists, so a
/// copy between stores is exact: numbers round-trip ("R"), quantiles as JSON pairs [level, value].
/// </summary>
public static class StoredForecastText
{
    /// <summary>A list of numbers as stored: "[x1,x2,…]", each in round-trip form.</summary>
    public static string Numbers(IReadOnlyList<double> xs) =>
        "[" + string.Join(",", xs.Select(x => x.ToString("R", CultureInfo.InvariantCulture))) + "]";

    /// <summary>Reads a list written by <see cref="Numbers"/>.</summary>
    public static double[] ParseNumbers(string s)
    {
        var body = s.AsSpan().Trim().TrimStart('[').TrimEnd(']');
        if (body.IsEmpty) return [];
        var result = new List<double>();
        foreach (var range in body.Split(','))
            result.Add(double.Parse(body[range], NumberStyles.Float, CultureInfo.InvariantCulture));
        return [.. result];
    }

    /// <summary>Quantile points as stored: a JSON array of [level, value] pairs.</summary>
    public static string Quantiles(IEnumerable<QuantilePoint> quantiles) =>
        JsonSerializer.Serialize(quantiles.Select(q => new[] { q.Level, q.Value }));

    /// <summary>Reads quantile points written by <see cref="Quantiles"/>.</summary>
    public static List<QuantilePoint> ParseQuantiles(string s) =>
        [.. JsonSerializer.Deserialize<double[][]>(s)!.Select(a => new QuantilePoint(a[0], a[1]))];

    /// <summary>The value a forecast states, in its stored text, for comparing an import row with a stored forecast.</summary>
    public static string ValueOf(Forecast f) => ValueOf(
        f.Probabilities is null ? null : Numbers(f.Probabilities), f.Samples is null ? null : Numbers(f.Samples),
        f.Quantiles is null ? null : Quantiles(f.Quantiles));

    /// <summary>The same from the stored columns.</summary>
    public static string ValueOf(string? probabilities, string? samples, string? quantiles) =>
        probabilities is not null ? $"probabilities {probabilities}" : samples is not null ? $"samples {samples}" : quantiles is not null ? $"quantiles {quantiles}" : "no value";
}
