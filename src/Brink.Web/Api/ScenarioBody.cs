using Brink.Application;
using Brink.Scenarios;

namespace Brink.Web.Api;

/// <summary>Reads a scenario from a request body: YAML, JSON or CSV, by the <c>format</c> query or the Content-Type.</summary>
internal static class ScenarioBody
{
    /// <summary>The formats by name (query <c>format</c>).</summary>
    public static readonly IReadOnlyDictionary<string, ScenarioFormat> Formats = new Dictionary<string, ScenarioFormat>(StringComparer.OrdinalIgnoreCase)
    {
        ["yaml"] = ScenarioFormat.Yaml, ["yml"] = ScenarioFormat.Yaml, ["json"] = ScenarioFormat.Json, ["csv"] = ScenarioFormat.Csv, ["tsv"] = ScenarioFormat.Tsv,
    };

    /// <summary>The scenario, or the problem to answer with (400 unknown format / not UTF-8, 413 too large).</summary>
    /// <param name="formatQuery">The query parameter naming the scenario's format (<c>format</c>; the report, whose <c>format</c> is html|pdf, uses <c>scenario_format</c>).</param>
    public static async Task<(ScenarioSource? Source, IResult? Problem)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancel, string formatQuery = "format")
    {
        if (!TryFormat(request, formatQuery, out var format, out var formatError))
            return (null, ApiResults.BadRequest("unknown scenario format", [Outcome.RequestError(formatQuery, formatError)]));
        if (request.ContentLength is { } length && length > maxBytes) return (null, TooLarge(maxBytes));
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, cancel)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > maxBytes) return (null, TooLarge(maxBytes));
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(maxBytes));
        }
        string text;
        try
        {
            text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return (null, ApiResults.BadRequest("scenario is not UTF-8 text", [Outcome.RequestError("body", "the request body is not UTF-8 text")]));
        }
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var name = request.Query["name"] is { Count: > 0 } n && !string.IsNullOrWhiteSpace(n[0]) ? n[0]!.Trim() : null;
        return (ScenarioSource.FromText(text, format, name), null);
    }

    private static IResult TooLarge(long maxBytes) =>
        ApiResults.Problem(StatusCodes.Status413PayloadTooLarge, "request body too large",
            $"the scenario is larger than the {maxBytes / (1024.0 * 1024):0.#} MiB limit", [Outcome.RequestError("body", $"larger than {maxBytes} bytes")]);

    private static bool TryFormat(HttpRequest request, string formatQuery, out ScenarioFormat format, out string error)
    {
        error = "";
        format = ScenarioFormat.Yaml;
        if (request.Query[formatQuery] is { Count: > 0 } q && !string.IsNullOrWhiteSpace(q[0]))
        {
            if (Formats.TryGetValue(q[0]!, out format)) return true;
            error = $"format '{q[0]}' is not one of yaml, json, csv, tsv";
            return false;
        }
        var type = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant() ?? "";
        format = type switch
        {
            "application/json" or "text/json" => ScenarioFormat.Json,
            "text/csv" or "application/csv" => ScenarioFormat.Csv,
            "text/tab-separated-values" => ScenarioFormat.Tsv,
            _ => ScenarioFormat.Yaml, // application/yaml, text/yaml, text/plain, none
        };
        return true;
    }
}
