using System.Collections.Frozen;
using System.Text;
using Brink.Files;
using Brink.Scenarios.Parsing;

namespace Brink.Scenarios;

/// <summary>The file formats Brink reads scenarios from.</summary>
public enum ScenarioFormat
{
    /// <summary>Brink's scenario file in YAML (design §3).</summary>
    Yaml,
    /// <summary>The same document in JSON.</summary>
    Json,
    /// <summary>A classic actor table, comma-separated (e.g. the EUM replication inputs).</summary>
    Csv,
    /// <summary>A classic actor table, tab-separated (e.g. DEU files).</summary>
    Tsv,
}

/// <summary>
/// Reads a scenario file (YAML, JSON, classic CSV actor tables) and validates it, collecting every
/// problem with its location instead of stopping at the first.
/// </summary>
/// <remarks>
/// YAML is read from YamlDotNet's parser events and JSON with System.Text.Json's Utf8JsonReader into
/// one located tree, so both formats share one reader and every message names line and column.
/// User mistakes never throw: they come back as <see cref="Diagnostic"/>s.
/// </remarks>
public static class ScenarioLoader
{
    /// <summary>Largest scenario file accepted: 20 MiB (a scenario with thousands of actors is far smaller).</summary>
    public const long MaxFileBytes = InputLimits.MaxInputBytes;

    /// <summary>File extensions and the format each implies.</summary>
    public static IReadOnlyDictionary<string, ScenarioFormat> Extensions { get; } = new Dictionary<string, ScenarioFormat>
    {
        [".yaml"] = ScenarioFormat.Yaml,
        [".yml"] = ScenarioFormat.Yaml,
        [".json"] = ScenarioFormat.Json,
        [".csv"] = ScenarioFormat.Csv,
        [".tsv"] = ScenarioFormat.Tsv,
        [".tab"] = ScenarioFormat.Tsv,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Loads a file; the format follows the extension.</summary>
    public static LoadResult<Scenario> Load(string path) => Load(path, MaxFileBytes);

    /// <summary>Loads a file, refusing files larger than <paramref name="maxBytes"/>.</summary>
    public static LoadResult<Scenario> Load(string path, long maxBytes)
    {
        // A FIFO, device or directory is named as such before anything else (its extension says nothing).
        if (FileKinds.Of(path) is not (FileKind.Missing or FileKind.Regular) && InputFile.Problem(path, long.MaxValue) is { } problem) return Fail(path, problem);
        if (!Extensions.TryGetValue(Path.GetExtension(path), out var format))
            return Fail(path, $"cannot tell the format from the extension '{Path.GetExtension(path)}': expected {string.Join(", ", Extensions.Keys)}");
        // The one opening path: regular files only, the byte limit checked before anything is parsed, strict UTF-8.
        if (!InputFile.TryReadText(path, maxBytes, out var text, out var error)) return new(null, [error!]);
        return Parse(text, path, format, maxBytes);
    }

    /// <summary>Parses scenario text; <paramref name="fileName"/> is used in messages (and as the title of CSV tables).</summary>
    public static LoadResult<Scenario> Parse(string text, string fileName, ScenarioFormat format) => Parse(text, fileName, format, MaxFileBytes);

    private static LoadResult<Scenario> Parse(string text, string fileName, ScenarioFormat format, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        if (Encoding.UTF8.GetByteCount(text) > maxBytes)
            return Fail(fileName, $"the text is larger than the {maxBytes / (1024.0 * 1024):0.#} MiB limit for scenario files");
        var diagnostics = new List<Diagnostic>();
        Scenario? scenario;
        switch (format)
        {
            case ScenarioFormat.Csv when KtabCsvReader.Looks(text):
                scenario = KtabCsvReader.Read(text, fileName, diagnostics);
                break;
            case ScenarioFormat.Csv:
            case ScenarioFormat.Tsv:
                scenario = CsvTableReader.Read(text, fileName, format == ScenarioFormat.Csv ? ',' : '\t', diagnostics);
                break;
            default:
                var root = format == ScenarioFormat.Json
                    ? JsonTreeReader.Read(text, fileName, diagnostics)
                    : YamlTreeReader.Read(text, fileName, diagnostics);
                scenario = root is null ? null : new ScenarioReader(fileName, diagnostics).Read(root);
                break;
        }
        if (scenario is not null && scenario.Actors.Length > Models.ModelLimits.MaxActorsPerScenario)
            diagnostics.Add(new Diagnostic(fileName, 0, 0, "actors", $"{scenario.Actors.Length:N0} actors, more than the {Models.ModelLimits.MaxActorsPerScenario:N0} a scenario may hold"));
        if (scenario is not null && scenario.Issues.Length > Models.ModelLimits.MaxIssuesPerScenario)
            diagnostics.Add(new Diagnostic(fileName, 0, 0, "issues", $"{scenario.Issues.Length:N0} issues, more than the {Models.ModelLimits.MaxIssuesPerScenario:N0} a scenario may hold"));
        if (diagnostics.Any(d => d.Severity == Severity.Error)) scenario = null;
        // Report in reading order (the reader checks sections in a fixed order, not line order).
        return new LoadResult<Scenario>(scenario, [.. diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column)]);
    }

    private static LoadResult<Scenario> Fail(string file, string message) => new(null, [new Diagnostic(file, 0, 0, "", message)]);
}
