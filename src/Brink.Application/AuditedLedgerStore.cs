using Brink.Accounts;
using Brink.Ledger;
using Brink.Ledger.Import;

namespace Brink.Application;

/// <summary>
/// A ledger whose every resolution writes its audit record (who, when, why) in the same transaction as the resolution
/// itself (<see cref="ILedgerStore.Resolve(Resolution, bool, Func{Resolution, AuditEntry})"/>), and so does every resolution an
/// import stores (its why: the import, see <see cref="AuditRecords.Imported"/>): what a signed-in account resolves through any
/// front end is committed together with its audit row, or not at all. Everything else passes through.
/// </summary>
public sealed class AuditedLedgerStore(ILedgerStore inner, Func<Resolution, AuditEntry> audit) : ILedgerStore
{
    public string Location => inner.Location;
    public IClock Clock => inner.Clock;
    public int SchemaVersion => inner.SchemaVersion;

    public void AddQuestion(Question q) => inner.AddQuestion(q);
    public Forecaster AddForecaster(Forecaster f) => inner.AddForecaster(f);
    public Forecast AddForecast(Forecast f, ForecasterKind kindIfNew = ForecasterKind.Person, bool allowAfterClose = false) => inner.AddForecast(f, kindIfNew, allowAfterClose);
    public Resolution Resolve(Resolution r, bool reresolve = false) => inner.Resolve(r, reresolve, audit);
    public Resolution Resolve(Resolution r, bool reresolve, Func<Resolution, AuditEntry> audit) => inner.Resolve(r, reresolve, audit);
    /// <summary>Imports with an audit record per imported resolution (why: the import and its file), in the import's transaction.</summary>
    public ImportOutcome Import(ImportBatch batch, bool skipBad, IProgress<int>? progress = null, CancellationToken cancel = default) =>
        inner.Import(batch, skipBad, r => AuditRecords.Imported(audit(r), r, batch), progress, cancel);
    public ImportOutcome Import(ImportBatch batch, bool skipBad, Func<Resolution, AuditEntry> audit, IProgress<int>? progress = null, CancellationToken cancel = default) =>
        inner.Import(batch, skipBad, audit, progress, cancel);
    public Question? GetQuestion(string id) => inner.GetQuestion(id);
    public IReadOnlyList<Question> ListQuestions(QuestionFilter? filter = null) => inner.ListQuestions(filter);
    public IReadOnlyList<Forecaster> ListForecasters() => inner.ListForecasters();
    public IReadOnlyList<Forecast> GetForecasts(string questionId) => inner.GetForecasts(questionId);
    public IReadOnlyList<Forecast> AllForecasts() => inner.AllForecasts();
    public IReadOnlyList<Resolution> ResolutionHistory(string questionId) => inner.ResolutionHistory(questionId);
    public IReadOnlyList<Resolution> AllResolutions() => inner.AllResolutions();
    public IReadOnlyDictionary<string, Resolution> CurrentResolutions() => inner.CurrentResolutions();
    public IReadOnlyList<ScoringQuestion> LoadForScoring(string? source = null, IReadOnlyCollection<string>? forecasters = null) => inner.LoadForScoring(source, forecasters);
    public IReadOnlyDictionary<string, long> Counts() => inner.Counts();
    public string IntegrityCheck() => inner.IntegrityCheck();
    public void Dispose() => inner.Dispose();
}
