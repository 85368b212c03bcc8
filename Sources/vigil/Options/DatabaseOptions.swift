import ArgumentParser
import Foundation
import VigilGit
import VigilStore

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
        try IndexDatabase(path: try path(repositoryPath: repositoryPath), create: create)
    }

    /// The index for reading only (queries, `show`, reports): works on an index the user may not write.
    func openForReading(repositoryPath: String?) throws -> IndexDatabase {
        try IndexDatabase(readingFrom: try path(repositoryPath: repositoryPath))
    }

    /// The index for reading when one exists (nil otherwise), for commands that use it when it is there.
    func openIfPresent(repositoryPath: String?) throws -> IndexDatabase? {
        let path = try path(repositoryPath: repositoryPath)
        return FileManager.default.fileExists(atPath: path) ? try IndexDatabase(readingFrom: path) : nil
    }
}
