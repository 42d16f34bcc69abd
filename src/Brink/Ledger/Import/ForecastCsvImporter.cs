using System.Globalization;
using Brink.Files;
using CsvHelper;
using CsvHelper.Configuration;

namespace Brink.Ledger.Import;

/// <summary>
/// Reads forecasts on questions already in the ledger from CSV, e.g. a spreadsheet of pundits' statements or the file written by
/// <c>brink ledger export --format csv</c>. Required columns: question_id, forecaster, made_at, and one of probabilities
/// (binary: P(yes); multiple choice: one per option, separated by ';'), quantiles (LEVEL:VALUE;…) for numeric and date
/// questions. Optional: forecaster_kind, rationale, source_url, quote. Other columns are ignored. Every bad row is reported with its line.
/// </summary>
public static class ForecastCsvImporter
{
    private static readonly string[] RequiredColumns = ["question_id", "forecaster", "made_at"];

    /// <summary>Reads the CSV file at <paramref name="path"/> (bounded by the import size limit); <paramref name="question"/> looks a question id up in the ledger.</summary>
    public static ImportBatch Read(string path, Func<string, Question?> question)
    {
        using var reader = new StringReader(InputFile.ReadText(path, InputLimits.MaxImportBytes));
        return Read(reader, path, question);
    }

    /// <summary>Reads CSV from <paramref name="text"/>; <paramref name="file"/> names it in diagnostics, and <paramref name="question"/> looks a question id up in the ledger (null: unknown id, reported on its row).</summary>
    public static ImportBatch Read(TextReader text, string file, Func<string, Question?> question)
    {
        var batch = new ImportBatch("csv", file);
        using var csv = new CsvReader(text, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null, MissingFieldFound = null });
        if (!csv.Read() || !csv.ReadHeader()) throw new ImportFormatException($"{file}: empty file");
        var header = csv.HeaderRecord!;
        // A repeated or empty column name would make one column's values vanish silently.
        for (var i = 0; i < header.Length; i++)
        {
            if (header[i].Trim().Length == 0) throw new ImportFormatException($"{file}:1: column {i + 1} has no name; give every column a name");
            var first = Array.FindIndex(header, h => string.Equals(h.Trim(), header[i].Trim(), StringComparison.OrdinalIgnoreCase));
            if (first < i) throw new ImportFormatException($"{file}:1: column {i + 1} '{header[i]}' repeats the name of column {first + 1}; column names must be distinct");
        }
        var missing = RequiredColumns.Where(c => !header.Contains(c)).ToList();
        if (!header.Contains("probabilities") && !header.Contains("quantiles")) missing.Add("probabilities or quantiles");
        if (missing.Count > 0) throw new ImportFormatException($"{file}: line 1: missing column(s) {string.Join(", ", missing)}");
        string? Get(string name) => header.Contains(name) && csv.GetField(name) is { Length: > 0 } v ? v : null;

        var kinds = new Dictionary<string, ForecasterKind>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            var qid = Get("question_id") ?? "";
            var q = question(qid);
            if (q is null) { batch.Error(line, "question_id", $"no question '{qid}' in the ledger (add it first)"); continue; }
            if (!LedgerTime.TryParse(Get("made_at"), out var made)) { batch.Error(line, "made_at", $"'{Get("made_at")}' is not a date"); continue; }
            var name = Get("forecaster");
            if (name is null) { batch.Error(line, "forecaster", "is required"); continue; }
            var kind = ForecasterKind.Person;
            if (Get("forecaster_kind") is { } k && !LedgerValidation.TryParse(k, out kind)) { batch.Error(line, "forecaster_kind", $"'{k}' is not model, person, outlet or crowd"); continue; }
            if (name.StartsWith("model:", StringComparison.Ordinal)) kind = ForecasterKind.Model;
            kinds.TryAdd(name, kind);
            List<double>? probs = null;
            List<QuantilePoint>? quantiles = null;
            string? error = null;
            if (Get("probabilities") is { } ps)
            {
                probs = [];
                foreach (var part in ps.Split(';', StringSplitOptions.TrimEntries))
                    if (double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var p)) probs.Add(p);
                    else { error = $"probabilities: '{part}' is not a number"; break; }
            }
            else if (Get("quantiles") is { } qs)
            {
                quantiles = [];
                foreach (var part in qs.Split(';', StringSplitOptions.TrimEntries))
                {
                    var bits = part.Split(':');
                    if (bits.Length == 2 && double.TryParse(bits[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var level)
                        && double.TryParse(bits[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                        quantiles.Add(new QuantilePoint(level, value));
                    else { error = $"quantiles: '{part}' is not LEVEL:VALUE"; break; }
                }
            }
            if (error is not null) { batch.Error(line, error.Split(':')[0], error); continue; }
            var f = new Forecast
            {
                QuestionId = q.Id, Forecaster = name, MadeAt = made, Probabilities = probs, Quantiles = quantiles,
                Rationale = Get("rationale"), SourceUrl = Get("source_url"), Quote = Get("quote"),
            };
            var errors = LedgerValidation.Check(q, f);
            if (errors.Count > 0) { batch.Error(line, "forecast", string.Join("; ", errors)); continue; }
            batch.AddForecast(f, line);
        }
        foreach (var (name, kind) in kinds) batch.Forecasters.Add(new Forecaster(name, kind));
        return batch;
    }
}
