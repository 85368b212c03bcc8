import VigilModel

/// GitLab's Code Quality report (the `codequality` artifact a merge request shows inline): a JSON
/// array of issues, each with `description`, `check_name`, `fingerprint`, `severity` and
/// `location.path` / `location.lines.begin`, placed on the tree the pipeline ran on as SARIF's
/// results are. GitLab has no suppressed issues: hidden findings are left out.
public struct CodeQualityReport {
    public private(set) var findings: PlacedFindings

    public init(settings: SARIFSettings) { findings = PlacedFindings(settings: settings) }

    public mutating func add(_ report: CommitReport) { findings.add(report) }

    /// GitLab's severities: `blocker` where the policy would reject, else by the finding's.
    static func severity(_ entry: PlacedFindings.Entry) -> String {
        if entry.rejected { return "blocker" }
        switch entry.severity {
        case .critical: return "critical"
        case .high: return "major"
        case .medium: return "minor"
        case .low: return "info"
        }
    }

    public var json: JSONValue {
        .array(findings.kept.entries.filter { !$0.isSuppressed }.map { entry in
            let place = entry.place
            let more = entry.commits.count > 1 ? " and \(entry.commits.count - 1) more commit(s)" : ""
            let gone = entry.location != nil && entry.location?.path == nil ? "; the file is no longer in this tree" : ""
            let description = "\(entry.flag.title): \(entry.flag.excerpt) (commit \(String(entry.commit.prefix(12))) \(entry.subject)\(more)\(gone))"
            return .object([
                ("description", .string(SafeText.terminal(description))),
                ("check_name", .string(entry.flag.rule)),
                ("fingerprint", .string(entry.flag.fingerprint)),
                ("severity", .string(Self.severity(entry))),
                ("categories", .array([.string("Security")])),
                ("location", .object([("path", .string(place.path)), ("lines", .object([("begin", .int(max(place.line ?? 1, 1)))]))])),
            ])
        })
    }

    public var text: String { json.pretty() + "\n" }
}
