import VigilGit
import VigilRules

/// Runs the examples written beside each risk rule against the whole rule set, so a rule file is
/// its own test (and claiming rules are tested with the rules they silence).
public enum RiskExampleRunner {
    public struct Failure: Sendable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var rule: String
        public var problem: String
        public var description: String { "\(file):\(line): rule '\(rule)' example: \(problem)" }
    }

    public static func run(_ rules: RiskRuleSet) -> (failures: [Failure], count: Int) {
        let engine = RiskEngine(rules: rules)
        var failures: [Failure] = []
        var count = 0
        for rule in rules.rules {
            for example in rule.examples {
                count += 1
                let fired = flags(for: example, engine: engine)
                let hit = fired.contains { $0.rule == rule.id }
                if hit != example.expectFlag {
                    let others = Set(fired.map(\.rule)).sorted().joined(separator: ", ")
                    failures.append(Failure(file: example.file, line: example.line, rule: rule.id,
                                            problem: example.expectFlag ? "expected a flag, got none (fired: [\(others)])" : "expected no flag, but it fired"))
                }
            }
        }
        return (failures, count)
    }

    /// The findings of the whole rule set on one example file change.
    public static func flags(for example: RiskRule.Example, engine: RiskEngine) -> [RiskFlag] {
        let klass = example.klass ?? .ai
        let review = example.review ?? .unreviewed
        let change = FileChange(status: .modified, oldPath: example.path, newPath: example.path, oldID: nil, newID: nil, oldMode: 0o100644, newMode: 0o100644)
        let applicable = engine.rules(for: example.path, klass: klass, review: review)
        let added = example.added.enumerated().map { FileDiff.Line(number: $0.offset + 1, text: $0.element) }
        let removed = example.removed.enumerated().map { FileDiff.Line(number: $0.offset + 1, text: $0.element) }
        let pathFlags = applicable.filter(\.isPathOnly).map {
            RiskFlag(rule: $0.id, title: $0.title, category: $0.category, severity: $0.severity, path: change.path, line: 0,
                     side: .file, excerpt: change.path, message: $0.message, fingerprint: "")
        }
        return pathFlags + engine.match(applicable.filter { !$0.isPathOnly }, path: example.path, added: added, removed: removed)
    }
}
