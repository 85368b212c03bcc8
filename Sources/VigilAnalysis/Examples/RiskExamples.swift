import VigilModel
import VigilRules

extension RuleExample {
    /// One runnable example per example in the risk rules: the whole rule set runs on the
    /// example's file change, and the example's rule must fire (or not) as it says.
    public static func riskExamples(_ rules: RiskRuleSet) -> [RuleExample] {
        rules.rules.flatMap { rule in
            rule.examples.map { example in
                RuleExample(kind: .risk, owner: rule.id, file: example.file, line: example.line) {
                    let fired = flags(for: example, rules: rules)
                    let own = fired.filter { $0.rule == rule.id }
                    if own.isEmpty == example.expectFlag {
                        let others = Set(fired.map(\.rule)).sorted().joined(separator: ", ")
                        return example.expectFlag ? "expected a flag, got none (fired: [\(others)])" : "expected no flag, but it fired: \(own[0].excerpt)"
                    }
                    if let expected = example.expectSeverity, let got = own.map(\.severity).max(), got != expected {
                        return "expected severity \(expected.rawValue), got \(got.rawValue) (\(own[0].excerpt))"
                    }
                    return nil
                }
            }
        }
    }

    /// The findings of the whole rule set on one example file change.
    public static func flags(for example: RiskRule.Example, rules: RiskRuleSet) -> [RiskFlag] {
        let engine = RiskEngine(rules: rules)
        let diff = LineDiff.fileDiff(path: example.path, oldPath: example.oldPath, old: example.old, new: example.new)
        return engine.scan([diff.change], klass: example.klass ?? .ai, review: example.review ?? .unreviewed) { _ in diff }.flags
    }
}
