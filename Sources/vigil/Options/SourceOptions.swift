import ArgumentParser
import Foundation
import VigilRules

/// Where the repository and the rules are.
struct SourceOptions: ParsableArguments {
    @Option(name: [.customShort("C"), .customLong("repo")],
            help: ArgumentHelp("The repository (any path inside it). Default: the first argument when it is a directory, else the current directory.", valueName: "path"))
    var repo: String?

    @Option(name: .long, help: ArgumentHelp("A rules directory to use instead of the built-in rules (also $VIGIL_RULES).", valueName: "dir"))
    var rules: String?

    func loadRules() throws -> RuleSet { try RuleSet.locate(explicit: rules) }
}

/// How commits are analysed: who counts as a reviewer, and how many workers.
struct AnalysisOptions: ParsableArguments {
    @Flag(name: .long, help: "Count a committer who is a different human from the author as a reviewer (kernel, git).")
    var committerReview = false

    @Option(name: .long, help: ArgumentHelp("Parallel workers (default: one per core, at most 8).", valueName: "n"))
    var workers: Int = min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 8)

    /// True with `--committer-review`; nil leaves it to `rules/review.yml`.
    var committerIsReviewer: Bool? { committerReview ? true : nil }

    func validate() throws {
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1") }
    }
}
