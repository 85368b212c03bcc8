import Clibgit2

extension Repository {
    /// Line statistics of `commit` against its first parent, cheaply: no context lines, no patch
    /// text, exact-rename detection only (by object id, no blob reads). Merge commits get empty
    /// statistics, as `git log --numstat` gives them: their content is counted in the commits they bring.
    /// A blob the repository lacks (partial clone) is listed in `unreadablePaths`, never an error.
    public func diffStats(of commit: Commit) throws -> DiffStats {
        var stats = DiffStats()
        if commit.isMerge { return stats }
        let newTree = try tree(ofCommit: commit.id)
        defer { git_tree_free(newTree) }
        var oldTree: OpaquePointer?
        if let parent = commit.parents.first {
            if contains(parent) {
                oldTree = try tree(ofCommit: parent)
            } else {
                stats.missingParent = true
            }
        }
        defer { git_tree_free(oldTree) }

        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        options.context_lines = 0
        options.interhunk_lines = 0
        var diff: OpaquePointer?
        try check(git_diff_tree_to_tree(&diff, handle, oldTree, newTree, &options), "cannot diff commit \(commit.id.hex)")
        defer { git_diff_free(diff) }

        var find = git_diff_find_options()
        git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION))
        find.flags = GIT_DIFF_FIND_RENAMES.rawValue | GIT_DIFF_FIND_EXACT_MATCH_ONLY.rawValue
        try check(git_diff_find_similar(diff, &find), "cannot detect renames in \(commit.id.hex)")

        let count = git_diff_num_deltas(diff)
        stats.files = count
        for index in 0..<count {
            guard let delta = git_diff_get_delta(diff, index) else { continue }
            if delta.pointee.status == GIT_DELTA_RENAMED && delta.pointee.similarity == 100 {
                stats.renamedFiles += 1
                continue
            }
            var patch: OpaquePointer?
            let made = git_patch_from_diff(&patch, diff, index)
            if made < 0 {
                let path = String(cString: delta.pointee.new_file.path ?? delta.pointee.old_file.path)
                if made == GIT_ENOTFOUND.rawValue {
                    git_error_clear()
                    stats.unreadablePaths.append(path)
                    continue
                }
                throw GitError.last(code: made, doing: "cannot diff \(path) in \(commit.id.hex)")
            }
            defer { git_patch_free(patch) }
            if let patched = git_patch_get_delta(patch), patched.pointee.flags & GIT_DIFF_FLAG_BINARY.rawValue != 0 {
                stats.binaryFiles += 1
                continue
            }
            var context = 0, additions = 0, deletions = 0
            try check(git_patch_line_stats(&context, &additions, &deletions, patch), "cannot count lines in \(commit.id.hex)")
            stats.added += additions
            stats.removed += deletions
        }
        return stats
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
