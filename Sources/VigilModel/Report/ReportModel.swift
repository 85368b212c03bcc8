/// Figures for one span of time.
public struct PeriodFigures: Sendable, Equatable {
    public var commits = 0
    public var aiCommits = 0
    public var changedLines = 0
    public var aiLines = 0
    public var reviewed = 0
    public var aiReviewed = 0
    public var flaggedCommits = 0
    /// Commits that went through a pull or merge request whose approval git does not record
    /// (squash and rebase merges keep none): not counted as reviewed, not unreviewed either.
    public var mergedUnverified = 0
    public var aiMergedUnverified = 0
    public var flagsByCategory: [RiskCategory: Int] = [:]
    public var flagsBySeverity: [Severity: Int] = [:]
    /// Findings of severity high or critical in commits no human other than the author reviewed.
    public var unreviewedHighFlags = 0
    public var byAgent: [String: Int] = [:]

    mutating func add(_ r: CommitReport) {
        commits += 1
        changedLines += r.changedLines
        let reviewedHere = r.review.status == .reviewed
        if reviewedHere { reviewed += 1 }
        let unverified = r.review.status == .mergedUnverified
        if unverified { mergedUnverified += 1 }
        if r.provenance.class.isAIMade {
            aiCommits += 1
            aiLines += r.changedLines
            if reviewedHere { aiReviewed += 1 }
            if unverified { aiMergedUnverified += 1 }
            for agent in r.provenance.agents { byAgent[agent, default: 0] += 1 }
        }
        if !r.flags.isEmpty { flaggedCommits += 1 }
        for flag in r.flags {
            flagsByCategory[flag.category, default: 0] += 1
            flagsBySeverity[flag.severity, default: 0] += 1
            if flag.severity >= .high && !reviewedHere { unreviewedHighFlags += 1 }
        }
    }

    public var aiShare: Double? { commits == 0 ? nil : Double(aiCommits) / Double(commits) }
    public var aiLineShare: Double? { changedLines == 0 ? nil : Double(aiLines) / Double(changedLines) }
    public var coverage: Double? { commits == 0 ? nil : Double(reviewed) / Double(commits) }
    public var aiCoverage: Double? { aiCommits == 0 ? nil : Double(aiReviewed) / Double(aiCommits) }
    public var mergedUnverifiedShare: Double? { commits == 0 ? nil : Double(mergedUnverified) / Double(commits) }
    public var flags: Int { flagsByCategory.values.reduce(0, +) }
}

/// A run of consecutive AI-made commits on the first-parent line with no human-made or
/// human-reviewed commit in between.
public struct AutonomyRun: Sendable, Equatable {
    public var length: Int
    public var first: ObjectID
    public var last: ObjectID
    public var start: Int64
    public var end: Int64
    public var agents: [String]
    public var hours: Double { Double(end - start) / 3600 }
}

/// A flagged commit of the period.
public struct FlaggedCommit: Sendable {
    public var id: ObjectID
    public var time: Int64
    public var subject: String
    public var klass: ProvenanceClass
    public var agents: [String]
    public var review: ReviewStatus
    public var flags: [RiskFlag]
    /// How urgently the commit calls for a reviewer (see `RiskScore`).
    public var riskScore: Double { RiskScore.of(flags, klass: klass, review: review) }
    /// The reviewers' verdicts on its findings, from the index (`confirmed`, or
    /// `confirmed 1, untriaged 2` when they differ); nil when none was triaged.
    public var triage: String?
    /// How urgently it needs a reviewer: the commit's risk score (`RiskScore`).
    public var risk: Double
    /// The automation that made a `bot` commit (`dependabot`, `renovate`), else empty.
    public var bots: [String]
    /// The author, for bot commits no signature names.
    public var author: String

    /// Findings of severity high or critical.
    public var highFindings: Int { flags.filter { $0.severity >= .high }.count }
    public var topSeverity: Severity { flags.map(\.severity).max() ?? .low }
    /// Made by an agent, no human other than the author approved it, and a finding of high
    /// severity or more: the report's action list.
    public var needsAction: Bool { klass.isAIMade && review != .reviewed && highFindings > 0 }

    /// Its rules, most findings first (`rule ×3`), at most `limit` then `+N more`.
    public func ruleSummary(limit: Int = 4) -> [String] {
        let counts = Dictionary(flags.map { ($0.rule, 1) }, uniquingKeysWith: +)
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        var parts = counts.prefix(limit).map { $0.value > 1 ? "\($0.key) ×\($0.value)" : $0.key }
        if counts.count > limit { parts.append("+\(counts.count - limit) more") }
        return parts
    }

    static func triageSummary(_ flags: [RiskFlag], verdicts: [String: String]) -> String? {
        let statuses = flags.map { verdicts[$0.fingerprint] ?? "untriaged" }
        guard statuses.contains(where: { $0 != "untriaged" }) else { return nil }
        let counts = Dictionary(statuses.map { ($0, 1) }, uniquingKeysWith: +)
        if counts.count == 1 { return statuses[0] }
        return counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}

/// One week of the trend.
public struct WeekRow: Sendable {
    public var period: ReportPeriod
    public var figures: PeriodFigures
    public var longestRun: Int
}

/// Everything a report shows, computed once and rendered as Markdown, HTML or JSON.
public struct ReportModel: Sendable {
    public var title: String
    public var branch: String
    public var period: ReportPeriod
    public var current: PeriodFigures
    public var previous: PeriodFigures
    public var weeks: [WeekRow]
    /// AI-made changed lines per top-level directory in the period.
    public var aiLinesByDirectory: [String: Int]
    public var runs: [AutonomyRun]
    public var flagged: [FlaggedCommit]
    public var urlTemplate: String?

    /// `reports` must cover the trend weeks and the previous period; `firstParentLine` is the
    /// branch's first-parent chain, newest first (for the autonomy runs); `triage` maps finding
    /// fingerprints to the index's current verdicts.
    public static func build(title: String?, branch: String, period: ReportPeriod, weeks count: Int, reports: [CommitReport],
                             firstParentLine: [ObjectID], urlTemplate: String?, triage: [String: String] = [:]) -> ReportModel {
        var current = PeriodFigures(), previous = PeriodFigures()
        let previousPeriod = period.previous
        var directories: [String: Int] = [:]
        var flagged: [FlaggedCommit] = []
        let lastWeek = ReportPeriod.week(containing: period.end - 1)
        let trend = (0..<max(1, count)).reversed().map { i in
            ReportPeriod(start: lastWeek.start - Int64(i) * 604_800, end: lastWeek.end - Int64(i) * 604_800,
                         label: ReportPeriod.isoWeekLabel(lastWeek.start - Int64(i) * 604_800))
        }
        var weekFigures = Array(repeating: PeriodFigures(), count: trend.count)
        for r in reports {
            let t = r.commit.committer.time
            if period.contains(t) {
                current.add(r)
                if r.provenance.class.isAIMade {
                    for (d, lines) in r.stats?.linesByTopDirectory ?? [:] { directories[d, default: 0] += lines }
                }
                if !r.flags.isEmpty {
                    let bots = r.provenance.class == .bot
                        ? Array(Set(r.provenance.evidence.filter { $0.implies == .bot }.map(\.agent))).sorted() : []
                    flagged.append(FlaggedCommit(id: r.commit.id, time: t, subject: r.commit.subject, klass: r.provenance.class,
                                                 agents: r.provenance.agents, review: r.review.status, flags: r.flags,
                                                 triage: FlaggedCommit.triageSummary(r.flags, verdicts: triage),
                                                 risk: r.riskScore,
                                                 bots: bots, author: r.commit.author.name))
                }
            } else if previousPeriod.contains(t) {
                previous.add(r)
            }
            if let w = trend.firstIndex(where: { $0.contains(t) }) { weekFigures[w].add(r) }
        }
        // Autonomy runs along the first-parent line, oldest first.
        let byID = Dictionary(reports.map { ($0.commit.id, $0) }, uniquingKeysWith: { a, _ in a })
        var runs: [AutonomyRun] = []
        var open: AutonomyRun?
        for id in firstParentLine.reversed() {
            guard let r = byID[id] else { continue }
            let breaksRun = !r.provenance.class.isAIMade || r.review.status == .reviewed
            if breaksRun {
                if let run = open { runs.append(run) }
                open = nil
                continue
            }
            let t = r.commit.committer.time
            if var run = open {
                run.length += 1
                run.last = id
                run.end = t
                for a in r.provenance.agents where !run.agents.contains(a) { run.agents.append(a) }
                open = run
            } else {
                open = AutonomyRun(length: 1, first: id, last: id, start: t, end: t, agents: r.provenance.agents)
            }
        }
        if let run = open { runs.append(run) }
        let weeks = trend.enumerated().map { i, w in
            WeekRow(period: w, figures: weekFigures[i], longestRun: runs.filter { w.contains($0.end) }.map(\.length).max() ?? 0)
        }
        let periodRuns = runs.filter { period.contains($0.end) }
            .sorted { $0.length != $1.length ? $0.length > $1.length : ($0.end != $1.end ? $0.end < $1.end : $0.last < $1.last) }
        // Highest risk score first, then oldest (it has waited longest).
        flagged.sort { a, b in a.risk != b.risk ? a.risk > b.risk : (a.time != b.time ? a.time < b.time : a.id < b.id) }
        return ReportModel(title: title ?? period.defaultTitle, branch: branch, period: period, current: current, previous: previous, weeks: weeks,
                           aiLinesByDirectory: directories, runs: Array(periodRuns.prefix(5)), flagged: flagged, urlTemplate: urlTemplate)
    }

    /// What to act on first: AI-made commits no human other than the author approved, with a
    /// finding of high severity or more, highest risk first, each commit once.
    public var actions: [FlaggedCommit] { flagged.filter(\.needsAction) }
    /// The other flagged commits of people and agents, highest risk first.
    public var otherFlagged: [FlaggedCommit] { flagged.filter { !$0.needsAction && $0.klass != .bot } }
    /// Flagged commits of automation (dependabot, renovate, release bots), summarised apart.
    public var botFlagged: [FlaggedCommit] { flagged.filter { $0.klass == .bot } }

    /// Bot findings by bot (its signature, else its author name): commits, findings, rules.
    public var botSummary: [(bot: String, commits: Int, findings: Int, rules: [String])] {
        let groups = Dictionary(grouping: botFlagged) { (commit: FlaggedCommit) -> String in commit.bots.first ?? commit.author }
        var rows: [(bot: String, commits: Int, findings: Int, rules: [String])] = []
        for (bot, commits) in groups {
            var counts: [String: Int] = [:]
            for flag in commits.flatMap(\.flags) { counts[flag.rule, default: 0] += 1 }
            let ordered = counts.sorted { (a: (key: String, value: Int), b: (key: String, value: Int)) -> Bool in
                a.value != b.value ? a.value > b.value : a.key < b.key
            }
            let findings = commits.reduce(0) { (sum: Int, c: FlaggedCommit) -> Int in sum + c.flags.count }
            rows.append((bot, commits.count, findings, ordered.map { "\($0.key) ×\($0.value)" }))
        }
        return rows.sorted { $0.findings != $1.findings ? $0.findings > $1.findings : $0.bot < $1.bot }
    }

    /// The link for a commit, from the URL template (`{commit}` is replaced), if any.
    public func link(_ id: ObjectID) -> String? { urlTemplate?.replacing("{commit}", with: id.hex) }
}
