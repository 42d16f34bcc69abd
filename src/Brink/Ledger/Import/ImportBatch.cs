using Brink.Scenarios;

namespace Brink.Ledger.Import;

/// <summary>
/// What an importer read from a file: questions, forecasters, forecasts and resolutions ready to be
/// written in one transaction, plus every bad row found (with its line) and notices.
/// An importer never writes; the store does, all or nothing.
/// </summary>
public sealed class ImportBatch
{
    public ImportBatch(string source, string file)
    {
        Source = source;
        File = file;
    }

    /// <summary>Short name of the importer ("metaculus", "gjp", "forecastbench", "ledger").</summary>
    public string Source { get; }
    public string File { get; }
    public List<Question> Questions { get; } = [];
    public List<Forecaster> Forecasters { get; } = [];
    public List<Forecast> Forecasts { get; } = [];
    /// <summary>Resolutions in history order: for one question, earlier entries first.</summary>
    public List<Resolution> Resolutions { get; } = [];
    /// <summary>Bad rows (errors) and notices, each with its line number.</summary>
    public List<Diagnostic> Problems { get; } = [];

    public IEnumerable<Diagnostic> Errors => Problems.Where(p => p.Severity == Severity.Error);
    public bool HasErrors => Problems.Any(p => p.Severity == Severity.Error);

    public void Error(int line, string field, string message) => Problems.Add(new Diagnostic(File, line, 1, field, message));
    public void Notice(int line, string field, string message) => Problems.Add(new Diagnostic(File, line, 1, field, message, Severity.Notice));
}

/// <summary>Thrown by an importer only when the file cannot be read at all (missing, not a zip, no header); bad rows are collected instead.</summary>
public sealed class ImportFormatException(string message) : Exception(message);
