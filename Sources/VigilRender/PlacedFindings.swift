import VigilModel

/// Findings of a range gathered for code review tools (SARIF, GitLab Code Quality): one entry per
/// fingerprint (the same change in several commits is one entry listing them), placed on the tree
/// the report is tied to, with what the policy says and what hides it.
public struct PlacedFindings {
    public let settings: SARIFSettings
    public private(set) var entries: [Entry] = []
    private var byFingerprint: [String: Int] = [:]

    /// One finding: the first commit that showed it decides its place.
    public struct Entry {
        public var flag: RiskFlag
        public var commit: String
        public var subject: String
        public var location: HeadLocation?
        public var commits: [String]
        public var severity: Severity
        /// The policy would reject a commit that shows it (and nothing hides it there).
        public var rejected: Bool
        /// Why each hidden occurrence is hidden; the entry is suppressed only when every one is.
        public var suppressions: [SuppressedFlag]
        public var shownOccurrences: Int
        /// The finding's other added lines (up to 10), placed as its first one is.
        public var related: [HeadLocation]

        public var isSuppressed: Bool { shownOccurrences == 0 && !suppressions.isEmpty }

        /// The path and line a report shows: on the tree when placed (no line when only the file is
        /// known, or the file is gone), else where the commit left it (no line for a file-level
        /// finding), and the line's text when the place is exact.
        public var place: (path: String, line: Int?, snippet: String?) {
            if let placed = location {
                return (placed.path ?? flag.path, placed.line, placed.exact && flag.side == .added ? flag.primaryLine?.text : nil)
            }
            return (flag.path, flag.line > 0 ? flag.line : nil, flag.side == .added ? flag.primaryLine?.text : nil)
        }
    }

    public init(settings: SARIFSettings) { self.settings = settings }

    /// Every finding of `report`, and those its suppressions hid.
    public mutating func add(_ report: CommitReport) {
        for flag in report.flags { add(flag, of: report) }
        for hidden in report.suppressed { add(hidden.flag, of: report, hiddenBy: hidden) }
    }

    /// One finding of `report`; `hiddenBy` when a baseline or ignore entry hid it (a triage
    /// verdict in the settings hides it too).
    public mutating func add(_ flag: RiskFlag, of report: CommitReport, hiddenBy: SuppressedFlag? = nil) {
        let hiddenBy = hiddenBy ?? triageSuppression(flag)
        let commit = report.commit.id.hex
        let rejected = hiddenBy == nil && settings.rejects(flag, report)
        if let index = byFingerprint[flag.fingerprint] {
            entries[index].commits.append(commit)
            entries[index].severity = max(entries[index].severity, flag.severity)
            entries[index].rejected = entries[index].rejected || rejected
            if let hiddenBy { entries[index].suppressions.append(hiddenBy) } else { entries[index].shownOccurrences += 1 }
            return
        }
        byFingerprint[flag.fingerprint] = entries.count
        let others = flag.lines.filter { $0.side == .added && $0 != flag.primaryLine }.prefix(10)
        let related = others.map { line -> HeadLocation in
            guard let locate = settings.locate else { return HeadLocation(path: flag.path, line: line.number, exact: true) }
            var one = flag
            one.lines = [line]
            return locate(one, report.commit)
        }
        entries.append(Entry(flag: flag, commit: commit, subject: report.commit.subject,
                             location: settings.locate?(flag, report.commit), commits: [commit], severity: flag.severity,
                             rejected: rejected, suppressions: hiddenBy.map { [$0] } ?? [], shownOccurrences: hiddenBy == nil ? 1 : 0,
                             related: Array(related)))
    }

    /// A hiding verdict on the finding, or (verdicts given before findings were grouped) on every
    /// one of its lines.
    private func triageSuppression(_ flag: RiskFlag) -> SuppressedFlag? {
        func hides(_ verdict: TriageVerdict?) -> Bool { verdict?.status == .falsePositive || verdict?.status == .acceptedRisk }
        var found = settings.triage[flag.fingerprint]
        if found == nil {
            let byLine = flag.lines.map { settings.triage[$0.fingerprint] }
            if !byLine.isEmpty, byLine.allSatisfy(hides) { found = byLine.compactMap { $0 }.max { $0.at < $1.at } }
        }
        guard let verdict = found, hides(verdict) else { return nil }
        let note = verdict.note.isEmpty ? "" : ": \(verdict.note)"
        return SuppressedFlag(flag: flag, source: .triage, justification: "\(verdict.status.rawValue) by \(verdict.by)\(note)")
    }

    /// The entries kept (the unsuppressed, policy-rejected and most severe first when there are
    /// more than `settings.maxResults`), in the order they came, and how many were left out.
    public var kept: (entries: [Entry], leftOut: Int) {
        guard entries.count > settings.maxResults else { return (entries, 0) }
        let ranked = entries.enumerated().sorted { a, b in
            let ka = (a.element.shownOccurrences > 0 ? 1 : 0, a.element.rejected ? 1 : 0, a.element.severity.rank)
            let kb = (b.element.shownOccurrences > 0 ? 1 : 0, b.element.rejected ? 1 : 0, b.element.severity.rank)
            if ka != kb { return ka > kb }
            return a.offset < b.offset
        }
        let kept = ranked.prefix(max(settings.maxResults, 0)).sorted { $0.offset < $1.offset }.map { $0.element }
        return (kept, entries.count - kept.count)
    }
}
