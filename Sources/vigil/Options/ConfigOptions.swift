import ArgumentParser
import Foundation
import VigilGit
import VigilRules

/// Which repository config extends the rules: `--config FILE`, else `.vigil.yml` at the top of
/// the work tree (unless `--no-config`).
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A config that extends the rules (default: .vigil.yml at the top of the work tree).", valueName: "file"))
    var config: String?

    @Flag(name: .customLong("no-config"), help: "Ignore the work tree's .vigil.yml.")
    var noConfig = false

    func validate() throws {
        if config != nil && noConfig { throw ValidationError("--config and --no-config cannot be used together") }
    }

    /// `rules` extended by `--config`, else by the `.vigil.yml` of the work tree of the repository
    /// around `repositoryPath` (the current directory when nil).
    func extend(_ rules: RuleSet, repositoryPath: String?) throws -> RuleSet {
        if let config { return try rules.extended(byConfigAt: config) }
        if noConfig { return rules }
        // A path that is no repository has no config; the command itself says what is wrong with it.
        let workTree = (try? Repository(discoveringFrom: repositoryPath))?.workingDirectory
        guard let found = RepositoryConfig.discover(workTree: workTree) else { return rules }
        return try rules.extended(byConfigAt: found)
    }

    /// `rules` extended by `--config` only: what a server-side hook may read.
    func extendFromServer(_ rules: RuleSet) throws -> RuleSet {
        try config.map { try rules.extended(byConfigAt: $0) } ?? rules
    }
}
