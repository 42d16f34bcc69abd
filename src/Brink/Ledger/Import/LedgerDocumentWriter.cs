using System.Globalization;

namespace Brink.Ledger.Import;

/// <summary>The serialisable shape of a ledger file (see <see cref="LedgerDocument"/>); null fields are omitted when written.</summary>
public sealed record LedgerFile(
    int Ledger, string ExportedAt, IReadOnlyList<LedgerFile.ForecasterEntry> Forecasters, IReadOnlyList<LedgerFile.QuestionEntry> Questions,
    IReadOnlyList<LedgerFile.ForecastEntry> Forecasts, IReadOnlyList<LedgerFile.ResolutionEntry> Resolutions)
{
    /// <summary>A forecaster (see <see cref="Ledger.Forecaster"/>).</summary>
    /// <param name="Name">Unique name, e.g. "model:eum/scholz-code".</param>
    /// <param name="Kind">snake_case <see cref="ForecasterKind"/>: model, person, outlet or crowd.</param>
    /// <param name="Description">Free text, or null.</param>
    public sealed record ForecasterEntry(string Name, string Kind, string? Description);
    /// <summary>A question (see <see cref="Question"/>); times are ISO 8601 UTC text, enums snake_case.</summary>
    /// <param name="Id">The question id.</param>
    /// <param name="Title">The question as asked.</param>
    /// <param name="Kind">binary, multiple_choice, numeric or date.</param>
    /// <param name="Options">Option labels of a multiple-choice question, else null.</param>
    /// <param name="Ordered">True when the options are ordered, else null.</param>
    /// <param name="Lower">Lower end of a numeric question's plausible range.</param>
    /// <param name="Upper">Upper end of a numeric question's plausible range.</param>
    /// <param name="Unit">Unit of a numeric question's value.</param>
    /// <param name="Threshold">The value a binary "at or below" question compares with.</param>
    /// <param name="Criteria">Resolution criteria.</param>
    /// <param name="OpenTime">When forecasting opens.</param>
    /// <param name="CloseTime">When forecasting closes.</param>
    /// <param name="ResolveTime">When the answer is expected.</param>
    /// <param name="ConditionQuestion">Id of the condition question, for a conditional question.</param>
    /// <param name="ConditionOutcome">The condition's outcome value under which the question is scored.</param>
    /// <param name="ConditionText">The condition in words, when it is not a question in the ledger.</param>
    /// <param name="Url">Where the question is published.</param>
    /// <param name="Source">Where it came from ("metaculus", "gjp", "example", "user", …).</param>
    /// <param name="State">open, resolved, annulled or ambiguous.</param>
    /// <param name="ThreatBy">Actor id of a threat question, else null.</param>
    public sealed record QuestionEntry(
        string Id, string Title, string Kind, IReadOnlyList<string>? Options, bool? Ordered, double? Lower, double? Upper, string? Unit, double? Threshold,
        string Criteria, string OpenTime, string CloseTime, string? ResolveTime, string? ConditionQuestion, double? ConditionOutcome, string? ConditionText,
        string? Url, string? Source, string State, string? ThreatBy = null);
    /// <summary>One quantile point: P(X ≤ <paramref name="Value"/>) = <paramref name="Level"/>.</summary>
    /// <param name="Level">Cumulative probability, in (0, 1).</param>
    /// <param name="Value">The quantity at that level.</param>
    public sealed record QuantileEntry(double Level, double Value);
    /// <summary>What produced a model forecast (see <see cref="ForecastProvenance"/>).</summary>
    /// <param name="BrinkVersion">Brink's version.</param>
    /// <param name="Model">Model and variant, e.g. "eum/scholz-code".</param>
    /// <param name="ScenarioHash">SHA-256 of the scenario file.</param>
    /// <param name="Seed">The random seed, for a Monte Carlo forecast.</param>
    /// <param name="Note">Free text.</param>
    public sealed record ProvenanceEntry(string BrinkVersion, string? Model, string? ScenarioHash, long? Seed, string? Note);
    /// <summary>A forecast (see <see cref="Forecast"/>); exactly one of the payloads is set.</summary>
    /// <param name="Question">The question id.</param>
    /// <param name="Forecaster">The forecaster's name.</param>
    /// <param name="MadeAt">When it was made.</param>
    /// <param name="Probability">Payload of a binary question: P(yes).</param>
    /// <param name="Probabilities">Payload of a multiple-choice question: one probability per option.</param>
    /// <param name="Samples">Payload of a numeric or date question: draws.</param>
    /// <param name="Quantiles">Payload of a numeric or date question: quantile points.</param>
    /// <param name="Rationale">Why.</param>
    /// <param name="SourceUrl">Where it was published.</param>
    /// <param name="Quote">The forecaster's words verbatim.</param>
    /// <param name="Provenance">What produced a model forecast.</param>
    /// <param name="RecordedAt">When the ledger recorded it.</param>
    public sealed record ForecastEntry(
        string Question, string Forecaster, string MadeAt, double? Probability, IReadOnlyList<double>? Probabilities, IReadOnlyList<double>? Samples,
        IReadOnlyList<QuantileEntry>? Quantiles, string? Rationale, string? SourceUrl, string? Quote, ProvenanceEntry? Provenance, string? RecordedAt);
    /// <summary>One entry of a question's resolution history (see <see cref="Resolution"/>).</summary>
    /// <param name="Question">The question id.</param>
    /// <param name="Revision">1 for the first entry, one more per re-resolution.</param>
    /// <param name="State">The state this entry sets.</param>
    /// <param name="Outcome">The outcome as a user writes it ("yes", an option label, a number, a date); when present it is what is read back.</param>
    /// <param name="Value">The outcome value (see <see cref="QuestionKind"/>); read back when <paramref name="Outcome"/> is absent.</param>
    /// <param name="ResolvedAt">When the outcome happened or became known.</param>
    /// <param name="Evidence">What shows the outcome.</param>
    /// <param name="EvidenceUrl">Where the evidence is published.</param>
    /// <param name="Reason">Why it was re-resolved or annulled.</param>
    /// <param name="RecordedAt">When the ledger recorded it.</param>
    public sealed record ResolutionEntry(
        string Question, int Revision, string State, string? Outcome, double? Value, string? ResolvedAt, string? Evidence, string? EvidenceUrl, string? Reason, string? RecordedAt);
}

/// <summary>Builds a <see cref="LedgerFile"/> and writes forecasts as CSV.</summary>
public static class LedgerDocumentWriter
{
    /// <summary>The document <c>brink ledger export --format json</c> writes: everything given, with <paramref name="exportedAt"/> as its export time.</summary>
    public static LedgerFile Build(IReadOnlyList<Question> questions, IReadOnlyList<Forecaster> forecasters, IReadOnlyList<Forecast> forecasts,
        IReadOnlyList<Resolution> resolutionHistory, DateTimeOffset exportedAt)
    {
        var byId = questions.ToDictionary(q => q.Id, StringComparer.Ordinal);
        static string? T(DateTimeOffset? t) => t is { } v ? LedgerTime.Format(v) : null;
        return new LedgerFile(LedgerDocument.FormatVersion, LedgerTime.Format(exportedAt),
            forecasters.Select(f => new LedgerFile.ForecasterEntry(f.Name, LedgerValidation.Name(f.Kind), f.Description)).ToList(),
            questions.Select(q => new LedgerFile.QuestionEntry(q.Id, q.Title, LedgerValidation.Name(q.Kind), q.Options.Count > 0 ? q.Options : null,
                q.Ordered ? true : null, q.Lower, q.Upper, q.Unit, q.Threshold, q.Criteria, LedgerTime.Format(q.OpenTime), LedgerTime.Format(q.CloseTime),
                T(q.ResolveTime), q.ConditionQuestionId, q.ConditionOutcome, q.ConditionText, q.Url, q.Source, LedgerValidation.Name(q.State), q.ThreatBy)).ToList(),
            forecasts.Select(f =>
            {
                var binary = byId.TryGetValue(f.QuestionId, out var q) && q.Kind == QuestionKind.Binary;
                return new LedgerFile.ForecastEntry(f.QuestionId, f.Forecaster, LedgerTime.Format(f.MadeAt),
                    binary ? f.Probabilities?[0] : null, binary ? null : f.Probabilities, f.Samples,
                    f.Quantiles?.Select(x => new LedgerFile.QuantileEntry(x.Level, x.Value)).ToList(), f.Rationale, f.SourceUrl, f.Quote,
                    f.Provenance is { } p ? new LedgerFile.ProvenanceEntry(p.BrinkVersion, p.Model, p.ScenarioHash, p.Seed, p.Note) : null, T(f.RecordedAt));
            }).ToList(),
            resolutionHistory.Select(r => new LedgerFile.ResolutionEntry(r.QuestionId, r.Revision, LedgerValidation.Name(r.State),
                byId.TryGetValue(r.QuestionId, out var q) && r.Value is not null ? OutcomeParser.Format(q, r.Value) : null, r.Value,
                T(r.ResolvedAt), r.Evidence, r.EvidenceUrl, r.Reason, T(r.RecordedAt))).ToList());
    }

    /// <summary>One CSV row per forecast, with its question and the question's current state and outcome.</summary>
    public static void WriteForecastsCsv(TextWriter w, IReadOnlyList<Question> questions, IReadOnlyList<Forecast> forecasts, IReadOnlyDictionary<string, Resolution> current)
    {
        var byId = questions.ToDictionary(q => q.Id, StringComparer.Ordinal);
        using var csv = new CsvHelper.CsvWriter(w, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var h in new[] { "question_id", "question_title", "kind", "state", "outcome", "forecaster", "made_at", "probabilities", "quantiles", "samples", "rationale", "source_url", "quote" })
            csv.WriteField(h);
        csv.NextRecord();
        foreach (var f in forecasts)
        {
            var q = byId[f.QuestionId];
            current.TryGetValue(q.Id, out var r);
            csv.WriteField(q.Id);
            csv.WriteField(q.Title);
            csv.WriteField(LedgerValidation.Name(q.Kind));
            csv.WriteField(LedgerValidation.Name(q.State));
            csv.WriteField(r is null ? "" : OutcomeParser.Format(q, r.Value));
            csv.WriteField(f.Forecaster);
            csv.WriteField(LedgerTime.Format(f.MadeAt));
            csv.WriteField(f.Probabilities is null ? "" : string.Join(";", f.Probabilities.Select(p => p.ToString("R", CultureInfo.InvariantCulture))));
            csv.WriteField(f.Quantiles is null ? "" : string.Join(";", f.Quantiles.Select(x => $"{x.Level.ToString("R", CultureInfo.InvariantCulture)}:{x.Value.ToString("R", CultureInfo.InvariantCulture)}")));
            csv.WriteField(f.Samples is null ? "" : f.Samples.Count.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(f.Rationale ?? "");
            csv.WriteField(f.SourceUrl ?? "");
            csv.WriteField(f.Quote ?? "");
            csv.NextRecord();
        }
    }
}
