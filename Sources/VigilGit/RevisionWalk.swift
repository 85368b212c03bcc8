import VigilModel

/// Walks the commits a `RevisionQuery` selects, as `git log` does, reading each commit object
/// once (in Swift: a malformed commit is walked and reported, never a reason to stop).
///
/// Newest first by committer date (ties in the order commits were reached); excluded commits
/// (`^A`, `A..B`, hidden tips) are propagated as git's `limit_list` does, stopping once only
/// excluded commits remain. `--topo-order` and `--reverse` sort the whole selection first.
/// Commits that cannot be read (a missing or corrupt object) end their line of history and are
/// listed in `problems`; the shallow boundary ends the walk as git's does.
public final class RevisionWalk {
    public let graph: CommitGraph
    private let query: RevisionQuery
    private var heap = CommitHeap()
    private var flags: [ObjectID: Flags] = [:]
    private var pending: [ObjectID: RawCommit] = [:]
    private var yielded = 0
    /// Keep each selected commit's object as read, to give it out without reading it again.
    private let retainCommits: Bool
    /// The whole selection, when it had to be computed before the first commit could be given.
    private var precomputed: [ObjectID]?
    private var precomputedIndex = 0
    /// What could not be read: refs that lead nowhere, commits whose objects are missing or corrupt.
    public private(set) var problems: [String] = []

    private struct Flags: OptionSet {
        let rawValue: UInt8
        static let seen = Flags(rawValue: 1)
        static let uninteresting = Flags(rawValue: 2)
        static let expanded = Flags(rawValue: 4)
        static let queued = Flags(rawValue: 8)
    }

    /// Selected (not excluded) commits waiting in the queue: when none are left, only excluded
    /// commits remain and a limited walk can stop.
    private var interestingQueued = 0

    /// How many excluded commits past the point where only excluded ones remain the walk still
    /// looks at, for commits whose clocks were wrong (git's `SLOP`).
    private static let slop = 5

    /// `retainCommits: false` walks ids only, answering from `graph` what it already holds (the
    /// pull-request pass walks many short branches over the scan's graph).
    public init(repository: Repository, query: RevisionQuery, graph: CommitGraph? = nil, retainCommits: Bool = true) throws {
        self.graph = graph ?? CommitGraph(repository: repository)
        self.query = query
        self.retainCommits = retainCommits
        var includes: [ObjectID] = query.tips
        var excludes: [ObjectID] = query.hidden
        if query.all {
            for ref in try repository.references() where !ref.name.hasPrefix("refs/notes/") {
                if let problem = ref.problem { problems.append(problem); continue }
                if let target = ref.target { includes.append(target) }
            }
            do {
                if let head = try repository.headCommit() { includes.append(head) }
            } catch let error as GitError {
                problems.append("HEAD: \(error.message)")
            }
        }
        for spec in query.revisions {
            if spec.hasPrefix("^") {
                excludes.append(try repository.resolveCommit(String(spec.dropFirst())))
            } else if spec.contains("..") {
                let symmetric = spec.contains("...")
                let parts = spec.components(separatedBy: symmetric ? "..." : "..")
                guard parts.count == 2 else { throw GitError(.badRevision, "unknown revision '\(spec)'") }
                // An empty side means HEAD, as in git.
                let from = try repository.resolveCommit(parts[0].isEmpty ? "HEAD" : parts[0])
                let to = try repository.resolveCommit(parts[1].isEmpty ? "HEAD" : parts[1])
                includes.append(to)
                if symmetric {
                    includes.append(from)
                    excludes += try MergeBase.bases(from, to, graph: self.graph)
                } else {
                    excludes.append(from)
                }
            } else {
                includes.append(try repository.resolveCommit(spec))
            }
        }
        if query.revisions.filter({ !$0.hasPrefix("^") }).isEmpty && !query.all && query.tips.isEmpty {
            // Like `git log` with no revision; an unborn HEAD simply has no commits.
            if let head = try repository.headCommit() { includes.append(head) }
        }
        for id in excludes { enqueue(id, uninteresting: true) }
        for id in includes { enqueue(id, uninteresting: false) }
        if !excludes.isEmpty || query.order != .date {
            precomputed = try limitAndSort()
        }
    }

    private func markUninteresting(_ id: ObjectID) -> Flags {
        var current = flags[id] ?? []
        guard !current.contains(.uninteresting) else { return current }
        current.insert(.uninteresting)
        flags[id] = current
        pending[id] = nil
        if current.contains(.queued) { interestingQueued -= 1 }
        return current
    }

    private func enqueue(_ id: ObjectID, uninteresting: Bool) {
        var current = flags[id] ?? []
        if uninteresting && !current.contains(.uninteresting) {
            current = markUninteresting(id)
            if current.contains(.expanded) { markParentsUninteresting(id) }
        }
        guard !current.contains(.seen) else { return }
        current.insert(.seen)
        flags[id] = current
        let node: CommitGraph.Node
        if uninteresting || !retainCommits {
            node = graph.node(id)
        } else {
            let (raw, read) = graph.read(id)
            node = read
            if let raw { pending[id] = raw }
        }
        if let problem = node.problem {
            if !uninteresting { problems.append(problem) }
            return
        }
        flags[id, default: []].insert(.queued)
        if !uninteresting { interestingQueued += 1 }
        heap.push(id, time: node.time)
    }

    private func dequeue() -> ObjectID? {
        guard let id = heap.pop() else { return nil }
        let before = flags[id, default: []]
        flags[id] = before.subtracting(.queued)
        if !before.contains(.uninteresting) { interestingQueued -= 1 }
        return id
    }

    /// git's `mark_parents_uninteresting`: excluded is inherited by every ancestor already met.
    private func markParentsUninteresting(_ id: ObjectID) {
        var stack = graph.node(id).parents
        while let parent = stack.popLast() {
            guard flags[parent]?.contains(.uninteresting) != true else { continue }
            if markUninteresting(parent).contains(.expanded) { stack += graph.node(parent).parents }
        }
    }

    /// Adds a commit's parents to the queue (only the first with `--first-parent`, for commits
    /// that are selected).
    private func expand(_ id: ObjectID, uninteresting: Bool) {
        flags[id, default: []].insert(.expanded)
        let node = graph.node(id)
        let parents = query.firstParent && !uninteresting ? Array(node.parents.prefix(1)) : node.parents
        for parent in parents { enqueue(parent, uninteresting: uninteresting) }
    }

    private func isUninteresting(_ id: ObjectID) -> Bool { flags[id]?.contains(.uninteresting) == true }

    /// git's `limit_list` and the sorting after it: the whole selection, in the query's order.
    private func limitAndSort() throws -> [ObjectID] {
        var selected: [ObjectID] = []
        var slop = Self.slop
        while let id = dequeue() {
            let uninteresting = isUninteresting(id)
            if !uninteresting, let since = query.since, graph.node(id).time < since {
                // Older than --since: neither shown nor followed.
                pending[id] = nil
                continue
            }
            expand(id, uninteresting: uninteresting)
            if uninteresting {
                markParentsUninteresting(id)
                if interestingQueued == 0 {
                    slop -= 1
                    if slop == 0 { break }
                } else {
                    slop = Self.slop
                }
                continue
            }
            selected.append(id)
        }
        var list = selected.filter { !isUninteresting($0) && (!retainCommits || pending[$0] != nil) }
        if let until = query.until { list = list.filter { graph.node($0).time <= until } }
        if query.order == .topological { list = topologicalOrder(list) }
        if let max = query.maxCount { list = Array(list.prefix(max)) }
        if query.order == .reverse { list.reverse() }
        return list
    }

    /// git's `sort_in_topological_order` in graph order: no parent before its children, and each
    /// line of history kept together (a stack, not a queue).
    private func topologicalOrder(_ list: [ObjectID]) -> [ObjectID] {
        var indegree: [ObjectID: Int] = [:]
        for id in list { indegree[id] = 1 }
        for id in list {
            for parent in parents(of: id) where indegree[parent] != nil { indegree[parent]! += 1 }
        }
        var stack = list.filter { indegree[$0] == 1 }.reversed() as [ObjectID]
        var result: [ObjectID] = []
        result.reserveCapacity(list.count)
        while let id = stack.popLast() {
            for parent in parents(of: id) where indegree[parent] != nil {
                indegree[parent]! -= 1
                if indegree[parent] == 1 { stack.append(parent) }
            }
            result.append(id)
        }
        return result
    }

    private func parents(of id: ObjectID) -> [ObjectID] {
        let parents = graph.node(id).parents
        return query.firstParent ? Array(parents.prefix(1)) : parents
    }

    /// The next commit, or nil at the end.
    public func next() throws -> RawCommit? {
        guard let id = try nextID() else { return nil }
        if let raw = pending.removeValue(forKey: id) { return raw }
        return try graph.repository.readCommit(id)
    }

    /// The next commit's id, or nil at the end.
    public func nextID() throws -> ObjectID? {
        if let precomputed {
            guard precomputedIndex < precomputed.count else { return nil }
            precomputedIndex += 1
            return precomputed[precomputedIndex - 1]
        }
        if let max = query.maxCount, yielded >= max { return nil }
        while let id = dequeue() {
            let node = graph.node(id)
            if let since = query.since, node.time < since {
                // Older than --since: neither shown nor followed, as git does.
                pending[id] = nil
                continue
            }
            expand(id, uninteresting: false)
            if let until = query.until, node.time > until { pending[id] = nil; continue }
            yielded += 1
            return id
        }
        return nil
    }

    /// Every remaining commit.
    public func collect() throws -> [RawCommit] {
        var commits: [RawCommit] = []
        while let raw = try next() { commits.append(raw) }
        return commits
    }

    /// Every remaining commit id.
    public func collectIDs() throws -> [ObjectID] {
        var ids: [ObjectID] = []
        while let id = try nextID() { ids.append(id) }
        pending.removeAll()
        return ids
    }
}

/// A max-heap of commits by committer time; equal times come out in the order they went in.
struct CommitHeap {
    private var entries: [(time: Int64, order: Int, id: ObjectID)] = []
    private var counter = 0

    var isEmpty: Bool { entries.isEmpty }

    private func before(_ a: Int, _ b: Int) -> Bool {
        entries[a].time != entries[b].time ? entries[a].time > entries[b].time : entries[a].order < entries[b].order
    }

    mutating func push(_ id: ObjectID, time: Int64) {
        entries.append((time, counter, id))
        counter += 1
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard before(child, parent) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> ObjectID? {
        guard !entries.isEmpty else { return nil }
        entries.swapAt(0, entries.count - 1)
        let top = entries.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var best = parent
            if left < entries.count && before(left, best) { best = left }
            if right < entries.count && before(right, best) { best = right }
            if best == parent { break }
            entries.swapAt(parent, best)
            parent = best
        }
        return top.id
    }
}

/// Merge bases of two commits (for `A...B`), over a commit graph.
enum MergeBase {
    static func bases(_ a: ObjectID, _ b: ObjectID, graph: CommitGraph) throws -> [ObjectID] {
        // Ancestors of a, then the commits of b's ancestry that are also a's, keeping the ones no
        // other common ancestor descends from. Fine for the ranges people type.
        func ancestors(_ start: ObjectID) -> Set<ObjectID> {
            var seen: Set<ObjectID> = [start]
            var stack = [start]
            while let id = stack.popLast() {
                for parent in graph.node(id).parents where seen.insert(parent).inserted { stack.append(parent) }
            }
            return seen
        }
        let common = ancestors(a).intersection(ancestors(b))
        var redundant: Set<ObjectID> = []
        for id in common {
            var stack = graph.node(id).parents
            var seen: Set<ObjectID> = []
            while let parent = stack.popLast() {
                guard seen.insert(parent).inserted else { continue }
                if common.contains(parent) { redundant.insert(parent) }
                stack += graph.node(parent).parents
            }
        }
        return common.subtracting(redundant).sorted()
    }
}
