namespace Brink.Store;

/// <summary>
/// The ledger's schema as numbered migrations. <c>schema_version</c> records each one applied; a database is
/// brought up to date when opened, inside one transaction, so a crash mid-migration leaves the old version.
/// Never edit a released migration: add the next one.
/// </summary>
public static class LedgerSchema
{
    public sealed record Migration(int Version, string Description, string Sql);

    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "questions, forecasters, forecasts, append-only resolution history, imports", """
            CREATE TABLE imports(
                id INTEGER PRIMARY KEY,
                source TEXT NOT NULL,
                file TEXT,
                sha256 TEXT,
                started_at TEXT NOT NULL,
                questions INTEGER NOT NULL DEFAULT 0,
                forecasts INTEGER NOT NULL DEFAULT 0,
                resolutions INTEGER NOT NULL DEFAULT 0,
                skipped_rows INTEGER NOT NULL DEFAULT 0);

            CREATE TABLE questions(
                id TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('binary', 'multiple_choice', 'numeric', 'date')),
                options TEXT,
                ordered INTEGER NOT NULL DEFAULT 0,
                lower REAL, upper REAL, unit TEXT, threshold REAL,
                criteria TEXT NOT NULL,
                open_time TEXT NOT NULL,
                close_time TEXT NOT NULL,
                resolve_time TEXT,
                state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'resolved', 'annulled', 'ambiguous')),
                condition_question_id TEXT REFERENCES questions(id),
                condition_outcome REAL,
                condition_text TEXT,
                url TEXT,
                source TEXT,
                created_at TEXT NOT NULL,
                import_id INTEGER REFERENCES imports(id));
            CREATE INDEX questions_source ON questions(source, state);

            CREATE TABLE forecasters(
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL CHECK (kind IN ('model', 'person', 'outlet', 'crowd')),
                description TEXT,
                created_at TEXT NOT NULL);

            CREATE TABLE forecasts(
                id INTEGER PRIMARY KEY,
                question_id TEXT NOT NULL REFERENCES questions(id),
                forecaster_id INTEGER NOT NULL REFERENCES forecasters(id),
                made_at TEXT NOT NULL,
                probabilities TEXT,
                samples TEXT,
                quantiles TEXT,
                rationale TEXT,
                source_url TEXT,
                quote TEXT,
                provenance TEXT,
                recorded_at TEXT NOT NULL,
                import_id INTEGER REFERENCES imports(id),
                UNIQUE (question_id, forecaster_id, made_at));

            CREATE TABLE resolutions(
                id INTEGER PRIMARY KEY,
                question_id TEXT NOT NULL REFERENCES questions(id),
                revision INTEGER NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('resolved', 'annulled', 'ambiguous')),
                value REAL,
                resolved_at TEXT,
                evidence TEXT,
                evidence_url TEXT,
                reason TEXT,
                recorded_at TEXT NOT NULL,
                import_id INTEGER REFERENCES imports(id),
                UNIQUE (question_id, revision));

            -- Nothing is overwritten silently: forecasts and resolutions are append-only, and a question's
            -- definition is fixed once recorded (only its state follows the resolution history).
            CREATE TRIGGER forecasts_no_update BEFORE UPDATE ON forecasts BEGIN SELECT RAISE(ABORT, 'forecasts are append-only'); END;
            CREATE TRIGGER forecasts_no_delete BEFORE DELETE ON forecasts BEGIN SELECT RAISE(ABORT, 'forecasts are append-only'); END;
            CREATE TRIGGER resolutions_no_update BEFORE UPDATE ON resolutions BEGIN SELECT RAISE(ABORT, 'resolution history is append-only'); END;
            CREATE TRIGGER resolutions_no_delete BEFORE DELETE ON resolutions BEGIN SELECT RAISE(ABORT, 'resolution history is append-only'); END;
            CREATE TRIGGER questions_fixed BEFORE UPDATE ON questions
                WHEN NEW.id IS NOT OLD.id OR NEW.title IS NOT OLD.title OR NEW.kind IS NOT OLD.kind OR NEW.options IS NOT OLD.options
                  OR NEW.criteria IS NOT OLD.criteria OR NEW.open_time IS NOT OLD.open_time OR NEW.close_time IS NOT OLD.close_time
                BEGIN SELECT RAISE(ABORT, 'a question''s definition cannot be changed; add a new question'); END;
            CREATE TRIGGER questions_no_delete BEFORE DELETE ON questions BEGIN SELECT RAISE(ABORT, 'questions are never deleted; annul instead'); END;
            """),
        new(2, "questions.threat_by: the actor whose threat a binary question records (yes = followed through, no = backed down)", """
            ALTER TABLE questions ADD COLUMN threat_by TEXT;
            CREATE INDEX questions_threat_by ON questions(threat_by) WHERE threat_by IS NOT NULL;
            -- threat_by is part of the definition: it may be filled in once (a question recorded before it existed), never changed.
            DROP TRIGGER questions_fixed;
            CREATE TRIGGER questions_fixed BEFORE UPDATE ON questions
                WHEN NEW.id IS NOT OLD.id OR NEW.title IS NOT OLD.title OR NEW.kind IS NOT OLD.kind OR NEW.options IS NOT OLD.options
                  OR NEW.criteria IS NOT OLD.criteria OR NEW.open_time IS NOT OLD.open_time OR NEW.close_time IS NOT OLD.close_time
                  OR (OLD.threat_by IS NOT NULL AND NEW.threat_by IS NOT OLD.threat_by)
                BEGIN SELECT RAISE(ABORT, 'a question''s definition cannot be changed; add a new question'); END;
            """),
        new(3, "a question's state follows its latest recorded resolution; resolution revisions are appended in order", """
            -- Nothing resolved changes without a recorded (re-)resolution: the state may only become the latest entry's.
            CREATE TRIGGER questions_state_follows_resolutions BEFORE UPDATE OF state ON questions
                WHEN NEW.state IS NOT OLD.state
                  AND NEW.state IS NOT COALESCE((SELECT state FROM resolutions WHERE question_id = NEW.id ORDER BY revision DESC LIMIT 1), 'open')
                BEGIN SELECT RAISE(ABORT, 'a question''s state changes only through a recorded resolution or re-resolution'); END;
            CREATE TRIGGER resolutions_in_order BEFORE INSERT ON resolutions
                WHEN NEW.revision IS NOT (SELECT COALESCE(MAX(revision), 0) + 1 FROM resolutions WHERE question_id = NEW.question_id)
                BEGIN SELECT RAISE(ABORT, 'resolution revisions are appended in order'); END;
            """),
        new(4, "forecasts and resolutions record the signed-in account that entered them (team server)", """
            ALTER TABLE forecasts ADD COLUMN recorded_by TEXT;
            ALTER TABLE resolutions ADD COLUMN recorded_by TEXT;
            """),
    ];

    public static int Latest => Migrations[^1].Version;
}
