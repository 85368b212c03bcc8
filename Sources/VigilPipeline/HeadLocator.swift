import VigilGit
import VigilModel

/// Maps findings made in past commits onto one tree (code scanning ties an upload to one commit):
/// an added line to where it is now, a removed line to the nearest line that took its place, a
/// path followed through exact renames, a file deleted since to no path. Each commit's diff and
/// each commit-to-head diff is computed once.
public final class HeadLocator {
    private let repository: Repository
    private let diffs: DiffReader
    public let head: ObjectID
    private let headTree: ObjectID
    /// Per commit: its changes against its first parent, by path.
    private var commitChanges: [ObjectID: [String: FileChange]] = [:]
    /// Per commit tree: what changed from it to the head's tree, by path in the commit's tree.
    private var toHead: [ObjectID: [String: FileChange]] = [:]
    private var lineMaps: [[ObjectID]: LineMap?] = [:]

    public init(repositoryPath: String?, head: ObjectID) throws {
        repository = try Repository(discoveringFrom: repositoryPath)
        diffs = DiffReader(repository: repository)
        self.head = head
        headTree = try repository.readCommit(head).tree
    }

    public func locate(_ flag: RiskFlag, in commit: Commit) -> HeadLocation {
        do {
            return try place(flag, in: commit)
        } catch {
            // What cannot be read is placed on the file, where it was flagged.
            return HeadLocation(path: flag.path, line: nil, exact: false)
        }
    }

    private func place(_ flag: RiskFlag, in commit: Commit) throws -> HeadLocation {
        let changes = try changesOf(commit)
        let change = changes[flag.path]
        // The commit deleted the file: it is in no later tree by this path's history.
        if change?.status == .deleted { return HeadLocation(path: nil, line: nil, exact: false) }
        // The file as the commit left it, and the flagged line's place in it.
        var line: Int?
        var exact = false
        switch flag.side {
        case .file:
            line = nil
        case .added:
            line = flag.line
            exact = true
        case .removed:
            guard let change, change.status != .deleted, let old = change.oldID, let new = change.newID else {
                return HeadLocation(path: nil, line: nil, exact: false)
            }
            switch try map(old, new)?.place(of: flag.line) ?? .none {
            case .same(let n), .nearest(let n): line = n
            case .none: line = nil
            }
        }
        let path = change?.newPath ?? flag.path
        guard let later = try changesToHead(commit.tree)[path] else {
            return HeadLocation(path: path, line: line, exact: exact)
        }
        guard later.status != .deleted, let headPath = later.newPath else { return HeadLocation(path: nil, line: nil, exact: false) }
        guard let line, let from = later.oldID, let to = later.newID, let lineMap = try map(from, to) else {
            return HeadLocation(path: headPath, line: nil, exact: false)
        }
        switch lineMap.place(of: line) {
        case .same(let n): return HeadLocation(path: headPath, line: n, exact: exact)
        case .nearest(let n): return HeadLocation(path: headPath, line: n, exact: false)
        case .none: return HeadLocation(path: headPath, line: nil, exact: false)
        }
    }

    private func changesOf(_ commit: Commit) throws -> [String: FileChange] {
        if let known = commitChanges[commit.id] { return known }
        let parentTree = try commit.parents.first.map { try repository.readCommit($0).tree }
        let changes = try diffs.changes(tree: commit.tree, parentTree: parentTree).changes
        let byPath = Dictionary(changes.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        commitChanges[commit.id] = byPath
        return byPath
    }

    private func changesToHead(_ tree: ObjectID) throws -> [String: FileChange] {
        if let known = toHead[tree] { return known }
        let changes = tree == headTree ? [] : try diffs.changes(tree: headTree, parentTree: tree).changes
        let byOldPath = Dictionary(changes.compactMap { change in change.oldPath.map { ($0, change) } }, uniquingKeysWith: { first, _ in first })
        toHead[tree] = byOldPath
        return byOldPath
    }

    /// The line map between two blobs; nil when either cannot be read as text.
    private func map(_ old: ObjectID, _ new: ObjectID) throws -> LineMap? {
        if let known = lineMaps[[old, new]] { return known }
        var result: LineMap?
        if case .bytes(let a) = try diffs.blob(old, maxBytes: 8 << 20), case .bytes(let b) = try diffs.blob(new, maxBytes: 8 << 20) {
            result = try LineMap(old: a, new: b)
        }
        lineMaps[[old, new]] = result
        return result
    }
}
