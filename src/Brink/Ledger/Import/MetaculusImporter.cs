using System.Globalization;
using System.IO.Compression;
using Brink.Files;
using CsvHelper;
using CsvHelper.Configuration;

namespace Brink.Ledger.Import;

/// <summary>
/// Reads the public Metaculus community-forecast time series (metaculus_public.csv.zip: columns question_id, user_id, team_id,
/// probability, answer_option, timestamp, outcome, open_time, close_time, resolve_time, time_open, n_opts, options, q_status, q_type),
/// straight from the zip. Every row is one community forecast, P(yes), on a binary question; the forecaster is
/// <see cref="Forecaster"/>. Questions carry no text in this data set, so their title and criteria point to Metaculus.
/// </summary>
public static class MetaculusImporter
{
    /// <summary>The crowd every imported forecast is attributed to.</summary>
    public static readonly Forecaster Forecaster = new("metaculus:community", ForecasterKind.Crowd, "Metaculus community prediction (public time series)");

    /// <summary>Reads the dump at <paramref name="path"/>, a .zip holding the CSV or the CSV itself. Throws <see cref="ImportFormatException"/> when the file cannot be read at all.</summary>
    public static ImportBatch Read(string path)
    {
        try { return ReadFile(path); }
        catch (System.Text.DecoderFallbackException) { throw new ImportFormatException($"{path}: not valid UTF-8 text (the Metaculus dump is UTF-8; was the file re-saved in another encoding?)"); }
    }

    private static ImportBatch ReadFile(string path)
    {
        InputFile.Check(path, InputLimits.MaxImportBytes);
        var batch = new ImportBatch("metaculus", path);
        if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            ZipArchive zip;
            try { zip = ZipFile.OpenRead(path); }
            catch (InvalidDataException) { throw new ImportFormatException($"{path}: not a zip archive"); }
            using (zip)
            {
                var entry = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
                    ?? throw new ImportFormatException($"{path}: the zip holds no .csv file");
                if (entry.Length > InputLimits.MaxImportBytes)
                    throw new ImportFormatException($"{path}: {entry.FullName} unpacks to {entry.Length:N0} bytes, more than the {InputLimits.Describe(InputLimits.MaxImportBytes)} import limit");
                using var reader = InputFile.Text(InputFile.Bounded(entry.Open(), InputLimits.MaxImportBytes, $"{path}: {entry.FullName}"));
                Read(reader, batch);
            }
        }
        else
        {
            using var reader = InputFile.OpenText(path, InputLimits.MaxImportBytes);
            Read(reader, batch);
        }
        return batch;
    }

    private sealed record QuestionRow(string Outcome, string Open, string Close, string Resolve, string Status, string Type, int Line);

    /// <summary>Reads the CSV rows from <paramref name="text"/> into <paramref name="batch"/> (bad rows become errors with their line).</summary>
    public static void Read(TextReader text, ImportBatch batch)
    {
        using var csv = new CsvReader(text, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null });
        if (!csv.Read() || !csv.ReadHeader()) throw new ImportFormatException($"{batch.File}: empty file");
        string[] required = ["question_id", "probability", "timestamp", "outcome", "open_time", "close_time", "resolve_time", "q_status", "q_type"];
        var header = csv.HeaderRecord!;
        var missing = required.Where(r => !header.Contains(r)).ToList();
        if (missing.Count > 0) throw new ImportFormatException($"{batch.File}: line 1: missing column(s) {string.Join(", ", missing)}");
        int iq = Array.IndexOf(header, "question_id"), ip = Array.IndexOf(header, "probability"), it = Array.IndexOf(header, "timestamp"),
            io = Array.IndexOf(header, "outcome"), iop = Array.IndexOf(header, "open_time"), icl = Array.IndexOf(header, "close_time"),
            ire = Array.IndexOf(header, "resolve_time"), ist = Array.IndexOf(header, "q_status"), ity = Array.IndexOf(header, "q_type");

        var questions = new Dictionary<string, QuestionRow>(StringComparer.Ordinal);
        var bad = new HashSet<string>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            var qid = csv.GetField(iq) ?? "";
            if (qid.Length == 0 || !long.TryParse(qid, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            { batch.Error(line, "question_id", $"'{qid}' is not a question number"); continue; }
            var row = new QuestionRow(csv.GetField(io)!, csv.GetField(iop)!, csv.GetField(icl)!, csv.GetField(ire)!, csv.GetField(ist)!, csv.GetField(ity)!, line);
            if (!questions.TryGetValue(qid, out var first))
            {
                questions[qid] = row;
                if (!AddQuestion(batch, qid, row)) bad.Add(qid);
            }
            else if (first with { Line = 0 } != row with { Line = 0 })
            {
                batch.Error(line, "question_id", $"question {qid} has different outcome/times/status here than on line {first.Line}");
                continue;
            }
            if (bad.Contains(qid)) continue;
            var pText = csv.GetField(ip);
            if (!double.TryParse(pText, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) || !(p >= 0 && p <= 1))
            { batch.Error(line, "probability", $"'{pText}' is not a probability in [0, 1]"); continue; }
            var tText = csv.GetField(it);
            if (!LedgerTime.TryParse(tText, out var t)) { batch.Error(line, "timestamp", $"'{tText}' is not a date-time"); continue; }
            var f = new Forecast { QuestionId = "metaculus:" + qid, Forecaster = Forecaster.Name, MadeAt = t, Probabilities = [p] };
            // Every row goes to the store, which skips an identical repeat of a question's timestamp (counted; the
            // public dump has 15) and refuses one with a different probability, naming both lines.
            batch.AddForecast(f, line);
        }
        batch.Forecasters.Add(Forecaster);
    }

    private static bool AddQuestion(ImportBatch batch, string qid, QuestionRow r)
    {
        var ok = true;
        if (r.Type != "0") { batch.Error(r.Line, "q_type", $"question {qid}: q_type {r.Type} is not binary (0); only binary questions are in this data set"); ok = false; }
        if (!LedgerTime.TryParse(r.Open, out var open)) { batch.Error(r.Line, "open_time", $"'{r.Open}' is not a date-time"); ok = false; }
        if (!LedgerTime.TryParse(r.Close, out var close)) { batch.Error(r.Line, "close_time", $"'{r.Close}' is not a date-time"); ok = false; }
        DateTimeOffset? resolve = LedgerTime.TryParse(r.Resolve, out var rt) ? rt : null;
        Resolution? resolution = null;
        switch (r.Status)
        {
            case "resolved" when r.Outcome is "0" or "1":
                resolution = new Resolution { QuestionId = "metaculus:" + qid, State = QuestionState.Resolved, Value = r.Outcome == "1" ? 1 : 0, ResolvedAt = resolve, Evidence = "Metaculus resolution (public data set)" };
                break;
            case "ambiguous":
                resolution = new Resolution { QuestionId = "metaculus:" + qid, State = QuestionState.Ambiguous, ResolvedAt = resolve, Evidence = "Resolved ambiguous on Metaculus" };
                break;
            case "open":
                break;
            default:
                batch.Error(r.Line, "q_status", $"question {qid}: status '{r.Status}' with outcome '{r.Outcome}' is not understood"); ok = false;
                break;
        }
        if (!ok) return false;
        batch.Questions.Add(new Question
        {
            Id = "metaculus:" + qid,
            Title = $"Metaculus question {qid}",
            Kind = QuestionKind.Binary,
            Criteria = $"As resolved by Metaculus; the public data set carries no question text: see https://www.metaculus.com/questions/{qid}/",
            OpenTime = open, CloseTime = close, ResolveTime = resolve,
            Url = $"https://www.metaculus.com/questions/{qid}/",
            Source = "metaculus",
        });
        if (resolution is not null) batch.Resolutions.Add(resolution);
        return true;
    }
}
