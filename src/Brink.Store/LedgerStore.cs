using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Brink.Ledger;
using Brink.Ledger.Import;
using Brink.Scenarios;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Brink.Store;

/// <summary>
/// The ledger in SQLite (WAL journal, busy timeout, foreign keys). Every write is one IMMEDIATE transaction, so
/// concurrent writers queue instead of failing and a crash leaves either all of a write or none of it.
/// Schema migrations run on open (<see cref="LedgerSchema"/>). Not thread-safe: one instance per thread or process.
/// </summary>
public sealed class LedgerStore : ILedgerStore
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    static LedgerStore() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    private readonly SqliteConnection _connection;

    private LedgerStore(SqliteConnection connection, string path, IClock clock)
    {
        _connection = connection;
        Path = path;
        Clock = clock;
    }

    public string Path { get; }
    public string Location => Path;
    public IClock Clock { get; }
    internal SqliteConnection Connection => _connection;

    /// <summary>BRINK_DB if set, else LocalApplicationData/brink/ledger.db.</summary>
    public static string DefaultPath() =>
        Environment.GetEnvironmentVariable("BRINK_DB") is { Length: > 0 } env
            ? env
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "brink", "ledger.db");

    /// <summary>How long a write waits for another writer before "ledger busy": BRINK_BUSY_TIMEOUT_MS if set, else 30 s.</summary>
    public static int DefaultBusyTimeoutMs =>
        int.TryParse(Environment.GetEnvironmentVariable("BRINK_BUSY_TIMEOUT_MS"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0 ? ms : 30_000;

    /// <summary>
    /// Opens (creating if needed) the ledger at <paramref name="path"/> and migrates it to the latest schema.
    /// A missing parent directory is created only when <paramref name="createDirectory"/> is set (the default location);
    /// a path that is not a regular file, a damaged database or another program's SQLite file is a <see cref="LedgerException"/>.
    /// </summary>
    public static LedgerStore Open(string path, IClock? clock = null, int busyTimeoutMs = 0, bool createDirectory = true)
    {
        if (busyTimeoutMs <= 0) busyTimeoutMs = DefaultBusyTimeoutMs;
        var full = CheckPath(path, createDirectory);
        return OpenConnection(full, clock, busyTimeoutMs, readOnly: false);
    }

    /// <summary>
    /// Opens the ledger for reading only (list, show, score): a read-only file or directory is fine. A ledger that does
    /// not exist yet, or needs a schema upgrade, is opened as by <see cref="Open"/> (the upgrade has to write).
    /// </summary>
    public static LedgerStore OpenForReading(string path, IClock? clock = null, int busyTimeoutMs = 0, bool createDirectory = true)
    {
        if (busyTimeoutMs <= 0) busyTimeoutMs = DefaultBusyTimeoutMs;
        var full = CheckPath(path, createDirectory);
        if (!File.Exists(full)) return OpenConnection(full, clock, busyTimeoutMs, readOnly: false);
        var store = OpenConnection(full, clock, busyTimeoutMs, readOnly: true);
        if (store.HasSchemaTable && store.SchemaVersion >= LedgerSchema.Latest) return store;
        store.Dispose();
        try { return OpenConnection(full, clock, busyTimeoutMs, readOnly: false); }
        catch (SqliteException e) when (e.SqliteErrorCode is 8 or 14)
        {
            throw new LedgerException($"{full}: the ledger needs an upgrade to schema version {LedgerSchema.Latest}, which has to write, but the file is read-only; make it writable once");
        }
    }

    private static string CheckPath(string path, bool createDirectory)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (string.IsNullOrWhiteSpace(path)) throw new LedgerException("--db: the ledger path is empty; give a file name (or leave --db out for the default ledger)");
        string full;
        try { full = System.IO.Path.GetFullPath(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { throw new LedgerException($"{path}: not a usable ledger path ({e.Message})"); }
        var kind = Brink.Files.FileKinds.Of(full);
        if (kind == Brink.Files.FileKind.Directory) throw new LedgerException($"{full}: is a directory; --db names the ledger file (e.g. {System.IO.Path.Combine(full, "ledger.db")})");
        if (kind is not (Brink.Files.FileKind.Missing or Brink.Files.FileKind.Regular))
            throw new LedgerException($"{full}: is {Brink.Files.FileKinds.Describe(kind)}, not a regular file; a ledger is an SQLite database file");
        if (kind == Brink.Files.FileKind.Missing && System.IO.Path.GetDirectoryName(full) is { } dir && !Directory.Exists(dir))
        {
            if (File.Exists(dir)) throw new LedgerException($"{full}: cannot create the ledger: {dir} is a file, not a directory");
            if (!createDirectory) throw new LedgerException($"{full}: cannot create the ledger: the directory {dir} does not exist (create it first)");
            try { Directory.CreateDirectory(dir); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new LedgerException($"{full}: cannot create the ledger's directory: {e.Message}"); }
        }
        return full;
    }

    private static LedgerStore OpenConnection(string full, IClock? clock, int busyTimeoutMs, bool readOnly)
    {
        var cs = new SqliteConnectionStringBuilder
        {
            DataSource = full, Pooling = false, DefaultTimeout = Math.Max(1, busyTimeoutMs / 1000),
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
        }.ToString();
        var connection = new SqliteConnection(cs);
        try
        {
            connection.Open();
            connection.Execute($"PRAGMA busy_timeout = {busyTimeoutMs};");
            var store = new LedgerStore(connection, full, clock ?? SystemClock.Instance);
            store.CheckIsLedger();
            if (!readOnly)
            {
                connection.ExecuteScalar<string>("PRAGMA journal_mode = WAL;");
                connection.Execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
                // Only a ledger behind the latest schema takes the write lock to migrate (Migrate checks again under it).
                if (!store.HasSchemaTable || store.SchemaVersion < LedgerSchema.Latest) store.Migrate();
            }
            return store;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 26 or 11)
        {
            connection.Dispose();
            throw new LedgerException($"{full}: {(e.SqliteErrorCode == 26 ? "not an SQLite database" : "the database is damaged")} ({e.Message.TrimEnd('.')}); not a Brink ledger, or a damaged one: restore it from a backup or give another --db");
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>An SQLite file with tables but no <c>schema_version</c> belongs to another program: never add Brink's tables to it.</summary>
    private void CheckIsLedger()
    {
        var tables = _connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").ToList();
        if (tables.Count > 0 && !tables.Contains("schema_version"))
            throw new LedgerException($"{Path}: an SQLite database but not a Brink ledger (it has tables {string.Join(", ", tables.Take(5))}{(tables.Count > 5 ? ", …" : "")} and no schema_version); give another --db");
        if (tables.Contains("schema_version") && SchemaVersion > LedgerSchema.Latest)
            throw new LedgerException($"{Path}: ledger schema version {SchemaVersion} is newer than this Brink ({LedgerSchema.Latest}); upgrade Brink.");
    }

    public void Dispose() => _connection.Dispose();

    private bool HasSchemaTable =>
        _connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'") > 0;

    public int SchemaVersion =>
        _connection.ExecuteScalar<int>("SELECT COALESCE(MAX(version), 0) FROM schema_version");

    private void Migrate()
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        _connection.Execute("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)", transaction: tx);
        var current = _connection.ExecuteScalar<int>("SELECT COALESCE(MAX(version), 0) FROM schema_version", transaction: tx);
        if (current > LedgerSchema.Latest)
            throw new LedgerException($"{Path}: ledger schema version {current} is newer than this Brink ({LedgerSchema.Latest}); upgrade Brink.");
        foreach (var m in LedgerSchema.Migrations.Where(m => m.Version > current))
        {
            _connection.Execute(m.Sql, transaction: tx);
            _connection.Execute("INSERT INTO schema_version(version, description, applied_at) VALUES (@v, @d, @t)",
                new { v = m.Version, d = m.Description, t = Now() }, tx);
        }
        tx.Commit();
    }

    private string Now() => LedgerTime.Format(Clock.UtcNow);

    // ---------------------------------------------------------------- writes

    /// <summary>Adds a question. Throws <see cref="LedgerException"/> if it is invalid or its id is taken.</summary>
    public void AddQuestion(Question q)
    {
        var errors = LedgerValidation.Check(q);
        if (errors.Count > 0) throw new LedgerException($"question '{q.Id}': {string.Join("; ", errors)}");
        using var tx = _connection.BeginTransaction(deferred: false);
        if (QuestionExists(q.Id, tx)) throw new LedgerException($"question '{q.Id}' already exists; questions are never changed, choose another id");
        if (q.ConditionQuestionId is { } c && !QuestionExists(c, tx)) throw new LedgerException($"question '{q.Id}': condition question '{c}' is not in the ledger");
        InsertQuestion(q with { State = QuestionState.Open }, null, tx, orIgnore: false);
        tx.Commit();
    }

    /// <summary>Adds a forecaster, or returns the existing one with that name.</summary>
    public Forecaster AddForecaster(Forecaster f)
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        var result = EnsureForecaster(f, tx).Forecaster;
        tx.Commit();
        return result;
    }

    /// <summary>
    /// Records a forecast (creating its forecaster as a person if unknown, unless <paramref name="kindIfNew"/> says otherwise).
    /// Returns the stored forecast with its id and recording time. A forecast made after the question's close time
    /// would never be scored, so it is refused unless <paramref name="allowAfterClose"/> (the caller then says it will not count).
    /// </summary>
    public Forecast AddForecast(Forecast f, ForecasterKind kindIfNew = ForecasterKind.Person, bool allowAfterClose = false)
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        var q = GetQuestion(f.QuestionId, tx) ?? throw new LedgerException($"no question '{f.QuestionId}' in the ledger (see 'brink ledger list')");
        var errors = LedgerValidation.Check(q, f);
        if (errors.Count > 0) throw new LedgerException($"forecast on '{q.Id}': {string.Join("; ", errors)}");
        if (!allowAfterClose && ForecastEligibility.AfterClose(q, f) is { } late)
            throw new LedgerException($"forecast on '{q.Id}' refused: {late}");
        var (forecaster, id, _) = EnsureForecaster(new Forecaster(f.Forecaster, kindIfNew), tx);
        var stored = f with { RecordedAt = Clock.UtcNow, Forecaster = forecaster.Name };
        using var cmd = ForecastInsert(tx, orIgnore: false);
        try
        {
            BindForecast(cmd, stored, id, null);
            stored = stored with { Id = (long)cmd.ExecuteScalar()! };
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            throw new LedgerException($"{forecaster.Name} already has a forecast on '{q.Id}' made at {LedgerTime.Format(f.MadeAt)}; forecasts are never replaced, add a new one with a later time");
        }
        tx.Commit();
        return stored;
    }

    /// <summary>
    /// Resolves, annuls or marks ambiguous a question by appending to its resolution history.
    /// A question that already has a resolution is changed only with <paramref name="reresolve"/>; the old entry stays in the history.
    /// </summary>
    public Resolution Resolve(Resolution r, bool reresolve = false) => Resolve(r, reresolve, null);

    /// <summary>
    /// Resolves and appends the audit record in one transaction. The audit log is the <c>audit</c> table of this file, or, for
    /// a team's ledger (see <see cref="AuditInto"/>), of the main file, attached to this connection: SQLite commits the two
    /// files together (a failed statement or a refused commit leaves neither).
    /// </summary>
    public Resolution Resolve(Resolution r, bool reresolve, Func<Resolution, Brink.Accounts.AuditEntry>? audit)
    {
        var table = AuditTable(audit is not null);
        using var tx = _connection.BeginTransaction(deferred: false);
        var q = GetQuestion(r.QuestionId, tx) ?? throw new LedgerException($"no question '{r.QuestionId}' in the ledger");
        var errors = LedgerValidation.Check(q, r);
        if (errors.Count > 0) throw new LedgerException($"resolution of '{q.Id}': {string.Join("; ", errors)}");
        var history = ResolutionHistory(q.Id, tx);
        if (history.Count > 0 && !reresolve)
        {
            var cur = history[^1];
            throw new LedgerException($"question '{q.Id}' is already {LedgerValidation.Name(cur.State)}" +
                (cur.Value is { } v ? $" ({OutcomeParser.Format(q, v)})" : "") +
                $" since revision {cur.Revision}; to change it pass --reresolve with --reason (the old resolution stays in the history)");
        }
        if (history.Count > 0 && string.IsNullOrWhiteSpace(r.Reason))
            throw new LedgerException($"re-resolving '{q.Id}' needs a reason (--reason)");
        var stored = r with { Revision = history.Count + 1, RecordedAt = Clock.UtcNow };
        InsertResolution(stored, null, tx);
        if (audit is not null) InsertAudit(table, audit(stored), tx);
        tx.Commit();
        return stored;
    }

    private string? _auditFile;

    /// <summary>
    /// The audit table the records go to: this file's, or for a team's ledger the main file's, attached to this connection
    /// before the transaction begins (SQLite cannot attach inside one).
    /// </summary>
    private string AuditTable(bool needed)
    {
        if (!needed || _auditFile is not { } file) return "audit";
        if (_connection.ExecuteScalar<long>("SELECT COUNT(*) FROM pragma_database_list WHERE name = 'brink_accounts'") == 0)
            _connection.Execute("ATTACH DATABASE @file AS brink_accounts", new { file });
        return "brink_accounts.audit";
    }

    /// <summary>
    /// For a team's ledger file: the main ledger file whose <c>audit</c> table receives this ledger's resolution records
    /// (<see cref="Resolve(Resolution, bool, Func{Resolution, Brink.Accounts.AuditEntry})"/>).
    /// </summary>
    public LedgerStore AuditInto(string mainFile)
    {
        _auditFile = System.IO.Path.GetFullPath(mainFile);
        return this;
    }

    private void InsertAudit(string table, Brink.Accounts.AuditEntry e, SqliteTransaction tx) =>
        _connection.Execute($"INSERT INTO {table}(at, actor, action, team, subject, reason, detail) VALUES (@At, @Actor, @Action, @Team, @Subject, @Reason, @Detail)",
            new { At = LedgerTime.Format(e.At), e.Actor, e.Action, e.Team, e.Subject, e.Reason, e.Detail }, tx);

    private bool QuestionExists(string id, SqliteTransaction? tx) =>
        _connection.ExecuteScalar<long>("SELECT COUNT(*) FROM questions WHERE id = @id", new { id }, tx) > 0;

    private int InsertQuestion(Question q, long? importId, SqliteTransaction tx, bool orIgnore) =>
        _connection.Execute($"""
            INSERT {(orIgnore ? "OR IGNORE " : "")}INTO questions(id, title, kind, options, ordered, lower, upper, unit, threshold, criteria, open_time, close_time,
                resolve_time, state, condition_question_id, condition_outcome, condition_text, url, source, created_at, import_id, threat_by)
            VALUES (@Id, @Title, @Kind, @Options, @Ordered, @Lower, @Upper, @Unit, @Threshold, @Criteria, @OpenTime, @CloseTime,
                @ResolveTime, 'open', @ConditionQuestionId, @ConditionOutcome, @ConditionText, @Url, @Source, @CreatedAt, @ImportId, @ThreatBy)
            """,
            new
            {
                q.Id, q.Title, Kind = LedgerValidation.Name(q.Kind), Options = q.Options.Count > 0 ? JsonSerializer.Serialize(q.Options) : null,
                Ordered = q.Ordered ? 1 : 0, q.Lower, q.Upper, q.Unit, q.Threshold, q.Criteria,
                OpenTime = LedgerTime.Format(q.OpenTime), CloseTime = LedgerTime.Format(q.CloseTime),
                ResolveTime = q.ResolveTime is { } rt ? LedgerTime.Format(rt) : null,
                q.ConditionQuestionId, q.ConditionOutcome, q.ConditionText, q.Url, q.Source, CreatedAt = Now(), ImportId = importId, q.ThreatBy,
            }, tx);

    private void InsertResolution(Resolution r, long? importId, SqliteTransaction tx)
    {
        _connection.Execute("""
            INSERT INTO resolutions(question_id, revision, state, value, resolved_at, evidence, evidence_url, reason, recorded_at, import_id, recorded_by)
            VALUES (@QuestionId, @Revision, @State, @Value, @ResolvedAt, @Evidence, @EvidenceUrl, @Reason, @RecordedAt, @ImportId, @RecordedBy)
            """,
            new
            {
                r.QuestionId, r.Revision, State = LedgerValidation.Name(r.State), r.Value,
                ResolvedAt = r.ResolvedAt is { } t ? LedgerTime.Format(t) : null, r.Evidence, r.EvidenceUrl, r.Reason,
                RecordedAt = LedgerTime.Format(r.RecordedAt ?? Clock.UtcNow), ImportId = importId, r.RecordedBy,
            }, tx);
        _connection.Execute("UPDATE questions SET state = @s WHERE id = @id", new { s = LedgerValidation.Name(r.State), id = r.QuestionId }, tx);
    }

    private (Forecaster Forecaster, long Id, bool Added) EnsureForecaster(Forecaster f, SqliteTransaction tx)
    {
        if (string.IsNullOrWhiteSpace(f.Name)) throw new LedgerException("a forecaster needs a name");
        var row = _connection.QuerySingleOrDefault<ForecasterRow>("SELECT id, name, kind, description FROM forecasters WHERE name = @Name", new { f.Name }, tx);
        if (row is not null) return (row.ToForecaster(), row.Id, false);
        var id = _connection.ExecuteScalar<long>("INSERT INTO forecasters(name, kind, description, created_at) VALUES (@Name, @Kind, @Description, @Now) RETURNING id",
            new { f.Name, Kind = LedgerValidation.Name(f.Kind), f.Description, Now = Now() }, tx);
        return (f, id, true);
    }

    private SqliteCommand ForecastInsert(SqliteTransaction tx, bool orIgnore)
    {
        var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"""
            INSERT {(orIgnore ? "OR IGNORE " : "")}INTO forecasts(question_id, forecaster_id, made_at, probabilities, samples, quantiles, rationale, source_url, quote, provenance, recorded_at, import_id, recorded_by)
            VALUES ($q, $f, $t, $p, $s, $qs, $r, $u, $quote, $prov, $rec, $imp, $by) RETURNING id
            """;
        foreach (var name in new[] { "$q", "$f", "$t", "$p", "$s", "$qs", "$r", "$u", "$quote", "$prov", "$rec", "$imp", "$by" }) cmd.Parameters.Add(new SqliteParameter(name, null));
        cmd.Prepare();
        return cmd;
    }

    private void BindForecast(SqliteCommand cmd, Forecast f, long forecasterId, long? importId)
    {
        var p = cmd.Parameters;
        p[0].Value = f.QuestionId;
        p[1].Value = forecasterId;
        p[2].Value = LedgerTime.Format(f.MadeAt);
        p[3].Value = f.Probabilities is null ? DBNull.Value : StoredForecastText.Numbers(f.Probabilities);
        p[4].Value = f.Samples is null ? DBNull.Value : StoredForecastText.Numbers(f.Samples);
        p[5].Value = f.Quantiles is null ? DBNull.Value : StoredForecastText.Quantiles(f.Quantiles);
        p[6].Value = (object?)f.Rationale ?? DBNull.Value;
        p[7].Value = (object?)f.SourceUrl ?? DBNull.Value;
        p[8].Value = (object?)f.Quote ?? DBNull.Value;
        p[9].Value = f.Provenance is null ? DBNull.Value : JsonSerializer.Serialize(f.Provenance, Json);
        p[10].Value = LedgerTime.Format(f.RecordedAt ?? Clock.UtcNow);
        p[11].Value = (object?)importId ?? DBNull.Value;
        p[12].Value = (object?)f.RecordedBy ?? DBNull.Value;
    }

    /// <summary>A forecast's value as stored (probabilities, samples, quantiles), for telling a duplicate from a conflict.</summary>
    private sealed class ForecastValueRow
    {
        public string? Probabilities { get; set; }
        public string? Samples { get; set; }
        public string? Quantiles { get; set; }
    }

    // ---------------------------------------------------------------- import

    /// <summary>
    /// Writes an import batch in one transaction with prepared commands. With bad rows and <paramref name="skipBad"/> false
    /// nothing is written and the problems are returned; with it, the bad rows are left out.
    /// Questions and forecasts already present are kept (re-importing a file adds nothing); a resolution that disagrees with
    /// the ledger's is a problem, never an overwrite. <paramref name="progress"/> gets the number of forecasts written so far.
    /// </summary>
    public ImportOutcome Import(ImportBatch batch, bool skipBad, IProgress<int>? progress = null, CancellationToken cancel = default) =>
        ImportWithAudit(batch, skipBad, null, progress, cancel);

    /// <summary>As <see cref="Import(ImportBatch, bool, IProgress{int}?, CancellationToken)"/>, with an audit record per stored resolution in the same transaction.</summary>
    public ImportOutcome Import(ImportBatch batch, bool skipBad, Func<Resolution, Brink.Accounts.AuditEntry> audit, IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return ImportWithAudit(batch, skipBad, audit, progress, cancel);
    }

    private ImportOutcome ImportWithAudit(ImportBatch batch, bool skipBad, Func<Resolution, Brink.Accounts.AuditEntry>? audit, IProgress<int>? progress, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var problems = new List<Diagnostic>(batch.Problems);
        var badRows = batch.Errors.Count();
        if (badRows > 0 && !skipBad) return new ImportOutcome(false, 0, 0, 0, 0, 0, 0, 0, badRows, problems);

        var auditTable = AuditTable(audit is not null);
        using var tx = _connection.BeginTransaction(deferred: false);
        var importId = _connection.ExecuteScalar<long>(
            "INSERT INTO imports(source, file, sha256, started_at) VALUES (@s, @f, @h, @t) RETURNING id",
            new { s = batch.Source, f = batch.File, h = File.Exists(batch.File) ? Sha256(batch.File) : null, t = Now() }, tx);

        var forecasterIds = new Dictionary<string, long>(StringComparer.Ordinal);
        var forecastersAdded = 0;
        foreach (var f in batch.Forecasters)
        {
            var (_, id, added) = EnsureForecaster(f, tx);
            forecasterIds[f.Name] = id;
            if (added) forecastersAdded++;
        }

        int qAdded = 0, qExisting = 0;
        var inLedger = new HashSet<string>(_connection.Query<string>("SELECT id FROM questions", transaction: tx), StringComparer.Ordinal);
        foreach (var q in batch.Questions)
        {
            if (q.ConditionQuestionId is { } c && !inLedger.Contains(c) && batch.Questions.All(x => x.Id != c))
            { problems.Add(new Diagnostic(batch.File, 0, 0, "condition_question", $"question '{q.Id}': condition question '{c}' is unknown; left out")); continue; }
            if (InsertQuestion(q, importId, tx, orIgnore: true) == 1) { qAdded++; inLedger.Add(q.Id); }
            else
            {
                qExisting++;
                if (q.ThreatBy is { } threat) FillThreatBy(batch, q.Id, threat, problems, tx);
            }
        }

        var resolutionsAdded = 0;
        var conflicts = 0;
        foreach (var group in batch.Resolutions.GroupBy(r => r.QuestionId, StringComparer.Ordinal))
        {
            if (!inLedger.Contains(group.Key)) { problems.Add(new Diagnostic(batch.File, 0, 0, "resolutions", $"no question '{group.Key}'")); conflicts++; continue; }
            var history = ResolutionHistory(group.Key, tx);
            var incoming = group.ToList();
            if (history.Count > 0)
            {
                var cur = history[^1];
                var last = incoming[^1];
                if (cur.State == last.State && cur.Value == last.Value) continue;
                problems.Add(new Diagnostic(batch.File, 0, 0, "resolutions",
                    $"question '{group.Key}' is {LedgerValidation.Name(cur.State)} ({cur.Value}) in the ledger but {LedgerValidation.Name(last.State)} ({last.Value}) in the file; use 'brink ledger resolve --reresolve' to change it"));
                conflicts++;
                continue;
            }
            var rev = 0;
            foreach (var r in incoming)
            {
                var stored = r with { Revision = ++rev, RecordedAt = r.RecordedAt ?? Clock.UtcNow };
                InsertResolution(stored, importId, tx);
                if (audit is not null) InsertAudit(auditTable, audit(stored), tx);
                resolutionsAdded++;
            }
        }
        if (conflicts > 0 && !skipBad)
        {
            tx.Rollback();
            return new ImportOutcome(false, 0, 0, 0, 0, 0, 0, 0, conflicts, problems);
        }

        // A forecast is identified by question, forecaster and time. The same forecast twice (in the file, or already in the
        // ledger) is skipped and counted; the same key with a different value is a conflict reported with its line, never a
        // silent "keep the first".
        int fAdded = 0, fExisting = 0, duplicates = 0, done = 0, forecastConflicts = 0;
        var missing = new HashSet<string>(StringComparer.Ordinal);
        var seenInFile = new Dictionary<(string Question, string Forecaster, string MadeAt), (string Value, int Line)>();
        using (var cmd = ForecastInsert(tx, orIgnore: true))
        {
            var recorded = Clock.UtcNow;
            for (var i = 0; i < batch.Forecasts.Count; i++)
            {
                var f = batch.Forecasts[i];
                cancel.ThrowIfCancellationRequested();
                if (!inLedger.Contains(f.QuestionId)) { missing.Add(f.QuestionId); continue; }
                var line = batch.ForecastLine(i);
                var key = (f.QuestionId, f.Forecaster, LedgerTime.Format(f.MadeAt));
                var value = StoredForecastText.ValueOf(f);
                if (seenInFile.TryGetValue(key, out var first))
                {
                    if (first.Value == value) { duplicates++; continue; }
                    problems.Add(new Diagnostic(batch.ForecastFile, line, 1, "forecasts",
                        $"{f.Forecaster}'s forecast on '{f.QuestionId}' made at {key.Item3} is given twice with different values ({first.Value} at line {first.Line}, {value} here); an all-or-nothing import stops here, and skipping bad rows (--skip-bad) keeps line {first.Line}"));
                    forecastConflicts++;
                    continue;
                }
                seenInFile[key] = (value, line);
                if (!forecasterIds.TryGetValue(f.Forecaster, out var fid))
                {
                    var (_, id, added) = EnsureForecaster(new Forecaster(f.Forecaster, ForecasterKind.Person), tx);
                    forecasterIds[f.Forecaster] = fid = id;
                    if (added) forecastersAdded++;
                }
                BindForecast(cmd, f with { RecordedAt = f.RecordedAt ?? recorded }, fid, importId);
                if (cmd.ExecuteScalar() is not null) { fAdded++; }
                else
                {
                    var stored = _connection.QuerySingle<ForecastValueRow>(
                        "SELECT probabilities, samples, quantiles FROM forecasts WHERE question_id = @q AND forecaster_id = @fid AND made_at = @t",
                        new { q = f.QuestionId, fid, t = key.Item3 }, tx);
                    var storedValue = StoredForecastText.ValueOf(stored.Probabilities, stored.Samples, stored.Quantiles);
                    if (storedValue == value) fExisting++;
                    else
                    {
                        problems.Add(new Diagnostic(batch.ForecastFile, line, 1, "forecasts",
                            $"{f.Forecaster}'s forecast on '{f.QuestionId}' made at {key.Item3} is {storedValue} in the ledger but {value} in the file; forecasts are never replaced (record a new one with a later time)"));
                        forecastConflicts++;
                    }
                }
                if (++done % 20_000 == 0) progress?.Report(done);
            }
        }
        if (forecastConflicts > 0 && !skipBad)
        {
            tx.Rollback();
            return new ImportOutcome(false, 0, 0, 0, 0, 0, 0, 0, conflicts + forecastConflicts, problems) { DuplicatesSkipped = duplicates };
        }
        conflicts += forecastConflicts;
        foreach (var m in missing) problems.Add(new Diagnostic(batch.File, 0, 0, "forecasts", $"forecasts on question '{m}', which was left out, were skipped"));
        _connection.Execute("UPDATE imports SET questions = @qAdded, forecasts = @fAdded, resolutions = @resolutionsAdded, skipped_rows = @skipped WHERE id = @importId",
            new { qAdded, fAdded, resolutionsAdded, skipped = badRows + conflicts, importId }, tx);
        tx.Commit();
        progress?.Report(done);
        return new ImportOutcome(true, importId, qAdded, qExisting, fAdded, fExisting, resolutionsAdded, forecastersAdded, badRows + conflicts, problems) { DuplicatesSkipped = duplicates };
    }

    /// <summary>
    /// A question recorded before <c>threat_by</c> existed gets it from a re-import (the one change to a definition allowed:
    /// filling in a blank); a different actor already recorded is kept and reported.
    /// </summary>
    private void FillThreatBy(ImportBatch batch, string id, string threat, List<Diagnostic> problems, SqliteTransaction tx)
    {
        var existing = _connection.ExecuteScalar<string?>("SELECT threat_by FROM questions WHERE id = @id", new { id }, tx);
        if (existing is null)
            _connection.Execute("UPDATE questions SET threat_by = @threat WHERE id = @id AND threat_by IS NULL", new { threat, id }, tx);
        else if (existing != threat)
            problems.Add(new Diagnostic(batch.File, 0, 0, "questions", $"question '{id}' records a threat by '{existing}' in the ledger but by '{threat}' in the file; the ledger's is kept", Severity.Notice));
    }

    private static string Sha256(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }

    // ---------------------------------------------------------------- reads

    public Question? GetQuestion(string id) => GetQuestion(id, null);

    private Question? GetQuestion(string id, SqliteTransaction? tx) =>
        _connection.QuerySingleOrDefault<QuestionRow>("SELECT * FROM questions WHERE id = @id", new { id }, tx)?.ToQuestion();

    public IReadOnlyList<Question> ListQuestions(QuestionFilter? filter = null)
    {
        filter ??= new QuestionFilter();
        var sql = "SELECT * FROM questions WHERE 1 = 1";
        if (filter.State is { } s) sql += " AND state = @State";
        if (filter.Source is not null) sql += " AND source = @Source";
        // The search is literal text: % and _ in it are escaped, not wildcards.
        if (filter.Search is not null) sql += " AND (title LIKE @Like ESCAPE '\\' OR id LIKE @Like ESCAPE '\\')";
        sql += " ORDER BY open_time, id";
        if (filter.Limit > 0) sql += " LIMIT @Limit";
        return _connection.Query<QuestionRow>(sql, new
        {
            State = filter.State is { } st ? LedgerValidation.Name(st) : null, filter.Source, Like = $"%{EscapeLike(filter.Search)}%", filter.Limit,
        }).Select(r => r.ToQuestion()).ToList();
    }

    private static string? EscapeLike(string? text) =>
        text?.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    public IReadOnlyList<Forecaster> ListForecasters() =>
        _connection.Query<ForecasterRow>("SELECT id, name, kind, description FROM forecasters ORDER BY name").Select(r => r.ToForecaster()).ToList();

    public IReadOnlyList<Forecast> GetForecasts(string questionId) => QueryForecasts("WHERE f.question_id = @questionId", new { questionId });

    public IReadOnlyList<Forecast> AllForecasts() => QueryForecasts("", null);

    private List<Forecast> QueryForecasts(string where, object? args) =>
        _connection.Query<ForecastRow>($"""
            SELECT f.id, f.question_id, c.name AS forecaster, f.made_at, f.probabilities, f.samples, f.quantiles, f.rationale,
                   f.source_url, f.quote, f.provenance, f.recorded_at, f.recorded_by
            FROM forecasts f JOIN forecasters c ON c.id = f.forecaster_id {where}
            ORDER BY f.question_id, f.made_at, f.id
            """, args).Select(r => r.ToForecast()).ToList();

    public IReadOnlyList<Resolution> ResolutionHistory(string questionId) => ResolutionHistory(questionId, null);

    private List<Resolution> ResolutionHistory(string questionId, SqliteTransaction? tx) =>
        _connection.Query<ResolutionRow>("SELECT * FROM resolutions WHERE question_id = @questionId ORDER BY revision", new { questionId }, tx)
            .Select(r => r.ToResolution()).ToList();

    /// <summary>Every resolution entry, in history order per question.</summary>
    public IReadOnlyList<Resolution> AllResolutions() =>
        _connection.Query<ResolutionRow>("SELECT * FROM resolutions ORDER BY question_id, revision").Select(r => r.ToResolution()).ToList();

    /// <summary>The latest resolution of each question that has one.</summary>
    public IReadOnlyDictionary<string, Resolution> CurrentResolutions() =>
        _connection.Query<ResolutionRow>("""
            SELECT r.* FROM resolutions r
            JOIN (SELECT question_id, MAX(revision) AS revision FROM resolutions GROUP BY question_id) m
              ON m.question_id = r.question_id AND m.revision = r.revision
            """).Select(r => r.ToResolution()).ToDictionary(r => r.QuestionId, StringComparer.Ordinal);

    /// <summary>
    /// Questions with their current resolution and forecasts, for scoring. <paramref name="source"/> restricts to one origin;
    /// <paramref name="forecasters"/> (if any) keeps only those forecasters' forecasts.
    /// </summary>
    public IReadOnlyList<ScoringQuestion> LoadForScoring(string? source = null, IReadOnlyCollection<string>? forecasters = null)
    {
        var questions = ListQuestions(new QuestionFilter(Source: source));
        var current = CurrentResolutions();
        var where = source is null ? "" : "WHERE f.question_id IN (SELECT id FROM questions WHERE source = @source)";
        var forecasts = QueryForecasts(where, new { source });
        var keep = forecasters is { Count: > 0 } ? new HashSet<string>(forecasters, StringComparer.Ordinal) : null;
        var byQuestion = forecasts.Where(f => keep is null || keep.Contains(f.Forecaster)).GroupBy(f => f.QuestionId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Forecast>)g.ToList(), StringComparer.Ordinal);
        return questions.Select(q => new ScoringQuestion(q, current.GetValueOrDefault(q.Id), byQuestion.GetValueOrDefault(q.Id) ?? [])).ToList();
    }

    private static readonly string[] CountedTables = ["questions", "forecasters", "forecasts", "resolutions", "imports"];

    /// <summary>Row counts per table, for status and tests.</summary>
    public IReadOnlyDictionary<string, long> Counts() =>
        CountedTables.ToDictionary(t => t, t => _connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM {t}"));

    /// <summary>SQLite's own consistency check: "ok" when the file is sound.</summary>
    public string IntegrityCheck() => string.Join("; ", _connection.Query<string>("PRAGMA integrity_check"));

    // ---------------------------------------------------------------- rows

    private sealed class QuestionRow
    {
        public string Id { get; set; } = "";
        public string Title { get; set; } = "";
        public string Kind { get; set; } = "";
        public string? Options { get; set; }
        public long Ordered { get; set; }
        public double? Lower { get; set; }
        public double? Upper { get; set; }
        public string? Unit { get; set; }
        public double? Threshold { get; set; }
        public string Criteria { get; set; } = "";
        public string OpenTime { get; set; } = "";
        public string CloseTime { get; set; } = "";
        public string? ResolveTime { get; set; }
        public string State { get; set; } = "";
        public string? ConditionQuestionId { get; set; }
        public double? ConditionOutcome { get; set; }
        public string? ConditionText { get; set; }
        public string? Url { get; set; }
        public string? Source { get; set; }
        public string? CreatedAt { get; set; }
        public long? ImportId { get; set; }
        public string? ThreatBy { get; set; }

        public Question ToQuestion()
        {
            var kind = LedgerValidation.ParseStored<QuestionKind>(Kind, "questions", $"'{Id}'", "kind");
            var state = LedgerValidation.ParseStored<QuestionState>(State, "questions", $"'{Id}'", "state");
            return new Question
            {
                Id = Id, Title = Title, Kind = kind, Options = Options is null ? [] : JsonSerializer.Deserialize<List<string>>(Options)!,
                Ordered = Ordered != 0, Lower = Lower, Upper = Upper, Unit = Unit, Threshold = Threshold, Criteria = Criteria,
                OpenTime = LedgerTime.Parse(OpenTime), CloseTime = LedgerTime.Parse(CloseTime),
                ResolveTime = ResolveTime is null ? null : LedgerTime.Parse(ResolveTime), State = state,
                ConditionQuestionId = ConditionQuestionId, ConditionOutcome = ConditionOutcome, ConditionText = ConditionText, Url = Url, Source = Source, ThreatBy = ThreatBy,
            };
        }
    }

    private sealed class ForecasterRow
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string Kind { get; set; } = "";
        public string? Description { get; set; }

        public Forecaster ToForecaster()
        {
            var kind = LedgerValidation.ParseStored<ForecasterKind>(Kind, "forecasters", $"'{Name}'", "kind");
            return new Forecaster(Name, kind, Description);
        }
    }

    private sealed class ForecastRow
    {
        public long Id { get; set; }
        public string QuestionId { get; set; } = "";
        public string Forecaster { get; set; } = "";
        public string MadeAt { get; set; } = "";
        public string? Probabilities { get; set; }
        public string? Samples { get; set; }
        public string? Quantiles { get; set; }
        public string? Rationale { get; set; }
        public string? SourceUrl { get; set; }
        public string? Quote { get; set; }
        public string? Provenance { get; set; }
        public string? RecordedAt { get; set; }
        public string? RecordedBy { get; set; }

        public Forecast ToForecast() => new()
        {
            Id = Id, QuestionId = QuestionId, Forecaster = Forecaster, MadeAt = LedgerTime.Parse(MadeAt),
            Probabilities = Probabilities is null ? null : StoredForecastText.ParseNumbers(Probabilities),
            Samples = Samples is null ? null : StoredForecastText.ParseNumbers(Samples),
            Quantiles = Quantiles is null ? null : StoredForecastText.ParseQuantiles(Quantiles),
            Rationale = Rationale, SourceUrl = SourceUrl, Quote = Quote,
            Provenance = Provenance is null ? null : JsonSerializer.Deserialize<ForecastProvenance>(Provenance, Json),
            RecordedAt = RecordedAt is null ? null : LedgerTime.Parse(RecordedAt), RecordedBy = RecordedBy,
        };
    }

    private sealed class ResolutionRow
    {
        public long Id { get; set; }
        public string QuestionId { get; set; } = "";
        public long Revision { get; set; }
        public string State { get; set; } = "";
        public double? Value { get; set; }
        public string? ResolvedAt { get; set; }
        public string? Evidence { get; set; }
        public string? EvidenceUrl { get; set; }
        public string? Reason { get; set; }
        public string RecordedAt { get; set; } = "";
        public long? ImportId { get; set; }
        public string? RecordedBy { get; set; }

        public Resolution ToResolution()
        {
            var state = LedgerValidation.ParseStored<QuestionState>(State, "resolutions", $"'{QuestionId}' revision {Revision}", "state");
            return new Resolution
            {
                QuestionId = QuestionId, Revision = (int)Revision, State = state, Value = Value,
                ResolvedAt = ResolvedAt is null ? null : LedgerTime.Parse(ResolvedAt), Evidence = Evidence, EvidenceUrl = EvidenceUrl,
                Reason = Reason, RecordedAt = LedgerTime.Parse(RecordedAt), RecordedBy = RecordedBy,
            };
        }
    }
}
