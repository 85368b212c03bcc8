import VigilGit
import VigilModel
import VigilRender

/// The hunks of one commit's changed files, read on demand, for `vigil show`.
struct CommitPatches {
    let diffs: DiffReader
    let changes: [FileChange]
    let contextLines: Int

    init(repository: Repository, commit: Commit, contextLines: Int) throws {
        diffs = DiffReader(repository: repository)
        let graph = CommitGraph(repository: repository)
        var parentTree: ObjectID?
        if let parent = commit.parents.first, !graph.shallowBoundary.contains(commit.id) {
            let node = graph.node(parent)
            if node.problem == nil { parentTree = node.tree }
        }
        changes = commit.isMerge ? [] : try diffs.changes(tree: commit.tree, parentTree: parentTree).changes
        self.contextLines = contextLines
    }

    /// The hunks holding `flag`'s lines (at most five), or why there are none.
    func hunk(for flag: RiskFlag) -> CommitShowText.HunkLookup {
        guard let change = changes.first(where: { $0.path == flag.path || $0.oldPath == flag.path }) else {
            return .none("the file is not among the commit's changes")
        }
        guard let patch = try? diffs.patch(of: change, contextLines: contextLines) else { return .none("cannot read the file's diff") }
        switch patch.content {
        case .binary: return .none("binary file")
        case .tooLarge(let bytes): return .none("file too large to show (\(bytes) bytes)")
        case .unreadable: return .none("content missing from this clone")
        case .hunks(let hunks):
            if flag.lines.isEmpty { return hunks.first.map { .hunks([$0]) } ?? .none("the file has no changed lines") }
            let found = hunks.filter { hunk in flag.lines.contains { hunk.contains(line: $0.number, oldSide: $0.side == .removed) } }
            return found.isEmpty ? .none("the flagged lines are not in this commit's diff") : .hunks(Array(found.prefix(5)))
        }
    }
}
