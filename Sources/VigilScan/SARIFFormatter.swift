import VigilRisk
import VigilRules

/// SARIF 2.1.0 as GitHub code scanning accepts it: every rule under `tool.driver.rules` with a
/// `security-severity`, one result per finding with a repository-relative location and a
/// `partialFingerprints.primaryLocationLineHash` built from the finding's content fingerprint.
public final class SARIFFormatter: ScanFormatter {
    private let sink: OutputSink
    private let rules: RiskRuleSet
    private var results: [JSONValue] = []

    init(sink: OutputSink, rules: RiskRuleSet) {
        self.sink = sink
        self.rules = rules
    }

    public func begin() {}

    public func write(_ report: CommitReport) {
        for flag in report.flags { results.append(Self.result(flag, commit: report.commit.id.hex, subject: report.commit.subject)) }
    }

    public func finish(summary: ScanSummary) {
        sink.write(Self.document(rules: rules, results: results).pretty() + "\n")
        sink.flush()
    }

    public static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: return "error"
        case .medium: return "warning"
        case .low: return "note"
        }
    }

    public static func result(_ flag: RiskFlag, commit: String, subject: String) -> JSONValue {
        let sideText = flag.side == .file ? "changed" : "\(flag.side.rawValue) line"
        return .object([
            ("ruleId", .string(flag.rule)),
            ("level", .string(level(flag.severity))),
            ("message", .object([("text", .string("\(flag.title): \(sideText) in commit \(String(commit.prefix(12))) (\(subject)): \(flag.excerpt)"))])),
            ("locations", .array([.object([("physicalLocation", .object([
                ("artifactLocation", .object([("uri", .string(flag.path))])),
                ("region", .object([("startLine", .int(max(flag.line, 1)))])),
            ]))])])),
            ("partialFingerprints", .object([("primaryLocationLineHash", .string(flag.fingerprint + ":1"))])),
            ("properties", .object([("commit", .string(commit)), ("side", .string(flag.side.rawValue)),
                                    ("category", .string(flag.category.rawValue)), ("severity", .string(flag.severity.rawValue))])),
        ])
    }

    public static func document(rules: RiskRuleSet, results: [JSONValue]) -> JSONValue {
        .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([
                    ("name", .string("vigil")),
                    ("version", .string(VigilBuild.version)),
                    ("rules", .array(rules.rules.map { rule in
                        .object([
                            ("id", .string(rule.id)),
                            ("name", .string(rule.id)),
                            ("shortDescription", .object([("text", .string(rule.title))])),
                            ("fullDescription", .object([("text", .string(rule.message))])),
                            ("help", .object([("text", .string(rule.message))])),
                            ("defaultConfiguration", .object([("level", .string(level(rule.severity)))])),
                            ("properties", .object([("security-severity", .string(rule.severity.securitySeverity)),
                                                    ("tags", .array([.string(rule.category.rawValue), .string("vigil")]))])),
                        ])
                    })),
                ]))])),
                ("results", .array(results)),
            ])])),
        ])
    }
}

/// The version vigil reports (CLI `--version`, SARIF).
public enum VigilBuild {
    public static let version = "0.1.0"
}
