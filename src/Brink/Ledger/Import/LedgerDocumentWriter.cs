using System.Globalization;

namespace Brink.Ledger.Import;

/// <summary>The serialisable shape of a ledger file (see <see cref="LedgerDocument"/>); null fields are omitted when written.</summary>
public sealed record LedgerFile(
    int Ledger, string ExportedAt, IReadOnlyList<LedgerFile.ForecasterEntry> Forecasters, IReadOnlyList<LedgerFile.QuestionEntry> Questions,
    IReadOnlyList<LedgerFile.ForecastEntry> Forecasts, IReadOnlyList<LedgerFile.ResolutionEntry> Resolutions)
{
    public sealed record ForecasterEntry(string Name, string Kind, string? Description);
    public sealed record QuestionEntry(
        string Id, string Title, string Kind, IReadOnlyList<string>? Options, bool? Ordered, double? Lower, double? Upper, string? Unit, double? Threshold,
        string Criteria, string OpenTime, string CloseTime, string? ResolveTime, string? ConditionQuestion, double? ConditionOutcome, string? ConditionText,
        string? Url, string? Source, string State, string? ThreatBy = null);
    public sealed record QuantileEntry(double Level, double Value);
    public sealed record ProvenanceEntry(string BrinkVersion, string? Model, string? ScenarioHash, long? Seed, string? Note);
    public sealed record ForecastEntry(
        string Question, string Forecaster, string MadeAt, double? Probability, IReadOnlyList<double>? Probabilities, IReadOnlyList<double>? Samples,
        IReadOnlyList<QuantileEntry>? Quantiles, string? Rationale, string? SourceUrl, string? Quote, ProvenanceEntry? Provenance, string? RecordedAt);
    public sealed record ResolutionEntry(
        string Question, int Revision, string State, string? Outcome, double? Value, string? ResolvedAt, string? Evidence, string? EvidenceUrl, string? Reason, string? RecordedAt);
}

/// <summary>Builds a <see cref="LedgerFile"/> and writes forecasts as CSV.</summary>
public static class LedgerDocumentWriter
{
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
