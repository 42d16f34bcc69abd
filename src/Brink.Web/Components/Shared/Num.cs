using System.Globalization;

namespace Brink.Web.Components.Shared;

/// <summary>Number formatting for the pages.</summary>
public static class Num
{
    public static string F(double x, string format = "0.###") => double.IsFinite(x) ? x.ToString(format, CultureInfo.InvariantCulture) : "–";
    public static string F(double? x, string format = "0.###") => x is { } v ? F(v, format) : "–";
}
