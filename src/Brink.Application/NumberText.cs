using System.Globalization;

namespace Brink.Application;

/// <summary>
/// Numbers in explanations: enough significant digits that a stated comparison is visible in the
/// digits (never "0.001 &lt; 0.001"), and never "-0".
/// </summary>
public static class NumberText
{
    /// <summary>At least three significant digits (more only when needed), no exponent, no "-0".</summary>
    public static string Significant(double x, int digits = 3)
    {
        if (double.IsNaN(x)) return "NaN";
        if (double.IsInfinity(x)) return x > 0 ? "∞" : "-∞";
        if (x == 0) return "0";
        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(x)));
        var decimals = Math.Clamp(digits - 1 - magnitude, 0, 15);
        var text = Math.Round(x, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals, CultureInfo.InvariantCulture);
        if (text.Contains('.')) text = text.TrimEnd('0').TrimEnd('.');
        return text is "-0" ? "0" : text;
    }

    /// <summary>
    /// Both numbers of a comparison with the fewest significant digits (at least three) at which
    /// different numbers print differently.
    /// </summary>
    public static (string A, string B) Pair(double a, double b)
    {
        for (var digits = 3; digits < 17; digits++)
        {
            var (sa, sb) = (Significant(a, digits), Significant(b, digits));
            if (sa != sb || a == b) return (sa, sb);
        }
        return (a.ToString("R", CultureInfo.InvariantCulture), b.ToString("R", CultureInfo.InvariantCulture));
    }
}
