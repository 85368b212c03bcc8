import VigilModel

/// The hunks of one commit's changed files, for `vigil show` and the commit page: each file's
/// patch read once, when its first finding asks (a commit with 50,000 findings in a few files
/// reads those files once).
public final class CommitPatches {
    let diffs: DiffReader
    let changes: [String: FileChange]
    let contextLines: Int
    private var patches: [String: Indexed] = [:]

    /// One file's hunks, with where each changed line sits (by side and number).
    private struct Indexed {
        var content: FilePatch.Content
        var added: [Int: (hunk: Int, line: Int)] = [:]
        var removed: [Int: (hunk: Int, line: Int)] = [:]

        init(_ content: FilePatch.Content) {
            self.content = content
            guard case .hunks(let hunks) = content else { return }
            for (h, hunk) in hunks.enumerated() {
                for (l, line) in hunk.lines.enumerated() {
                    if line.origin == .added, let n = line.newNumber { added[n] = (h, l) }
                    if line.origin == .removed, let n = line.oldNumber { removed[n] = (h, l) }
                }
            }
        }
    }

    public init(repository: Repository, commit: Commit, contextLines: Int) throws {
        diffs = DiffReader(repository: repository)
        let graph = CommitGraph(repository: repository)
        var parentTree: ObjectID?
        if let parent = commit.parents.first, !graph.shallowBoundary.contains(commit.id) {
            let node = graph.node(parent)
            if node.problem == nil { parentTree = node.tree }
        }
        var byPath: [String: FileChange] = [:]
        for change in commit.isMerge ? [] : try diffs.changes(tree: commit.tree, parentTree: parentTree).changes {
            byPath[change.path] = change
            if let old = change.oldPath, byPath[old] == nil { byPath[old] = change }
        }
        changes = byPath
        self.contextLines = contextLines
    }

    /// The hunk holding `flag`'s line, or why there is none: a lookup, not a search.
    public func hunk(for flag: RiskFlag) -> HunkLookup {
        guard let change = changes[flag.path] else { return .none("the file is not among the commit's changes") }
        let indexed: Indexed
        if let known = patches[change.path] {
            indexed = known
        } else {
            guard let patch = try? diffs.patch(of: change, contextLines: contextLines) else { return .none("cannot read the file's diff") }
            indexed = Indexed(patch.content)
            patches[change.path] = indexed
        }
        switch indexed.content {
        case .binary: return .none("binary file")
        case .tooLarge(let bytes): return .none("file too large to show (\(bytes) bytes)")
        case .unreadable: return .none("content missing from this clone")
        case .hunks(let hunks):
            if flag.side == .file { return hunks.first.map { .hunk($0, flagged: nil) } ?? .none("no change to show") }
            guard let place = (flag.side == .added ? indexed.added : indexed.removed)[flag.line] else {
                return .none("the flagged line is not in this commit's diff")
            }
            return .hunk(hunks[place.hunk], flagged: place.line)
        }
    }
}
