import ArgumentParser
import Foundation
import VigilGit
import VigilIndex

/// Which index database: `--db`, `$VIGIL_DB`, else the repository's own `.git/vigil/index.sqlite`.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The index database (also $VIGIL_DB). Default: .git/vigil/index.sqlite in the repository.", valueName: "path"))
    var db: String?

    /// The database's path, for the repository at `repositoryPath` when none is named.
    func path(repositoryPath: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if let db { return db }
        if let fromEnv = environment["VIGIL_DB"], !fromEnv.isEmpty { return fromEnv }
        do {
            return IndexDatabase.defaultPath(for: try Repository(discoveringFrom: repositoryPath))
        } catch let error as GitError {
            throw CommandFailure(message: "\(error.message); give the index with --db", exitCode: ExitStatus.badInput)
        }
    }

    func open(repositoryPath: String?, create: Bool) throws -> IndexDatabase {
        let path = try path(repositoryPath: repositoryPath)
        do { return try IndexDatabase(path: path, create: create) } catch let error as IndexError {
            throw CommandFailure(message: error.message, exitCode: ExitStatus.badInput)
        }
    }
}
