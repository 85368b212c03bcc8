import ArgumentParser
import Foundation
import VigilGit

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

    func validate() throws {
        if let maxCount, maxCount < 0 { throw ValidationError("--max-count must not be negative") }
        _ = try DateOption.seconds(since, "--since")
        _ = try DateOption.seconds(until, "--until")
    }

    func query(revisions: [String]) throws -> RevisionQuery {
        let sortOrder: RevisionQuery.Order = switch order {
        case .date: .date
        case .topo: .topological
        case .reverse: .reverse
        }
        return RevisionQuery(revisions: revisions, all: all, since: try DateOption.seconds(since, "--since"),
                             until: try DateOption.seconds(until, "--until"), maxCount: maxCount, firstParent: firstParent, order: sortOrder)
    }
}

/// Date options as git users write them.
enum DateOption {
    /// A date option's value in seconds since the epoch, or a one-line failure naming the option.
    static func seconds(_ text: String?, _ flag: String) throws -> Int64? {
        guard let text else { return nil }
        guard let value = GitDate.parse(text) else {
            throw ValidationError("\(flag): cannot read date '\(text)' (try 2026-11-01, '2 weeks ago' or @1767225600)")
        }
        return value
    }
}

/// `[PATH] [REVISIONS...]`: the first argument is the repository when it is an existing
/// directory and `--repo` was not given; everything else is a revision. An argument that can only
/// be a path (`/x`, `./x`, `../x`, `~/x`: no revision starts so) and names nothing is an error
/// naming it, not a revision blamed on the current directory.
struct PathAndRevisions {
    var path: String?
    var revisions: [String]

    init(_ arguments: [String], repo: String?) throws {
        if let repo {
            try Self.requireExisting(repo)
            (path, revisions) = (repo, arguments)
            return
        }
        var isDirectory: ObjCBool = false
        if let first = arguments.first, FileManager.default.fileExists(atPath: first, isDirectory: &isDirectory), isDirectory.boolValue {
            (path, revisions) = (first, Array(arguments.dropFirst()))
        } else {
            if let first = arguments.first, Self.looksLikePath(first) { try Self.requireExisting(first) }
            (path, revisions) = (nil, arguments)
        }
    }

    static func looksLikePath(_ text: String) -> Bool {
        text.hasPrefix("/") || text.hasPrefix("./") || text.hasPrefix("../") || text.hasPrefix("~") || text == "." || text == ".."
    }

    static func requireExisting(_ path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandFailure(message: "\(path): no such file or directory", exitCode: ExitStatus.badInput)
        }
        guard isDirectory.boolValue else {
            throw CommandFailure(message: "\(path): not a directory (give the repository, or a path inside it)", exitCode: ExitStatus.badInput)
        }
    }
}
