import GRDB
import VigilGit
import VigilModel

extension IndexDatabase {
    /// Records an override against `repository` (registering it when new).
    public func recordOverride(_ record: OverrideRecord, repository: Repository) throws {
        let indexed = try register(repository)
        try write { db in
            try db.execute(sql: "INSERT INTO overrides (repository, at, pusher, reason, refs, commits) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [indexed.id, record.at, record.pusher, record.reason,
                                       StoredReport.json(record.refs), StoredReport.json(record.commits)])
        }
    }

    /// The overrides recorded for `repository`, newest first.
    public func overrides(repository: IndexedRepository) throws -> [OverrideRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM overrides WHERE repository = ? ORDER BY id DESC", arguments: [repository.id]).map {
                OverrideRecord(at: $0["at"], pusher: $0["pusher"], reason: $0["reason"],
                               refs: StoredReport.decode([String].self, $0["refs"]) ?? [],
                               commits: StoredReport.decode([String].self, $0["commits"]) ?? [])
            }
        }
    }
}
