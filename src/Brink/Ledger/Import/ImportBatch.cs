using Brink.Scenarios;

namespace Brink.Ledger.Import;

/// <summary>
/// What an importer read from a file: questions, forecasters, forecasts and resolutions ready to be
/// written in one transaction, plus every bad row found (with its line) and notices.
/// An importer never writes; the store does, all or nothing.
/// </summary>
public sealed class ImportBatch
{
    /// <summary>Starts an empty batch for importer <paramref name="source"/> reading <paramref name="file"/>.</summary>
    public ImportBatch(string source, string file)
    {
        Source = source;
        File = file;
    }

    /// <summary>Short name of the importer ("metaculus", "gjp", "forecastbench", "ledger").</summary>
    public string Source { get; }
    /// <summary>The file read (the questions file when there are two), as named in every diagnostic.</summary>
    public string File { get; }
    /// <summary>The file the forecasts (and <see cref="ForecastLines"/>) come from, when not <see cref="File"/> (GJP: questions and forecasts are two files).</summary>
    public string ForecastFile { get => _forecastFile ?? File; set => _forecastFile = value; }
    private string? _forecastFile;
    /// <summary>Questions to add; those already in the ledger are checked against the ledger's definition, not replaced.</summary>
    public List<Question> Questions { get; } = [];
    /// <summary>Forecasters the forecasts name; existing ones (by name) are kept.</summary>
    public List<Forecaster> Forecasters { get; } = [];
    /// <summary>Forecasts read, in file order; add them with <see cref="AddForecast"/> so each keeps its line.</summary>
    public List<Forecast> Forecasts { get; } = [];
    /// <summary>The line each forecast came from, by index into <see cref="Forecasts"/> (filled by <see cref="AddForecast"/>; 0 when unknown).</summary>
    public List<int> ForecastLines { get; } = [];
    /// <summary>Resolutions in history order: for one question, earlier entries first.</summary>
    public List<Resolution> Resolutions { get; } = [];
    /// <summary>Bad rows (errors) and notices, each with its line number.</summary>
    public List<Diagnostic> Problems { get; } = [];

    /// <summary>The problems that are errors (bad rows), without the notices.</summary>
    public IEnumerable<Diagnostic> Errors => Problems.Where(p => p.Severity == Severity.Error);
    /// <summary>True when at least one row was bad; the store then commits nothing unless told to skip bad rows.</summary>
    public bool HasErrors => Problems.Any(p => p.Severity == Severity.Error);

    /// <summary>Adds a forecast read from <paramref name="line"/>, so conflicts can be reported where they are.</summary>
    public void AddForecast(Forecast forecast, int line)
    {
        while (ForecastLines.Count < Forecasts.Count) ForecastLines.Add(0);
        Forecasts.Add(forecast);
        ForecastLines.Add(line);
    }

    /// <summary>The line forecast number <paramref name="index"/> came from, or 0 when unknown.</summary>
    public int ForecastLine(int index) => index < ForecastLines.Count ? ForecastLines[index] : 0;

    /// <summary>Records a bad row at <paramref name="line"/> of <see cref="File"/>.</summary>
    public void Error(int line, string field, string message) => Problems.Add(new Diagnostic(File, line, 1, field, message));
    /// <summary>Records a notice (not an error) at <paramref name="line"/> of <see cref="File"/>.</summary>
    public void Notice(int line, string field, string message) => Problems.Add(new Diagnostic(File, line, 1, field, message, Severity.Notice));
}

/// <summary>Thrown by an importer only when the file cannot be read at all (missing, not a zip, no header); bad rows are collected instead.</summary>
public sealed class ImportFormatException(string message) : Exception(message);
