import VigilModel
import VigilRules

extension RuleExample {
    /// Each risk rule's examples, run against the whole rule set (so claiming rules are tested
    /// with the rules they silence).
    public static func riskExamples(_ rules: RiskRuleSet) -> [RuleExample] {
        rules.rules.flatMap { rule in
            rule.examples.map { example in
                RuleExample(kind: .risk, owner: rule.id, file: example.file, line: example.line) {
                    let fired = flags(for: example, rules: rules)
                    guard fired.contains(where: { $0.rule == rule.id }) != example.expectFlag else { return nil }
                    let others = Set(fired.map(\.rule)).sorted().joined(separator: ", ")
                    return example.expectFlag ? "expected a flag, got none (fired: [\(others)])" : "expected no flag, but it fired"
                }
            }
        }
    }

    /// The findings of the whole rule set on one example file change.
    public static func flags(for example: RiskRule.Example, rules: RiskRuleSet) -> [RiskFlag] {
        let engine = RiskEngine(rules: rules)
        let klass = example.klass ?? .ai
        let review = example.review ?? .unreviewed
        let applicable = engine.rules(for: example.path, klass: klass, review: review)
        let added = example.added.enumerated().map { FileDiff.Line(number: $0.offset + 1, text: $0.element) }
        let removed = example.removed.enumerated().map { FileDiff.Line(number: $0.offset + 1, text: $0.element) }
        let pathFlags = applicable.filter(\.isPathOnly).map {
            RiskFlag(rule: $0.id, title: $0.title, category: $0.category, severity: $0.severity, path: example.path, line: 0,
                     side: .file, excerpt: example.path, message: $0.message, fingerprint: "")
        }
        return pathFlags + engine.match(applicable.filter { !$0.isPathOnly }, path: example.path, added: added, removed: removed)
    }
}
