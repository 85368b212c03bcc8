import ArgumentParser
import Foundation
import VigilGit
import VigilIndex
import VigilRules
import VigilScan

/// Where the repository and the rules are.
struct SourceOptions: ParsableArguments {
    @Option(name: [.customShort("C"), .customLong("repo")], help: ArgumentHelp("The repository (any path inside it). Default: the first argument when it is a directory, else the current directory.", valueName: "path"))
    var repo: String?

    @Option(name: .long, help: ArgumentHelp("A rules directory to use instead of the built-in rules (also $VIGIL_RULES).", valueName: "dir"))
    var rules: String?

    func loadRules() throws -> RuleSet {
        do {
            return try RuleSet.locate(explicit: rules)
        } catch let error as RuleFileError {
            throw CommandFailure(message: error.description, exitCode: ExitStatus.badInput)
        }
    }
}

/// How commits are analysed: who counts as a reviewer, and how many workers.
struct AnalysisOptions: ParsableArguments {
    @Flag(name: .long, help: "Count a committer who is a different human from the author as a reviewer (kernel, git).")
    var committerReview = false

    @Option(name: .long, help: ArgumentHelp("Parallel workers (default: one per core, at most 8).", valueName: "n"))
    var workers: Int = ScanConfiguration.defaultWorkers

    /// True with `--committer-review`; nil leaves it to `rules/review.yml`.
    var committerIsReviewer: Bool? { committerReview ? true : nil }
}

/// Which commits, written as for `git log`.
struct RevisionOptions: ParsableArguments {
    @Flag(name: .long, help: "Every ref (branches, tags, remotes, other refs/ but notes) and HEAD.")
    var all = false

    @Option(name: .long, help: ArgumentHelp("Only commits committed at or after this date (2026-11-01, '2 weeks ago', @unix-seconds).", valueName: "date"))
    var since: String?

    @Option(name: .long, help: ArgumentHelp("Only commits committed at or before this date.", valueName: "date"))
    var until: String?

    @Option(name: [.customShort("n"), .customLong("max-count")], help: ArgumentHelp("At most this many commits.", valueName: "n"))
    var maxCount: Int?

    @Flag(name: .long, help: "Follow only the first parent of merge commits.")
    var firstParent = false

    @Option(name: .long, help: ArgumentHelp("Order: date (newest first, streams), topo (parents after children), reverse (oldest first).", valueName: "order"))
    var order: Order = .date

    enum Order: String, ExpressibleByArgument, CaseIterable {
        case date, topo, reverse
    }

    func query(revisions: [String]) throws -> RevisionQuery {
        if let maxCount, maxCount < 0 {
            throw CommandFailure(message: "--max-count: must not be negative", exitCode: ExitStatus.badInput)
        }
        let sortOrder: RevisionQuery.Order = switch order {
        case .date: .date
        case .topo: .topological
        case .reverse: .reverse
        }
        return RevisionQuery(revisions: revisions, all: all, since: try date(since, "--since"), until: try date(until, "--until"),
                             maxCount: maxCount, firstParent: firstParent, order: sortOrder)
    }
}

/// A date option's value in seconds since the epoch, or a one-line failure naming the option.
func date(_ text: String?, _ flag: String) throws -> Int64? {
    guard let text else { return nil }
    guard let value = GitDate.parse(text) else {
        throw CommandFailure(message: "\(flag): cannot read date '\(text)' (try 2026-11-01, '2 weeks ago' or @1767225600)", exitCode: ExitStatus.badInput)
    }
    return value
}

/// Splits `[PATH] [REVISIONS...]`: the first argument is the repository when it is an existing
/// directory and `--repo` was not given; everything else is a revision.
func splitPathAndRevisions(_ arguments: [String], repo: String?) -> (path: String?, revisions: [String]) {
    if repo != nil { return (repo, arguments) }
    guard let first = arguments.first else { return (nil, []) }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: first, isDirectory: &isDirectory), isDirectory.boolValue {
        return (first, Array(arguments.dropFirst()))
    }
    return (nil, arguments)
}

/// Turns library errors into one-line failures with the documented exit status.
func asCommandFailure(_ error: Error) -> Error {
    switch error {
    case let failure as CommandFailure: return failure
    case let rules as RuleFileError: return CommandFailure(message: rules.description, exitCode: ExitStatus.badInput)
    case let index as IndexError: return CommandFailure(message: index.message, exitCode: ExitStatus.badInput)
    case let git as GitError:
        // Opening and revision errors are bad input; anything later means the repository is damaged.
        let input = git.message.contains("not a git repository") || git.message.hasPrefix("unknown revision")
            || git.message.contains("does not name a commit") || git.message.contains("cannot open repository")
        return CommandFailure(message: git.message, exitCode: input ? ExitStatus.badInput : ExitStatus.unreadable)
    default:
        return CommandFailure(message: String(describing: error), exitCode: ExitStatus.unreadable)
    }
}
