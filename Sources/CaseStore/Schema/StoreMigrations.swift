import GRDB

/// The schema of the case store as a list of migrations.
///
/// **Migrations are frozen once shipped.** A store on a hospital server may have been created by
/// any released version, so a shipped migration is never edited: a change is a new migration
/// appended at the end. The SQL is written out as strings so that what runs is exactly what is
/// reviewed, whatever GRDB's query builder does in later versions.
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-cases", migrate: createCases)
        migrator.registerMigration("v1-decisions", migrate: createDecisions)
        migrator.registerMigration("v1-audit", migrate: createAudit)
        migrator.registerMigration("v1-worklist-indexes", migrate: createWorklistIndexes)
        migrator.registerMigration("v2-search-indexes", migrate: createSearchIndexes)
        migrator.registerMigration("v2-latest-suggestion", migrate: trackLatestSuggestion)
        migrator.registerMigration("v2-suggestion-highlights", migrate: addSuggestionHighlights)
        return migrator
    }

    /// Patients, studies, series (with their geometry and a preview), reports and suggestions.
    private static func createCases(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE patients (
                id INTEGER PRIMARY KEY,
                patient_id TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                birth_date TEXT,
                sex TEXT
            );
            CREATE TABLE studies (
                id INTEGER PRIMARY KEY,
                patient_ref INTEGER NOT NULL REFERENCES patients(id),
                study_uid TEXT NOT NULL UNIQUE,
                accession TEXT,
                study_date TEXT,
                description TEXT,
                imported_at TEXT NOT NULL
            );
            CREATE TABLE series (
                id INTEGER PRIMARY KEY,
                study_ref INTEGER NOT NULL REFERENCES studies(id),
                series_uid TEXT NOT NULL UNIQUE,
                modality TEXT NOT NULL,
                description TEXT,
                source_path TEXT NOT NULL,
                file_count INTEGER NOT NULL,
                is_synthetic INTEGER NOT NULL,
                columns INTEGER NOT NULL,
                rows INTEGER NOT NULL,
                slices INTEGER NOT NULL,
                row_spacing REAL NOT NULL,
                column_spacing REAL NOT NULL,
                slice_spacing REAL NOT NULL,
                slice_thickness REAL,
                geometry_json TEXT NOT NULL,
                window_center REAL,
                window_width REAL,
                preview_width INTEGER NOT NULL,
                preview_height INTEGER NOT NULL,
                preview BLOB NOT NULL
            );
            CREATE TABLE reports (
                id INTEGER PRIMARY KEY,
                study_ref INTEGER NOT NULL REFERENCES studies(id),
                text TEXT NOT NULL,
                language TEXT,
                source TEXT NOT NULL,
                imported_at TEXT NOT NULL,
                UNIQUE (study_ref, text)
            );
            CREATE TABLE suggestions (
                id INTEGER PRIMARY KEY,
                study_ref INTEGER NOT NULL REFERENCES studies(id),
                model_id TEXT NOT NULL,
                model_version TEXT NOT NULL,
                probabilities_json TEXT NOT NULL,
                top_label TEXT NOT NULL,
                top_probability REAL NOT NULL,
                key_slice INTEGER,
                heatmap_path TEXT,
                created_at TEXT NOT NULL,
                UNIQUE (study_ref, model_id, model_version)
            );
            CREATE INDEX series_by_study ON series(study_ref);
            CREATE INDEX reports_by_study ON reports(study_ref);
            """)
    }

    /// Users with their roles, and the append-only reviews.
    private static func createDecisions(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE users (
                name TEXT PRIMARY KEY,
                role TEXT NOT NULL CHECK (role IN ('viewer', 'reviewer', 'trainer', 'admin')),
                created_at TEXT NOT NULL
            );
            CREATE TABLE reviews (
                id INTEGER PRIMARY KEY,
                study_ref INTEGER NOT NULL REFERENCES studies(id),
                suggestion_ref INTEGER REFERENCES suggestions(id),
                supersedes_ref INTEGER REFERENCES reviews(id),
                reviewer TEXT NOT NULL,
                role TEXT NOT NULL,
                action TEXT NOT NULL CHECK (action IN ('accept', 'reject', 'correct')),
                label TEXT,
                location_slice INTEGER,
                difficulty INTEGER CHECK (difficulty BETWEEN 1 AND 5),
                note TEXT,
                seconds_spent REAL,
                created_at TEXT NOT NULL
            );
            CREATE INDEX reviews_by_study ON reviews(study_ref, id);
            CREATE INDEX reviews_by_reviewer ON reviews(reviewer, study_ref);
            CREATE INDEX reviews_by_time ON reviews(created_at);
            CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews
                BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
            CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews
                BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
            CREATE TABLE store_settings (
                key TEXT PRIMARY KEY,
                value BLOB NOT NULL
            );
            """)
    }

    /// The hash-chained audit log.
    private static func createAudit(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                object_type TEXT NOT NULL,
                object_id TEXT NOT NULL,
                details_json TEXT NOT NULL,
                hash TEXT NOT NULL
            );
            CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            """)
    }

    /// What the worklist sorts, filters and searches on, so 100,000 cases stay fast.
    private static func createWorklistIndexes(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX studies_by_patient ON studies(patient_ref, study_date);
            CREATE INDEX studies_by_date ON studies(study_date);
            CREATE INDEX studies_by_accession ON studies(accession);
            CREATE INDEX patients_by_name ON patients(name);
            CREATE INDEX suggestions_by_study ON suggestions(study_ref, id);
            CREATE INDEX suggestions_by_label ON suggestions(top_label, top_probability);
            CREATE INDEX suggestions_by_probability ON suggestions(top_probability);
            """)
    }

    /// `LIKE` is case-insensitive, so a prefix search can use only an index that is too: without
    /// these, searching a patient ID or accession scanned every case.
    private static func createSearchIndexes(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX patients_by_id_nocase ON patients(patient_id COLLATE NOCASE);
            CREATE INDEX studies_by_accession_nocase ON studies(accession COLLATE NOCASE);
            """)
    }

    /// Each case points at its newest suggestion, kept by a trigger in the transaction that inserts it,
    /// so no writer can forget it. Finding the newest with `MAX(id)` per case cost the worklist a
    /// correlated subquery per row (over 100 ms at 100,000 cases); the pointer is one lookup. The
    /// label and probability indexes carry the case number, so a finding filter never reads the table.
    private static func trackLatestSuggestion(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE studies ADD COLUMN latest_suggestion_ref INTEGER REFERENCES suggestions(id);
            UPDATE studies SET latest_suggestion_ref = (SELECT MAX(id) FROM suggestions WHERE study_ref = studies.id);
            CREATE TRIGGER suggestions_track_latest AFTER INSERT ON suggestions
                BEGIN
                    UPDATE studies SET latest_suggestion_ref = NEW.id
                    WHERE id = NEW.study_ref AND (latest_suggestion_ref IS NULL OR latest_suggestion_ref < NEW.id);
                END;
            DROP INDEX suggestions_by_label;
            DROP INDEX suggestions_by_probability;
            CREATE INDEX suggestions_by_label ON suggestions(top_label, top_probability, study_ref);
            CREATE INDEX suggestions_by_probability ON suggestions(top_probability, study_ref);
            """)
    }

    /// The report words a model says drove its suggestion (a JSON array of strings), for the case view
    /// to highlight.
    private static func addSuggestionHighlights(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE suggestions ADD COLUMN highlights_json TEXT")
    }
}
