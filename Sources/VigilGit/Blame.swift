import CLibgit2
import VigilModel

/// Lines of a file at one commit that the same earlier commit last changed (libgit2's blame).
public struct BlameHunk: Sendable, Hashable {
    /// 1-based first line in the file at the blamed commit.
    public var startLine: Int
    public var lineCount: Int
    /// The commit that last changed these lines.
    public var commit: ObjectID
    /// The file's path in that commit, and the hunk's first line there (where a git-ai note on that
    /// commit numbers it).
    public var originalPath: String
    public var originalStartLine: Int
    /// True when the walk stopped at a root or shallow boundary: the commit is where the history
    /// ends, not necessarily where the lines were written.
    public var isBoundary: Bool

    public init(startLine: Int, lineCount: Int, commit: ObjectID, originalPath: String, originalStartLine: Int, isBoundary: Bool) {
        self.startLine = startLine
        self.lineCount = lineCount
        self.commit = commit
        self.originalPath = originalPath
        self.originalStartLine = originalStartLine
        self.isBoundary = isBoundary
    }
}

extension Repository {
    /// Who last changed each line of `path` (relative to the top of the repository) as it is in
    /// `commit`, following the file's history through libgit2.
    public func blame(path: String, at commit: ObjectID) throws -> [BlameHunk] {
        do {
            return try blame(path: path, at: commit, oldest: nil)
        } catch let error as GitError where isShallow {
            // libgit2 1.5 walks past a shallow boundary into parents the clone does not have. Stop
            // at the boundary instead, as git does: lines from before it are the boundary's.
            for boundary in shallowBoundary.sorted(by: { $0.hex < $1.hex }) {
                if let hunks = try? blame(path: path, at: commit, oldest: boundary) { return hunks }
            }
            throw error
        }
    }

    private func blame(path: String, at commit: ObjectID, oldest: ObjectID?) throws -> [BlameHunk] {
        var options = git_blame_options()
        try check(git_blame_options_init(&options, UInt32(GIT_BLAME_OPTIONS_VERSION)), "cannot set up blame")
        options.newest_commit = commit.oid
        if let oldest { options.oldest_commit = oldest.oid }
        var blame: OpaquePointer?
        let result = git_blame_file(&blame, handle, path, &options)
        guard result == 0, let blame else {
            throw GitError.fromLibgit2(code: result, doing: "cannot blame \(path) at \(commit.abbreviated())")
        }
        defer { git_blame_free(blame) }
        var hunks: [BlameHunk] = []
        for index in 0..<git_blame_get_hunk_count(blame) {
            guard let hunk = git_blame_get_hunk_byindex(blame, index)?.pointee else { continue }
            hunks.append(BlameHunk(startLine: Int(hunk.final_start_line_number), lineCount: Int(hunk.lines_in_hunk),
                                   commit: ObjectID(hunk.final_commit_id),
                                   originalPath: hunk.orig_path.map { String(cString: $0) } ?? path,
                                   originalStartLine: Int(hunk.orig_start_line_number), isBoundary: hunk.boundary != 0))
        }
        return hunks
    }

    /// The content of the file at `path` (components split at `/`) in `commit`'s tree, or nil
    /// when that path is not a file there.
    public func fileContent(path: String, at commit: ObjectID) throws -> [UInt8]? {
        var current = try readCommit(commit).tree
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        guard !components.isEmpty else { return nil }
        for (index, component) in components.enumerated() {
            let object = try readObject(current)
            guard object.type == .tree else { return nil }
            let tree = try object.withBytes { try Tree(id: current, bytes: $0) }
            let name = Array(component.utf8)
            guard let entry = (0..<tree.count).first(where: { Array(tree.name($0)) == name }) else { return nil }
            let isLast = index == components.count - 1
            if isLast {
                guard !tree.isTree(entry), tree.modes[entry] != 0o160000 else { return nil }
                let blob = try readObject(tree.ids[entry])
                return blob.withBytes { Array($0.bindMemory(to: UInt8.self)) }
            }
            guard tree.isTree(entry) else { return nil }
            current = tree.ids[entry]
        }
        return nil
    }
}
