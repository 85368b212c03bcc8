import ArgumentParser
import Foundation
import VigilProvenance
import VigilReview
import VigilRisk
import VigilRules

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules in use, or run the examples written in the rule files.",
        subcommands: [List.self, Test.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List agent signatures, review conventions and risk rules, and where they came from.",
            discussion: """
            Examples:
              vigil rules list
              vigil rules list --rules ./my-rules
            """)

        @OptionGroup var source: SourceOptions

        func run() throws {
            do {
                let rules = try source.loadRules()
                print("rules: \(rules.source)")
                for signature in rules.agents.signatures {
                    let signals = signature.identities.count + signature.trailers.count + signature.markers.count + signature.notes.count
                    print("\(signature.kind.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0)) \(signature.id.padding(toLength: 18, withPad: " ", startingAt: 0)) \(signature.name) (\(signals) signals, \(signature.examples.count) examples)")
                }
                print("review: \(rules.review.approvalTrailers.count) approval trailers, \(rules.review.pullRequestMerges.count) merge patterns, \(rules.review.examples.count) examples")
                for rule in rules.risk.rules {
                    print("risk   \(rule.category.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(rule.severity.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(rule.id.padding(toLength: 34, withPad: " ", startingAt: 0)) \(rule.title)")
                }
            } catch {
                throw asCommandFailure(error)
            }
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every example of every rule; exit 1 when one fails.",
            discussion: """
            Examples:
              vigil rules test
              vigil rules test ./my-rules
            """)

        @Argument(help: ArgumentHelp("The rules directory (default: the rules in use).", valueName: "dir"))
        var directory: String?

        @OptionGroup var source: SourceOptions

        func run() throws {
            do {
                let rules = try directory.map(RuleSet.load(directory:)) ?? source.loadRules()
                let agents = SignatureExampleRunner.run(rules.agents)
                let review = ReviewExampleRunner.run(rules)
                let risk = RiskExampleRunner.run(rules.risk)
                let failures = agents.failures.map(\.description) + review.failures.map(\.description) + risk.failures.map(\.description)
                let count = agents.count + review.count + risk.count
                for failure in failures { print("FAIL \(failure)") }
                print("\(count - failures.count) passed, \(failures.count) failed")
                if !failures.isEmpty { throw CommandFailure(message: "\(failures.count) rule example(s) failed", exitCode: ExitStatus.gateFailed) }
            } catch {
                throw asCommandFailure(error)
            }
        }
    }
}
