using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Brink.Ledger;
using Brink.Ledger.Import;
using Brink.Scenarios;
using Dapper;
using Npgsql;

namespace Brink.Store.Postgres;

/// <summary>
/// The ledger in a PostgreSQL database (Npgsql + Dapper), with the same behaviour as the SQLite ledger, checked by the
/// same contract tests. Writes are single transactions that first take one advisory lock per database, so writers queue
/// as they do on SQLite and the read-then-write rules (revision numbers, duplicate checks) cannot race; readers never
/// wait. Times are stored in Brink's canonical UTC text form, numbers lists as the same text as in SQLite, so a ledger
/// copied between the two is identical. Not thread-safe: one instance per request or thread.
/// </summary>
public sealed class PostgresLedgerStore : ILedgerStore
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The advisory lock every writer takes (an arbitrary constant: "brink" in ASCII).</summary>
    internal const long WriteLock = 0x6272696E6B;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Migrated = new();

    static PostgresLedgerStore() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    private readonly NpgsqlConnection _connection;

    private PostgresLedgerStore(NpgsqlConnection connection, string location, IClock clock)
    {
        _connection = connection;
        Location = location;
        Clock = clock;
    }

    public string Location { get; }
    public IClock Clock { get; }

    /// <summary>
    /// Opens the ledger in the database named by <paramref name="url"/> (<c>postgres://user:password@host:port/database</c>)
    /// and migrates it to the latest schema. A database that cannot be reached, or that holds another program's tables,
    /// is a <see cref="LedgerStorageException"/> or <see cref="LedgerException"/> with the reason.
    /// </summary>
    /// <param name="schema">A schema of its own for the ledger (a team's, created if missing); null = the database's default schema.</param>
    public static PostgresLedgerStore Open(string url, IClock? clock = null, string? schema = null)
    {
        var target = PostgresUrl.Parse(url);
        var connectionString = schema is null ? target.ConnectionString
            : new NpgsqlConnectionStringBuilder(target.ConnectionString) { SearchPath = schema }.ConnectionString;
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            connection.Open();
            if (schema is not null)
            {
                if (!System.Text.RegularExpressions.Regex.IsMatch(schema, "^[a-z][a-z0-9_]{0,62}$"))
                    throw new LedgerException($"ledger schema '{schema}': use lower-case letters, digits and '_'");
                connection.Execute($"CREATE SCHEMA IF NOT EXISTS {schema}");
            }
            var store = new PostgresLedgerStore(connection, schema is null ? target.Display : $"{target.Display} (schema {schema})", clock ?? SystemClock.Instance);
            // Checked and migrated once per process and ledger: later opens (a busy server opens per request) skip the schema lock.
            if (!Migrated.ContainsKey(connectionString))
            {
                store.Guard(() => { store.CheckIsLedger(); store.Migrate(); return 0; });
                Migrated[connectionString] = true;
            }
            return store;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            connection.Dispose();
            throw Translate(target.Display, e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Dispose() => _connection.Dispose();

    public int SchemaVersion => Guard(() => _connection.ExecuteScalar<int>("SELECT COALESCE(MAX(version), 0) FROM schema_version"));

    private void CheckIsLedger()
    {
        var tables = _connection.Query<string>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name").ToList();
        if (tables.Count > 0 && !tables.Contains("schema_version"))
            throw new LedgerException($"{Location}: the database has tables ({string.Join(", ", tables.Take(5))}{(tables.Count > 5 ? ", …" : "")}) but no schema_version: not a Brink ledger; give an empty database");
        if (tables.Contains("schema_version") && SchemaVersion > PostgresSchema.Latest)
            throw new LedgerException($"{Location}: ledger schema version {SchemaVersion} is newer than this Brink ({PostgresSchema.Latest}); upgrade Brink.");
    }

    private void Migrate()
    {
        using var tx = _connection.BeginTransaction();
        _connection.Execute("SELECT pg_advisory_xact_lock(@WriteLock)", new { WriteLock }, tx);
        _connection.Execute("CREATE TABLE IF NOT EXISTS schema_version(version integer PRIMARY KEY, description text NOT NULL, applied_at text NOT NULL)", transaction: tx);
        var current = _connection.ExecuteScalar<int>("SELECT COALESCE(MAX(version), 0) FROM schema_version", transaction: tx);
        foreach (var m in PostgresSchema.Migrations.Where(m => m.Version > current))
        {
            _connection.Execute(m.Sql, transaction: tx);
            _connection.Execute("INSERT INTO schema_version(version, description, applied_at) VALUES (@v, @d, @t)",
                new { v = m.Version, d = m.Description, t = Now() }, tx);
        }
        tx.Commit();
    }

    private string Now() => LedgerTime.Format(Clock.UtcNow);

    /// <summary>Runs a write in one transaction holding the writers' lock; a failure rolls all of it back.</summary>
    private T Write<T>(Func<NpgsqlTransaction, T> body) => Guard(() =>
    {
        using var tx = _connection.BeginTransaction();
        _connection.Execute("SELECT pg_advisory_xact_lock(@WriteLock)", new { WriteLock }, tx);
        var result = body(tx);
        // An import that found conflicts returns "not committed": nothing of it may stay.
        if (result is ImportOutcome { Committed: false }) tx.Rollback();
        else tx.Commit();
        return result;
    });

    private T Guard<T>(Func<T> body)
    {
        try { return body(); }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException) { throw Translate(Location, e); }
    }

    /// <summary>Npgsql's and the server's errors as provider-neutral ones, with the location (never the password) and what to do.</summary>
    internal static Exception Translate(string location, Exception e)
    {
        if (e is PostgresException pg)
        {
            return pg.SqlState switch
            {
                "P0001" => new LedgerStorageException(StorageFailure.RuleViolation, $"{location}: the database refused the change: {pg.MessageText}", e),
                "28P01" or "28000" => new LedgerStorageException(StorageFailure.Unavailable, $"{location}: sign-in refused ({pg.MessageText}); check the user and password in the URL", e),
                "3D000" => new LedgerStorageException(StorageFailure.Unavailable, $"{location}: {pg.MessageText}; create it first (createdb) or fix the URL", e),
                "25006" or "42501" => new LedgerStorageException(StorageFailure.ReadOnly, $"{location}: this user may not write to the ledger ({pg.MessageText})", e),
                "40001" or "40P01" or "55P03" or "57014" => new LedgerStorageException(StorageFailure.Busy, $"{location}: ledger busy, try again ({pg.MessageText})", e),
                "XX001" or "XX002" => new LedgerStorageException(StorageFailure.Damaged, $"{location}: the database reports damaged data ({pg.MessageText}); restore it from a backup", e),
                _ when pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("53", StringComparison.Ordinal)
                    => new LedgerStorageException(StorageFailure.Unavailable, $"{location}: the database server is unavailable ({pg.MessageText}); try again when it is back", e),
                _ => new LedgerStorageException(StorageFailure.Damaged, $"{location}: unexpected database error {pg.SqlState}: {pg.MessageText}", e),
            };
        }
        var why = e.InnerException is { } inner && e is NpgsqlException ? inner.Message : e.Message;
        return new LedgerStorageException(StorageFailure.Unavailable, $"{location}: cannot reach the database server ({why.TrimEnd('.')}); is it running, and are host and port right?", e);
    }

    // ---------------------------------------------------------------- writes

    public void AddQuestion(Question q)
    {
        var errors = LedgerValidation.Check(q);
        if (errors.Count > 0) throw new LedgerException($"question '{q.Id}': {string.Join("; ", errors)}");
        Write(tx =>
        {
            if (QuestionExists(q.Id, tx)) throw new LedgerException($"question '{q.Id}' already exists; questions are never changed, choose another id");
            if (q.ConditionQuestionId is { } c && !QuestionExists(c, tx)) throw new LedgerException($"question '{q.Id}': condition question '{c}' is not in the ledger");
            InsertQuestion(q, null, tx, orIgnore: false);
            return 0;
        });
    }

    public Forecaster AddForecaster(Forecaster f) => Write(tx => EnsureForecaster(f, tx).Forecaster);

    public Forecast AddForecast(Forecast f, ForecasterKind kindIfNew = ForecasterKind.Person, bool allowAfterClose = false) => Write(tx =>
    {
        var q = GetQuestion(f.QuestionId, tx) ?? throw new LedgerException($"no question '{f.QuestionId}' in the ledger (see 'brink ledger list')");
        var errors = LedgerValidation.Check(q, f);
        if (errors.Count > 0) throw new LedgerException($"forecast on '{q.Id}': {string.Join("; ", errors)}");
        if (!allowAfterClose && ForecastEligibility.AfterClose(q, f) is { } late)
            throw new LedgerException($"forecast on '{q.Id}' refused: {late}");
        var (forecaster, id, _) = EnsureForecaster(new Forecaster(f.Forecaster, kindIfNew), tx);
        var stored = f with { RecordedAt = Clock.UtcNow, Forecaster = forecaster.Name };
        using var cmd = ForecastInsert(tx, orIgnore: true);
        BindForecast(cmd, stored, id, null);
        if (cmd.ExecuteScalar() is not long newId)
            throw new LedgerException($"{forecaster.Name} already has a forecast on '{q.Id}' made at {LedgerTime.Format(f.MadeAt)}; forecasts are never replaced, add a new one with a later time");
        return stored with { Id = newId };
    });

    public Resolution Resolve(Resolution r, bool reresolve = false) => Resolve(r, reresolve, null);

    /// <summary>Resolves and appends the audit record to <c>brink_accounts.audit</c> (the same database) in one transaction.</summary>
    public Resolution Resolve(Resolution r, bool reresolve, Func<Resolution, Brink.Accounts.AuditEntry>? audit) => Write(tx =>
    {
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
        if (audit is not null) InsertAudit(audit(stored), tx);
        return stored;
    });

    private void InsertAudit(Brink.Accounts.AuditEntry e, NpgsqlTransaction tx) =>
        _connection.Execute($"INSERT INTO {PostgresAccountStore.Schema}.audit(at, actor, action, team, subject, reason, detail) VALUES (@At, @Actor, @Action, @Team, @Subject, @Reason, @Detail)",
            new { At = LedgerTime.Format(e.At), e.Actor, e.Action, e.Team, e.Subject, e.Reason, e.Detail }, tx);

    private bool QuestionExists(string id, NpgsqlTransaction? tx) =>
        _connection.ExecuteScalar<long>("SELECT COUNT(*) FROM questions WHERE id = @id", new { id }, tx) > 0;

    private int InsertQuestion(Question q, long? importId, NpgsqlTransaction tx, bool orIgnore) =>
        _connection.Execute($"""
            INSERT INTO questions(id, title, kind, options, ordered, lower, upper, unit, threshold, criteria, open_time, close_time,
                resolve_time, state, condition_question_id, condition_outcome, condition_text, url, source, created_at, import_id, threat_by)
            VALUES (@Id, @Title, @Kind, @Options, @Ordered, @Lower, @Upper, @Unit, @Threshold, @Criteria, @OpenTime, @CloseTime,
                @ResolveTime, 'open', @ConditionQuestionId, @ConditionOutcome, @ConditionText, @Url, @Source, @CreatedAt, @ImportId, @ThreatBy)
            {(orIgnore ? "ON CONFLICT (id) DO NOTHING" : "")}
            """,
            new
            {
                q.Id, q.Title, Kind = LedgerValidation.Name(q.Kind), Options = q.Options.Count > 0 ? JsonSerializer.Serialize(q.Options) : null,
                q.Ordered, q.Lower, q.Upper, q.Unit, q.Threshold, q.Criteria,
                OpenTime = LedgerTime.Format(q.OpenTime), CloseTime = LedgerTime.Format(q.CloseTime),
                ResolveTime = q.ResolveTime is { } rt ? LedgerTime.Format(rt) : null,
                q.ConditionQuestionId, q.ConditionOutcome, q.ConditionText, q.Url, q.Source, CreatedAt = Now(), ImportId = importId, q.ThreatBy,
            }, tx);

    private void InsertResolution(Resolution r, long? importId, NpgsqlTransaction tx)
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

    private (Forecaster Forecaster, long Id, bool Added) EnsureForecaster(Forecaster f, NpgsqlTransaction tx)
    {
        if (string.IsNullOrWhiteSpace(f.Name)) throw new LedgerException("a forecaster needs a name");
        var row = _connection.QuerySingleOrDefault<ForecasterRow>("SELECT id, name, kind, description FROM forecasters WHERE name = @Name", new { f.Name }, tx);
        if (row is not null) return (row.ToForecaster(), row.Id, false);
        var id = _connection.ExecuteScalar<long>("INSERT INTO forecasters(name, kind, description, created_at) VALUES (@Name, @Kind, @Description, @Now) RETURNING id",
            new { f.Name, Kind = LedgerValidation.Name(f.Kind), f.Description, Now = Now() }, tx);
        return (f, id, true);
    }

    private NpgsqlCommand ForecastInsert(NpgsqlTransaction tx, bool orIgnore)
    {
        var cmd = new NpgsqlCommand($"""
            INSERT INTO forecasts(question_id, forecaster_id, made_at, probabilities, samples, quantiles, rationale, source_url, quote, provenance, recorded_at, import_id, recorded_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) {(orIgnore ? "ON CONFLICT (question_id, forecaster_id, made_at) DO NOTHING " : "")}RETURNING id
            """, _connection, tx);
        foreach (var type in new[] { NpgsqlTypes.NpgsqlDbType.Text, NpgsqlTypes.NpgsqlDbType.Bigint })
            cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = type });
        for (var i = 2; i < 11; i++) cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Prepare();
        return cmd;
    }

    private void BindForecast(NpgsqlCommand cmd, Forecast f, long forecasterId, long? importId)
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

    private sealed class ForecastValueRow
    {
        public string? Probabilities { get; set; }
        public string? Samples { get; set; }
        public string? Quantiles { get; set; }
    }

    // ---------------------------------------------------------------- import

    /// <summary>The SQLite ledger's import rules (see <c>LedgerStore.Import</c>): all or nothing, duplicates counted, conflicts reported with their line.</summary>
    public ImportOutcome Import(ImportBatch batch, bool skipBad, IProgress<int>? progress = null, CancellationToken cancel = default) =>
        ImportWithAudit(batch, skipBad, null, progress, cancel);

    /// <summary>As <see cref="Import(ImportBatch, bool, IProgress{int}?, CancellationToken)"/>, with an audit record per stored resolution (in <c>brink_accounts.audit</c>) in the same transaction.</summary>
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
        return Write(tx => ImportIn(tx, batch, skipBad, problems, badRows, audit, progress, cancel));
    }

    private ImportOutcome ImportIn(NpgsqlTransaction tx, ImportBatch batch, bool skipBad, List<Diagnostic> problems, int badRows, Func<Resolution, Brink.Accounts.AuditEntry>? audit,
        IProgress<int>? progress, CancellationToken cancel)
    {
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
        var inBatch = new HashSet<string>(batch.Questions.Select(x => x.Id), StringComparer.Ordinal);
        foreach (var q in batch.Questions)
        {
            if (q.ConditionQuestionId is { } c && !inLedger.Contains(c) && !inBatch.Contains(c))
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
                if (audit is not null) InsertAudit(audit(stored), tx);
                resolutionsAdded++;
            }
        }
        if (conflicts > 0 && !skipBad)
        {
            return new ImportOutcome(false, 0, 0, 0, 0, 0, 0, 0, conflicts, problems);
        }

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
                if (cmd.ExecuteScalar() is long) { fAdded++; }
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
            return new ImportOutcome(false, 0, 0, 0, 0, 0, 0, 0, conflicts + forecastConflicts, problems) { DuplicatesSkipped = duplicates };
        }
        conflicts += forecastConflicts;
        foreach (var m in missing) problems.Add(new Diagnostic(batch.File, 0, 0, "forecasts", $"forecasts on question '{m}', which was left out, were skipped"));
        _connection.Execute("UPDATE imports SET questions = @qAdded, forecasts = @fAdded, resolutions = @resolutionsAdded, skipped_rows = @skipped WHERE id = @importId",
            new { qAdded, fAdded, resolutionsAdded, skipped = badRows + conflicts, importId }, tx);
        progress?.Report(done);
        return new ImportOutcome(true, importId, qAdded, qExisting, fAdded, fExisting, resolutionsAdded, forecastersAdded, badRows + conflicts, problems) { DuplicatesSkipped = duplicates };
    }

    private void FillThreatBy(ImportBatch batch, string id, string threat, List<Diagnostic> problems, NpgsqlTransaction tx)
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

    public Question? GetQuestion(string id) => Guard(() => GetQuestion(id, null));

    private Question? GetQuestion(string id, NpgsqlTransaction? tx) =>
        _connection.QuerySingleOrDefault<QuestionRow>("SELECT * FROM questions WHERE id = @id", new { id }, tx)?.ToQuestion();

    public IReadOnlyList<Question> ListQuestions(QuestionFilter? filter = null) => Guard(() =>
    {
        filter ??= new QuestionFilter();
        var sql = "SELECT * FROM questions WHERE 1 = 1";
        if (filter.State is not null) sql += " AND state = @State";
        if (filter.Source is not null) sql += " AND source = @Source";
        // Literal, case-insensitive text (as SQLite's LIKE): % and _ are escaped, not wildcards.
        if (filter.Search is not null) sql += " AND (title ILIKE @Like ESCAPE '\\' OR id ILIKE @Like ESCAPE '\\')";
        sql += " ORDER BY open_time, id";
        if (filter.Limit > 0) sql += " LIMIT @Limit";
        return (IReadOnlyList<Question>)_connection.Query<QuestionRow>(sql, new
        {
            State = filter.State is { } st ? LedgerValidation.Name(st) : null, filter.Source, Like = $"%{EscapeLike(filter.Search)}%", filter.Limit,
        }).Select(r => r.ToQuestion()).ToList();
    });

    private static string? EscapeLike(string? text) =>
        text?.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    public IReadOnlyList<Forecaster> ListForecasters() => Guard(() =>
        (IReadOnlyList<Forecaster>)_connection.Query<ForecasterRow>("SELECT id, name, kind, description FROM forecasters ORDER BY name").Select(r => r.ToForecaster()).ToList());

    public IReadOnlyList<Forecast> GetForecasts(string questionId) => Guard(() => QueryForecasts("WHERE f.question_id = @questionId", new { questionId }));

    public IReadOnlyList<Forecast> AllForecasts() => Guard(() => QueryForecasts("", null));

    private List<Forecast> QueryForecasts(string where, object? args) =>
        _connection.Query<ForecastRow>($"""
            SELECT f.id, f.question_id, c.name AS forecaster, f.made_at, f.probabilities, f.samples, f.quantiles, f.rationale,
                   f.source_url, f.quote, f.provenance, f.recorded_at, f.recorded_by
            FROM forecasts f JOIN forecasters c ON c.id = f.forecaster_id {where}
            ORDER BY f.question_id, f.made_at, f.id
            """, args).Select(r => r.ToForecast()).ToList();

    public IReadOnlyList<Resolution> ResolutionHistory(string questionId) => Guard(() => ResolutionHistory(questionId, null));

    private List<Resolution> ResolutionHistory(string questionId, NpgsqlTransaction? tx) =>
        _connection.Query<ResolutionRow>("SELECT * FROM resolutions WHERE question_id = @questionId ORDER BY revision", new { questionId }, tx)
            .Select(r => r.ToResolution()).ToList();

    public IReadOnlyList<Resolution> AllResolutions() => Guard(() =>
        (IReadOnlyList<Resolution>)_connection.Query<ResolutionRow>("SELECT * FROM resolutions ORDER BY question_id, revision").Select(r => r.ToResolution()).ToList());

    public IReadOnlyDictionary<string, Resolution> CurrentResolutions() => Guard(() =>
        (IReadOnlyDictionary<string, Resolution>)_connection.Query<ResolutionRow>("""
            SELECT DISTINCT ON (question_id) * FROM resolutions ORDER BY question_id, revision DESC
            """).Select(r => r.ToResolution()).ToDictionary(r => r.QuestionId, StringComparer.Ordinal));

    public IReadOnlyList<ScoringQuestion> LoadForScoring(string? source = null, IReadOnlyCollection<string>? forecasters = null) => Guard(() =>
    {
        var questions = ListQuestions(new QuestionFilter(Source: source));
        var current = CurrentResolutions();
        var where = source is null ? "" : "WHERE f.question_id IN (SELECT id FROM questions WHERE source = @source)";
        var forecasts = QueryForecasts(where, new { source });
        var keep = forecasters is { Count: > 0 } ? new HashSet<string>(forecasters, StringComparer.Ordinal) : null;
        var byQuestion = forecasts.Where(f => keep is null || keep.Contains(f.Forecaster)).GroupBy(f => f.QuestionId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Forecast>)g.ToList(), StringComparer.Ordinal);
        return (IReadOnlyList<ScoringQuestion>)questions.Select(q => new ScoringQuestion(q, current.GetValueOrDefault(q.Id), byQuestion.GetValueOrDefault(q.Id) ?? [])).ToList();
    });

    private static readonly string[] CountedTables = ["questions", "forecasters", "forecasts", "resolutions", "imports"];

    public IReadOnlyDictionary<string, long> Counts() => Guard(() =>
        (IReadOnlyDictionary<string, long>)CountedTables.ToDictionary(t => t, t => _connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM {t}")));

    /// <summary>
    /// The ledger's own invariants, checked in the database: every question's state is that of its latest resolution,
    /// revisions run 1, 2, … without gaps, every stored kind/state is one Brink writes. "ok" when all hold.
    /// </summary>
    public string IntegrityCheck() => Guard(() =>
    {
        var problems = _connection.Query<string>("""
            SELECT 'question ' || q.id || ': state ' || q.state || ' but latest resolution ' || COALESCE(r.state, 'none')
            FROM questions q LEFT JOIN (SELECT DISTINCT ON (question_id) question_id, state FROM resolutions ORDER BY question_id, revision DESC) r
              ON r.question_id = q.id
            WHERE q.state <> COALESCE(r.state, 'open')
            UNION ALL
            SELECT 'question ' || question_id || ': resolution revisions ' || string_agg(revision::text, ',' ORDER BY revision) || ' have gaps'
            FROM resolutions GROUP BY question_id HAVING MAX(revision) <> COUNT(*)
            """).ToList();
        return problems.Count == 0 ? "ok" : string.Join("; ", problems);
    });

    // ---------------------------------------------------------------- rows

    private sealed class QuestionRow
    {
        public string Id { get; set; } = "";
        public string Title { get; set; } = "";
        public string Kind { get; set; } = "";
        public string? Options { get; set; }
        public bool Ordered { get; set; }
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

        public Question ToQuestion() => new()
        {
            Id = Id, Title = Title, Kind = LedgerValidation.ParseStored<QuestionKind>(Kind, "questions", $"'{Id}'", "kind"),
            Options = Options is null ? [] : JsonSerializer.Deserialize<List<string>>(Options)!,
            Ordered = Ordered, Lower = Lower, Upper = Upper, Unit = Unit, Threshold = Threshold, Criteria = Criteria,
            OpenTime = LedgerTime.Parse(OpenTime), CloseTime = LedgerTime.Parse(CloseTime),
            ResolveTime = ResolveTime is null ? null : LedgerTime.Parse(ResolveTime),
            State = LedgerValidation.ParseStored<QuestionState>(State, "questions", $"'{Id}'", "state"),
            ConditionQuestionId = ConditionQuestionId, ConditionOutcome = ConditionOutcome, ConditionText = ConditionText, Url = Url, Source = Source, ThreatBy = ThreatBy,
        };
    }

    private sealed class ForecasterRow
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string Kind { get; set; } = "";
        public string? Description { get; set; }

        public Forecaster ToForecaster() => new(Name, LedgerValidation.ParseStored<ForecasterKind>(Kind, "forecasters", $"'{Name}'", "kind"), Description);
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
        public int Revision { get; set; }
        public string State { get; set; } = "";
        public double? Value { get; set; }
        public string? ResolvedAt { get; set; }
        public string? Evidence { get; set; }
        public string? EvidenceUrl { get; set; }
        public string? Reason { get; set; }
        public string RecordedAt { get; set; } = "";
        public long? ImportId { get; set; }
        public string? RecordedBy { get; set; }

        public Resolution ToResolution() => new()
        {
            QuestionId = QuestionId, Revision = Revision,
            State = LedgerValidation.ParseStored<QuestionState>(State, "resolutions", $"'{QuestionId}' revision {Revision}", "state"), Value = Value,
            ResolvedAt = ResolvedAt is null ? null : LedgerTime.Parse(ResolvedAt), Evidence = Evidence, EvidenceUrl = EvidenceUrl,
            Reason = Reason, RecordedAt = LedgerTime.Parse(RecordedAt), RecordedBy = RecordedBy,
        };
    }
}
