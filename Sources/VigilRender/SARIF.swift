import VigilModel

/// SARIF 2.1.0 as GitHub code scanning reads it. One result per finding fingerprint (the same
/// change seen in several commits, a cherry-pick or a rebase, is one alert listing its commits),
/// placed on the tree the upload is tied to when `SARIFSettings.locate` is given; every rule a
/// security rule (`security` tag and `security-severity`); `error` only for what the push policy
/// would reject; suppressed findings kept with `suppressions`; at most `maxResults` results.
/// `scan` and `query` both write SARIF through this.
public struct SARIFLog {
    public let settings: SARIFSettings
    private var entries: [Entry] = []
    private var byFingerprint: [String: Int] = [:]

    /// One result being gathered: the first commit that showed the finding decides its place.
    struct Entry {
        var flag: RiskFlag
        var commit: String
        var subject: String
        var location: HeadLocation?
        var commits: [String]
        var severity: Severity
        var rejected: Bool
        /// Why each hidden occurrence is hidden; the result is suppressed only when every one is.
        var suppressions: [SuppressedFlag]
        var shownOccurrences: Int
    }

    /// Commits a result lists by id; beyond that it counts them.
    static let listedCommits = 50

    public init(settings: SARIFSettings) { self.settings = settings }

    public init(rules: [RuleDescription]) { self.init(settings: SARIFSettings(rules: rules)) }

    public static func level(_ severity: Severity) -> String { severity >= .medium ? "warning" : "note" }

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
        entries.append(Entry(flag: flag, commit: commit, subject: report.commit.subject,
                             location: settings.locate?(flag, report.commit), commits: [commit], severity: flag.severity,
                             rejected: rejected, suppressions: hiddenBy.map { [$0] } ?? [], shownOccurrences: hiddenBy == nil ? 1 : 0))
    }

    private func triageSuppression(_ flag: RiskFlag) -> SuppressedFlag? {
        guard let verdict = settings.triage[flag.fingerprint], verdict.status == .falsePositive || verdict.status == .acceptedRisk else {
            return nil
        }
        let note = verdict.note.isEmpty ? "" : ": \(verdict.note)"
        return SuppressedFlag(flag: flag, source: .triage, justification: "\(verdict.status.rawValue) by \(verdict.by)\(note)")
    }

    /// The results kept (the most severe first when there are too many) and how many were left out.
    var keptEntries: (entries: [Entry], leftOut: Int) {
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

    /// The notice a capped log carries (also for stderr), or nil.
    public var capWarning: String? {
        let leftOut = keptEntries.leftOut
        guard leftOut > 0 else { return nil }
        return "SARIF holds the \(settings.maxResults) most severe of \(entries.count) results (GitHub shows at most 5,000 per run); "
            + "\(leftOut) left out: narrow the range, or raise --sarif-max-results (GitHub refuses more than 25,000)"
    }

    public var json: JSONValue {
        let (kept, _) = keptEntries
        let ruleIndex = Dictionary(settings.rules.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var run: [(String, JSONValue)] = [
            ("tool", .object([("driver", .object([
                ("name", .string("vigil")),
                ("version", .string(VigilBuild.version)),
                ("semanticVersion", .string(VigilBuild.version)),
                ("rules", .array(settings.rules.map(ruleJSON))),
            ]))])),
        ]
        var invocation: [(String, JSONValue)] = [("executionSuccessful", .bool(true))]
        if let capWarning {
            invocation.append(("toolExecutionNotifications", .array([.object([
                ("level", .string("warning")), ("message", .object([("text", .string(capWarning))])),
            ])])))
        }
        run.append(("invocations", .array([.object(invocation)])))
        if let id = settings.automationID { run.append(("automationDetails", .object([("id", .string(id))]))) }
        if let vcs = settings.versionControl {
            var details: [(String, JSONValue)] = [("repositoryUri", .string(vcs.repositoryURI)), ("revisionId", .string(vcs.revisionID))]
            if let branch = vcs.branch { details.append(("branch", .string(branch))) }
            run.append(("versionControlProvenance", .array([.object(details)])))
        }
        run.append(("results", .array(kept.map { resultJSON($0, ruleIndex: ruleIndex[$0.flag.rule]) })))
        return .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object(run)])),
        ])
    }

    public var text: String { json.pretty() + "\n" }

    // MARK: Rules

    private func ruleJSON(_ rule: RuleDescription) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("id", .string(rule.id)),
            ("name", .string(rule.id)),
            ("shortDescription", .object([("text", .string(String(rule.title.prefix(1024))))])),
            ("fullDescription", .object([("text", .string(String(rule.message.prefix(1024))))])),
            ("help", .object([("text", .string(Self.helpText(rule))), ("markdown", .string(Self.helpMarkdown(rule)))])),
            ("defaultConfiguration", .object([("level", .string(Self.level(rule.severity)))])),
            ("properties", .object([("security-severity", .string(rule.severity.securitySeverity)),
                                    ("tags", .array([.string("security"), .string(rule.category.rawValue), .string("vigil")]))])),
        ]
        if let template = settings.helpURI {
            let uri = template.replacing("{rule}", with: SafeText.uriPath(rule.id)).replacing("{category}", with: rule.category.rawValue)
            fields.insert(("helpUri", .string(uri)), at: 4)
        }
        return .object(fields)
    }

    static func helpText(_ rule: RuleDescription) -> String {
        "\(rule.message) Category: \(rule.category.rawValue); severity: \(rule.severity.rawValue). " + nextSteps
    }

    static let nextSteps = "A result is an error only when vigil's push policy would reject the commit (an AI-made change "
        + "without approval from a human other than its author). Approve the commit as the policy asks (vigil approve, or a "
        + "Reviewed-by trailer where trailers count), or record a verdict: vigil triage FINGERPRINT --status false-positive "
        + "--note REASON."

    static func helpMarkdown(_ rule: RuleDescription) -> String {
        """
        **\(SafeText.markdown(rule.title))**

        \(SafeText.markdown(rule.message))

        | Category | Severity |
        |---|---|
        | \(rule.category.rawValue) | \(rule.severity.rawValue) |

        A result is an **error** only when vigil's push policy would reject the commit: an AI-made \
        change without approval from a human other than its author. Otherwise it is a warning (or a \
        note for low severity).

        - To approve: `vigil approve COMMIT` (a signed approval), or a `Reviewed-by:` trailer where the \
        policy counts trailers.
        - To record that it is harmless: `vigil triage FINGERPRINT --status false-positive --note "why"` \
        (the fingerprint is the result's `primaryLocationLineHash` before the colon).
        """
    }

    // MARK: Results

    private func resultJSON(_ entry: Entry, ruleIndex: Int?) -> JSONValue {
        let flag = entry.flag
        let level = entry.rejected ? "error" : Self.level(entry.severity)
        var fields: [(String, JSONValue)] = [("ruleId", .string(flag.rule))]
        if let ruleIndex { fields.append(("ruleIndex", .int(ruleIndex))) }
        fields.append(("level", .string(level)))
        fields.append(("message", .object([("text", .string(message(entry)))])))
        fields.append(("locations", .array([location(entry)])))
        fields.append(("partialFingerprints", .object([("primaryLocationLineHash", .string(flag.fingerprint + ":1"))])))
        if entry.shownOccurrences == 0, !entry.suppressions.isEmpty {
            var seen = Set<String>()
            let reasons = entry.suppressions.filter { seen.insert($0.source.rawValue + "\u{0}" + $0.justification).inserted }.prefix(10)
            fields.append(("suppressions", .array(reasons.map { s in
                .object([("kind", .string("external")), ("status", .string("accepted")),
                         ("justification", .string(SafeText.terminal("\(s.source.rawValue): \(s.justification)")))])
            })))
        }
        var properties: [(String, JSONValue)] = [
            ("commit", .string(entry.commit)),
            ("commits", .array(entry.commits.prefix(Self.listedCommits).map { .string($0) })),
            ("commitCount", .int(entry.commits.count)),
            ("category", .string(flag.category.rawValue)),
            ("severity", .string(entry.severity.rawValue)),
            ("side", .string(flag.side.rawValue)),
        ]
        if let placed = entry.location {
            properties.append(("placement", .string(placement(placed))))
            if placed.path != flag.path || placed.line != (flag.line > 0 ? flag.line : nil) {
                properties.append(("flaggedPath", .string(flag.path)))
                if flag.line > 0 { properties.append(("flaggedLine", .int(flag.line))) }
            }
        }
        fields.append(("properties", .object(properties)))
        return .object(fields)
    }

    private func placement(_ location: HeadLocation) -> String {
        if location.path == nil { return "file-gone" }
        if location.line == nil { return "file" }
        return location.exact ? "exact" : "nearest"
    }

    private func message(_ entry: Entry) -> String {
        let flag = entry.flag
        let what: String
        switch flag.side {
        case .file: what = "file changed"
        case .added: what = "added line"
        case .removed: what = "removed line"
        }
        var text = "\(flag.title): \(what) in commit \(String(entry.commit.prefix(12))) (\(entry.subject))"
        if entry.commits.count > 1 { text += " and \(entry.commits.count - 1) more commit(s)" }
        if let placed = entry.location {
            if placed.path == nil {
                text += "; \(flag.path) is no longer in this tree"
            } else if placed.line != nil, !placed.exact {
                text += "; flagged at \(flag.path):\(flag.line), placed on the nearest line that is here now"
            }
        }
        return SafeText.terminal(text + ": " + flag.excerpt)
    }

    /// The result's one location: on the tree when placed (no region when only the file is
    /// known, or the file is gone), else where the commit left it (no region for a file-level
    /// finding: pinning it to line 1 would claim a line it is not about).
    private func location(_ entry: Entry) -> JSONValue {
        let flag = entry.flag
        let path: String
        var line: Int?
        var snippet: String?
        if let placed = entry.location {
            path = placed.path ?? flag.path
            line = placed.line
            if placed.exact, flag.side == .added { snippet = flag.excerpt }
        } else {
            path = flag.path
            line = flag.line > 0 ? flag.line : nil
            if flag.side == .added { snippet = flag.excerpt }
        }
        var physical: [(String, JSONValue)] = [("artifactLocation", .object([("uri", .string(SafeText.uriPath(path)))]))]
        if let line {
            var region: [(String, JSONValue)] = [("startLine", .int(max(line, 1)))]
            if let snippet { region.append(("snippet", .object([("text", .string(SafeText.terminal(snippet)))]))) }
            physical.append(("region", .object(region)))
        }
        return .object([("physicalLocation", .object(physical))])
    }
}
