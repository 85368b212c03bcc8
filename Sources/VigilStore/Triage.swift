import Foundation
import GRDB
import VigilGit
import VigilModel

/// One verdict recorded by `vigil triage`.
public struct TriageOutcome: Sendable {
    public var repository: String
    public var commit: String
    public var fingerprints: [String]
}

extension IndexDatabase {
    /// Records `status` on a finding (by its id, the fingerprint) or on every finding of a commit
    /// (an id or unique prefix of one). `repository` narrows which indexed repository is meant.
    public func triage(_ target: String, status: TriageStatus, note: String, by: String, at: Int64,
                       repository: IndexedRepository?, resolveCommit: (String) -> String? = { _ in nil }) throws -> TriageOutcome {
        try write { db in
            let repoClause = repository.map { "AND f.repository = \($0.id)" } ?? ""
            // A finding id first: it is exactly 16 hex digits and names a fingerprint.
            var targets = try Row.fetchAll(db, sql: """
                SELECT DISTINCT f.repository, f."commit", f.fingerprint, f.rule, r.name FROM flags f
                JOIN repositories r ON r.id = f.repository WHERE f.fingerprint = ? \(repoClause)
                """, arguments: [target.lowercased()])
            var commit: String?
            if targets.isEmpty {
                commit = try self.commit(matching: target, repository: repository, resolve: resolveCommit, in: db)
                targets = try Row.fetchAll(db, sql: """
                    SELECT DISTINCT f.repository, f."commit", f.fingerprint, f.rule, r.name FROM flags f
                    JOIN repositories r ON r.id = f.repository WHERE f."commit" = ? \(repoClause)
                    """, arguments: [commit])
                if targets.isEmpty { throw IndexError("\(target): commit \(commit!.prefix(12)) has no findings to triage") }
            }
            let repositories = Set(targets.map { $0["repository"] as Int64 })
            if repositories.count > 1 {
                let names = Set(targets.map { $0["name"] as String }).sorted().joined(separator: ", ")
                throw IndexError("\(target): found in several repositories (\(names)); choose one with --repository")
            }
            // One verdict per finding; a finding that recurs in other commits shares it by fingerprint.
            var seen = Set<String>()
            for row in targets where seen.insert(row["fingerprint"]).inserted {
                try db.execute(sql: """
                    INSERT INTO triage (repository, fingerprint, "commit", rule, status, note, author, at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [row["repository"] as Int64, row["fingerprint"] as String, commit ?? row["commit"] as String,
                                     row["rule"] as String, status.rawValue, note, by, at])
            }
            return TriageOutcome(repository: targets[0]["name"], commit: commit ?? targets[0]["commit"], fingerprints: seen.sorted())
        }
    }

    /// The full id of the one indexed commit `text` names: an id or unique prefix, else what
    /// `resolve` makes of it (a ref name, `HEAD~2`).
    func commit(matching text: String, repository: IndexedRepository?, resolve: (String) -> String?, in db: Database) throws -> String {
        let lowered = text.lowercased()
        let repoClause = repository.map { "AND repository = \($0.id)" } ?? ""
        if lowered.count >= 4, lowered.count <= 64, lowered.allSatisfy(\.isHexDigit) {
            let ids = try String.fetchAll(db, sql: "SELECT DISTINCT id FROM commits WHERE id >= ? AND id < ? \(repoClause) LIMIT 2",
                                          arguments: [lowered, lowered + "g"])
            if ids.count > 1 { throw IndexError("\(text): ambiguous commit prefix; give more digits") }
            if let id = ids.first { return id }
        }
        if let resolved = resolve(text),
           try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM commits WHERE id = ? \(repoClause))", arguments: [resolved]) == true {
            return resolved
        }
        throw IndexError("\(text): no such finding or indexed commit (run `vigil index`, or see `vigil query`)")
    }

    /// The history of verdicts on a finding, newest first.
    public func triageHistory(fingerprint: String, repository: IndexedRepository) throws -> [TriageRecord] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT status, note, author, at, "commit" FROM triage WHERE repository = ? AND fingerprint = ? ORDER BY id DESC
                """, arguments: [repository.id, fingerprint]).map(TriageRecord.init(row:))
        }
    }

    /// The current verdict on every triaged finding of a repository, by fingerprint.
    public func currentTriage(repository: IndexedRepository) throws -> [String: TriageRecord] {
        try read { db in
            var verdicts: [String: TriageRecord] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT fingerprint, status, note, author, at, "commit" FROM current_triage WHERE repository = ?
                """, arguments: [repository.id]) {
                verdicts[row["fingerprint"]] = TriageRecord(row: row)
            }
            return verdicts
        }
    }
}

extension TriageRecord {
    init(row: Row) {
        self.init(status: TriageStatus(rawValue: row["status"]) ?? .open, note: row["note"], by: row["author"],
                  at: row["at"], commit: row["commit"])
    }
}
