using System.Globalization;
using Brink.Files;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Brink.Ledger.Import;

/// <summary>
/// Brink's own ledger file (YAML, or JSON, which is read by the same parser): the format of
/// <c>brink ledger export --format json</c>, of <c>brink ledger import ledger FILE</c> and of the bundled example.
/// Top-level lists <c>forecasters</c>, <c>questions</c>, <c>forecasts</c> and <c>resolutions</c> (history order);
/// field names are snake_case as in <see cref="LedgerDocumentWriter"/>. Every problem is reported with its line.
/// </summary>
public static class LedgerDocument
{
    /// <summary>The <c>ledger:</c> version this Brink reads and writes; a newer file is refused.</summary>
    public const int FormatVersion = 1;

    /// <summary>Reads a ledger file (bounded by the import size limit) with source "ledger".</summary>
    public static ImportBatch Read(string path)
    {
        using var reader = new StringReader(InputFile.ReadText(path, InputLimits.MaxImportBytes));
        return Read(reader, path);
    }

    /// <summary>Reads a ledger document from <paramref name="text"/>; <paramref name="file"/> names it in diagnostics, <paramref name="source"/> is stored on its questions.</summary>
    public static ImportBatch Read(TextReader text, string file, string source = "ledger")
    {
        var batch = new ImportBatch(source, file);
        var content = text.ReadToEnd();
        // YamlStream builds its tree recursively: refuse deep nesting first, from the flat event stream, instead of overflowing the stack.
        if (TooDeep(content, out var deepLine)) { batch.Error(deepLine, "", $"nested more than {MaxDepth} levels deep; a ledger file is a few levels of lists and mappings"); return batch; }
        var stream = new YamlStream();
        try { stream.Load(new StringReader(content)); }
        catch (YamlException e) { batch.Error((int)e.Start.Line, "", "not valid YAML/JSON: " + e.Message); return batch; }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root) { batch.Error(1, "", "expected a mapping with forecasters, questions, forecasts, resolutions"); return batch; }

        // A newer file may carry fields or meanings this Brink would drop: refuse it whole, even with --skip-bad.
        if (root.Children.TryGetValue(new YamlScalarNode("ledger"), out var versionNode))
        {
            var given = (versionNode as YamlScalarNode)?.Value;
            if (!int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
                throw new ImportFormatException($"{file}:{Line(versionNode)}: ledger: '{given}' is not a ledger file version (expected {FormatVersion})");
            if (version > FormatVersion)
                throw new ImportFormatException($"{file}:{Line(versionNode)}: ledger: version {version} is newer than this Brink understands ({FormatVersion}); upgrade Brink to import it");
        }

        foreach (var (key, _) in root.Children)
            if (key is YamlScalarNode { Value: not ("ledger" or "exported_at" or "title" or "description" or "forecasters" or "questions" or "forecasts" or "resolutions" or "notes") } k)
                batch.Error(Line(k), k.Value!, "unknown top-level field");

        var questions = new Dictionary<string, Question>(StringComparer.Ordinal);
        foreach (var (node, i) in Items(root, "forecasters", batch))
        {
            var m = new Fields(node, $"forecasters[{i}]", batch);
            var name = m.Req("name");
            var kind = m.Enum("kind", ForecasterKind.Person);
            m.Done("name", "kind", "description");
            if (name is not null) batch.Forecasters.Add(new Forecaster(name, kind, m.Opt("description")));
        }
        foreach (var (node, i) in Items(root, "questions", batch))
        {
            var m = new Fields(node, $"questions[{i}]", batch);
            var before = batch.Problems.Count;
            var q = new Question
            {
                Id = m.Req("id") ?? "",
                Title = m.Req("title") ?? "",
                Kind = m.Enum("kind", QuestionKind.Binary),
                Options = m.List("options") ?? [],
                Ordered = m.Bool("ordered"),
                Lower = m.Num("lower"), Upper = m.Num("upper"), Unit = m.Opt("unit"), Threshold = m.Num("threshold"),
                Criteria = m.Req("criteria") ?? "",
                OpenTime = m.Time("open_time", required: true) ?? default,
                CloseTime = m.Time("close_time", required: true) ?? default,
                ResolveTime = m.Time("resolve_time"),
                ConditionQuestionId = m.Opt("condition_question"),
                ConditionOutcome = m.Num("condition_outcome"),
                ConditionText = m.Opt("condition_text"),
                Url = m.Opt("url"),
                Source = m.Opt("source") ?? "ledger",
                ThreatBy = m.Opt("threat_by"),
            };
            m.Done("id", "title", "kind", "options", "ordered", "lower", "upper", "unit", "threshold", "criteria", "open_time", "close_time",
                "resolve_time", "condition_question", "condition_outcome", "condition_text", "url", "source", "state", "threat_by");
            if (batch.Problems.Count > before) continue;
            foreach (var e in LedgerValidation.Check(q)) batch.Error(m.Line, $"questions[{i}]", e);
            if (!questions.TryAdd(q.Id, q)) batch.Error(m.Line, $"questions[{i}].id", $"duplicate question id '{q.Id}'");
            batch.Questions.Add(q);
        }
        foreach (var (node, i) in Items(root, "forecasts", batch))
        {
            var m = new Fields(node, $"forecasts[{i}]", batch);
            var qid = m.Req("question");
            var who = m.Req("forecaster");
            var made = m.Time("made_at", required: true);
            var single = m.Num("probability");
            var probs = m.Nums("probabilities");
            var samples = m.Nums("samples");
            var quantiles = m.Quantiles("quantiles");
            var provenance = m.Provenance("provenance");
            var f = new Forecast
            {
                QuestionId = qid ?? "", Forecaster = who ?? "", MadeAt = made ?? default,
                Probabilities = single is { } p ? [p] : probs, Samples = samples, Quantiles = quantiles,
                Rationale = m.Opt("rationale"), SourceUrl = m.Opt("source_url"), Quote = m.Opt("quote"), Provenance = provenance,
            };
            m.Done("question", "forecaster", "made_at", "probability", "probabilities", "samples", "quantiles", "rationale", "source_url", "quote", "provenance", "recorded_at", "id");
            if (qid is null || who is null || made is null) continue;
            if (single is not null && probs is not null) { batch.Error(m.Line, $"forecasts[{i}]", "give probability or probabilities, not both"); continue; }
            if (!questions.TryGetValue(qid, out var q)) { batch.Error(m.Line, $"forecasts[{i}].question", $"no question '{qid}' in this file"); continue; }
            var errors = LedgerValidation.Check(q, f);
            foreach (var e in errors) batch.Error(m.Line, $"forecasts[{i}]", e);
            if (errors.Count == 0) batch.AddForecast(f, m.Line);
        }
        foreach (var (node, i) in Items(root, "resolutions", batch))
        {
            var m = new Fields(node, $"resolutions[{i}]", batch);
            var qid = m.Req("question");
            var state = m.Enum("state", QuestionState.Resolved);
            var outcomeNode = m.Node("outcome");
            var value = m.Num("value");
            var r = new Resolution
            {
                QuestionId = qid ?? "", State = state, ResolvedAt = m.Time("resolved_at"),
                Evidence = m.Opt("evidence"), EvidenceUrl = m.Opt("evidence_url"), Reason = m.Opt("reason"),
            };
            m.Done("question", "state", "outcome", "value", "resolved_at", "evidence", "evidence_url", "reason", "revision", "recorded_at");
            if (qid is null) continue;
            if (!questions.TryGetValue(qid, out var q)) { batch.Error(m.Line, $"resolutions[{i}].question", $"no question '{qid}' in this file"); continue; }
            if (outcomeNode is YamlScalarNode s)
            {
                if (OutcomeParser.TryParse(q, s.Value, out var v, out var why)) value = v;
                else { batch.Error(Line(s), $"resolutions[{i}].outcome", why); continue; }
            }
            r = r with { Value = value };
            var errors = LedgerValidation.Check(q, r);
            foreach (var e in errors) batch.Error(m.Line, $"resolutions[{i}]", e);
            if (errors.Count == 0) batch.Resolutions.Add(r);
        }
        var known = batch.Forecasters.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in batch.Forecasts.Select(f => f.Forecaster).Distinct().Where(n => !known.Contains(n)).ToList())
        {
            batch.Forecasters.Add(new Forecaster(name, ForecasterKind.Person));
            batch.Notice(0, "forecasters", $"forecaster '{name}' is not listed; added as a person");
        }
        return batch;
    }

    /// <summary>Deepest nesting of lists and mappings accepted in a ledger file.</summary>
    public const int MaxDepth = 64;

    private static bool TooDeep(string content, out int line)
    {
        line = 0;
        var parser = new Parser(new StringReader(content));
        var depth = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart:
                        if (++depth > MaxDepth) { line = (int)parser.Current.Start.Line; return true; }
                        break;
                    case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                        depth--;
                        break;
                }
            }
        }
        catch (YamlException) { } // reported with its line by the full load
        catch (InvalidOperationException) { }
        return false;
    }

    private static int Line(YamlNode n) => (int)n.Start.Line;

    private static IEnumerable<(YamlMappingNode Node, int Index)> Items(YamlMappingNode root, string key, ImportBatch batch)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(key), out var node)) yield break;
        if (node is not YamlSequenceNode seq) { batch.Error(Line(node), key, "expected a list"); yield break; }
        var i = 0;
        foreach (var item in seq.Children)
        {
            if (item is YamlMappingNode m) yield return (m, i);
            else batch.Error(Line(item), $"{key}[{i}]", "expected a mapping");
            i++;
        }
    }

    /// <summary>Typed access to one mapping's fields; every problem is recorded with its line.</summary>
    private sealed class Fields(YamlMappingNode node, string path, ImportBatch batch)
    {
        public int Line => LedgerDocument.Line(node);

        public YamlNode? Node(string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

        private string? Scalar(string key)
        {
            var n = Node(key);
            if (n is null) return null;
            if (n is YamlScalarNode s) return s.Style == ScalarStyle.Plain && s.Value is "~" or "null" or "" ? null : s.Value;
            batch.Error(LedgerDocument.Line(n), $"{path}.{key}", "expected a single value");
            return null;
        }

        public string? Opt(string key) => Scalar(key);

        public string? Req(string key)
        {
            var v = Scalar(key);
            if (string.IsNullOrWhiteSpace(v)) { batch.Error(Line, $"{path}.{key}", "is required"); return null; }
            return v;
        }

        public bool Bool(string key) => Scalar(key) is { } s && (s is "true" or "True" or "yes");

        public double? Num(string key)
        {
            var s = Scalar(key);
            if (s is null) return null;
            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return d;
            batch.Error(LedgerDocument.Line(Node(key)!), $"{path}.{key}", $"'{s}' is not a number");
            return null;
        }

        public DateTimeOffset? Time(string key, bool required = false)
        {
            var s = Scalar(key);
            if (s is null) { if (required) batch.Error(Line, $"{path}.{key}", "is required (ISO date or date-time, UTC)"); return null; }
            if (LedgerTime.TryParse(s, out var t)) return t;
            batch.Error(LedgerDocument.Line(Node(key)!), $"{path}.{key}", $"'{s}' is not a date (use ISO 8601, e.g. 2022-02-24 or 2022-02-24T03:00:00Z)");
            return null;
        }

        public TEnum Enum<TEnum>(string key, TEnum fallback) where TEnum : struct, System.Enum
        {
            var s = Scalar(key);
            if (s is null) return fallback;
            if (LedgerValidation.TryParse<TEnum>(s, out var v)) return v;
            batch.Error(LedgerDocument.Line(Node(key)!), $"{path}.{key}", $"'{s}' is not one of {string.Join(", ", System.Enum.GetValues<TEnum>().Select(LedgerValidation.Name))}");
            return fallback;
        }

        public List<string>? List(string key)
        {
            var n = Node(key);
            if (n is null) return null;
            if (n is YamlSequenceNode seq && seq.Children.All(c => c is YamlScalarNode)) return seq.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToList();
            batch.Error(LedgerDocument.Line(n), $"{path}.{key}", "expected a list of values");
            return null;
        }

        public List<double>? Nums(string key)
        {
            var items = List(key);
            if (items is null) return null;
            var result = new List<double>(items.Count);
            foreach (var s in items)
            {
                if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) result.Add(d);
                else { batch.Error(LedgerDocument.Line(Node(key)!), $"{path}.{key}", $"'{s}' is not a number"); return null; }
            }
            return result;
        }

        public List<QuantilePoint>? Quantiles(string key)
        {
            var n = Node(key);
            if (n is null) return null;
            var result = new List<QuantilePoint>();
            if (n is YamlSequenceNode seq)
                foreach (var c in seq.Children)
                {
                    if (c is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("level"), out var l) && m.Children.TryGetValue(new YamlScalarNode("value"), out var v)
                        && double.TryParse(((YamlScalarNode)l).Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var level)
                        && double.TryParse(((YamlScalarNode)v).Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                        result.Add(new QuantilePoint(level, value));
                    else { batch.Error(LedgerDocument.Line(c), $"{path}.{key}", "each quantile is {level: L, value: V}"); return null; }
                }
            return result;
        }

        public ForecastProvenance? Provenance(string key)
        {
            if (Node(key) is not YamlMappingNode m) return null;
            var f = new Fields(m, $"{path}.{key}", batch);
            long? seed = f.Num("seed") is { } s ? (long)s : null;
            return new ForecastProvenance(f.Opt("brink_version") ?? "unknown", f.Opt("model"), f.Opt("scenario_hash"), seed, f.Opt("note"));
        }

        public void Done(params string[] allowed)
        {
            foreach (var (k, _) in node.Children)
                if (k is YamlScalarNode { Value: { } name } key && !allowed.Contains(name))
                    batch.Error(LedgerDocument.Line(key), $"{path}.{name}", $"unknown field (expected one of {string.Join(", ", allowed)})");
        }
    }
}

/// <summary>Turns a user's outcome ("yes", an option label or index, a number, a date) into a question's outcome value.</summary>
public static class OutcomeParser
{
    /// <summary>Parses <paramref name="text"/> as an outcome of <paramref name="q"/>: yes/no for binary, an option label or 0-based index for multiple choice, a number for numeric, an ISO date (stored as days since 1970-01-01 UTC) for date questions. On failure returns false with a user-facing <paramref name="error"/>.</summary>
    public static bool TryParse(Question q, string? text, out double value, out string error)
    {
        value = 0;
        error = "";
        var s = (text ?? "").Trim();
        switch (q.Kind)
        {
            case QuestionKind.Binary:
                if (s is "yes" or "Yes" or "YES" or "1" or "true") { value = 1; return true; }
                if (s is "no" or "No" or "NO" or "0" or "false") { value = 0; return true; }
                error = $"'{s}' is not yes or no";
                return false;
            case QuestionKind.MultipleChoice:
                var idx = q.Options.ToList().FindIndex(o => string.Equals(o, s, StringComparison.OrdinalIgnoreCase));
                if (idx >= 0) { value = idx; return true; }
                if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k < q.Options.Count) { value = k; return true; }
                error = $"'{s}' is not one of the options ({string.Join(" | ", q.Options)}) or an index 0..{q.Options.Count - 1}";
                return false;
            case QuestionKind.Date:
                if (LedgerTime.TryParse(s, out var t)) { value = LedgerTime.ToDays(t); return true; }
                error = $"'{s}' is not a date";
                return false;
            default:
                if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value)) return true;
                error = $"'{s}' is not a number";
                return false;
        }
    }

    /// <summary>Human form of an outcome value.</summary>
    public static string Format(Question q, double? value) => value is not { } v ? "" : q.Kind switch
    {
        QuestionKind.Binary => v == 1 ? "yes" : "no",
        QuestionKind.MultipleChoice => v >= 0 && v < q.Options.Count ? q.Options[(int)v] : v.ToString(CultureInfo.InvariantCulture),
        QuestionKind.Date => LedgerTime.Format(LedgerTime.FromDays(v))[..10],
        _ => v.ToString("G6", CultureInfo.InvariantCulture),
    };
}
