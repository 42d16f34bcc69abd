using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Brink.Scenarios.Parsing;

/// <summary>
/// Writes a located tree as JSON: plain scalars that read as numbers become JSON numbers,
/// true/false and null keep their meaning, everything else is a string. Used to convert a YAML
/// scenario into the equivalent JSON scenario (and to check YAML files against the JSON Schema).
/// </summary>
internal static class NodeJsonWriter
{
    public static string Write(Node node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            WriteNode(writer, node);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Converts YAML text to JSON text; null (with diagnostics) when the YAML is malformed.</summary>
    public static string? YamlToJson(string yaml, string file, List<Diagnostic> diagnostics) =>
        YamlTreeReader.Read(yaml, file, diagnostics) is { } root ? Write(root) : null;

    private static void WriteNode(Utf8JsonWriter writer, Node node)
    {
        switch (node)
        {
            case MapNode map:
                writer.WriteStartObject();
                foreach (var (key, value) in map.Entries)
                {
                    writer.WritePropertyName(key.Text);
                    WriteNode(writer, value);
                }
                writer.WriteEndObject();
                break;
            case SequenceNode seq:
                writer.WriteStartArray();
                foreach (var item in seq.Items) WriteNode(writer, item);
                writer.WriteEndArray();
                break;
            case ScalarNode scalar when scalar.IsString:
                writer.WriteStringValue(scalar.Text);
                break;
            case ScalarNode scalar when scalar.IsNull:
                writer.WriteNullValue();
                break;
            case ScalarNode scalar when scalar.Text is "true" or "True" or "TRUE":
                writer.WriteBooleanValue(true);
                break;
            case ScalarNode scalar when scalar.Text is "false" or "False" or "FALSE":
                writer.WriteBooleanValue(false);
                break;
            case ScalarNode scalar when ScenarioReader.TryParseNumber(scalar.Text, out var x) && double.IsFinite(x):
                writer.WriteNumberValue(x);
                break;
            case ScalarNode scalar:
                writer.WriteStringValue(scalar.Text);
                break;
        }
    }
}
