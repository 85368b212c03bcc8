import Foundation
import VigilGit
import VigilModel
import VigilPipeline
import VigilStore

/// The forge requests and reviews the index holds for a repository (written by `vigil review
/// sync`), for the commands that compute review. Read from the index only: no command but
/// `review sync` talks to a forge.
enum ForgeReviews {
    /// Every request held for the repository; none without an index or a sync. An index that
    /// cannot be read costs the forge evidence, said on stderr, not the command.
    static func requests(in database: IndexDatabase?, repository: Repository) -> [ForgeRequest] {
        guard let database else { return [] }
        do {
            guard let indexed = try database.lookup(repository) else { return [] }
            return try database.forgeRequests(repository: indexed)
        } catch {
            Diagnostics.warn("forge reviews not used: \(error)")
            return []
        }
    }

    /// The index at the usual place when there is one, for reading; nil (with a warning when it
    /// exists but cannot be read) otherwise.
    static func openIndex(_ options: DatabaseOptions, repositoryPath: String?) -> IndexDatabase? {
        do { return try options.openIfPresent(repositoryPath: repositoryPath) } catch {
            Diagnostics.warn("forge reviews not used: \(ExitStatus.failure(for: error).message)")
            return nil
        }
    }

    /// `scanner` again, with the forge landings of its repository in its configuration.
    static func applying(to scanner: CommitScanner, database: DatabaseOptions, repositoryPath: String?) -> CommitScanner {
        let requests = requests(in: openIndex(database, repositoryPath: repositoryPath), repository: scanner.repository)
        guard !requests.isEmpty else { return scanner }
        var configuration = scanner.configuration
        configuration.forge = ForgeLandingMap.build(requests: requests, graph: scanner.graph)
        return CommitScanner(configuration: configuration, rawCommits: scanner.commits, graph: scanner.graph,
                             walkProblems: scanner.walkProblems)
    }
}
