using Brink.Ledger.Import;
using Brink.Scenarios;

namespace Brink.Ledger;

/// <summary>A user error against the ledger (unknown question, resolving twice without the flag, …): the message says what to do.</summary>
public sealed class LedgerException(string message) : Exception(message);

/// <summary>What went wrong with the storage itself (not with the user's request).</summary>
public enum StorageFailure
{
    /// <summary>The database cannot be reached or opened (server down, wrong host or password, file not openable).</summary>
    Unavailable,
    /// <summary>Another writer held the database longer than the timeout; trying again may work.</summary>
    Busy,
    /// <summary>The database is read-only to this user but the command writes.</summary>
    ReadOnly,
    /// <summary>The database is damaged, or a stored value is not one Brink writes (e.g. an unknown enum name).</summary>
    Damaged,
    /// <summary>The database refused a change its own rules forbid (append-only history, fixed question definitions).</summary>
    RuleViolation,
}

/// <summary>
/// A storage error with a provider-neutral message naming the ledger (file or server, never a password) and what to do.
/// Front ends catch this instead of SQLite's or Npgsql's own exceptions.
/// </summary>
public sealed class LedgerStorageException(StorageFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>What kind of failure it was, so a front end can choose the exit code or HTTP status.</summary>
    public StorageFailure Failure { get; } = failure;
}

/// <summary>What an import did.</summary>
public sealed record ImportOutcome(
    bool Committed, long ImportId, int QuestionsAdded, int QuestionsExisting, int ForecastsAdded, int ForecastsExisting,
    int ResolutionsAdded, int ForecastersAdded, int SkippedRows, IReadOnlyList<Diagnostic> Problems)
{
    /// <summary>Forecasts given twice in the file with the same value, skipped (those already in the ledger are <see cref="ForecastsExisting"/>).</summary>
    public int DuplicatesSkipped { get; init; }
}

/// <summary>Filter for <see cref="ILedgerStore.ListQuestions"/>.</summary>
public sealed record QuestionFilter(QuestionState? State = null, string? Source = null, string? Search = null, int Limit = 0);

/// <summary>
/// The forecast ledger, whatever holds it (an SQLite file, a PostgreSQL database). Every implementation keeps the same
/// rules, checked by one contract test suite: questions are fixed once recorded; forecasts are append-only and never
/// replaced (same forecaster, question and time with another value is refused); the resolution history is append-only,
/// and a resolved question changes only through a re-resolution with a reason, recorded as a new revision; every write
/// is one transaction (all of it or none). User mistakes are <see cref="LedgerException"/>, storage failures
/// <see cref="LedgerStorageException"/>.
/// </summary>
public interface ILedgerStore : IDisposable
{
    /// <summary>Where the ledger is, for messages: a full file path, or a server URL without its password.</summary>
    string Location { get; }

    /// <summary>The clock that stamps <see cref="Forecast.RecordedAt"/> and <see cref="Resolution.RecordedAt"/> (a fake one in tests).</summary>
    IClock Clock { get; }

    /// <summary>The schema version (numbered migrations) the ledger is at.</summary>
    int SchemaVersion { get; }

    /// <summary>Adds a question. Throws <see cref="LedgerException"/> if it is invalid or its id is taken.</summary>
    void AddQuestion(Question q);

    /// <summary>Adds a forecaster, or returns the existing one with that name.</summary>
    Forecaster AddForecaster(Forecaster f);

    /// <summary>
    /// Records a forecast (creating its forecaster with <paramref name="kindIfNew"/> if unknown); returns it with its id and recording time.
    /// A forecast made after the question's close time would never be scored, so it is refused unless <paramref name="allowAfterClose"/>.
    /// </summary>
    Forecast AddForecast(Forecast f, ForecasterKind kindIfNew = ForecasterKind.Person, bool allowAfterClose = false);

    /// <summary>Appends to a question's resolution history; a question already resolved changes only with <paramref name="reresolve"/> and a reason.</summary>
    Resolution Resolve(Resolution r, bool reresolve = false);

    /// <summary>
    /// As <see cref="Resolve(Resolution, bool)"/>, and writes the audit record that <paramref name="audit"/> makes of the stored
    /// resolution (who, when, why) into the server's audit log in the same transaction: both are committed or neither is.
    /// The audit log must exist (the server has accounts); on SQLite a team's ledger file writes into the main file's log.
    /// </summary>
    Resolution Resolve(Resolution r, bool reresolve, Func<Resolution, Accounts.AuditEntry> audit);

    /// <summary>Writes an import batch in one transaction (see the SQLite implementation for the duplicate and conflict rules).</summary>
    ImportOutcome Import(ImportBatch batch, bool skipBad, IProgress<int>? progress = null, CancellationToken cancel = default);

    /// <summary>
    /// As <see cref="Import(ImportBatch, bool, IProgress{int}?, CancellationToken)"/>, and writes the audit record that
    /// <paramref name="audit"/> makes of each resolution the import stores into the server's audit log, in the import's own
    /// transaction: an import that is refused or fails leaves no audit record, a committed one leaves one per resolution.
    /// </summary>
    ImportOutcome Import(ImportBatch batch, bool skipBad, Func<Resolution, Accounts.AuditEntry> audit, IProgress<int>? progress = null, CancellationToken cancel = default);

    /// <summary>The question with this id, or null if the ledger has none.</summary>
    Question? GetQuestion(string id);
    /// <summary>Questions matching <paramref name="filter"/> (all of them when null), ordered by open time, then id.</summary>
    IReadOnlyList<Question> ListQuestions(QuestionFilter? filter = null);
    /// <summary>All forecasters, ordered by name.</summary>
    IReadOnlyList<Forecaster> ListForecasters();
    /// <summary>A question's forecasts, ordered by the time they were made (then by id); empty for an unknown question.</summary>
    IReadOnlyList<Forecast> GetForecasts(string questionId);
    /// <summary>Every forecast in the ledger, ordered by question, then by the time made.</summary>
    IReadOnlyList<Forecast> AllForecasts();
    /// <summary>A question's resolution history, oldest revision first; the last entry is the current resolution.</summary>
    IReadOnlyList<Resolution> ResolutionHistory(string questionId);

    /// <summary>Every resolution entry, in history order per question.</summary>
    IReadOnlyList<Resolution> AllResolutions();

    /// <summary>The latest resolution of each question that has one.</summary>
    IReadOnlyDictionary<string, Resolution> CurrentResolutions();

    /// <summary>Questions with their current resolution and forecasts, for scoring.</summary>
    IReadOnlyList<ScoringQuestion> LoadForScoring(string? source = null, IReadOnlyCollection<string>? forecasters = null);

    /// <summary>Row counts per table (questions, forecasters, forecasts, resolutions, imports).</summary>
    IReadOnlyDictionary<string, long> Counts();

    /// <summary>The database's own consistency check: "ok" when sound.</summary>
    string IntegrityCheck();
}
