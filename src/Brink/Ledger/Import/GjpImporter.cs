using System.Globalization;
using System.Text.RegularExpressions;
using Brink.Files;
using CsvHelper;
using CsvHelper.Configuration;

namespace Brink.Ledger.Import;

/// <summary>
/// Reads Good Judgment Project data: the questions file (gjp_ifps.csv: ifp_id, q_type, q_text, q_desc, q_status, date_start,
/// date_suspend, date_to_close, date_closed, outcome, short_title, days_open, n_opts, options) and optionally the individual
/// survey forecasts (gjp_survey_fcasts_*.csv: ifp_id, ctt, cond, training, team, user_id, forecast_id, fcast_type,
/// answer_option, value, fcast_date, expertise, q_status, viewtime, year, timestamp), one row per option of a forecast.
/// q_type 0 is a plain question, 1–4 the arms of a conditional question (the condition is kept as text), 6 an ordered
/// multinomial question. Options "(a) Yes, (b) No" become a binary question (P(yes) = option a). Voided questions are annulled.
/// Forecasters are named "gjp:user:ID".
/// </summary>
public static partial class GjpImporter
{
    [GeneratedRegex(@"\(([a-z])\)\s*(.*?)\s*(?=,\s*\([a-z]\)|$)", RegexOptions.Singleline)]
    private static partial Regex OptionPattern();

    private sealed record Ifp(Question Question, bool Binary, int Options);

    /// <summary>Reads the questions file and, when <paramref name="forecastsPath"/> is given, the survey forecasts. Throws <see cref="ImportFormatException"/> when a file cannot be read as UTF-8 CSV.</summary>
    public static ImportBatch Read(string ifpsPath, string? forecastsPath = null)
    {
        try { return ReadFiles(ifpsPath, forecastsPath); }
        catch (System.Text.DecoderFallbackException) { throw new ImportFormatException($"{ifpsPath}{(forecastsPath is null ? "" : $" or {forecastsPath}")}: not valid UTF-8 text"); }
    }

    private static ImportBatch ReadFiles(string ifpsPath, string? forecastsPath)
    {
        foreach (var p in new[] { ifpsPath, forecastsPath }.OfType<string>())
            InputFile.Check(p, InputLimits.MaxImportBytes);
        var batch = new ImportBatch("gjp", ifpsPath) { ForecastFile = forecastsPath ?? ifpsPath };
        var ifps = ReadQuestions(ifpsPath, batch);
        if (forecastsPath is not null) ReadForecasts(forecastsPath, batch, ifps);
        return batch;
    }

    private static CsvReader Open(string path, out TextReader reader)
    {
        reader = InputFile.OpenText(path, InputLimits.MaxImportBytes);
        var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null });
        if (!csv.Read() || !csv.ReadHeader()) throw new ImportFormatException($"{path}: empty file");
        return csv;
    }

    private static void RequireColumns(CsvReader csv, string path, params string[] names)
    {
        var missing = names.Where(n => !csv.HeaderRecord!.Contains(n)).ToList();
        if (missing.Count > 0) throw new ImportFormatException($"{path}: line 1: missing column(s) {string.Join(", ", missing)}");
    }

    private static Dictionary<string, Ifp> ReadQuestions(string path, ImportBatch batch)
    {
        var result = new Dictionary<string, Ifp>(StringComparer.Ordinal);
        using var csv = Open(path, out var reader);
        using var _ = reader;
        RequireColumns(csv, path, "ifp_id", "q_type", "q_text", "q_desc", "q_status", "date_start", "date_to_close", "date_closed", "outcome", "n_opts", "options");
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            var id = csv.GetField("ifp_id")!;
            var type = csv.GetField("q_type")!;
            var optionsText = csv.GetField("options")!;
            string? condition = null;
            var colon = optionsText.IndexOf(":  (a)", StringComparison.Ordinal);
            if (colon < 0) colon = optionsText.IndexOf(": (a)", StringComparison.Ordinal);
            if (type is "1" or "2" or "3" or "4" && colon > 0)
            {
                condition = optionsText[..colon].Trim();
                optionsText = optionsText[(colon + 1)..];
            }
            var options = OptionPattern().Matches(optionsText).Select(m => (Letter: m.Groups[1].Value[0], Label: m.Groups[2].Value.Trim())).ToList();
            var ok = true;
            if (!int.TryParse(csv.GetField("n_opts"), out var n) || n != options.Count || options.Select((o, i) => o.Letter - 'a' == i).Any(b => !b))
            { batch.Error(line, "options", $"ifp {id}: options '{csv.GetField("options")}' do not match n_opts {csv.GetField("n_opts")}"); ok = false; }
            if (!TryDate(csv.GetField("date_start"), out var start)) { batch.Error(line, "date_start", $"ifp {id}: '{csv.GetField("date_start")}' is not a date (M/D/YY)"); ok = false; }
            // Voided questions have no date_closed ("NA"): they close at their scheduled date_to_close.
            if (!TryDate(csv.GetField("date_closed"), out var closed) && !TryDate(csv.GetField("date_to_close"), out closed))
            { batch.Error(line, "date_closed", $"ifp {id}: neither date_closed '{csv.GetField("date_closed")}' nor date_to_close is a date (M/D/YY)"); ok = false; }
            if (type is not ("0" or "1" or "2" or "3" or "4" or "6")) { batch.Error(line, "q_type", $"ifp {id}: unknown q_type {type}"); ok = false; }
            if (!ok) continue;
            var binary = options.Count == 2 && options[0].Label == "Yes" && options[1].Label == "No";
            // A question closes at the end of its closing day (the data give dates only).
            var close = closed.AddDays(1);
            var q = new Question
            {
                Id = "gjp:" + id,
                Title = csv.GetField("q_text")!.Trim(),
                Kind = binary ? QuestionKind.Binary : QuestionKind.MultipleChoice,
                Options = binary ? [] : options.Select(o => o.Label).ToList(),
                Ordered = type == "6",
                Criteria = csv.GetField("q_desc")!.Trim() is { Length: > 0 } d ? d : "As resolved by the Good Judgment Project.",
                OpenTime = start, CloseTime = close < start ? start : close, ResolveTime = closed,
                ConditionText = condition,
                Source = "gjp",
            };
            var status = csv.GetField("q_status");
            var outcome = csv.GetField("outcome") ?? "";
            Resolution? res = null;
            if (status == "voided")
                res = new Resolution { QuestionId = q.Id, State = QuestionState.Annulled, ResolvedAt = closed, Evidence = "Voided by the Good Judgment Project" + (condition is null ? "" : " (condition not met)") };
            else if (status == "closed" && outcome.Length == 1 && outcome[0] - 'a' is var k && k >= 0 && k < options.Count)
                res = new Resolution { QuestionId = q.Id, State = QuestionState.Resolved, Value = binary ? (k == 0 ? 1 : 0) : k, ResolvedAt = closed, Evidence = $"GJP outcome ({outcome}) {options[k].Label}" };
            else if (status == "closed")
            { batch.Error(line, "outcome", $"ifp {id}: closed with outcome '{outcome}', which is not one of its options"); continue; }
            batch.Questions.Add(q);
            if (res is not null) batch.Resolutions.Add(res);
            result[id] = new Ifp(q, binary, options.Count);
        }
        return result;
    }

    private static void ReadForecasts(string path, ImportBatch batch, Dictionary<string, Ifp> ifps)
    {
        using var csv = Open(path, out var reader);
        using var _ = reader;
        RequireColumns(csv, path, "ifp_id", "user_id", "forecast_id", "answer_option", "value", "timestamp");
        // forecast_id → option rows; a forecast is complete when it has one row per option.
        var groups = new Dictionary<string, List<(int Line, string Ifp, string User, char Option, string Value, string Time)>>(StringComparer.Ordinal);
        var order = new List<string>();
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            var fid = csv.GetField("forecast_id")!;
            var option = csv.GetField("answer_option") ?? "";
            if (!groups.TryGetValue(fid, out var rows)) { groups[fid] = rows = []; order.Add(fid); }
            rows.Add((line, csv.GetField("ifp_id")!, csv.GetField("user_id")!, option.Length == 1 ? option[0] : '?', csv.GetField("value")!, csv.GetField("timestamp")!));
        }
        var users = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var fid in order)
        {
            var rows = groups[fid];
            var lines = string.Join(",", rows.Select(r => r.Line));
            var head = rows[0];
            void Bad(string field, string message) => batch.Problems.Add(new Scenarios.Diagnostic(path, head.Line, 1, field, $"forecast {fid} (line(s) {lines}): {message}"));
            if (!ifps.TryGetValue(head.Ifp, out var ifp)) { Bad("ifp_id", $"question {head.Ifp} is not in the questions file"); continue; }
            if (rows.Any(r => r.Ifp != head.Ifp || r.User != head.User || r.Time != head.Time)) { Bad("forecast_id", "rows disagree on ifp_id, user_id or timestamp"); continue; }
            if (!LedgerTime.TryParse(head.Time, out var t)) { Bad("timestamp", $"'{head.Time}' is not a date-time"); continue; }
            var p = new double[ifp.Options];
            var filled = new bool[ifp.Options];
            string? error = null;
            foreach (var r in rows)
            {
                var k = r.Option - 'a';
                if (k < 0 || k >= ifp.Options) { error = $"answer_option '{r.Option}' is not an option of {head.Ifp}"; break; }
                if (filled[k]) { error = $"option '{r.Option}' appears twice"; break; }
                if (!double.TryParse(r.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v >= 0 && v <= 1)) { error = $"value '{r.Value}' is not a probability"; break; }
                p[k] = v;
                filled[k] = true;
            }
            if (error is null && filled.Any(f => !f)) error = $"incomplete: {rows.Count} of {ifp.Options} option rows";
            if (error is null && Math.Abs(p.Sum() - 1) > LedgerValidation.SumTolerance) error = $"probabilities sum to {p.Sum():0.###}, not 1";
            if (error is not null) { Bad("answer_option", error); continue; }
            // The same user, question and time twice: the store skips an identical repeat (counted) and refuses a different value, naming both lines.
            var sum = p.Sum();
            for (var k = 0; k < p.Length; k++) p[k] /= sum;
            users.Add(head.User);
            batch.AddForecast(new Forecast
            {
                QuestionId = ifp.Question.Id,
                Forecaster = "gjp:user:" + head.User,
                MadeAt = t,
                Probabilities = ifp.Binary ? [p[0]] : p,
            }, head.Line);
        }
        foreach (var u in users) batch.Forecasters.Add(new Forecaster("gjp:user:" + u, ForecasterKind.Person, "Good Judgment Project survey forecaster"));
    }

    /// <summary>GJP dates are M/D/YY (optionally followed by a time), read as UTC.</summary>
    internal static bool TryDate(string? text, out DateTimeOffset date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var part = text.Trim().Split(' ')[0];
        if (!DateTime.TryParseExact(part, ["M/d/yy", "M/d/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return false;
        date = new DateTimeOffset(d.Date, TimeSpan.Zero);
        return true;
    }
}
