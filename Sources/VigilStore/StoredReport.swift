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
                class, agents, review_status, has_stats, pr_merge, classification_digest, risk_digest, indexed_at, report, forge_digest)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: StatementArguments([
                repository, c.id.hex,
                c.author.name, c.author.email, c.author.time, Int(c.author.offsetMinutes),
                c.committer.name, c.committer.email, c.committer.time, Int(c.committer.offsetMinutes),
                c.subject, report.provenance.class.rawValue, agentsJSON(report.provenance.agents),
                report.review.status.rawValue, report.stats == nil ? 0 : 1, pullRequestMerge ? 1 : 0,
                digests.classification, digests.risk, now, report.json.serialized(), forgeDigest,
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
                indexed_at = ?, report = ?, forge_digest = ?
            WHERE repository = ? AND id = ?
            """, arguments: [merged.provenance.class.rawValue, agentsJSON(merged.provenance.agents), merged.review.status.rawValue,
                             digests.classification, digests.risk, now, merged.json.serialized(), forgeDigest,
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
        try db.execute(sql: "UPDATE commits SET risk_digest = ?, report = ? WHERE repository = ? AND id = ?",
                       arguments: [riskDigest, stored.json.serialized(), repository, report.commit.id.hex])
    }

    /// Drops the findings of `rules` (rules since removed) from a stored commit.
    static func dropFlags(rules: Set<String>, commit: String, repository: Int64, riskDigest: String, in db: Database) throws {
        try replaceFlags([], commit: commit, repository: repository, rules: rules, in: db)
        guard var stored = try load(commit: commit, repository: repository, in: db) else { return }
        stored.flags.removeAll { rules.contains($0.rule) }
        try db.execute(sql: "UPDATE commits SET risk_digest = ?, report = ? WHERE repository = ? AND id = ?",
                       arguments: [riskDigest, stored.json.serialized(), repository, commit])
    }

    /// Deletes the commit's findings (of `rules` only, when given) and inserts `flags`.
    static func replaceFlags(_ flags: [RiskFlag], commit: String, repository: Int64, rules: Set<String>?, in db: Database) throws {
        if let rules {
            guard !rules.isEmpty else { return }
            let marks = Array(repeating: "?", count: rules.count).joined(separator: ",")
            try db.execute(sql: "DELETE FROM flags WHERE repository = ? AND \"commit\" = ? AND rule IN (\(marks))",
                           arguments: StatementArguments([repository, commit] as [any DatabaseValueConvertible] + rules.sorted()))
        } else {
            try db.execute(sql: "DELETE FROM flags WHERE repository = ? AND \"commit\" = ?", arguments: [repository, commit])
        }
        for flag in flags {
            try db.execute(sql: """
                INSERT INTO flags (repository, "commit", rule, title, category, severity, severity_rank, path, line, side,
                                   excerpt, message, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [repository, commit, flag.rule, flag.title, flag.category.rawValue, flag.severity.rawValue,
                                 flag.severity.rank, flag.path, flag.line, flag.side.rawValue, flag.excerpt, flag.message,
                                 flag.fingerprint])
        }
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

    static func flag(from row: Row) -> RiskFlag {
        RiskFlag(rule: row["rule"], title: row["title"], category: RiskCategory(rawValue: row["category"]) ?? .oversight,
                 severity: Severity(rawValue: row["severity"]) ?? .low, path: row["path"], line: row["line"],
                 side: RiskFlag.Side(rawValue: row["side"]) ?? .added, excerpt: row["excerpt"], message: row["message"],
                 fingerprint: row["fingerprint"])
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
                risk: ContentDigest.of(rules.risk.rules.map { "\($0.id)=\($0.digest)" }.sorted()))
    }
}
