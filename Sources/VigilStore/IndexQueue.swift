import GRDB
import VigilModel

/// One commit of the reviewers' queue: its matching findings counted, with what ranks it.
public struct QueueEntry: Sendable {
    public var repository: IndexedRepository
    public var commit: String
    public var subject: String
    public var author: Identity
    public var committer: Identity
    public var klass: ProvenanceClass
    public var agents: [String]
    public var review: ReviewStatus
    /// Its findings that the filters keep.
    public var findings: Int
    public var topSeverity: Severity
    public var categories: [RiskCategory]
    /// Of those findings, how many have no verdict (or were reopened).
    public var untriaged: Int
    /// True when a kept finding removes a line from guardrail or oversight code (a check taken out).
    public var weakensSafeguard: Bool
    /// The rank the queue sorts on: the commit's risk score (`RiskScore`, stored by the index),
    /// the same as `query --sort risk`, the report's action list and the gate's messages.
    public var risk: Double
}

/// A page of the queue and how many commits match in all.
public struct QueuePage: Sendable {
    public var entries: [QueueEntry]
    public var total: Int
    public var offset: Int
    public var limit: Int
}

extension IndexDatabase {
    /// The flagged commits `query` selects, highest risk first (then newest), a page at a time.
    /// Finding filters decide which findings count; commit filters which commits.
    public func queue(_ query: IndexQuery, offset: Int, limit: Int) throws -> QueuePage {
        try read { db in
            var sql = SQLBuilder(query: query, db: db)
            let clauses = sql.commitClauses() + sql.flagClauses()
            let text = """
                WITH m AS (
                    SELECT f.repository AS repository, f."commit" AS id, count(*) AS n, max(f.severity_rank) AS top,
                           group_concat(DISTINCT f.category) AS categories,
                           sum(CASE WHEN t.status IS NULL OR t.status = 'open' THEN 1 ELSE 0 END) AS untriaged,
                           max(CASE WHEN f.side = 'removed' AND f.category IN ('guardrail', 'oversight') THEN 1 ELSE 0 END) AS weakens
                    FROM flags f
                    JOIN commits c ON c.repository = f.repository AND c.id = f."commit"
                    LEFT JOIN current_triage t ON t.repository = f.repository AND t.fingerprint = f.fingerprint
                    \(clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "))
                    GROUP BY f.repository, f."commit"
                )
                SELECT m.*, c.risk_score AS risk, count(*) OVER () AS total,
                       c.subject, c.author_name, c.author_email, c.author_time, c.author_offset,
                       c.committer_name, c.committer_email, c.committer_time, c.committer_offset,
                       c.class, c.agents, c.review_status, r.name AS repo_name, r.path AS repo_path
                FROM m JOIN commits c ON c.repository = m.repository AND c.id = m.id
                JOIN repositories r ON r.id = m.repository
                ORDER BY risk DESC, c.committer_time DESC, c.id
                LIMIT ? OFFSET ?
                """
            let arguments = sql.arguments + [limit, offset]
            let rows = try Row.fetchAll(db, sql: text, arguments: StatementArguments(arguments))
            var total = rows.first.map { $0["total"] as Int } ?? 0
            if rows.isEmpty && offset > 0 {
                // Past the last page: still say how many there are.
                total = try Int.fetchOne(db, sql: """
                    SELECT count(DISTINCT f.repository || ' ' || f."commit") FROM flags f
                    JOIN commits c ON c.repository = f.repository AND c.id = f."commit"
                    LEFT JOIN current_triage t ON t.repository = f.repository AND t.fingerprint = f.fingerprint
                    \(clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "))
                    """, arguments: StatementArguments(sql.arguments)) ?? 0
            }
            let entries = rows.map { row in
                let c = StoredReport.CommitColumns(row)
                return QueueEntry(repository: c.repository, commit: row["id"], subject: row["subject"], author: c.author,
                           committer: c.committer, klass: c.klass, agents: c.agents, review: c.review,
                           findings: row["n"], topSeverity: Severity.allCases.first { $0.rank == row["top"] as Int } ?? .low,
                           categories: ((row["categories"] as String?) ?? "").split(separator: ",").compactMap { RiskCategory(rawValue: String($0)) }
                               .sorted { $0.rawValue < $1.rawValue },
                           untriaged: row["untriaged"], weakensSafeguard: (row["weakens"] as Int) == 1, risk: row["risk"])
            }
            return QueuePage(entries: entries, total: total, offset: offset, limit: limit)
        }
    }

    /// Every reviewer name the index's commits record (for the queue's reviewer filter).
    public func reviewersSeen(limit: Int = 500) throws -> [String] {
        try read { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT json_extract(rv.value, '$.name') AS name FROM commits c, json_each(c.report, '$.review.reviewers') rv
                WHERE c.review_status = 'reviewed' AND name IS NOT NULL ORDER BY name LIMIT ?
                """, arguments: [limit])
        }
    }
}
