using System.Globalization;
using System.Text.Json;
using Brink.Files;

namespace Brink.Ledger.Import;

/// <summary>
/// Reads a ForecastBench question set (…_human_questions.json: forecast_due_date, question_set, questions[] with id, source,
/// question, resolution_criteria, url, freeze_datetime, freeze_datetime_value, resolution_dates, …) and its resolution set
/// (…_resolutions.json: resolutions[] with id, source, direction, resolution_date, resolved_to, resolved); Karger et al. 2024,
/// ForecastBench, CC BY-SA 4.0.
/// <list type="bullet">
/// <item>Each (source, id, resolution_date) becomes one binary question "forecastbench:SOURCE:ID@DATE" (ids are unique only within a source): data-set questions (ACLED, FRED, …) are asked at several horizons.</item>
/// <item>An id that is a list is a combination question: "A and B", each with a direction (1 = resolves yes, −1 = resolves no).
/// It is imported when both parts are in the question set.</item>
/// <item>For market questions (manifold, metaculus, polymarket, infer) the market's value at the freeze date is a probability and
/// is imported as a forecast by the crowd "forecastbench:SOURCE-market". For data-set questions it is the series' level, not a forecast.</item>
/// <item>resolved_to 0 or 1 with resolved = true resolves the question; resolved = false leaves it open; a fractional
/// resolved_to with resolved = true marks it ambiguous (not strictly binary).</item>
/// </list>
/// </summary>
public static class ForecastBenchImporter
{
    private static readonly HashSet<string> MarketSources = ["manifold", "metaculus", "polymarket", "infer"];

    private sealed record FbQuestion(string Id, string Source, string Text, string Criteria, string? Url, DateTimeOffset Freeze, double? MarketValue);

    /// <summary>Reads a question set and its resolution set into one batch. Throws <see cref="ImportFormatException"/> when a file is not JSON of that shape.</summary>
    public static ImportBatch Read(string questionsPath, string resolutionsPath)
    {
        var batch = new ImportBatch("forecastbench", questionsPath);
        var questions = ReadQuestions(questionsPath, batch, out var due);
        ReadResolutions(resolutionsPath, batch, questions, due);
        return batch;
    }

    private static JsonDocument Parse(string path)
    {
        try { return JsonDocument.Parse(InputFile.ReadBytes(path, InputLimits.MaxImportBytes)); }
        catch (JsonException e) { throw new ImportFormatException($"{path}: line {e.LineNumber + 1}: not valid JSON: {e.Message}"); }
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static Dictionary<string, FbQuestion> ReadQuestions(string path, ImportBatch batch, out DateTimeOffset due)
    {
        using var doc = Parse(path);
        var root = doc.RootElement;
        if (!LedgerTime.TryParse(Str(root, "forecast_due_date"), out due)) throw new ImportFormatException($"{path}: forecast_due_date is missing or not a date");
        if (!root.TryGetProperty("questions", out var arr) || arr.ValueKind != JsonValueKind.Array) throw new ImportFormatException($"{path}: no questions array");
        var result = new Dictionary<string, FbQuestion>(StringComparer.Ordinal);
        var i = 0;
        foreach (var q in arr.EnumerateArray())
        {
            var field = $"questions[{i++}]";
            var id = Str(q, "id");
            var source = Str(q, "source");
            var text = Str(q, "question");
            if (id is null || source is null || text is null) { batch.Error(0, field, "id, source and question are required strings"); continue; }
            if (!LedgerTime.TryParse(Str(q, "freeze_datetime"), out var freeze)) { batch.Error(0, field + ".freeze_datetime", $"question {id}: not a date-time"); continue; }
            double? market = null;
            if (MarketSources.Contains(source))
            {
                if (double.TryParse(Str(q, "freeze_datetime_value"), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v is >= 0 and <= 1) market = v;
                else batch.Error(0, field + ".freeze_datetime_value", $"question {id}: market value '{Str(q, "freeze_datetime_value")}' is not a probability");
            }
            result[source + ":" + id] = new FbQuestion(id, source, text, Str(q, "resolution_criteria") ?? "", Str(q, "url"), freeze, market);
        }
        return result;
    }

    private static void ReadResolutions(string path, ImportBatch batch, Dictionary<string, FbQuestion> questions, DateTimeOffset due)
    {
        using var doc = Parse(path);
        if (!doc.RootElement.TryGetProperty("resolutions", out var arr) || arr.ValueKind != JsonValueKind.Array) throw new ImportFormatException($"{path}: no resolutions array");
        var added = new HashSet<string>(StringComparer.Ordinal);
        var markets = new SortedSet<string>(StringComparer.Ordinal);
        int i = 0, outside = 0, open = 0, fractional = 0;
        foreach (var r in arr.EnumerateArray())
        {
            var field = $"resolutions[{i++}]";
            var dateText = Str(r, "resolution_date");
            // Ids are unique only within a source (Metaculus and INFER both have a question 1348).
            var rsource = Str(r, "source") ?? "";
            if (!LedgerTime.TryParse(dateText, out var date)) { batch.Problems.Add(new Scenarios.Diagnostic(path, 0, 0, field, "resolution_date is not a date")); continue; }
            if (!r.TryGetProperty("resolved_to", out var rt) || rt.ValueKind != JsonValueKind.Number) { batch.Problems.Add(new Scenarios.Diagnostic(path, 0, 0, field, "resolved_to is not a number")); continue; }
            var value = rt.GetDouble();
            var resolved = r.TryGetProperty("resolved", out var rv) && rv.ValueKind == JsonValueKind.True;

            List<(FbQuestion Q, int Direction)> parts = [];
            var idElement = r.GetProperty("id");
            if (idElement.ValueKind == JsonValueKind.String)
            {
                if (!questions.TryGetValue(rsource + ":" + idElement.GetString(), out var q)) { outside++; continue; }
                parts.Add((q, 1));
            }
            else if (idElement.ValueKind == JsonValueKind.Array)
            {
                var ids = idElement.EnumerateArray().Select(e => e.GetString()).ToList();
                var dirs = r.TryGetProperty("direction", out var d) && d.ValueKind == JsonValueKind.Array ? d.EnumerateArray().Select(e => e.GetInt32()).ToList() : [];
                if (dirs.Count != ids.Count) { batch.Problems.Add(new Scenarios.Diagnostic(path, 0, 0, field, "a combination needs one direction per id")); continue; }
                if (ids.Any(x => x is null || !questions.ContainsKey(rsource + ":" + x))) { outside++; continue; }
                parts = ids.Select((x, k) => (questions[rsource + ":" + x], dirs[k])).ToList();
            }
            else { batch.Problems.Add(new Scenarios.Diagnostic(path, 0, 0, field, "id is neither a string nor a list")); continue; }

            var day = dateText!;
            var qid = "forecastbench:" + rsource + ":" + string.Join("&", parts.Select(p => (p.Direction < 0 ? "!" : "") + p.Q.Id)) + "@" + day;
            if (!added.Add(qid)) { batch.Notice(0, field, $"{qid} appears twice; kept the first"); continue; }
            var single = parts.Count == 1 ? parts[0].Q : null;
            var title = single is not null
                ? single.Text.Replace("{resolution_date}", day).Replace("{forecast_due_date}", LedgerTime.Format(due)[..10])
                : "Both: " + string.Join(" AND ", parts.Select(p => (p.Direction < 0 ? "NOT " : "") + "[" + p.Q.Id + "]"));
            var freeze = parts.Max(p => p.Q.Freeze);
            var question = new Question
            {
                Id = qid,
                Title = title.Length > 2000 ? title[..2000] : title,
                Kind = QuestionKind.Binary,
                Criteria = single is not null
                    ? $"{single.Criteria} (ForecastBench {single.Source}, resolution date {day})"
                    : "Resolves yes when every part resolves in its direction: " + string.Join("; ", parts.Select(p => $"{p.Q.Id} {(p.Direction < 0 ? "no" : "yes")} ({p.Q.Source}: {p.Q.Text.Split('\n')[0]})")),
                OpenTime = freeze < due ? freeze : due,
                CloseTime = due,
                ResolveTime = date,
                Url = single?.Url,
                Source = "forecastbench",
            };
            batch.Questions.Add(question);
            if (resolved && value is 0 or 1)
                batch.Resolutions.Add(new Resolution { QuestionId = qid, State = QuestionState.Resolved, Value = value, ResolvedAt = date, Evidence = $"ForecastBench resolution set ({Path.GetFileName(path)})" });
            else if (resolved)
            {
                fractional++;
                batch.Resolutions.Add(new Resolution { QuestionId = qid, State = QuestionState.Ambiguous, ResolvedAt = date, Evidence = $"ForecastBench resolved_to {value.ToString(CultureInfo.InvariantCulture)}: fractional, not strictly binary" });
            }
            else open++;
            if (single?.MarketValue is { } p0)
            {
                var name = $"forecastbench:{single.Source}-market";
                markets.Add(name);
                batch.Forecasts.Add(new Forecast { QuestionId = qid, Forecaster = name, MadeAt = single.Freeze, Probabilities = [p0], Rationale = "Market value at the ForecastBench freeze date" });
            }
        }
        foreach (var m in markets) batch.Forecasters.Add(new Forecaster(m, ForecasterKind.Crowd, "Prediction-market or crowd value at the ForecastBench freeze date"));
        batch.Notice(0, "resolutions", $"{added.Count} questions; {outside} resolution(s) refer to questions outside this question set and were left out; {open} not yet resolved (left open); {fractional} fractional (ambiguous)");
    }
}
