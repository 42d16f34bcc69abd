using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Brink.Application;

/// <summary>
/// The one JSON convention of every Brink document, CLI (<c>--format json</c>) and HTTP alike:
/// snake_case fields, enums as lower-case strings, indented, NaN/∞ written as named literals.
/// </summary>
public static class BrinkJson
{
    /// <summary>
    /// The generated serialisers (BrinkJsonContext.cs), asked before reflection. The native build needs them for every
    /// document it prints: reflection there has no code for generic members over value types.
    /// </summary>
    public static readonly IReadOnlyList<JsonSerializerContext> GeneratedContexts =
    [
        RunJsonContext.Default, SimulationJsonContext.Default, SmpJsonContext.Default, ValidateJsonContext.Default,
        PerspectivesJsonContext.Default, SmpTraceJsonContext.Default, CrisisJsonContext.Default, CrisisSimulationJsonContext.Default,
    ];

    public static readonly JsonSerializerOptions Options = Create(indented: true);

    /// <summary>The same convention on one line, for JSON Lines files (one document a line).</summary>
    public static readonly JsonSerializerOptions Line = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = indented,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
            TypeInfoResolver = JsonTypeInfoResolver.Combine([.. GeneratedContexts, new DefaultJsonTypeInfoResolver()]),
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>A document as text (no trailing newline).</summary>
    public static string Serialize(object value) => JsonSerializer.Serialize(value, value.GetType(), Options);

    /// <summary>A document on one line (JSON Lines), with <see cref="Line"/>.</summary>
    public static string SerializeLine(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return JsonSerializer.Serialize(value, value.GetType(), Line);
    }
}
