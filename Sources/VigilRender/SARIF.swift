import VigilModel

/// SARIF 2.1.0 as GitHub code scanning reads it. One result per finding fingerprint (the same
/// change seen in several commits, a cherry-pick or a rebase, is one alert listing its commits),
/// placed on the tree the upload is tied to when `SARIFSettings.locate` is given; every rule a
/// security rule (`security` tag and `security-severity`); `error` only for what the push policy
/// would reject; suppressed findings kept with `suppressions`; at most `maxResults` results.
/// `scan` and `query` both write SARIF through this.
public struct SARIFLog {
    public private(set) var findings: PlacedFindings
    public var settings: SARIFSettings { findings.settings }
    typealias Entry = PlacedFindings.Entry

    /// Commits a result lists by id; beyond that it counts them.
    static let listedCommits = 50

    public init(settings: SARIFSettings) { findings = PlacedFindings(settings: settings) }

    public init(rules: [RuleDescription]) { self.init(settings: SARIFSettings(rules: rules)) }

    public static func level(_ severity: Severity) -> String { severity >= .medium ? "warning" : "note" }

    public mutating func add(_ report: CommitReport) { findings.add(report) }

    public mutating func add(_ flag: RiskFlag, of report: CommitReport, hiddenBy: SuppressedFlag? = nil) {
        findings.add(flag, of: report, hiddenBy: hiddenBy)
    }

    /// The notice a capped log carries (also for stderr), or nil.
    public var capWarning: String? {
        let leftOut = findings.kept.leftOut
        guard leftOut > 0 else { return nil }
        return "SARIF holds the \(settings.maxResults) most severe of \(findings.entries.count) results (GitHub shows at most 5,000 per run); "
            + "\(leftOut) left out: narrow the range, or raise --sarif-max-results (GitHub refuses more than 25,000)"
    }

    public var json: JSONValue {
        let (kept, _) = findings.kept
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
        let related = entry.related.filter { $0.path != nil && $0.line != nil }
        if !related.isEmpty {
            fields.append(("relatedLocations", .array(related.enumerated().map { index, placed in
                .object([("id", .int(index + 1)), ("physicalLocation", .object([
                    ("artifactLocation", .object([("uri", .string(SafeText.uriPath(placed.path ?? entry.flag.path)))])),
                    ("region", .object([("startLine", .int(max(placed.line ?? 1, 1)))])),
                ]))])
            })))
        }
        fields.append(("partialFingerprints", .object([("primaryLocationLineHash", .string(flag.fingerprint + ":1"))])))
        if entry.isSuppressed {
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
            ("kind", .string(flag.kind.rawValue)),
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
        let what = flag.lines.isEmpty ? "file changed" : "lines \(flag.lineSummary)"
        var text = "\(flag.title): \(what) in commit \(String(entry.commit.prefix(12))) (\(entry.subject))"
        if entry.commits.count > 1 { text += " and \(entry.commits.count - 1) more commit(s)" }
        if let placed = entry.location {
            if placed.path == nil {
                text += "; \(flag.path) is no longer in this tree"
            } else if placed.line != nil, !placed.exact {
                text += "; flagged at \(flag.place), placed on the nearest line that is here now"
            }
        }
        return SafeText.terminal(text + ": " + flag.excerpt)
    }

    /// The result's one location, without a region when it is about no line (pinning a file-level
    /// finding to line 1 would claim a line it is not about).
    private func location(_ entry: Entry) -> JSONValue {
        let place = entry.place
        var physical: [(String, JSONValue)] = [("artifactLocation", .object([("uri", .string(SafeText.uriPath(place.path)))]))]
        if let line = place.line {
            var region: [(String, JSONValue)] = [("startLine", .int(max(line, 1)))]
            if let snippet = place.snippet { region.append(("snippet", .object([("text", .string(SafeText.terminal(snippet)))]))) }
            physical.append(("region", .object(region)))
        }
        return .object([("physicalLocation", .object(physical))])
    }
}
