import Testing
import VigilReview
import VigilTestSupport
@testable import VigilRules

/// `rules/review.yml` tests itself: every example must get the status it states.
@Suite struct ReviewRulesTests {
    @Test func everyReviewExamplePasses() throws {
        let rules = try RuleSet.load(directory: PackagePaths.rules.path)
        let (failures, count) = ReviewExampleRunner.run(rules)
        #expect(count >= 10)
        for failure in failures { Issue.record(Comment(rawValue: failure.description)) }
    }

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
