import Foundation
import GRDB
import VigilGit
import VigilModel
import VigilPipeline
import VigilRules

/// Which triage verdicts a query shows.
public enum TriageSelection: Sendable, Hashable {
    /// Everything but false positives (the default).
    case notFalsePositive
    case all
    /// No verdict yet (or reopened).
    case untriaged
    case status(TriageStatus)

    public init?(_ text: String) {
        switch text {
        case "all": self = .all
        case "untriaged": self = .untriaged
        default:
            guard let status = TriageStatus(rawValue: text), status != .open else { return nil }
            self = .status(status)
        }
    }
}

/// What a reviewer asks the index. Empty lists and nils mean no filter.
public struct IndexQuery: Sendable {
    public var categories: [RiskCategory] = []
    /// At least this severity.
    public var minimumSeverity: Severity?
    public var rules: [String] = []
    public var classes: [ProvenanceClass] = []
    public var agents: [String] = []
    public var reviews: [ReviewStatus] = []
    /// A substring of the author's name or email, any case.
    public var author: String?
    /// Substrings of a counted reviewer's name or email, any case (any of them).
    public var reviewers: [String] = []
    /// Findings in files matching this glob (rule-file syntax: `**`, `*`, a leading `/` anchors).
    public var path: PathGlob?
    /// Committer time bounds, seconds since the epoch.
    public var since: Int64?
    public var until: Int64?
    public var triage: TriageSelection = .notFalsePositive
    /// Repository names or git-directory paths.
    public var repositories: [String] = []
    /// A commit id or prefix.
    public var commit: String?
    public var sort: Sort = .risk
    public var limit: Int?

    public enum Sort: String, Sendable, CaseIterable {
        /// The commits with the highest risk score first (see `RiskScore`), each commit's most
        /// severe findings first, then newest.
        case risk
        /// Most severe first, then newest.
        case severity
        /// Newest first.
        case date
        case rule, path, commit
    }

    public init() {}

    /// True when some filter concerns findings rather than commits.
    var filtersFindings: Bool {
        !categories.isEmpty || minimumSeverity != nil || !rules.isEmpty || path != nil || triage != .notFalsePositive
    }
}

extension IndexDatabase {
    /// The findings `query` selects, in its order.
    public func flags(_ query: IndexQuery) throws -> [FlagRecord] {
        try read { db in
            var sql = SQLBuilder(query: query, db: db)
            let where_ = sql.commitClauses() + sql.flagClauses()
            let order: String = switch query.sort {
            case .risk: "c.risk_score DESC, f.severity_rank DESC, c.committer_time DESC, f.id"
            case .severity: "f.severity_rank DESC, c.committer_time DESC, f.id"
            case .date: "c.committer_time DESC, f.severity_rank DESC, f.id"
            case .rule: "f.rule, c.committer_time DESC, f.id"
            case .path: "f.path, f.line, f.id"
            case .commit: "c.id, f.path, f.line, f.id"
            }
            let text = """
                SELECT f.*, c.subject, c.author_name, c.author_email, c.author_time, c.author_offset,
                       c.committer_name, c.committer_email, c.committer_time, c.committer_offset,
                       c.class, c.agents, c.review_status, r.name AS repo_name, r.path AS repo_path,
                       t.status AS t_status, t.note AS t_note, t.author AS t_author, t.at AS t_at, t."commit" AS t_commit
                FROM flags f
                JOIN commits c ON c.repository = f.repository AND c.id = f."commit"
                JOIN repositories r ON r.id = f.repository
                LEFT JOIN current_triage t ON t.repository = f.repository AND t.fingerprint = f.fingerprint
                \(where_.isEmpty ? "" : "WHERE " + where_.joined(separator: " AND "))
                ORDER BY \(order)
                \(query.limit.map { "LIMIT \($0)" } ?? "")
                """
            return try Row.fetchAll(db, sql: text, arguments: StatementArguments(sql.arguments)).map { row in
                let c = StoredReport.CommitColumns(row)
                return FlagRecord(repository: c.repository, commit: row["commit"], subject: row["subject"], author: c.author,
                           committer: c.committer, klass: c.klass, agents: c.agents, review: c.review,
                           flag: try StoredReport.flag(from: row),
                           triage: (row["t_status"] as String?).map { _ in
                               TriageRecord(status: TriageStatus(rawValue: row["t_status"]) ?? .open, note: row["t_note"],
                                            by: row["t_author"], at: row["t_at"], commit: row["t_commit"])
                           })
            }
        }
    }

    /// The commits `query` selects (newest first, or in its order), each with its stored report.
    /// Finding filters keep commits with at least one matching finding.
    public func commits(_ query: IndexQuery) throws -> [CommitRecord] {
        try read { db in
            var sql = SQLBuilder(query: query, db: db)
            var where_ = sql.commitClauses()
            let flagWhere = sql.flagClauses()
            let countSQL = """
                (SELECT count(*) FROM flags f LEFT JOIN current_triage t ON t.repository = f.repository AND t.fingerprint = f.fingerprint
                 WHERE f.repository = c.repository AND f."commit" = c.id\(flagWhere.map { " AND " + $0 }.joined()))
                """
            if query.filtersFindings { where_.append("\(countSQL) > 0") }
            let order: String = switch query.sort {
            case .risk: "c.risk_score DESC, c.committer_time DESC, c.id"
            case .severity: "(SELECT max(severity_rank) FROM flags f WHERE f.repository = c.repository AND f.\"commit\" = c.id) DESC NULLS LAST, c.committer_time DESC, c.id"
            case .commit: "c.id"
            default: "c.committer_time DESC, c.id"
            }
            let text = """
                SELECT c.*, r.name AS repo_name, r.path AS repo_path, \(countSQL) AS matching
                FROM commits c JOIN repositories r ON r.id = c.repository
                \(where_.isEmpty ? "" : "WHERE " + where_.joined(separator: " AND "))
                ORDER BY \(order)
                \(query.limit.map { "LIMIT \($0)" } ?? "")
                """
            // The count's placeholders come first in the text: bind its arguments twice when filtered.
            let arguments = sql.flagArguments + sql.commitArguments + (query.filtersFindings ? sql.flagArguments : [])
            let rows = try Row.fetchAll(db, sql: text, arguments: StatementArguments(arguments))
            return try rows.map { row in
                CommitRecord(repository: IndexedRepository(id: row["repository"], path: row["repo_path"], name: row["repo_name"]),
                             report: try StoredReport.report(row["report"]), flags: row["matching"])
            }
        }
    }

    /// The stored reports of `ids` in `repository` whose results are current for `rules`
    /// (stale or missing ones are left out, for the caller to scan).
    /// `forge` gives the forge landings now known: a report computed with others is stale too.
    public func currentReports(_ ids: [ObjectID], repository: IndexedRepository, rules: RuleSet,
                               committerIsReviewer: Bool? = nil, forge: ForgeLandingMap = .empty) throws -> [ObjectID: CommitReport] {
        let digests = Digests.current(rules, committerIsReviewer: committerIsReviewer)
        return try read { db in
            var reports: [ObjectID: CommitReport] = [:]
            // Only the commits asked for, a few hundred ids a query.
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = ids[start..<min(start + 500, ids.count)].map(\.hex)
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT report, forge_digest, subject FROM commits WHERE repository = ? AND classification_digest = ? AND risk_digest = ?
                        AND has_stats = 1 AND id IN (\(marks))
                    """, arguments: StatementArguments([repository.id, digests.classification, digests.risk] as [any DatabaseValueConvertible] + chunk))
                while let row = try rows.next() {
                    let report = try StoredReport.report(row["report"])
                    guard forge.digest(for: report.commit.id, subject: row["subject"]) == (row["forge_digest"] as String) else { continue }
                    reports[report.commit.id] = report
                }
            }
            return reports
        }
    }

    /// The stored report of one commit, whatever rules made it.
    public func storedReport(_ id: String, repository: IndexedRepository) throws -> CommitReport? {
        try read { db in try StoredReport.load(commit: id, repository: repository.id, in: db) }
    }

}

/// Builds a query's WHERE clauses and their arguments, commit clauses before finding clauses.
struct SQLBuilder {
    let query: IndexQuery
    let db: Database
    var commitArguments: [(any DatabaseValueConvertible)?] = []
    var flagArguments: [(any DatabaseValueConvertible)?] = []
    /// Commit arguments then finding arguments, as `commitClauses() + flagClauses()` reads.
    var arguments: [(any DatabaseValueConvertible)?] { commitArguments + flagArguments }

    init(query: IndexQuery, db: Database) {
        self.query = query
        self.db = db
    }

    /// `%text%` for LIKE, lower-cased, with LIKE's own characters escaped.
    static func likePattern(_ text: String) -> String {
        "%" + text.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
    }

    private func marks(_ n: Int) -> String { Array(repeating: "?", count: n).joined(separator: ",") }

    mutating func commitClauses() -> [String] {
        var clauses: [String] = []
        if !query.classes.isEmpty {
            clauses.append("c.class IN (\(marks(query.classes.count)))")
            commitArguments += query.classes.map(\.rawValue)
        }
        if !query.reviews.isEmpty {
            clauses.append("c.review_status IN (\(marks(query.reviews.count)))")
            commitArguments += query.reviews.map(\.rawValue)
        }
        if !query.agents.isEmpty {
            clauses.append("EXISTS (SELECT 1 FROM json_each(c.agents) WHERE lower(json_each.value) IN (\(marks(query.agents.count))))")
            commitArguments += query.agents.map { $0.lowercased() }
        }
        if let author = query.author {
            let pattern = Self.likePattern(author)
            clauses.append("(lower(c.author_name) LIKE ? ESCAPE '\\' OR lower(c.author_email) LIKE ? ESCAPE '\\')")
            commitArguments += [pattern, pattern]
        }
        if !query.reviewers.isEmpty {
            // Reviewers live in the stored report; only commits that pass the other filters are read.
            let tests = query.reviewers.map { _ in
                "lower(json_extract(rv.value, '$.name')) LIKE ? ESCAPE '\\' OR lower(json_extract(rv.value, '$.email')) LIKE ? ESCAPE '\\'"
            }
            clauses.append("EXISTS (SELECT 1 FROM json_each(c.report, '$.review.reviewers') rv WHERE \(tests.joined(separator: " OR ")))")
            for reviewer in query.reviewers {
                let pattern = Self.likePattern(reviewer)
                commitArguments += [pattern, pattern]
            }
        }
        if let since = query.since { clauses.append("c.committer_time >= ?"); commitArguments.append(since) }
        if let until = query.until { clauses.append("c.committer_time <= ?"); commitArguments.append(until) }
        if !query.repositories.isEmpty {
            clauses.append("(c.repository IN (SELECT id FROM repositories WHERE name IN (\(marks(query.repositories.count))) OR path IN (\(marks(query.repositories.count)))))")
            commitArguments += query.repositories
            commitArguments += query.repositories.map { IndexDatabase.canonicalPath($0) }
        }
        if let commit = query.commit?.lowercased() {
            clauses.append("c.id >= ? AND c.id < ?")
            commitArguments += [commit, commit + "g"]
        }
        return clauses
    }

    /// Clauses on `f` (flags) and `t` (current_triage); their arguments go to `flagArguments`.
    mutating func flagClauses() -> [String] {
        var clauses: [String] = []
        var args: [(any DatabaseValueConvertible)?] = []
        if !query.categories.isEmpty {
            clauses.append("f.category IN (\(marks(query.categories.count)))")
            args += query.categories.map(\.rawValue)
        }
        if let minimum = query.minimumSeverity { clauses.append("f.severity_rank >= ?"); args.append(minimum.rank) }
        if !query.rules.isEmpty {
            clauses.append("f.rule IN (\(marks(query.rules.count)))")
            args += query.rules
        }
        if let glob = query.path {
            // The glob runs in Swift, as the rule engine runs it, through a function on this connection.
            db.add(function: DatabaseFunction("vigil_path_matches", argumentCount: 1, pure: true) { values in
                glob.matches(String.fromDatabaseValue(values[0]) ?? "")
            })
            clauses.append("vigil_path_matches(f.path)")
        }
        switch query.triage {
        case .notFalsePositive: clauses.append("(t.status IS NULL OR t.status != 'false-positive')")
        case .all: break
        case .untriaged: clauses.append("(t.status IS NULL OR t.status = 'open')")
        case .status(let status): clauses.append("t.status = ?"); args.append(status.rawValue)
        }
        flagArguments = args
        return clauses
    }
}

extension IndexDatabase {
    /// Every agent id the index's commits name (for checking `--agent` against more than the rules).
    public func agentsSeen() throws -> [String] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT json_each.value FROM commits, json_each(commits.agents)")
        }
    }

    /// Every rule id the index's findings name (rules since removed included).
    public func rulesSeen() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT rule FROM flags") }
    }
}
