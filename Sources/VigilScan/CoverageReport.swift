import VigilGit
import VigilRules

/// Review coverage over a range: what share of commits, of AI-made commits and of their changed
/// lines was independently reviewed, by agent and by top-level directory, and which AI-made
/// commits were not.
public struct CoverageReport: Sendable {
    /// Reviewed out of all, for commits or lines.
    public struct Share: Sendable, Equatable {
        public var reviewed = 0
        public var total = 0
        /// 1 when there is nothing to review: an empty set is fully covered.
        public var ratio: Double { total == 0 ? 1 : Double(reviewed) / Double(total) }
        mutating func add(_ count: Int, reviewed isReviewed: Bool) {
            total += count
            if isReviewed { reviewed += count }
        }
    }

    public struct UnreviewedCommit: Sendable {
        public var id: ObjectID
        public var time: Int64
        public var offsetMinutes: Int32
        public var klass: ProvenanceClass
        public var agents: [String]
        public var status: ReviewStatus
        public var changedLines: Int
        public var subject: String
    }

    public var commits = Share()
    public var aiCommits = Share()
    public var aiLines = Share()
    public var byStatus: [ReviewStatus: Int] = [:]
    public var aiByStatus: [ReviewStatus: Int] = [:]
    /// AI-made commits and lines per agent.
    public var byAgent: [String: (commits: Share, lines: Share)] = [:]
    /// AI-made changed lines per top-level directory.
    public var byDirectory: [String: Share] = [:]
    public var unreviewedAI: [UnreviewedCommit] = []
    public var statsComputed = true

    public init() {}

    public mutating func add(_ report: CommitReport) {
        let reviewed = report.review.status == .reviewed
        commits.add(1, reviewed: reviewed)
        byStatus[report.review.status, default: 0] += 1
        if report.stats == nil { statsComputed = false }
        guard report.provenance.class.isAIMade else { return }
        aiCommits.add(1, reviewed: reviewed)
        aiByStatus[report.review.status, default: 0] += 1
        aiLines.add(report.changedLines, reviewed: reviewed)
        for agent in report.provenance.agents {
            var entry = byAgent[agent] ?? (Share(), Share())
            entry.commits.add(1, reviewed: reviewed)
            entry.lines.add(report.changedLines, reviewed: reviewed)
            byAgent[agent] = entry
        }
        for (directory, lines) in report.stats?.linesByTopDirectory ?? [:] {
            byDirectory[directory, default: Share()].add(lines, reviewed: reviewed)
        }
        if !reviewed {
            let c = report.commit
            unreviewedAI.append(UnreviewedCommit(id: c.id, time: c.committer.time, offsetMinutes: c.committer.offsetMinutes,
                                                 klass: report.provenance.class, agents: report.provenance.agents,
                                                 status: report.review.status, changedLines: report.changedLines, subject: c.subject))
        }
    }
}

extension CoverageReport {
    static let statusOrder: [ReviewStatus] = [.reviewed, .mergedUnverified, .selfReviewed, .unreviewed]

    public var json: JSONValue {
        func share(_ s: Share) -> JSONValue {
            .object([("reviewed", .int(s.reviewed)), ("total", .int(s.total)), ("ratio", .double((s.ratio * 10_000).rounded() / 10_000))])
        }
        func statuses(_ counts: [ReviewStatus: Int]) -> JSONValue {
            .object(Self.statusOrder.map { ($0.rawValue, .int(counts[$0] ?? 0)) })
        }
        return .object([
            ("commits", share(commits)),
            ("aiCommits", share(aiCommits)),
            ("aiLines", statsComputed ? share(aiLines) : .null),
            ("byStatus", statuses(byStatus)),
            ("aiByStatus", statuses(aiByStatus)),
            ("byAgent", .object(byAgent.sorted { $0.key < $1.key }.map { ($0.key, .object([("commits", share($0.value.commits)), ("lines", share($0.value.lines))])) })),
            ("byDirectory", .object(byDirectory.sorted { $0.key < $1.key }.map { ($0.key, share($0.value)) })),
            ("unreviewedAICommits", .array(unreviewedAI.map { c in
                .object([("commit", .string(c.id.hex)), ("time", .string(Timestamp.iso8601(seconds: c.time, offsetMinutes: c.offsetMinutes))),
                         ("class", .string(c.klass.rawValue)), ("agents", .array(c.agents.map { .string($0) })),
                         ("review", .string(c.status.rawValue)), ("changedLines", .int(c.changedLines)), ("subject", .string(c.subject))])
            })),
        ])
    }

    public func text(style: TerminalStyle) -> String {
        func pct(_ s: Share) -> String { SummaryText.percent(s.ratio) }
        func statuses(_ counts: [ReviewStatus: Int]) -> String {
            Self.statusOrder.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: ", ")
        }
        var out = ""
        out += "Commits reviewed:          \(pct(commits)) (\(commits.reviewed) of \(commits.total); \(statuses(byStatus)))\n"
        out += "AI-made commits reviewed:  \(pct(aiCommits)) (\(aiCommits.reviewed) of \(aiCommits.total); \(statuses(aiByStatus)))\n"
        if statsComputed {
            out += "AI-made lines reviewed:    \(pct(aiLines)) (\(aiLines.reviewed) of \(aiLines.total))\n"
        }
        if !byAgent.isEmpty {
            out += "\n" + style.paint("BY AGENT            COMMITS REVIEWED    LINES REVIEWED", .bold) + "\n"
            for (agent, entry) in byAgent.sorted(by: { $0.value.commits.total != $1.value.commits.total ? $0.value.commits.total > $1.value.commits.total : $0.key < $1.key }) {
                out += pad(agent, 20) + pad("\(pct(entry.commits)) of \(entry.commits.total)", 20) + "\(pct(entry.lines)) of \(entry.lines.total)\n"
            }
        }
        if !byDirectory.isEmpty {
            out += "\n" + style.paint("BY DIRECTORY (AI-made lines)   REVIEWED", .bold) + "\n"
            for (directory, share) in byDirectory.sorted(by: { $0.value.total != $1.value.total ? $0.value.total > $1.value.total : $0.key < $1.key }) {
                out += pad(directory == "." ? "(root)" : directory + "/", 31) + "\(pct(share)) of \(share.total)\n"
            }
        }
        if !unreviewedAI.isEmpty {
            out += "\n" + style.paint("UNREVIEWED AI-MADE COMMITS", .bold) + "\n"
            for c in unreviewedAI {
                let date = Timestamp.date(seconds: c.time, offsetMinutes: c.offsetMinutes)
                out += c.id.abbreviated(10) + "  " + date + "  " + pad(c.klass.rawValue, 9) + pad(c.agents.joined(separator: ","), 16)
                    + pad(c.status.rawValue, 18) + c.subject + "\n"
            }
        }
        return out
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
