import Foundation
import GRDB
import VigilGit
import VigilModel

/// A verdict as the index holds it: with its row id, which a reviewer's page sends back to say
/// which verdict it saw.
public struct StoredVerdict: Sendable, Hashable {
    public var id: Int64
    public var fingerprint: String
    public var rule: String
    public var record: TriageRecord

    public var verdict: TriageVerdict {
        TriageVerdict(fingerprint: fingerprint, rule: rule, commit: record.commit, status: record.status, note: record.note,
                      by: record.by, at: record.at)
    }
}

/// What happens to a finding that already has a verdict. Never silent: every verdict replaced or
/// kept is named in the outcome.
public enum TriageReplacement: Sendable {
    /// Findings that have a verdict (other than `open`) keep it: a commit-wide verdict never
    /// overwrites what a reviewer decided about one finding.
    case keepExisting
    /// The reviewer chose to replace what is there (one finding named by its id, or `--overwrite`).
    case replace
    /// The reviewer's page: `seen` maps each fingerprint to the id of the verdict the page showed
    /// (0 for none). A verdict recorded since, or another reviewer's verdict (unless
    /// `replaceOthers`), is a conflict and nothing is recorded.
    case expecting(seen: [String: Int64], replaceOthers: Bool)
}

/// Why a verdict was not recorded over the current one.
public struct TriageConflict: Sendable, Hashable {
    public enum Reason: String, Sendable { case changedSinceSeen = "changed-since-seen", anotherReviewer = "another-reviewer" }
    public var current: StoredVerdict
    public var reason: Reason
}

/// What `triage` did.
public struct TriageOutcome: Sendable {
    public var repository: IndexedRepository
    public var commit: String
    /// The verdicts recorded (none when there are conflicts).
    public var recorded: [TriageVerdict]
    /// Earlier verdicts the new ones replaced.
    public var replaced: [StoredVerdict]
    /// Verdicts left as they were (`keepExisting`).
    public var kept: [StoredVerdict]
    /// Why nothing was recorded (`expecting`).
    public var conflicts: [TriageConflict]

    public var fingerprints: [String] { recorded.map(\.fingerprint) }
}

extension IndexDatabase {
    /// Records `status` on a finding (by its id, the fingerprint) or on every finding of a commit
    /// (an id or unique prefix of one). `repository` narrows which indexed repository is meant.
    public func triage(_ target: String, status: TriageStatus, note: String, by: String, at: Int64,
                       repository: IndexedRepository?, replacement: TriageReplacement? = nil,
                       resolveCommit: (String) -> String? = { _ in nil }) throws -> TriageOutcome {
        try write { db in
            let repoClause = repository.map { "AND f.repository = \($0.id)" } ?? ""
            // A finding id first: it is exactly 16 hex digits and names a fingerprint.
            var targets = try Row.fetchAll(db, sql: """
                SELECT DISTINCT f.repository, f."commit", f.fingerprint, f.rule, r.name, r.path FROM flags f
                JOIN repositories r ON r.id = f.repository WHERE f.fingerprint = ? \(repoClause)
                """, arguments: [target.lowercased()])
            var commit: String?
            if targets.isEmpty {
                let id = try self.commit(matching: target, repository: repository, resolve: resolveCommit, in: db)
                commit = id
                targets = try Row.fetchAll(db, sql: """
                    SELECT DISTINCT f.repository, f."commit", f.fingerprint, f.rule, r.name, r.path FROM flags f
                    JOIN repositories r ON r.id = f.repository WHERE f."commit" = ? \(repoClause)
                    """, arguments: [id])
                if targets.isEmpty { throw IndexError("\(target): commit \(id.prefix(12)) has no findings to triage") }
            }
            let repositories = Set(targets.map { $0["repository"] as Int64 })
            if repositories.count > 1 {
                let names = Set(targets.map { $0["name"] as String }).sorted().joined(separator: ", ")
                throw IndexError("\(target): found in several repositories (\(names)); choose one with --repository")
            }
            let scope = IndexedRepository(id: targets[0]["repository"], path: targets[0]["path"], name: targets[0]["name"])
            let on = commit ?? targets[0]["commit"]
            // A commit-wide verdict keeps what reviewers decided per finding; a finding named by id is a choice.
            let mode = replacement ?? (commit == nil ? .replace : .keepExisting)
            return try record(findings: targets.map { ($0["fingerprint"], $0["rule"]) }, commit: on, repository: scope,
                              status: status, note: note, by: by, at: at, replacement: mode, in: db)
        }
    }

    /// Records `status` on the given findings of one commit (the reviewer's page).
    public func triage(fingerprints: [String], commit: String, repository: IndexedRepository, status: TriageStatus, note: String,
                       by: String, at: Int64, replacement: TriageReplacement) throws -> TriageOutcome {
        try write { db in
            let wanted = Set(fingerprints.map { $0.lowercased() })
            let rows = try Row.fetchAll(db, sql: """
                SELECT DISTINCT fingerprint, rule FROM flags WHERE repository = ? AND "commit" = ?
                """, arguments: [repository.id, commit])
            let findings = rows.map { ($0["fingerprint"] as String, $0["rule"] as String) }.filter { wanted.contains($0.0) }
            let missing = wanted.subtracting(findings.map(\.0))
            if !missing.isEmpty {
                throw IndexError("commit \(commit.prefix(12)) has no finding \(missing.sorted().joined(separator: ", "))")
            }
            return try record(findings: findings, commit: commit, repository: repository, status: status, note: note, by: by,
                              at: at, replacement: replacement, in: db)
        }
    }

    private func record(findings: [(String, String)], commit: String, repository: IndexedRepository, status: TriageStatus,
                        note: String, by: String, at: Int64, replacement: TriageReplacement, in db: Database) throws -> TriageOutcome {
        var outcome = TriageOutcome(repository: repository, commit: commit, recorded: [], replaced: [], kept: [], conflicts: [])
        var seen = Set<String>()
        var toRecord: [(String, String)] = []
        for (fingerprint, rule) in findings where seen.insert(fingerprint).inserted {
            let current = try Self.currentVerdict(fingerprint: fingerprint, repository: repository.id, in: db)
            let decided = current.map { $0.record.status != .open } ?? false
            switch replacement {
            case .keepExisting:
                if let current, decided { outcome.kept.append(current); continue }
            case .replace:
                break
            case .expecting(let seenIDs, let replaceOthers):
                if (current?.id ?? 0) != (seenIDs[fingerprint] ?? 0), let current {
                    outcome.conflicts.append(TriageConflict(current: current, reason: .changedSinceSeen))
                    continue
                }
                if let current, decided, current.record.by != by, current.record.status != status, !replaceOthers {
                    outcome.conflicts.append(TriageConflict(current: current, reason: .anotherReviewer))
                    continue
                }
            }
            if let current, decided { outcome.replaced.append(current) }
            toRecord.append((fingerprint, rule))
        }
        if !outcome.conflicts.isEmpty {
            outcome.replaced = []
            return outcome
        }
        for (fingerprint, rule) in toRecord {
            let verdict = TriageVerdict(fingerprint: fingerprint, rule: rule, commit: commit, status: status, note: note, by: by, at: at)
            try Self.insert(verdict, repository: repository.id, in: db)
            outcome.recorded.append(verdict)
        }
        return outcome
    }

    /// Inserts a verdict unless the same verdict is already there; true when it was new.
    @discardableResult
    static func insert(_ v: TriageVerdict, repository: Int64, in db: Database) throws -> Bool {
        try db.execute(sql: """
            INSERT OR IGNORE INTO triage (repository, fingerprint, "commit", rule, status, note, author, at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [repository, v.fingerprint, v.commit, v.rule, v.status.rawValue, v.note, v.by, v.at])
        return db.changesCount > 0
    }

    static func currentVerdict(fingerprint: String, repository: Int64, in db: Database) throws -> StoredVerdict? {
        try Row.fetchOne(db, sql: """
            SELECT id, fingerprint, rule, status, note, author, at, "commit" FROM triage
            WHERE repository = ? AND fingerprint = ? ORDER BY at DESC, id DESC LIMIT 1
            """, arguments: [repository, fingerprint]).map(StoredVerdict.init(row:))
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
        try verdictHistory(fingerprint: fingerprint, repository: repository).map(\.record)
    }

    /// The history of verdicts on a finding with their ids, newest first.
    public func verdictHistory(fingerprint: String, repository: IndexedRepository) throws -> [StoredVerdict] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, fingerprint, rule, status, note, author, at, "commit" FROM triage
                WHERE repository = ? AND fingerprint = ? ORDER BY at DESC, id DESC
                """, arguments: [repository.id, fingerprint]).map(StoredVerdict.init(row:))
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

    // MARK: Verdicts that travel

    /// Every verdict ever recorded in `repository`, oldest first (for `vigil triage export`).
    public func allVerdicts(repository: IndexedRepository) throws -> [TriageVerdict] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, fingerprint, rule, status, note, author, at, "commit" FROM triage WHERE repository = ? ORDER BY id
                """, arguments: [repository.id]).map { var v = StoredVerdict(row: $0).verdict; v.repository = repository.name; return v }
        }
    }

    /// Adds verdicts made elsewhere (git notes, an export file); the ones already here are skipped.
    /// Returns how many were new. Verdicts keep their own time: the newest one is a finding's current verdict.
    public func importVerdicts(_ verdicts: [TriageVerdict], repository: IndexedRepository) throws -> Int {
        try write { db in
            var added = 0
            for v in verdicts.sorted(by: { ($0.at, $0.fingerprint) < ($1.at, $1.fingerprint) })
            where try Self.insert(v, repository: repository.id, in: db) {
                added += 1
            }
            return added
        }
    }
}

extension StoredVerdict {
    init(row: Row) {
        self.init(id: row["id"], fingerprint: row["fingerprint"], rule: row["rule"], record: TriageRecord(row: row))
    }
}

extension TriageRecord {
    init(row: Row) {
        self.init(status: TriageStatus(rawValue: row["status"]) ?? .open, note: row["note"], by: row["author"],
                  at: row["at"], commit: row["commit"])
    }
}
