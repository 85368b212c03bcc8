import Clibgit2

extension Repository {
    /// The files `commit` changed against its first parent (a root commit against the empty tree),
    /// with exact renames paired. Merge commits change nothing here: their content is counted in the
    /// commits they bring in. `unreadable` lists subtrees the repository lacks.
    public func changedFiles(of commit: Commit) throws -> (changes: [FileChange], missingParent: Bool, unreadable: [String]) {
        if commit.isMerge { return ([], false, []) }
        let newTree = try tree(ofCommit: commit.id)
        defer { git_tree_free(newTree) }
        var oldTree: OpaquePointer?
        var missingParent = false
        if let parent = commit.parents.first {
            if contains(parent) {
                oldTree = try tree(ofCommit: parent)
            } else {
                missingParent = true
            }
        }
        defer { git_tree_free(oldTree) }
        var diff = TreeDiff(repository: self)
        diff.compare(oldTree, newTree)
        diff.detectExactRenames()
        return (diff.changes, missingParent, diff.unreadableTrees)
    }

    /// Line statistics of `commit` against its first parent, cheaply: no context lines, no patch
    /// text kept, only changed blobs read. Merge commits get empty statistics, as `git log --numstat`
    /// gives them. A blob the repository lacks (partial clone) is listed in `unreadablePaths`, never an error.
    public func diffStats(of commit: Commit) throws -> DiffStats {
        let changed = try changedFiles(of: commit)
        return try diffStats(of: changed.changes, missingParent: changed.missingParent, unreadable: changed.unreadable)
    }

    /// Line statistics of changes already found; `known` holds file diffs already read (by path),
    /// so files the risk rules read are not diffed twice.
    public func diffStats(of changes: [FileChange], missingParent: Bool, unreadable: [String], known: [FileDiff] = []) throws -> DiffStats {
        var stats = DiffStats()
        stats.missingParent = missingParent
        stats.unreadablePaths = unreadable
        stats.files = changes.count
        let read = Dictionary(known.map { ($0.change.path, $0.content) }, uniquingKeysWith: { first, _ in first })
        for change in changes {
            if change.status == .renamed && change.oldID == change.newID {
                stats.renamedFiles += 1
                continue
            }
            var counted: LineCount
            if change.isSubmodule {
                // As git counts it: "-Subproject commit OLD" / "+Subproject commit NEW".
                counted = .lines(added: change.newID != nil ? 1 : 0, removed: change.oldID != nil ? 1 : 0)
            } else if let content = read[change.path] {
                switch content {
                case .lines(let added, let removed): counted = .lines(added: added.count, removed: removed.count)
                case .binary: counted = .binary
                case .unreadable: counted = .unreadable
                case .tooLarge: counted = try lineCounts(of: change)
                }
            } else {
                counted = try lineCounts(of: change)
            }
            switch counted {
            case .lines(let added, let removed):
                stats.added += added
                stats.removed += removed
                stats.linesByTopDirectory[Self.topDirectory(of: change.path), default: 0] += added + removed
            case .binary:
                stats.binaryFiles += 1
            case .unreadable:
                stats.unreadablePaths.append(change.path)
            }
        }
        return stats
    }

    /// The first component of a path, or `.` for a file at the root.
    static func topDirectory(of path: String) -> String {
        guard let slash = path.firstIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }

    enum LineCount { case lines(added: Int, removed: Int), binary, unreadable }

    /// Lines added and removed in one changed file, as `git diff --numstat` counts them.
    func lineCounts(of change: FileChange) throws -> LineCount {
        var oldBlob: OpaquePointer?, newBlob: OpaquePointer?
        defer { git_blob_free(oldBlob); git_blob_free(newBlob) }
        for (id, slot) in [(change.oldID, 0), (change.newID, 1)] {
            guard let id, change.status != .added || slot == 1, change.status != .deleted || slot == 0 else { continue }
            var oid = id.raw
            var blob: OpaquePointer?
            let found = git_blob_lookup(&blob, handle, &oid)
            if found == GIT_ENOTFOUND.rawValue { git_error_clear(); return .unreadable }
            try check(found, "cannot read blob \(id.hex) (\(change.path))")
            if slot == 0 { oldBlob = blob } else { newBlob = blob }
        }
        if oldBlob.map({ git_blob_is_binary($0) == 1 }) == true || newBlob.map({ git_blob_is_binary($0) == 1 }) == true {
            return .binary
        }
        // One side missing: every line of the other side counts, with no diff to run.
        if oldBlob == nil { return .lines(added: Self.lineCount(newBlob!), removed: 0) }
        if newBlob == nil { return .lines(added: 0, removed: Self.lineCount(oldBlob!)) }
        let patch = try blobPatch(oldBlob, newBlob, contextLines: 0, path: change.path)
        defer { git_patch_free(patch) }
        var context = 0, added = 0, removed = 0
        try check(git_patch_line_stats(&context, &added, &removed, patch), "cannot count lines in \(change.path)")
        return .lines(added: added, removed: removed)
    }

    /// Lines in a blob: newlines, plus one for a last line without a newline.
    static func lineCount(_ blob: OpaquePointer) -> Int {
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let raw = git_blob_rawcontent(blob) else { return 0 }
        let bytes = UnsafeRawBufferPointer(start: raw, count: size)
        var lines = 0
        for byte in bytes where byte == 0x0A { lines += 1 }
        if bytes[size - 1] != 0x0A { lines += 1 }
        return lines
    }

    /// The tree of a commit; the caller frees it.
    func tree(ofCommit id: ObjectID) throws -> OpaquePointer? {
        var commit: OpaquePointer?
        var oid = id.raw
        try check(git_commit_lookup(&commit, handle, &oid), "cannot read commit \(id.hex)")
        defer { git_commit_free(commit) }
        var tree: OpaquePointer?
        try check(git_commit_tree(&tree, commit), "cannot read the tree of commit \(id.hex)")
        return tree
    }
}
