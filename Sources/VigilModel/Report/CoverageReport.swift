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
