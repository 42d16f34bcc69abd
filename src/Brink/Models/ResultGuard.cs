using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;

namespace Brink.Models;

/// <summary>
/// A model produced a NaN or an infinity. Inputs that could cause one are refused when a scenario is read, so this
/// is a bug in Brink, never a forecast: the message names the model, variant and field.
/// </summary>
public sealed class NonFiniteResultException(string model, string variant, string field, double value)
    : InvalidOperationException($"model {model}/{variant} produced {value} in {field}; no forecast is reported")
{
    /// <summary>The model that produced the value.</summary>
    public string Model { get; } = model;
    /// <summary>The model's variant.</summary>
    public string Variant { get; } = variant;
    /// <summary>The result field that held the value, e.g. "Forecast.Mean".</summary>
    public string Field { get; } = field;
}

/// <summary>
/// The check on the shared result path (<see cref="ModelCatalog.Run(string, string?, SpatialIssue, ModelOptions)"/> and every
/// simulation worker from <c>ModelRunner</c>): a result whose headline numbers are not all finite never leaves the core.
/// </summary>
public static class ResultGuard
{
    /// <summary>Throws <see cref="NonFiniteResultException"/> unless the forecast is finite.</summary>
    public static Forecast EnsureFinite(Forecast forecast, string model, string variant, string field = "forecast")
    {
        if (!double.IsFinite(forecast.Mean)) throw new NonFiniteResultException(model, variant, field + ".mean", forecast.Mean);
        if (!double.IsFinite(forecast.Median)) throw new NonFiniteResultException(model, variant, field + ".median", forecast.Median);
        return forecast;
    }

    /// <summary>
    /// Checks the forecast and every top-level number of a result (doubles, forecasts, lists of doubles such as the EUM's
    /// final positions); round-by-round traces are diagnostics and are not checked.
    /// </summary>
    public static T EnsureFinite<T>(T result) where T : IModelResult
    {
        ArgumentNullException.ThrowIfNull(result);
        EnsureFinite(result.Forecast, result.Model, result.Variant);
        foreach (var (property, name) in CheckedProperties.GetOrAdd(result.GetType(), FindCheckedProperties))
        {
            switch (property.GetValue(result))
            {
                case double x when !double.IsFinite(x):
                    throw new NonFiniteResultException(result.Model, result.Variant, name, x);
                case Forecast f:
                    EnsureFinite(f, result.Model, result.Variant, name);
                    break;
                case ImmutableArray<double> xs when !xs.IsDefault:
                    for (var i = 0; i < xs.Length; i++)
                        if (!double.IsFinite(xs[i])) throw new NonFiniteResultException(result.Model, result.Variant, $"{name}[{i}]", xs[i]);
                    break;
            }
        }
        return result;
    }

    // Found once per result type: Monte Carlo checks a result per draw, and listing the properties, reading the
    // ones of other types (traces among them) and naming them each time cost more than the check.
    private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, string Name)[]> CheckedProperties = new();

    private static readonly Type[] Checked = [typeof(double), typeof(Forecast), typeof(ImmutableArray<double>)];

    private static (PropertyInfo, string)[] FindCheckedProperties(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0
                        && Checked.Contains(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType))
            .Select(p => (p, ToSnake(p.Name)))];

    private static string ToSnake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
