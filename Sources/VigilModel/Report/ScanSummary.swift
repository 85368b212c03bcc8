/// Totals over a scan: commits by class and by agent, and the AI share of commits and lines.
public struct ScanSummary: Sendable, Equatable {
    public var commits = 0
    public var byClass: [ProvenanceClass: Int] = [:]
    /// Commits per AI agent id (a commit with two agents counts for both).
    public var byAgent: [String: Int] = [:]
    public var changedLines = 0
    /// Lines changed by `ai` and `assisted` commits.
    public var aiChangedLines = 0
    /// Commits some of whose content could not be read.
    public var incompleteCommits = 0
    /// Commits damaged beyond what the repository declares (see `CommitReport.isDamaged`).
    public var damagedCommits = 0
    public var statsComputed = true
    public var flaggedCommits = 0
    public var flags = 0
    public var flagsByCategory: [RiskCategory: Int] = [:]
    public var flagsBySeverity: [Severity: Int] = [:]
    /// Findings a baseline or ignore file hid.
    public var suppressedFlags = 0
    /// What the walk could not read (refs that lead nowhere, missing or corrupt commits).
    public var problems: [String] = []

    public init() {}

    public mutating func add(_ report: CommitReport) {
        commits += 1
        byClass[report.provenance.class, default: 0] += 1
        for agent in report.provenance.agents { byAgent[agent, default: 0] += 1 }
        changedLines += report.changedLines
        if report.provenance.class.isAIMade { aiChangedLines += report.changedLines }
        if report.isIncomplete { incompleteCommits += 1 }
        if report.isDamaged { damagedCommits += 1 }
        suppressedFlags += report.suppressedFlags
        if report.stats == nil { statsComputed = false }
        if !report.flags.isEmpty { flaggedCommits += 1 }
        flags += report.flags.count
        for flag in report.flags {
            flagsByCategory[flag.category, default: 0] += 1
            flagsBySeverity[flag.severity, default: 0] += 1
        }
    }

    /// True when some result is wrong for want of data the repository should hold: a damaged
    /// commit, or a ref or commit that could not be read. (A shallow boundary or a partial clone's
    /// missing blobs are gaps the repository declares: stated, not counted here.)
    public var isIncomplete: Bool { damagedCommits > 0 || !problems.isEmpty }

    public var aiMadeCommits: Int { (byClass[.ai] ?? 0) + (byClass[.assisted] ?? 0) }

    /// Share of commits that are `ai` or `assisted`, from 0 to 1 (0 for no commits).
    public var aiCommitShare: Double { commits == 0 ? 0 : Double(aiMadeCommits) / Double(commits) }

    /// Share of changed lines in `ai` or `assisted` commits, from 0 to 1 (0 for no lines).
    public var aiLineShare: Double { changedLines == 0 ? 0 : Double(aiChangedLines) / Double(changedLines) }

    /// Agents by descending commit count, then by id.
    public var agentsByCount: [(agent: String, commits: Int)] {
        byAgent.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
