import Foundation
import Testing
import VigilAnalysis
import VigilRules
import VigilTestSupport

/// Every example written in `rules/` runs as a test of its own; a failure points at the example's
/// line in the YAML file.
@Suite struct RuleExampleTests {
    static let shipped: [RuleExample] = (try? RuleExample.all(in: RuleSet.load(directory: PackagePaths.rules.path))) ?? []

    @Test(arguments: RuleExampleTests.shipped)
    func example(_ example: RuleExample) {
        guard let problem = example.run() else { return }
        let file = URL(fileURLWithPath: example.file)
        Issue.record(Comment(rawValue: "\(example.kind.rawValue) '\(example.owner)': \(problem)"),
                     sourceLocation: SourceLocation(fileID: "rules/\(file.lastPathComponent)", filePath: example.file,
                                                    line: example.line, column: 1))
    }

    /// The parameterised test above passes vacuously when no example loads: this one does not.
    @Test func everyKindOfExampleIsThere() throws {
        let rules = try RuleSet.load(directory: PackagePaths.rules.path)
        let examples = RuleExample.all(in: rules)
        #expect(Self.shipped.count == examples.count)
        #expect(examples.filter { $0.kind == .agent }.count >= 100)
        #expect(examples.filter { $0.kind == .review }.count >= 10)
        #expect(examples.filter { $0.kind == .risk }.count >= 150)
        // Every risk rule and every agent signature carries at least one example.
        for rule in rules.risk.rules { #expect(rule.examples.contains { $0.expectFlag }, "\(rule.id) has no flagging example") }
        for signature in rules.agents.signatures { #expect(!signature.examples.isEmpty, "\(signature.id) has no example") }
    }

    /// A broken example is reported, with its file and line, not skipped.
    @Test func aWrongExampleFails() throws {
        let yaml = """
        version: 1
        rules:
          - id: test-rule
            title: Test
            category: reward
            severity: high
            paths: {include: ['**/*.py']}
            added: ['kl_coef']
            message: A test rule.
            examples:
              - {path: a.py, added: 'kl_coef = 0', expect: pass}
        """
        let rules = try RiskRuleSet.load(files: [(path: "broken.yml", text: yaml)])
        let run = RuleExampleRun(RuleExample.riskExamples(rules))
        #expect(run.count == 1)
        let failure = try #require(run.failures.first)
        #expect(failure.example.file == "broken.yml")
        #expect(failure.example.line == 11)
        #expect(failure.problem.contains("expected no flag"))
    }
}

extension RuleExample: CustomTestStringConvertible {
    public var testDescription: String { description }
}
