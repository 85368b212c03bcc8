import Foundation
import VigilModel

/// A repository's own configuration (`.vigil.yml` at the top of the work tree, or `--config
/// FILE`): it extends the rules in effect without copying them. It adds risk rules and agent
/// signatures (the schemas of `rules/risk/*.yml` and `rules/agents.yml`), adds path classes or
/// globs to a class, changes rules' severities and disables rules by id. README "Configuration"
/// documents the file.
public enum RepositoryConfig {
    /// The file looked for at the top of the work tree.
    public static let fileName = ".vigil.yml"

    static let keys: Set<String> = ["version", "rules", "agents", "disable", "severity", "path_classes"]

    /// The text of the config at `path`; a file that cannot be read is an error naming it.
    public static func read(path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RuleFileError(file: path, line: 0, message: "cannot read config file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RuleFileError(file: path, line: 0, message: "not valid UTF-8")
        }
        return text
    }

    /// `.vigil.yml` in `workTree`, when there is one.
    public static func discover(workTree: String?) -> String? {
        guard let workTree else { return nil }
        let path = URL(fileURLWithPath: workTree).appendingPathComponent(fileName).path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// `base` extended by the config `text` (the contents of `file`). In this order: path classes
    /// (so added rules may name new ones), agent signatures (tried after the ones in effect),
    /// risk rules, severities, then `disable`. Every fault names the file and line.
    public static func apply(_ text: String, file: String, to base: RuleSet) throws -> RuleSet {
        let root = try RuleNode.parse(text, file: file)
        let top = try root.mapping(allowed: keys, context: "config file")
        guard let version = top["version"] else { throw root.error("config file: missing required key 'version' (write version: 1)") }
        if try version.int(context: "version") != 1 { throw version.error("unsupported version (this vigil reads version 1)") }
        var set = base

        if let node = top["path_classes"] {
            set.risk.pathClasses.extend(with: try PathClasses.entries(node))
            set.risk.pathClassesDigest = ContentDigest.of([set.risk.pathClassesDigest, node.digest])
        }

        if let node = top["agents"] {
            for entry in try node.sequence(context: "agents") {
                let signature = try AgentCatalog.parseSignature(entry)
                if let existing = set.agents.signature(id: signature.id) {
                    throw entry.error("agent id '\(signature.id)' is already defined (\(existing.file):\(existing.line)); give yours another id")
                }
                set.agents.signatures.append(signature)
            }
            set.classificationDigest = ContentDigest.of([set.classificationDigest, node.digest])
        }

        for node in try top["rules"]?.sequence(context: "rules") ?? [] {
            let rule = try RiskRuleParser.parse(node, knownClasses: set.risk.pathClasses.known)
            if let existing = set.risk.rule(id: rule.id) {
                throw node.error("rule id '\(rule.id)' is already defined (\(existing.file):\(existing.line)); "
                                 + "give yours another id, or change that rule with severity: or disable:")
            }
            set.risk.rules.append(rule)
        }

        if let node = top["severity"] {
            let fields = try node.mapping(context: "severity")
            for id in fields.keys {
                let value = try fields.required(id)
                let severity = try value.oneOf(Severity.self, context: "severity: \(id)")
                let index = try ruleIndex(id, in: set.risk, node: value, context: "severity")
                var rule = set.risk.rules[index]
                let shift = severity.rank - rule.severity.rank
                if rule.locked && shift < 0 {
                    throw value.error("severity: rule '\(id)' is locked: a config cannot lower it (it watches vigil's own configuration)")
                }
                rule.severityShift = shift
                rule.digest = ContentDigest.of([rule.digest, "severity=\(severity.rawValue)"])
                // The examples' severities were written for the rule as shipped: flag or pass is still checked.
                for example in rule.examples.indices { rule.examples[example].expectSeverity = nil }
                set.risk.rules[index] = rule
            }
        }

        for item in try top["disable"]?.sequence(context: "disable") ?? [] {
            let id = try item.string(context: "disable")
            let index = try ruleIndex(id, in: set.risk, node: item, context: "disable")
            if set.risk.rules[index].locked {
                throw item.error("disable: rule '\(id)' is locked: a config cannot disable it (it watches vigil's own configuration)")
            }
            set.risk.rules.remove(at: index)
        }

        set.configs.append(file)
        set.digest = ContentDigest.of([set.digest, root.digest])
        return set
    }

    /// Where rule `id` stands; an id that names no rule is an error with the nearest id.
    static func ruleIndex(_ id: String, in risk: RiskRuleSet, node: RuleNode, context: String) throws -> Int {
        guard let index = risk.rules.firstIndex(where: { $0.id == id }) else {
            throw node.error("\(context): no risk rule '\(id)'\(NearestName.hint(id, in: risk.rules.map(\.id)))")
        }
        return index
    }
}
