import Foundation
import GRDB
import VigilGit
import VigilProvenance
import VigilReview
import VigilRisk
import VigilRules
import VigilScan

/// How a commit's report is kept in the index: columns for what queries filter on, JSON for the
/// nested evidence, and back again for `vigil show` and the weekly report.
enum StoredReport {
    struct StoredIdentity: Codable {
        var name: String; var email: String; var time: Int64; var offset: Int32
        init(_ identity: Identity) {
            (name, email, time, offset) = (identity.name, identity.email, identity.time, identity.offsetMinutes)
        }
        var identity: Identity { Identity(name: name, email: email, time: time, offsetMinutes: offset) }
    }
    struct StoredEvidence: Codable { var signal: String; var text: String; var agent: String; var implies: String; var pattern: String }
    struct StoredReviewEvidence: Codable { var signal: String; var text: String; var approver: StoredIdentity?; var discount: String? }
    struct StoredReview: Codable { var reviewers: [StoredIdentity]; var evidence: [StoredReviewEvidence] }
    struct StoredStats: Codable {
        var binary: Int; var renamed: Int; var unreadable: [String]; var byDirectory: [String: Int]; var missingParent: Bool
    }
    struct StoredSkipped: Codable { var path: String; var reason: String }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func json<T: Encodable>(_ value: T) -> String {
        String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(type, from: Data(text.utf8))
    }

    // MARK: Writing

    /// Replaces everything stored for the report's commit.
    static func insert(_ report: CommitReport, repository: Int64, digests: Digests, pullRequestMerge: Bool = false,
                       now: Int64, in db: Database) throws {
        let c = report.commit
        let stats = report.stats
        try db.execute(sql: """
            INSERT OR REPLACE INTO commits (repository, id, parents, author_name, author_email, author_time, author_offset,
                committer_name, committer_email, committer_time, committer_offset, subject, message_encoding,
                class, agents, provenance, review_status, review, files, added, removed, stats, problems, skipped,
                classification_digest, risk_digest, indexed_at, pr_merge)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: StatementArguments([
                repository, c.id.hex, c.parents.map(\.hex).joined(separator: " "),
                c.author.name, c.author.email, c.author.time, Int(c.author.offsetMinutes),
                c.committer.name, c.committer.email, c.committer.time, Int(c.committer.offsetMinutes),
                c.subject, c.messageEncoding,
                report.provenance.class.rawValue, json(report.provenance.agents), json(evidence(report.provenance)),
                report.review.status.rawValue, json(review(report.review)),
                stats?.files, stats?.added, stats?.removed, stats.map { json(storedStats($0)) },
                json(report.problems), json(report.skipped.map { StoredSkipped(path: $0.path, reason: $0.reason) }),
                digests.classification, digests.risk, now, pullRequestMerge ? 1 : 0,
            ] as [(any DatabaseValueConvertible)?]))
        try replaceFlags(report.flags, commit: c.id.hex, repository: repository, rules: nil, in: db)
    }

    /// Rewrites provenance, review and findings (the parts rules decide), keeping line statistics.
    static func updateClassification(_ report: CommitReport, repository: Int64, digests: Digests, now: Int64, in db: Database) throws {
        try db.execute(sql: """
            UPDATE commits SET class = ?, agents = ?, provenance = ?, review_status = ?, review = ?, skipped = ?,
                classification_digest = ?, risk_digest = ?, indexed_at = ?
            WHERE repository = ? AND id = ?
            """, arguments: [report.provenance.class.rawValue, json(report.provenance.agents), json(evidence(report.provenance)),
                             report.review.status.rawValue, json(review(report.review)),
                             json(report.skipped.map { StoredSkipped(path: $0.path, reason: $0.reason) }),
                             digests.classification, digests.risk, now, repository, report.commit.id.hex])
        try replaceFlags(report.flags, commit: report.commit.id.hex, repository: repository, rules: nil, in: db)
    }

    /// Replaces only the findings of `rules` (the rules that changed), keeping the rest.
    static func updateRisk(_ report: CommitReport, rules: Set<String>, repository: Int64, riskDigest: String, in db: Database) throws {
        try replaceFlags(report.flags.filter { rules.contains($0.rule) }, commit: report.commit.id.hex,
                         repository: repository, rules: rules, in: db)
        try db.execute(sql: "UPDATE commits SET risk_digest = ? WHERE repository = ? AND id = ?",
                       arguments: [riskDigest, repository, report.commit.id.hex])
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

    static func evidence(_ provenance: Provenance) -> [StoredEvidence] {
        provenance.evidence.map {
            StoredEvidence(signal: $0.signal.rawValue, text: $0.text, agent: $0.agent, implies: $0.implies.rawValue, pattern: $0.pattern)
        }
    }

    static func review(_ review: Review) -> StoredReview {
        StoredReview(reviewers: review.reviewers.map { StoredIdentity($0) },
                     evidence: review.evidence.map {
                         StoredReviewEvidence(signal: $0.signal.rawValue, text: $0.text,
                                              approver: $0.approver.map { StoredIdentity($0) },
                                              discount: $0.discount?.rawValue)
                     })
    }

    static func storedStats(_ stats: DiffStats) -> StoredStats {
        StoredStats(binary: stats.binaryFiles, renamed: stats.renamedFiles, unreadable: stats.unreadablePaths,
                    byDirectory: stats.linesByTopDirectory, missingParent: stats.missingParent)
    }

    // MARK: Reading

    /// The report of a stored commit row (`commits.*`). The message is not stored: the report's
    /// message is the subject line, and it has no trailers (their verdicts are in the evidence).
    static func report(from row: Row, flags: [RiskFlag]) -> CommitReport? {
        guard let id = ObjectID(hex: row["id"]) else { return nil }
        let parents = (row["parents"] as String).split(separator: " ").compactMap { ObjectID(hex: String($0)) }
        let author = Identity(name: row["author_name"], email: row["author_email"], time: row["author_time"],
                              offsetMinutes: Int32(row["author_offset"] as Int))
        let committer = Identity(name: row["committer_name"], email: row["committer_email"], time: row["committer_time"],
                                 offsetMinutes: Int32(row["committer_offset"] as Int))
        let subject: String = row["subject"]
        let commit = Commit(id: id, parents: parents, author: author, committer: committer, message: subject,
                            messageEncoding: row["message_encoding"], trailers: [])
        let evidence = (decode([StoredEvidence].self, row["provenance"]) ?? []).compactMap { e -> Evidence? in
            guard let signal = Evidence.Signal(rawValue: e.signal), let implies = ProvenanceClass(rawValue: e.implies) else { return nil }
            return Evidence(signal: signal, text: e.text, agent: e.agent, implies: implies, pattern: e.pattern)
        }
        let provenance = Provenance(class: ProvenanceClass(rawValue: row["class"]) ?? .human,
                                    agents: decode([String].self, row["agents"]) ?? [], evidence: evidence)
        let storedReview = decode(StoredReview.self, row["review"]) ?? StoredReview(reviewers: [], evidence: [])
        let review = Review(status: ReviewStatus(rawValue: row["review_status"]) ?? .unreviewed,
                            reviewers: storedReview.reviewers.map { $0.identity },
                            evidence: storedReview.evidence.compactMap { e in
                                guard let signal = ReviewEvidence.Signal(rawValue: e.signal) else { return nil }
                                return ReviewEvidence(signal: signal, text: e.text,
                                                      approver: e.approver.map { $0.identity },
                                                      discount: e.discount.flatMap(ReviewEvidence.Discount.init(rawValue:)))
                            })
        var stats: DiffStats?
        if let files = row["files"] as Int? {
            var s = DiffStats()
            s.files = files
            s.added = row["added"] ?? 0
            s.removed = row["removed"] ?? 0
            if let extra = decode(StoredStats.self, row["stats"]) {
                s.binaryFiles = extra.binary
                s.renamedFiles = extra.renamed
                s.unreadablePaths = extra.unreadable
                s.linesByTopDirectory = extra.byDirectory
                s.missingParent = extra.missingParent
            }
            stats = s
        }
        var report = CommitReport(commit: commit, provenance: provenance, review: review, stats: stats,
                                  problems: decode([String].self, row["problems"]) ?? [])
        report.flags = flags
        report.skipped = (decode([StoredSkipped].self, row["skipped"]) ?? []).map { SkippedFile(path: $0.path, reason: $0.reason) }
        return report
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
