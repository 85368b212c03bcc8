import Testing
import VigilTestSupport
@testable import VigilRules

/// A malformed `review.yml` names the line at fault.
@Suite struct ReviewRulesTests {
    @Test func malformedConventionsNameTheLine() throws {
        do {
            _ = try ReviewConventions.load(yaml: "version: 1\napproval_lines:\n  - regex: '(x'\n", file: "review.yml")
            Issue.record("expected an error")
        } catch let error as RuleFileError {
            #expect(error.line == 3)
            #expect(error.message.contains("invalid regular expression"))
        }
        do {
            _ = try ReviewConventions.load(yaml: "version: 1\napproval_trailer:\n  - key: X\n", file: "review.yml")
            Issue.record("expected an error")
        } catch let error as RuleFileError {
            #expect(error.line == 2)
            #expect(error.message.contains("unknown key 'approval_trailer'"))
        }
    }
}
