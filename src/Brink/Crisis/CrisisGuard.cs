namespace Brink.Crisis;

/// <summary>
/// Checks the parameters of the crisis models at the public boundary. <see cref="Check"/> returns
/// messages (for front ends that report user mistakes); the <c>Require*</c> methods throw
/// <see cref="ArgumentOutOfRangeException"/> naming the parameter and its allowed range.
/// </summary>
public static class CrisisGuard
{
    /// <summary>A problem with the value, or null: finite and in [0, 1].</summary>
    public static string? Probability(string name, double value) =>
        double.IsFinite(value) && value is >= 0 and <= 1 ? null : $"{name} must be a probability in [0, 1] (got {Show(value)}).";

    /// <summary>A problem with the value, or null: finite and ≥ 0.</summary>
    public static string? NonNegative(string name, double value) =>
        double.IsFinite(value) && value >= 0 ? null : $"{name} must be a finite number ≥ 0 (got {Show(value)}).";

    /// <summary>A problem with the value, or null: finite and &gt; 0.</summary>
    public static string? Positive(string name, double value) =>
        double.IsFinite(value) && value > 0 ? null : $"{name} must be a finite number > 0 (got {Show(value)}).";

    /// <summary>A problem with the value, or null: finite.</summary>
    public static string? Finite(string name, double value) =>
        double.IsFinite(value) ? null : $"{name} must be a finite number (got {Show(value)}).";

    /// <summary>Collects the non-null problems.</summary>
    public static IReadOnlyList<string> Check(params string?[] problems) => [.. problems.Where(p => p is not null).Select(p => p!)];

    internal static void RequireProbability(double value, string name) => Throw(Probability(name, value), name);
    internal static void RequireNonNegative(double value, string name) => Throw(NonNegative(name, value), name);
    internal static void RequirePositive(double value, string name) => Throw(Positive(name, value), name);
    internal static void RequireFinite(double value, string name) => Throw(Finite(name, value), name);

    private static void Throw(string? problem, string name)
    {
        if (problem is not null) throw new ArgumentOutOfRangeException(name, problem);
    }

    private static string Show(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
