namespace Brink.Ledger;

/// <summary>Checks questions, forecasts and resolutions at the ledger's boundary. Each method returns every problem found (empty = valid).</summary>
public static class LedgerValidation
{
    /// <summary>Tolerance on the sum of a forecast's probabilities.</summary>
    public const double SumTolerance = 0.011;

    /// <summary>Every problem with a question's definition (id, times, options, range, condition, threat actor); empty when valid.</summary>
    public static List<string> Check(Question q)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(q.Id)) errors.Add("id: must not be empty");
        if (string.IsNullOrWhiteSpace(q.Title)) errors.Add("title: must not be empty");
        if (string.IsNullOrWhiteSpace(q.Criteria)) errors.Add("criteria: resolution criteria must be stated");
        if (q.CloseTime < q.OpenTime) errors.Add($"close_time: {LedgerTime.Format(q.CloseTime)} is before open_time {LedgerTime.Format(q.OpenTime)}");
        if (q.ResolveTime is { } r && r < q.OpenTime) errors.Add("resolve_time: is before open_time");
        if (q.Kind == QuestionKind.MultipleChoice && q.Options.Count < 2) errors.Add("options: a multiple-choice question needs at least 2 options");
        if (q.Kind != QuestionKind.MultipleChoice && q.Options.Count > 0) errors.Add("options: only multiple-choice questions have options");
        if (q.Lower is { } lo && q.Upper is { } hi && !(lo < hi)) errors.Add("lower/upper: lower must be below upper");
        if (q.ConditionQuestionId == q.Id && q.Id is not null) errors.Add("condition: a question cannot be conditional on itself");
        if (q.ThreatBy is { } t && (string.IsNullOrWhiteSpace(t) || t.Any(char.IsWhiteSpace))) errors.Add($"threat_by: '{t}' is not an actor id (no spaces)");
        if (q.ThreatBy is not null && q.Kind != QuestionKind.Binary) errors.Add("threat_by: only a binary question (yes = followed through, no = backed down) can record a threat");
        return errors;
    }

    /// <summary>Every problem with forecast <paramref name="f"/> on <paramref name="q"/>: one payload of the question's kind, probabilities in [0, 1] summing to 1 within <see cref="SumTolerance"/>, quantile levels in (0, 1) and increasing.</summary>
    public static List<string> Check(Question q, Forecast f)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(f.Forecaster)) errors.Add("forecaster: must not be empty");
        var payloads = (f.Probabilities is null ? 0 : 1) + (f.Samples is null ? 0 : 1) + (f.Quantiles is null ? 0 : 1);
        if (payloads != 1) { errors.Add("forecast: give exactly one of probabilities, samples or quantiles"); return errors; }
        if (q.IsCategorical)
        {
            if (f.Probabilities is null) { errors.Add($"probabilities: a {Name(q.Kind)} question takes probabilities"); return errors; }
            var expected = q.Kind == QuestionKind.Binary ? 1 : q.Options.Count;
            if (f.Probabilities.Count != expected)
                errors.Add(q.Kind == QuestionKind.Binary
                    ? $"probabilities: a binary forecast is one probability, P(yes); got {f.Probabilities.Count}"
                    : $"probabilities: {q.Options.Count} options but {f.Probabilities.Count} probabilities");
            foreach (var p in f.Probabilities)
                if (!double.IsFinite(p) || p < 0 || p > 1) errors.Add($"probabilities: {p} is not in [0, 1]");
            if (q.Kind == QuestionKind.MultipleChoice && errors.Count == 0 && Math.Abs(f.Probabilities.Sum() - 1) > SumTolerance)
                errors.Add($"probabilities: sum to {f.Probabilities.Sum():0.###}, not 1");
        }
        else
        {
            if (f.Probabilities is not null) { errors.Add($"samples/quantiles: a {Name(q.Kind)} question takes a distribution, not probabilities"); return errors; }
            if (f.Samples is { } s)
            {
                if (s.Count == 0) errors.Add("samples: empty");
                if (s.Any(x => !double.IsFinite(x))) errors.Add("samples: must be finite numbers");
            }
            if (f.Quantiles is { } qs)
            {
                if (qs.Count < 2) errors.Add("quantiles: give at least two");
                for (var i = 0; i < qs.Count; i++)
                {
                    if (!(qs[i].Level > 0 && qs[i].Level < 1)) errors.Add($"quantiles: level {qs[i].Level} is not in (0, 1)");
                    if (!double.IsFinite(qs[i].Value)) errors.Add("quantiles: values must be finite");
                    if (i > 0 && (qs[i].Level <= qs[i - 1].Level || qs[i].Value < qs[i - 1].Value))
                        errors.Add("quantiles: levels must increase and values must not decrease");
                }
            }
        }
        return errors;
    }

    /// <summary>Every problem with resolution <paramref name="r"/> of <paramref name="q"/>: a resolved entry needs an outcome value of the question's kind (0 or 1, an option index, a number), other states none.</summary>
    public static List<string> Check(Question q, Resolution r)
    {
        var errors = new List<string>();
        if (r.State == QuestionState.Open) errors.Add("state: a resolution cannot set a question back to open");
        if (r.State == QuestionState.Resolved)
        {
            if (r.Value is not { } v || !double.IsFinite(v)) { errors.Add("value: a resolved question needs an outcome value"); return errors; }
            switch (q.Kind)
            {
                case QuestionKind.Binary when v is not (0 or 1):
                    errors.Add($"value: a binary question resolves to yes (1) or no (0), not {v}"); break;
                case QuestionKind.MultipleChoice when v != Math.Floor(v) || v < 0 || v >= q.Options.Count:
                    errors.Add($"value: must be an option index 0..{q.Options.Count - 1}"); break;
            }
        }
        else if (r.Value is not null) errors.Add($"value: an {Name(r.State)} question has no outcome value");
        return errors;
    }

    /// <summary>snake_case name used in messages, files and the database.</summary>
    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>Reads an enum value from its snake_case <see cref="Name"/> (case-insensitive); false for any other text.</summary>
    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var v in Enum.GetValues<TEnum>())
            if (string.Equals(Name(v), text?.Trim().Replace('-', '_'), StringComparison.OrdinalIgnoreCase)) { value = v; return true; }
        value = default;
        return false;
    }

    /// <summary>
    /// An enum value read back from storage, checked: a name Brink never writes means the database was changed by hand
    /// or is damaged, and is reported (never silently read as the first value of the enum).
    /// </summary>
    public static TEnum ParseStored<TEnum>(string? text, string table, string key, string column) where TEnum : struct, Enum
    {
        foreach (var v in Enum.GetValues<TEnum>())
            if (string.Equals(Name(v), text, StringComparison.Ordinal)) return v;
        throw new LedgerStorageException(StorageFailure.Damaged,
            $"ledger table {table}, row {key}: {column} '{text}' is not one of {string.Join(", ", Enum.GetValues<TEnum>().Select(v => Name(v)))}; the database was changed outside Brink or is damaged");
    }
}

/// <summary>Whether a stored forecast enters the scores (<see cref="Scoring.LedgerScorer"/>).</summary>
public enum ForecastStanding
{
    /// <summary>The forecaster's last forecast at or before the close time: it is scored.</summary>
    Counts,
    /// <summary>Before the close time, but a later one by the same forecaster replaces it (time-averaged scores still use it).</summary>
    Superseded,
    /// <summary>Made after the close time: not scored (unless <c>ledger score --include-after-close</c>).</summary>
    AfterClose,
}

/// <summary>Which forecasts on a question count, the rule <see cref="Scoring.LedgerScorer"/> applies by default.</summary>
public static class ForecastEligibility
{
    /// <summary>A forecast made after the question closed will not be scored; null when it is in time.</summary>
    public static string? AfterClose(Question q, Forecast f) =>
        f.MadeAt > q.CloseTime
            ? $"made at {LedgerTime.Format(f.MadeAt)}, after the question closed at {LedgerTime.Format(q.CloseTime)}: it will not be scored"
            : null;

    /// <summary>The standing of each forecast on <paramref name="q"/>, in the order given.</summary>
    public static IReadOnlyList<ForecastStanding> Standings(Question q, IReadOnlyList<Forecast> forecasts)
    {
        var lastInTime = forecasts
            .Where(f => f.MadeAt <= q.CloseTime)
            .GroupBy(f => f.Forecaster, StringComparer.Ordinal)
            .Select(g => g.OrderBy(f => f.MadeAt).ThenBy(f => f.Id).Last())
            .ToHashSet(ReferenceEqualityComparer.Instance);
        return [.. forecasts.Select(f => f.MadeAt > q.CloseTime ? ForecastStanding.AfterClose
            : lastInTime.Contains(f) ? ForecastStanding.Counts : ForecastStanding.Superseded)];
    }
}
