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
        let where_ = flag.lines.isEmpty ? "file changed" : "lines \(flag.lineSummary)"
        func location(_ line: Int) -> JSONValue {
            .object([("physicalLocation", .object([
                ("artifactLocation", .object([("uri", .string(SafeText.uriPath(flag.path)))])),
                ("region", .object([("startLine", .int(max(line, 1)))])),
            ]))])
        }
        // The other lines of a grouped finding, on the commit's new side (removed lines have no place there).
        let related = flag.lines.filter { $0.side == .added && $0.number != flag.line }.prefix(20).map { location($0.number) }
        var fields: [(String, JSONValue)] = [
            ("ruleId", .string(flag.rule)),
            ("level", .string(Self.level(flag.severity))),
            ("message", .object([("text", .string(SafeText.terminal(
                "\(flag.title): \(where_) in commit \(String(commit.prefix(12))) (\(subject)): \(flag.excerpt)")))])),
            ("locations", .array([location(flag.line)])),
        ]
        if !related.isEmpty { fields.append(("relatedLocations", .array(Array(related)))) }
        results.append(.object(fields + [
            ("partialFingerprints", .object([("primaryLocationLineHash", .string(flag.fingerprint + ":1"))])),
            ("properties", .object([("commit", .string(commit)), ("side", .string(flag.side.rawValue)),
                                    ("category", .string(flag.category.rawValue)), ("severity", .string(flag.severity.rawValue)),
                                    ("kind", .string(flag.kind.rawValue))])),
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
