import Foundation
import GRDB
import VigilModel
import VigilRules

/// How a commit's report is kept in the index: the report whole, in its one JSON serialisation,
/// plus columns for what queries filter and sort on, and one row per finding.
enum StoredReport {
    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(type, from: Data(text.utf8))
    }

    // MARK: Writing

    /// Replaces everything stored for the report's commit.
    static func insert(_ report: CommitReport, repository: Int64, digests: Digests, forgeDigest: String = "",
                       pullRequestMerge: Bool = false, now: Int64, in db: Database) throws {
        let c = report.commit
        try db.execute(sql: """
            INSERT OR REPLACE INTO commits (repository, id, author_name, author_email, author_time, author_offset,
                committer_name, committer_email, committer_time, committer_offset, subject,
                class, agents, review_status, has_stats, pr_merge, classification_digest, risk_digest, indexed_at, report, risk_score,
                forge_digest)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: StatementArguments([
                repository, c.id.hex,
                c.author.name, c.author.email, c.author.time, Int(c.author.offsetMinutes),
                c.committer.name, c.committer.email, c.committer.time, Int(c.committer.offsetMinutes),
                c.subject, report.provenance.class.rawValue, agentsJSON(report.provenance.agents),
                report.review.status.rawValue, report.stats == nil ? 0 : 1, pullRequestMerge ? 1 : 0,
                digests.classification, digests.risk, now, report.json.serialized(), report.riskScore, forgeDigest,
            ] as [(any DatabaseValueConvertible)?]))
        try replaceFlags(report.flags, commit: c.id.hex, repository: repository, rules: nil, in: db)
    }

    /// Rewrites provenance, review and findings (the parts rules decide), keeping line statistics.
    static func updateClassification(_ report: CommitReport, repository: Int64, digests: Digests, forgeDigest: String,
                                     now: Int64, in db: Database) throws {
        var merged = report
        if let stored = try load(commit: report.commit.id.hex, repository: repository, in: db) {
            merged.stats = stored.stats
            merged.problems = Array(Set(stored.problems + report.problems)).sorted()
        }
        try db.execute(sql: """
            UPDATE commits SET class = ?, agents = ?, review_status = ?, classification_digest = ?, risk_digest = ?,
                indexed_at = ?, report = ?, risk_score = ?, forge_digest = ?
            WHERE repository = ? AND id = ?
            """, arguments: [merged.provenance.class.rawValue, agentsJSON(merged.provenance.agents), merged.review.status.rawValue,
                             digests.classification, digests.risk, now, merged.json.serialized(), merged.riskScore, forgeDigest,
                             repository, report.commit.id.hex])
        try replaceFlags(report.flags, commit: report.commit.id.hex, repository: repository, rules: nil, in: db)
    }

    /// Replaces only the findings of `rules` (the rules that changed), keeping the rest.
    static func updateRisk(_ report: CommitReport, rules: Set<String>, repository: Int64, riskDigest: String, in db: Database) throws {
        let fresh = report.flags.filter { rules.contains($0.rule) }
        try replaceFlags(fresh, commit: report.commit.id.hex, repository: repository, rules: rules, in: db)
        guard var stored = try load(commit: report.commit.id.hex, repository: repository, in: db) else { return }
        stored.flags = stored.flags.filter { !rules.contains($0.rule) } + fresh
        stored.skipped = report.skipped
        try db.execute(sql: "UPDATE commits SET risk_digest = ?, report = ?, risk_score = ? WHERE repository = ? AND id = ?",
                       arguments: [riskDigest, stored.json.serialized(), stored.riskScore, repository, report.commit.id.hex])
    }

    /// Drops the findings of `rules` (rules since removed) from a stored commit.
    static func dropFlags(rules: Set<String>, commit: String, repository: Int64, riskDigest: String, in db: Database) throws {
        try replaceFlags([], commit: commit, repository: repository, rules: rules, in: db)
        guard var stored = try load(commit: commit, repository: repository, in: db) else { return }
        stored.flags.removeAll { rules.contains($0.rule) }
        try db.execute(sql: "UPDATE commits SET risk_digest = ?, report = ?, risk_score = ? WHERE repository = ? AND id = ?",
                       arguments: [riskDigest, stored.json.serialized(), stored.riskScore, repository, commit])
    }

    /// Deletes the commit's findings (of `rules` only, when given) and inserts `flags`.
    static func replaceFlags(_ flags: [RiskFlag], commit: String, repository: Int64, rules: Set<String>?, in db: Database) throws {
        var scope = ""
        var scopeArguments: [any DatabaseValueConvertible] = [repository, commit]
        if let rules {
            guard !rules.isEmpty else { return }
            scope = " AND rule IN (\(Array(repeating: "?", count: rules.count).joined(separator: ",")))"
            scopeArguments += rules.sorted()
        }
        try db.execute(sql: """
            DELETE FROM flag_lines WHERE repository = ? AND fingerprint IN
                (SELECT fingerprint FROM flags WHERE repository = ? AND "commit" = ?\(scope))
                AND fingerprint NOT IN (SELECT fingerprint FROM flags WHERE repository = ? AND "commit" != ?)
            """, arguments: StatementArguments([repository] + scopeArguments + [repository, commit]))
        try db.execute(sql: "DELETE FROM flags WHERE repository = ? AND \"commit\" = ?" + scope, arguments: StatementArguments(scopeArguments))
        let anyTriage = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM triage WHERE repository = ?)", arguments: [repository]) ?? false
        for flag in flags {
            try db.execute(sql: """
                INSERT INTO flags (repository, "commit", rule, title, category, severity, severity_rank, path, line, side,
                                   excerpt, message, fingerprint, kind, scope, value_key, direction, flag)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [repository, commit, flag.rule, flag.title, flag.category.rawValue, flag.severity.rawValue,
                                 flag.severity.rank, flag.path, flag.line, flag.side.rawValue, flag.excerpt, flag.message,
                                 flag.fingerprint, flag.kind.rawValue, flag.scope, flag.value?.key, flag.value?.direction.rawValue,
                                 flag.json.serialized()])
            let lineFingerprints = Set(flag.lines.map(\.fingerprint).filter { !$0.isEmpty })
            for line in lineFingerprints.sorted() {
                try db.execute(sql: "INSERT INTO flag_lines (repository, fingerprint, line_fingerprint) VALUES (?, ?, ?)",
                               arguments: [repository, flag.fingerprint, line])
            }
            if anyTriage { try carryOverTriage(flag, lines: lineFingerprints, commit: commit, repository: repository, in: db) }
        }
    }

    /// A finding without a verdict of its own inherits one when every line it groups had a
    /// verdict (given on an older vigil's per-line findings) and they agree: the newest of them,
    /// recorded as a new triage row that says where it came from. Lines with differing verdicts,
    /// or some lines never triaged, leave the finding untriaged: it holds something not yet judged.
    static func carryOverTriage(_ flag: RiskFlag, lines: Set<String>, commit: String, repository: Int64, in db: Database) throws {
        guard !lines.isEmpty,
              try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM triage WHERE repository = ? AND fingerprint = ?)",
                                arguments: [repository, flag.fingerprint]) == false else { return }
        let marks = Array(repeating: "?", count: lines.count).joined(separator: ",")
        let rows = try Row.fetchAll(db, sql: """
            SELECT fingerprint, status, note, author, at FROM triage WHERE id IN
                (SELECT max(id) FROM triage WHERE repository = ? AND fingerprint IN (\(marks)) GROUP BY fingerprint)
            """, arguments: StatementArguments([repository] as [any DatabaseValueConvertible] + lines.sorted()))
        guard rows.count == lines.count, Set(rows.map { $0["status"] as String }).count == 1,
              let newest = rows.max(by: { ($0["at"] as Int64) < ($1["at"] as Int64) }),
              (newest["status"] as String) != TriageStatus.open.rawValue else { return }
        try db.execute(sql: """
            INSERT INTO triage (repository, fingerprint, "commit", rule, status, note, author, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [repository, flag.fingerprint, commit, flag.rule, newest["status"] as String,
                             "carried over from \(lines.count) line verdict(s): " + (newest["note"] as String),
                             newest["author"] as String, newest["at"] as Int64])
    }

    static func agentsJSON(_ agents: [String]) -> String { JSONValue.array(agents.map { .string($0) }).serialized() }

    // MARK: Reading

    static func load(commit: String, repository: Int64, in db: Database) throws -> CommitReport? {
        guard let text = try String.fetchOne(db, sql: "SELECT report FROM commits WHERE repository = ? AND id = ?",
                                             arguments: [repository, commit]) else { return nil }
        return try report(text)
    }

    /// The report a stored JSON text holds. A row the index cannot read back is an error naming the commit.
    static func report(_ text: String) throws -> CommitReport {
        do { return try CommitReport(jsonText: text) } catch {
            throw IndexError("a stored report cannot be read back (\(error)); run `vigil index --rebuild`")
        }
    }

    /// The commit columns a query selects beside its own (`repo_name`, `repo_path`, the identities,
    /// class, agents and review status), read back.
    struct CommitColumns {
        var repository: IndexedRepository
        var author: Identity
        var committer: Identity
        var klass: ProvenanceClass
        var agents: [String]
        var review: ReviewStatus

        init(_ row: Row) {
            repository = IndexedRepository(id: row["repository"], path: row["repo_path"], name: row["repo_name"])
            author = Identity(name: row["author_name"], email: row["author_email"], time: row["author_time"],
                              offsetMinutes: Int32(row["author_offset"] as Int))
            committer = Identity(name: row["committer_name"], email: row["committer_email"], time: row["committer_time"],
                                 offsetMinutes: Int32(row["committer_offset"] as Int))
            klass = ProvenanceClass(rawValue: row["class"]) ?? .human
            agents = StoredReport.decode([String].self, row["agents"]) ?? []
            review = ReviewStatus(rawValue: row["review_status"]) ?? .unreviewed
        }
    }

    /// The finding a flags row holds (its JSON column, the one serialisation).
    static func flag(from row: Row) throws -> RiskFlag {
        do { return try RiskFlag(json: JSONValue(parsing: row["flag"] as String)) } catch {
            throw IndexError("a stored finding cannot be read back (\(error)); run `vigil index --rebuild`")
        }
    }
}

/// The digests a stored result was computed under.
struct Digests: Sendable, Hashable {
    var classification: String
    var risk: String

    /// What `rules` (and the committer-review setting, which changes review) make now.
    static func current(_ rules: RuleSet, committerIsReviewer: Bool?) -> Digests {
        Digests(classification: ContentDigest.of([rules.classificationDigest,
                                                  "committer-review=\(committerIsReviewer.map(String.init) ?? "default")"]),
                risk: ContentDigest.of(rules.risk.rules.map { "\($0.id)=\($0.digest)" }.sorted()
                                       + ["(engine)=\(RiskRuleSet.engineVersion)", "(paths)=\(rules.risk.pathClassesDigest)"]))
    }
}
