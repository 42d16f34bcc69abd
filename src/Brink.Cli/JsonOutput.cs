using System.Text.Json;
using Brink.Application;

namespace Brink.Cli;

/// <summary>Writes a document with the one JSON convention shared with the HTTP API (<see cref="BrinkJson"/>).</summary>
public static class JsonOutput
{
    public static JsonSerializerOptions Options => BrinkJson.Options;

    public static void Write(CliContext context, object value) => context.Out.WriteLine(BrinkJson.Serialize(value));
}
