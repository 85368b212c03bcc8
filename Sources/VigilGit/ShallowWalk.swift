import Clibgit2
import Foundation

/// A revision walk for shallow repositories. libgit2 1.5 does not know shallow boundaries: its
/// revwalk parses every parent before anything can hide it, so the first boundary commit ends the
/// walk with "object not found". This walk treats the commits listed in `shallow` as roots, as git
/// does. Shallow clones are small by nature, so it computes the whole selection up front.
struct ShallowWalk {
    let repository: Repository
    let boundary: Set<ObjectID>

    /// The commit ids the `shallow` file lists (the boundary commits whose parents are absent).
    static func boundary(of repository: Repository) -> Set<ObjectID> {
        let path = URL(fileURLWithPath: repository.gitDirectory).appendingPathComponent("shallow").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return Set(text.split(whereSeparator: \.isNewline).compactMap { ObjectID(hex: String($0)) })
    }

    private struct Node {
        let time: Int64
        let parents: [ObjectID]
    }

    private func node(_ id: ObjectID, cache: inout [ObjectID: Node]) throws -> Node {
        if let hit = cache[id] { return hit }
        var commit: OpaquePointer?
        var oid = id.raw
        try check(git_commit_lookup(&commit, repository.handle, &oid), "cannot read commit \(id.hex)")
        defer { git_commit_free(commit) }
        var parents: [ObjectID] = []
        if !boundary.contains(id) {
            for i in 0..<git_commit_parentcount(commit) {
                if let parent = git_commit_parent_id(commit, i) { parents.append(ObjectID(parent)) }
            }
        }
        let result = Node(time: git_commit_time(commit), parents: parents)
        cache[id] = result
        return result
    }

    /// The commits reachable from `include` and not from `exclude`, in `order`.
    func select(include: [ObjectID], exclude: [ObjectID], firstParent: Bool, order: RevisionQuery.Order) throws -> [ObjectID] {
        var cache: [ObjectID: Node] = [:]
        var hidden = Set<ObjectID>()
        var stack = exclude
        while let id = stack.popLast() {
            guard hidden.insert(id).inserted else { continue }
            stack.append(contentsOf: try node(id, cache: &cache).parents)
        }
        // Newest first, as git's default order: always take the newest commit not yet shown.
        var seen = Set<ObjectID>(include)
        var queue = try include.filter { !hidden.contains($0) }.map { ($0, try node($0, cache: &cache).time) }
        var selected: [ObjectID] = []
        while !queue.isEmpty {
            let newest = queue.indices.max { queue[$0].1 < queue[$1].1 || (queue[$0].1 == queue[$1].1 && queue[$0].0 > queue[$1].0) }!
            let (id, _) = queue.remove(at: newest)
            if hidden.contains(id) { continue }
            selected.append(id)
            let parents = try node(id, cache: &cache).parents
            for parent in firstParent ? Array(parents.prefix(1)) : parents where seen.insert(parent).inserted {
                queue.append((parent, try node(parent, cache: &cache).time))
            }
        }
        switch order {
        case .date: return selected
        case .reverse: return selected.reversed()
        case .topological: return Self.topological(selected, parents: { cache[$0]?.parents ?? [] })
        }
    }

    /// Children before parents, otherwise keeping date order (Kahn's algorithm).
    static func topological(_ ids: [ObjectID], parents: (ObjectID) -> [ObjectID]) -> [ObjectID] {
        let members = Set(ids)
        var children: [ObjectID: Int] = [:]
        for id in ids { for parent in parents(id) where members.contains(parent) { children[parent, default: 0] += 1 } }
        var ready = ids.filter { children[$0, default: 0] == 0 }
        var result: [ObjectID] = []
        var index = 0
        while index < ready.count {
            let id = ready[index]
            index += 1
            result.append(id)
            for parent in parents(id) where members.contains(parent) {
                children[parent]! -= 1
                if children[parent]! == 0 { ready.append(parent) }
            }
        }
        return result
    }
}
