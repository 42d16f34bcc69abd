using Brink.Backtest;
using Brink.Scenarios;

namespace Brink.Application;

/// <summary>
/// Where a request's scenario comes from: a file on disk (CLI) or text with a format (HTTP, workbench).
/// <see cref="FileName"/> appears in diagnostics and as the scenario's <c>file</c>.
/// </summary>
public sealed record ScenarioSource
{
    public string? Path { get; init; }
    public string? Text { get; init; }
    public ScenarioFormat Format { get; init; } = ScenarioFormat.Yaml;
    public string FileName { get; init; } = "scenario";

    public static ScenarioSource FromFile(string path) => new() { Path = path, FileName = path };

    public static ScenarioSource FromText(string text, ScenarioFormat format, string? fileName = null) =>
        new() { Text = text, Format = format, FileName = fileName ?? DefaultName(format) };

    private static string DefaultName(ScenarioFormat format) => format switch
    {
        ScenarioFormat.Json => "scenario.json",
        ScenarioFormat.Csv => "scenario.csv",
        ScenarioFormat.Tsv => "scenario.tsv",
        _ => "scenario.yaml",
    };

    /// <summary>The raw bytes (for the scenario hash recorded with a forecast).</summary>
    public byte[] Bytes() => Path is not null ? Brink.Files.InputFile.ReadBytes(Path, Brink.Files.InputLimits.MaxInputBytes) : System.Text.Encoding.UTF8.GetBytes(Text ?? "");
}

/// <summary>A loaded scenario, or the diagnostics that prevented it; <see cref="Notices"/> are plain remarks for stderr.</summary>
public sealed record ScenarioLoad(Scenario? Scenario, IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<string> Notices)
{
    public bool Ok => Scenario is not null && !Diagnostics.Any(d => d.Severity == Severity.Error);
}

/// <summary>Loads scenarios for every request: file or text, with the DEU layout told apart (it needs an issue).</summary>
public static class ScenarioInputs
{
    public static ScenarioLoad Load(ScenarioSource source, string? issueId = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Path is null)
            return FromResult(ScenarioLoader.Parse(source.Text ?? "", source.FileName, source.Format), []);
        var path = source.Path;
        if (File.Exists(path) && DeuImporter.LooksLikeDeu(path))
        {
            if (issueId is null)
                return new ScenarioLoad(null,
                    [new Diagnostic(path, 0, 0, "", "this is a DEU data file with one issue per row; choose one with --issue ISNR (the isnr column)")], []);
            var result = DeuImporter.LoadScenario(path, issueId);
            // The whole file is read for one issue: keep errors and warnings, count the notices (repaired dates…).
            var notices = result.Diagnostics.Count(d => d.Severity == Severity.Notice);
            if (notices == 0) return FromResult(result, []);
            return FromResult(result with { Diagnostics = [.. result.Diagnostics.Where(d => d.Severity != Severity.Notice)] },
                [$"{path}: {notices} notices about the file's rows (e.g. repaired dates) not shown"]);
        }
        return FromResult(ScenarioLoader.Load(path), []);
    }

    private static ScenarioLoad FromResult(LoadResult<Scenario> result, IReadOnlyList<string> notices) =>
        new(result.Ok ? result.Value : null, result.Diagnostics, notices);
}

/// <summary>One located diagnostic as the HTTP API and workbench show it (<c>path</c> = the field path).</summary>
public sealed record DiagnosticDoc(string File, int Line, int Column, string Path, string Message, Severity Severity)
{
    public static DiagnosticDoc From(Diagnostic d) => new(d.File, d.Line, d.Column, d.FieldPath, d.Message, d.Severity);
}

/// <summary>Builds request diagnostics (a bad option is located by its field name, line 0).</summary>
internal static class Problems
{
    public static Diagnostic Option(string field, string message) => new("request", 0, 0, field, message);
}
