import GRDB

/// The index's tables, as versioned migrations: a newer vigil migrates an older index forward,
/// and an older vigil refuses an index a newer one has migrated past what it knows.
enum IndexSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()

        // v1: repositories, their scanned commits and the findings.
        migrator.registerMigration("v1-commits-and-flags") { db in
            try db.execute(sql: """
                CREATE TABLE repositories (
                    id INTEGER PRIMARY KEY,
                    path TEXT NOT NULL UNIQUE,        -- the git directory, absolute
                    name TEXT NOT NULL,
                    indexed_at INTEGER
                );
                CREATE TABLE commits (
                    repository INTEGER NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
                    id TEXT NOT NULL,
                    parents TEXT NOT NULL,            -- ids separated by spaces
                    author_name TEXT NOT NULL, author_email TEXT NOT NULL,
                    author_time INTEGER NOT NULL, author_offset INTEGER NOT NULL,
                    committer_name TEXT NOT NULL, committer_email TEXT NOT NULL,
                    committer_time INTEGER NOT NULL, committer_offset INTEGER NOT NULL,
                    subject TEXT NOT NULL,
                    message_encoding TEXT,
                    class TEXT NOT NULL,
                    agents TEXT NOT NULL,             -- JSON array of agent ids
                    provenance TEXT NOT NULL,         -- JSON: evidence
                    review_status TEXT NOT NULL,
                    review TEXT NOT NULL,             -- JSON: reviewers and evidence
                    files INTEGER, added INTEGER, removed INTEGER,
                    stats TEXT,                       -- JSON: the rest of the line statistics
                    problems TEXT NOT NULL,           -- JSON array
                    skipped TEXT NOT NULL,            -- JSON array
                    classification_digest TEXT NOT NULL,
                    risk_digest TEXT NOT NULL,
                    indexed_at INTEGER NOT NULL,
                    PRIMARY KEY (repository, id)
                ) WITHOUT ROWID;
                CREATE INDEX commits_by_time ON commits(repository, committer_time);
                CREATE INDEX commits_by_class ON commits(class, review_status);
                CREATE TABLE flags (
                    id INTEGER PRIMARY KEY,
                    repository INTEGER NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
                    "commit" TEXT NOT NULL,
                    rule TEXT NOT NULL, title TEXT NOT NULL, category TEXT NOT NULL,
                    severity TEXT NOT NULL, severity_rank INTEGER NOT NULL,
                    path TEXT NOT NULL, line INTEGER NOT NULL, side TEXT NOT NULL,
                    excerpt TEXT NOT NULL, message TEXT NOT NULL, fingerprint TEXT NOT NULL
                );
                CREATE INDEX flags_by_commit ON flags(repository, "commit");
                CREATE INDEX flags_by_fingerprint ON flags(fingerprint);
                CREATE INDEX flags_by_category ON flags(category, severity_rank);
                CREATE INDEX flags_by_rule ON flags(rule);
                -- The risk rules each stored risk_digest stands for, so a rule change recomputes
                -- only the findings of the rules that changed.
                CREATE TABLE rule_sets (
                    digest TEXT PRIMARY KEY,
                    rules TEXT NOT NULL                -- JSON object: rule id -> rule digest
                );
                """)
        }

        // v2: reviewers' verdicts, and overrides recorded by the push gate.
        migrator.registerMigration("v2-triage") { db in
            try db.execute(sql: """
                CREATE TABLE triage (
                    id INTEGER PRIMARY KEY,
                    repository INTEGER NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
                    fingerprint TEXT NOT NULL,
                    "commit" TEXT NOT NULL,           -- the commit the verdict was given on
                    rule TEXT NOT NULL,
                    status TEXT NOT NULL,
                    note TEXT NOT NULL,
                    author TEXT NOT NULL,
                    at INTEGER NOT NULL
                );
                CREATE INDEX triage_by_fingerprint ON triage(repository, fingerprint, id);
                -- The newest verdict on each finding; history stays in triage.
                CREATE VIEW current_triage AS
                    SELECT * FROM triage WHERE id IN (SELECT max(id) FROM triage GROUP BY repository, fingerprint);
                CREATE TABLE overrides (
                    id INTEGER PRIMARY KEY,
                    repository INTEGER NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
                    at INTEGER NOT NULL,
                    pusher TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    refs TEXT NOT NULL,               -- JSON array of ref names
                    commits TEXT NOT NULL             -- JSON array of the commits the policy rejected
                );
                """)
        }
        // v3: what makes a run after a complete one walk only the new commits.
        migrator.registerMigration("v3-incremental-walk") { db in
            try db.execute(sql: """
                -- The ref tips when the last run completed (JSON array); NULL: the next run walks every ref.
                ALTER TABLE repositories ADD COLUMN tips TEXT;
                -- 1 for a pull-request merge (its approval reviews the commits it brought in).
                ALTER TABLE commits ADD COLUMN pr_merge INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX commits_pr_merges ON commits(repository) WHERE pr_merge = 1;
                """)
        }
        // v4: each commit's report stored whole, in the one serialisation `scan --format json`
        // writes (columns stay only for what queries filter and sort on). Results of an older
        // vigil are dropped and rescanned on the next run; triage verdicts and overrides stay.
        migrator.registerMigration("v4-report-json") { db in
            try db.execute(sql: """
                DELETE FROM flags;
                DROP TABLE commits;
                CREATE TABLE commits (
                    repository INTEGER NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
                    id TEXT NOT NULL,
                    author_name TEXT NOT NULL, author_email TEXT NOT NULL,
                    author_time INTEGER NOT NULL, author_offset INTEGER NOT NULL,
                    committer_name TEXT NOT NULL, committer_email TEXT NOT NULL,
                    committer_time INTEGER NOT NULL, committer_offset INTEGER NOT NULL,
                    subject TEXT NOT NULL,
                    class TEXT NOT NULL,
                    agents TEXT NOT NULL,             -- JSON array of agent ids
                    review_status TEXT NOT NULL,
                    has_stats INTEGER NOT NULL,       -- 0 when the report has no line statistics
                    pr_merge INTEGER NOT NULL DEFAULT 0,
                    classification_digest TEXT NOT NULL,
                    risk_digest TEXT NOT NULL,
                    indexed_at INTEGER NOT NULL,
                    report TEXT NOT NULL,             -- JSON: the commit's report, as `vigil scan --format json` writes it
                    PRIMARY KEY (repository, id)
                ) WITHOUT ROWID;
                CREATE INDEX commits_by_time ON commits(repository, committer_time);
                CREATE INDEX commits_by_class ON commits(class, review_status);
                CREATE INDEX commits_pr_merges ON commits(repository) WHERE pr_merge = 1;
                UPDATE repositories SET tips = NULL;
                """)
        }
        // v5: pull and merge requests and their reviews from forges (`vigil review sync`), and
        // the forge data each stored review was computed with. Self-contained: new tables and one
        // column, nothing else touched.
        migrator.registerMigration("v5-forge-reviews") { db in
            try db.execute(sql: """
                -- One forge project a repository's requests come from, and where the last complete sync stopped.
                CREATE TABLE forge_sources (
                    id INTEGER PRIMARY KEY,
                    repository INTEGER NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
                    forge TEXT NOT NULL,               -- github | gitlab | gitea
                    api_url TEXT NOT NULL,
                    project TEXT NOT NULL,             -- owner/repo, group/project
                    synced_at INTEGER,                 -- when the last complete sync ended
                    high_water INTEGER,                -- newest request update time seen by a complete sync
                    list_etag TEXT,                    -- the ETag of the request list's first page then
                    UNIQUE (repository, forge, api_url, project)
                );
                -- Merged requests only.
                CREATE TABLE forge_requests (
                    source INTEGER NOT NULL REFERENCES forge_sources(id) ON DELETE CASCADE,
                    number INTEGER NOT NULL,
                    url TEXT NOT NULL,
                    author_login TEXT NOT NULL, author_id INTEGER, author_bot INTEGER NOT NULL, author_email TEXT NOT NULL,
                    merged_at INTEGER,
                    head TEXT, base TEXT, merge_commit TEXT, squash_commit TEXT,
                    updated_at INTEGER NOT NULL,
                    reviews_known INTEGER NOT NULL,
                    reviews_etag TEXT,                 -- the ETag of the reviews' first page
                    PRIMARY KEY (source, number)
                ) WITHOUT ROWID;
                CREATE INDEX forge_requests_by_merge ON forge_requests(merge_commit);
                CREATE TABLE forge_reviews (
                    source INTEGER NOT NULL,
                    number INTEGER NOT NULL,
                    position INTEGER NOT NULL,         -- the forge's order
                    id TEXT NOT NULL,
                    reviewer_login TEXT NOT NULL, reviewer_id INTEGER, reviewer_bot INTEGER NOT NULL, reviewer_email TEXT NOT NULL,
                    state TEXT NOT NULL,               -- approved | changes-requested | commented | dismissed | pending
                    "commit" TEXT,
                    submitted_at INTEGER,
                    dismissed INTEGER NOT NULL,
                    stale INTEGER,                     -- NULL: the forge does not say
                    PRIMARY KEY (source, number, position),
                    FOREIGN KEY (source, number) REFERENCES forge_requests(source, number) ON DELETE CASCADE
                ) WITHOUT ROWID;
                -- The digest of the forge landings a stored report's review was computed with
                -- ('' for none): a sync that changes it makes the next index run re-review the commit.
                ALTER TABLE commits ADD COLUMN forge_digest TEXT NOT NULL DEFAULT '';
                """)
        }

        // v6: verdicts that travel. The same verdict arrives by several paths (git
        // notes, export files, this machine), so a verdict is stored once per what it says; one
        // that arrives late from another machine must not replace a newer one, so the current
        // verdict is the newest by time (then by arrival), not the last row written.
        migrator.registerMigration("v6-triage-sync") { db in
            try db.execute(sql: """
                DELETE FROM triage WHERE id NOT IN
                    (SELECT min(id) FROM triage GROUP BY repository, fingerprint, at, author, status, note);
                CREATE UNIQUE INDEX triage_verdict ON triage(repository, fingerprint, at, author, status, note);
                DROP VIEW current_triage;
                CREATE VIEW current_triage AS
                    SELECT * FROM triage t WHERE t.id = (SELECT t2.id FROM triage t2
                        WHERE t2.repository = t.repository AND t2.fingerprint = t.fingerprint ORDER BY t2.at DESC, t2.id DESC LIMIT 1);
                """)
        }
        // v7: findings grouped per commit, rule and file (kind, scope, old and new value, every
        // line), and a risk score per commit that orders queries. Stored results are dropped and
        // rescanned (the new engine finds different things); triage verdicts and overrides stay.
        // A verdict given on an older per-line finding is kept meaningful through `flag_lines`:
        // each grouped finding lists the per-line fingerprints it covers, and a finding whose
        // every line carries the same verdict inherits it (see StoredReport.carryOverTriage).
        migrator.registerMigration("v7-grouped-findings") { db in
            try db.execute(sql: """
                DELETE FROM flags;
                DELETE FROM commits;
                UPDATE repositories SET tips = NULL;
                ALTER TABLE flags ADD COLUMN kind TEXT NOT NULL DEFAULT 'line';
                ALTER TABLE flags ADD COLUMN scope TEXT;
                ALTER TABLE flags ADD COLUMN value_key TEXT;
                ALTER TABLE flags ADD COLUMN direction TEXT;
                ALTER TABLE flags ADD COLUMN flag TEXT NOT NULL DEFAULT '{}';   -- JSON: the finding, as the report writes it
                ALTER TABLE commits ADD COLUMN risk_score REAL NOT NULL DEFAULT 0;
                CREATE INDEX commits_by_risk ON commits(repository, risk_score);
                CREATE TABLE flag_lines (
                    repository INTEGER NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
                    fingerprint TEXT NOT NULL,        -- the grouped finding
                    line_fingerprint TEXT NOT NULL    -- a per-line fingerprint it covers (what vigil before v7 gave a finding)
                );
                CREATE INDEX flag_lines_by_line ON flag_lines(repository, line_fingerprint);
                CREATE INDEX flag_lines_by_finding ON flag_lines(repository, fingerprint);
                """)
        }
        return migrator
    }
}
