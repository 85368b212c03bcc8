import ArgumentParser
import Foundation
import VigilRules

/// Where the repository and the rules are.
struct SourceOptions: ParsableArguments {
    @Option(name: [.customShort("C"), .customLong("repo")],
            help: ArgumentHelp("The repository (any path inside it). Default: the first argument when it is a directory, else the current directory.", valueName: "path"))
    var repo: String?

    @Option(name: .long, help: ArgumentHelp("A rules directory; files it lacks are the built-in ones (also $VIGIL_RULES).", valueName: "dir"))
    var rules: String?

    @OptionGroup var repositoryConfig: ConfigOptions

    /// The rules in effect, extended by `--config FILE` or else by the `.vigil.yml` of the work
    /// tree of the repository at `repositoryPath` (default: `--repo`, else the current directory).
    func loadRules(repositoryPath: String? = nil) throws -> RuleSet {
        try repositoryConfig.extend(try RuleSet.locate(explicit: rules), repositoryPath: repositoryPath ?? repo)
    }

    /// The rules a server-side hook uses: the rules in effect and `--config FILE` only, never a
    /// `.vigil.yml` from a work tree (a push could have put it there).
    func loadServerRules() throws -> RuleSet {
        try repositoryConfig.extendFromServer(try RuleSet.locate(explicit: rules))
    }
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
