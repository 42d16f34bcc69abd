using System.Text.Json;
using System.Text.Json.Serialization;

namespace Brink.Cli;

/// <summary>One JSON convention for every <c>--format json</c>: snake_case fields, enums as lower-case strings, indented.</summary>
public static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static void Write(CliContext context, object value) =>
        context.Out.WriteLine(JsonSerializer.Serialize(value, value.GetType(), Options));
}
