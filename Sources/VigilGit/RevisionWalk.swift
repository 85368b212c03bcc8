import Clibgit2
import Foundation

/// Walks the commits a `RevisionQuery` selects. Owns a libgit2 revwalk and keeps its repository alive.
public final class RevisionWalk {
    private let repository: Repository
    private let walk: OpaquePointer
    private let query: RevisionQuery
    private var yielded = 0
    private var olderThanSinceInARow = 0
    /// In a shallow repository, the whole selection, walked by `ShallowWalk` instead of libgit2.
    private var precomputed: [ObjectID]?
    private var precomputedIndex = 0
    private var includes: [ObjectID] = []
    private var excludes: [ObjectID] = []

    /// How many commits older than `since` in a row end a date-ordered walk; like git's slop, it
    /// tolerates a few commits whose clocks were wrong.
    private static let sinceSlop = 32

    public init(repository: Repository, query: RevisionQuery) throws {
        self.repository = repository
        self.query = query
        var walk: OpaquePointer?
        try check(git_revwalk_new(&walk, repository.handle), "cannot start a revision walk")
        self.walk = walk!
        // GIT_SORT_NONE is git's own default order (newest first by committer date) and streams;
        // GIT_SORT_TIME makes libgit2 walk the whole history before yielding the first commit.
        var sorting = GIT_SORT_NONE.rawValue
        switch query.order {
        case .date: break
        case .topological: sorting = GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue
        case .reverse: sorting = GIT_SORT_TIME.rawValue | GIT_SORT_REVERSE.rawValue
        }
        try check(git_revwalk_sorting(self.walk, sorting), "cannot sort the revision walk")
        if query.firstParent { try check(git_revwalk_simplify_first_parent(self.walk), "cannot follow first parents") }
        try pushStartingPoints()
        if repository.isShallow {
            let boundary = ShallowWalk.boundary(of: repository)
            if !boundary.isEmpty {
                precomputed = try ShallowWalk(repository: repository, boundary: boundary)
                    .select(include: includes, exclude: excludes, firstParent: query.firstParent, order: query.order)
            }
        }
    }

    deinit { git_revwalk_free(walk) }

    private func pushStartingPoints() throws {
        var pushedAny = false
        if query.all {
            for ref in try repository.references() where !ref.name.hasPrefix("refs/notes/") {
                guard let target = ref.target else { continue }
                try push(target, hide: false)
                pushedAny = true
            }
            if let head = repository.headCommit() {
                try push(head, hide: false)
                pushedAny = true
            }
        }
        for id in query.hidden { try push(id, hide: true) }
        for spec in query.revisions {
            if spec.hasPrefix("^") {
                try push(repository.resolveCommit(String(spec.dropFirst())), hide: true)
            } else if spec.contains("..") {
                try pushRange(spec)
                pushedAny = true
            } else {
                try push(repository.resolveCommit(spec), hide: false)
                pushedAny = true
            }
        }
        if !pushedAny && !query.all {
            // Like `git log` with no revision; an unborn HEAD simply has no commits.
            if let head = repository.headCommit() { try push(head, hide: false) }
        }
    }

    private func pushRange(_ spec: String) throws {
        let symmetric = spec.contains("...")
        let parts = spec.components(separatedBy: symmetric ? "..." : "..")
        guard parts.count == 2 else { throw GitError(code: -1, message: "unknown revision '\(spec)'") }
        // An empty side means HEAD, as in git.
        let from = try repository.resolveCommit(parts[0].isEmpty ? "HEAD" : parts[0])
        let to = try repository.resolveCommit(parts[1].isEmpty ? "HEAD" : parts[1])
        try push(to, hide: false)
        if symmetric {
            try push(from, hide: false)
            for base in try mergeBases(from, to) { try push(base, hide: true) }
        } else {
            try push(from, hide: true)
        }
    }

    private func mergeBases(_ a: ObjectID, _ b: ObjectID) throws -> [ObjectID] {
        var array = git_oidarray()
        var one = a.raw, two = b.raw
        let result = git_merge_bases(&array, repository.handle, &one, &two)
        if result == GIT_ENOTFOUND.rawValue { return [] }
        try check(result, "cannot find the merge base of \(a.hex) and \(b.hex)")
        defer { git_oidarray_dispose(&array) }
        return (0..<array.count).map { ObjectID(array.ids[$0]) }
    }

    /// Hides every commit reachable from `id` (and what it reaches) from the walk.
    public func hide(_ id: ObjectID) throws { try push(id, hide: true) }

    private func push(_ id: ObjectID, hide: Bool) throws {
        if hide { excludes.append(id) } else { includes.append(id) }
        // In a shallow repository a hide can reach the boundary inside libgit2: the shallow walk does it instead.
        if repository.isShallow { return }
        var oid = id.raw
        if hide {
            try check(git_revwalk_hide(walk, &oid), "cannot hide \(id.hex)")
        } else {
            try check(git_revwalk_push(walk, &oid), "cannot walk from \(id.hex)")
        }
    }

    /// The next commit id, or nil at the end.
    public func next() throws -> ObjectID? {
        if let max = query.maxCount, yielded >= max { return nil }
        var oid = git_oid()
        while true {
            let id: ObjectID
            if let precomputed {
                guard precomputedIndex < precomputed.count else { return nil }
                id = precomputed[precomputedIndex]
                precomputedIndex += 1
            } else {
                let result = git_revwalk_next(&oid, walk)
                if result == GIT_ITEROVER.rawValue { return nil }
                try check(result, "revision walk failed")
                id = ObjectID(oid)
            }
            if query.since != nil || query.until != nil {
                let time = try committerTime(of: id)
                if let since = query.since, time < since {
                    olderThanSinceInARow += 1
                    if query.order == .date && olderThanSinceInARow >= Self.sinceSlop { return nil }
                    continue
                }
                olderThanSinceInARow = 0
                if let until = query.until, time > until { continue }
            }
            yielded += 1
            return id
        }
    }

    /// Every remaining commit id.
    public func collect() throws -> [ObjectID] {
        var ids: [ObjectID] = []
        while let id = try next() { ids.append(id) }
        return ids
    }

    private func committerTime(of id: ObjectID) throws -> Int64 {
        var commit: OpaquePointer?
        var oid = id.raw
        try check(git_commit_lookup(&commit, repository.handle, &oid), "cannot read commit \(id.hex)")
        defer { git_commit_free(commit) }
        return git_commit_time(commit)
    }
}
