import VigilModel

/// SARIF 2.1.0 as GitHub code scanning accepts it: every rule under `tool.driver.rules` with a
/// `security-severity`, one result per finding with a repository-relative location and a
/// `partialFingerprints.primaryLocationLineHash` built from the finding's content fingerprint.
/// `scan` and `query` both write SARIF through this.
public struct SARIFLog {
    public var rules: [RuleDescription]
    private var results: [JSONValue] = []

    public init(rules: [RuleDescription]) { self.rules = rules }

    public static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: return "error"
        case .medium: return "warning"
        case .low: return "note"
        }
    }

    /// One finding of `commit` (whose subject the message quotes).
    public mutating func add(_ flag: RiskFlag, commit: String, subject: String) {
        let sideText = flag.side == .file ? "changed" : "\(flag.side.rawValue) line"
        results.append(.object([
            ("ruleId", .string(flag.rule)),
            ("level", .string(Self.level(flag.severity))),
            ("message", .object([("text", .string(SafeText.terminal(
                "\(flag.title): \(sideText) in commit \(String(commit.prefix(12))) (\(subject)): \(flag.excerpt)")))])),
            ("locations", .array([.object([("physicalLocation", .object([
                ("artifactLocation", .object([("uri", .string(SafeText.uriPath(flag.path)))])),
                ("region", .object([("startLine", .int(max(flag.line, 1)))])),
            ]))])])),
            ("partialFingerprints", .object([("primaryLocationLineHash", .string(flag.fingerprint + ":1"))])),
            ("properties", .object([("commit", .string(commit)), ("side", .string(flag.side.rawValue)),
                                    ("category", .string(flag.category.rawValue)), ("severity", .string(flag.severity.rawValue))])),
        ]))
    }

    public var json: JSONValue {
        .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([
                    ("name", .string("vigil")),
                    ("version", .string(VigilBuild.version)),
                    ("rules", .array(rules.map { rule in
                        .object([
                            ("id", .string(rule.id)),
                            ("name", .string(rule.id)),
                            ("shortDescription", .object([("text", .string(rule.title))])),
                            ("fullDescription", .object([("text", .string(rule.message))])),
                            ("help", .object([("text", .string(rule.message))])),
                            ("defaultConfiguration", .object([("level", .string(Self.level(rule.severity)))])),
                            ("properties", .object([("security-severity", .string(rule.severity.securitySeverity)),
                                                    ("tags", .array([.string(rule.category.rawValue), .string("vigil")]))])),
                        ])
                    })),
                ]))])),
                ("results", .array(results)),
            ])])),
        ])
    }

    public var text: String { json.pretty() + "\n" }
}
