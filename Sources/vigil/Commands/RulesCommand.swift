import ArgumentParser
import Foundation
import VigilAnalysis
import VigilRules

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules in use, or run the examples written in the rule files.",
        subcommands: [List.self, Test.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List agent signatures, review conventions and risk rules, and where they came from.",
            usage: "vigil rules list [<options>]",
            discussion: """
            Examples:
              vigil rules list
              vigil rules list --rules ./my-rules
              vigil rules list --config ci/vigil.yml
            """)

        @OptionGroup var source: SourceOptions

        func run() throws {
                let rules = try source.loadRules()
                print("rules: \(rules.source)")
                if !rules.inherited.isEmpty { print("built-in: \(rules.inherited.joined(separator: ", ")) (not in \(rules.source))") }
                for config in rules.configs { print("config: \(config)") }
                for signature in rules.agents.signatures {
                    let signals = signature.identities.count + signature.trailers.count + signature.markers.count + signature.notes.count
                    print("\(signature.kind.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0)) \(signature.id.padding(toLength: 18, withPad: " ", startingAt: 0)) \(signature.name) (\(signals) signals, \(signature.examples.count) examples)")
                }
                print("review: \(rules.review.approvalTrailers.count) approval trailers, \(rules.review.pullRequestMerges.count) merge patterns, \(rules.review.examples.count) examples")
                for rule in rules.risk.rules {
                    print("risk   \(rule.category.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(rule.effectiveSeverity.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(rule.id.padding(toLength: 34, withPad: " ", startingAt: 0)) \(rule.title)")
                }
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every example of every rule; exit 1 when one fails.",
            usage: "vigil rules test [<options>] [<dir>]",
            discussion: """
            Examples:
              vigil rules test
              vigil rules test ./my-rules
            """)

        @Argument(help: ArgumentHelp("The rules directory (default: the rules in use).", valueName: "dir"))
        var directory: String?

        @OptionGroup var source: SourceOptions

        func run() throws {
            let rules = try directory.map { try source.repositoryConfig.extend(try RuleSet.load(directory: $0), repositoryPath: source.repo) }
                ?? source.loadRules()
            let run = RuleExampleRun(RuleExample.all(in: rules))
            for failure in run.failures { print("FAIL \(failure.example): \(failure.problem)") }
            print("\(run.count - run.failures.count) passed, \(run.failures.count) failed")
            if run.count == 0 { throw CommandFailure(message: "no rule examples found in \(rules.source)", exitCode: ExitStatus.gateFailed) }
            if !run.failures.isEmpty { throw CommandFailure(message: "\(run.failures.count) rule example(s) failed", exitCode: ExitStatus.gateFailed) }
        }
    }
}
