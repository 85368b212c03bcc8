import VigilGit
import VigilModel

/// Which commits each merged forge request landed, found from what the forge says (its merge
/// or squash commit, its head) and what the repository holds. The forge's word joins a request to
/// a commit, never a commit's own text: a subject's `(#12)` only shows, as `claimed`, that the
/// commit names a request the forge says landed elsewhere.
public struct ForgeLandingMap: Sendable {
    /// For each commit, the requests that landed it and how.
    public private(set) var landed: [ObjectID: [ForgeLanding]] = [:]
    /// GitHub and Gitea requests by number, for `(#N)` subjects.
    private var numbered: [Int: [ForgeRequest]] = [:]
    /// Requests whose commits this repository does not hold (not fetched yet, or rewritten).
    public private(set) var unlanded = 0

    public static let empty = ForgeLandingMap()

    public var isEmpty: Bool { landed.isEmpty && numbered.isEmpty }

    /// The most commits one request's own branch is followed for (a rebase or fast-forward).
    static let ownCommitLimit = 250

    /// Maps every merged request in `requests` over the repository of `graph`.
    public static func build(requests: [ForgeRequest], graph: CommitGraph) -> ForgeLandingMap {
        var map = ForgeLandingMap()
        for request in requests where request.mergedAt != nil {
            if request.forge != .gitlab { map.numbered[request.number, default: []].append(request) }
            if !map.land(request, graph: graph) { map.unlanded += 1 }
        }
        return map
    }

    /// The landings of one commit: what the forge says, plus a `claimed` entry for a request its
    /// subject names that the forge says landed as another commit.
    public func landings(for id: ObjectID, subject: String) -> [ForgeLanding] {
        var result = landed[id] ?? []
        if let number = Self.subjectNumber(subject) {
            for request in numbered[number] ?? [] where !result.contains(where: { $0.request.name == request.name }) {
                let where_ = [request.mergeCommit, request.squashCommit].compactMap { $0 }.first
                result.append(ForgeLanding(request: request, kind: .claimed, landed: where_))
            }
        }
        return result
    }

    /// The digest of one commit's landings, as the index stores it.
    public func digest(for id: ObjectID, subject: String) -> String {
        ForgeLanding.digest(of: landings(for: id, subject: subject))
    }

    /// The number in a subject that ends `(#N)`, GitHub's and Gitea's squash-merge mark.
    static func subjectNumber(_ subject: String) -> Int? {
        var text = Substring(subject)
        while text.last == " " { text = text.dropLast() }
        guard text.hasSuffix(")"), let open = text.lastIndex(of: "(") else { return nil }
        let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
        guard inner.hasPrefix("#"), inner.count > 1, inner.count <= 10, inner.dropFirst().allSatisfy(\.isASCII),
              let number = Int(inner.dropFirst()), number > 0 else { return nil }
        return number
    }

    /// Records the commits `request` landed; false when the repository holds none of them.
    private mutating func land(_ request: ForgeRequest, graph: CommitGraph) -> Bool {
        let repository = graph.repository
        var candidates: [ObjectID] = []
        for id in [request.mergeCommit, request.squashCommit].compactMap({ $0 }) where !candidates.contains(id) && repository.contains(id) {
            candidates.append(id)
        }
        for landedID in candidates {
            let node = graph.node(landedID)
            guard node.problem == nil else { continue }
            if node.parents.count >= 2 {
                // A merge commit: it and what its other parents bring in.
                add(landedID, request, .merge, landedID)
                for id in walk(tips: Array(node.parents.dropFirst()), hidden: [node.parents[0]], graph: graph, limit: nil) {
                    add(id, request, .broughtIn, landedID)
                }
            } else if landedID == request.head {
                // Fast-forward: the request's own commits, unchanged.
                add(landedID, request, .fastForward, landedID)
                if let base = request.base, repository.contains(base) {
                    for id in walk(tips: [landedID], hidden: [base], graph: graph, limit: Self.ownCommitLimit) where id != landedID {
                        add(id, request, .fastForward, landedID)
                    }
                }
            } else {
                landRewritten(landedID, request, graph: graph)
            }
        }
        return !candidates.isEmpty
    }

    /// A squash or rebase merge: the landed commit, and, when the request's head is here and its
    /// own commits (those not on the landed commit's history) reappear one for one as the landed
    /// commit and its first parents, with the same author, time and message, those too.
    private mutating func landRewritten(_ landedID: ObjectID, _ request: ForgeRequest, graph: CommitGraph) {
        let repository = graph.repository
        // A rebase keeps each commit's author, time and message, so the landed commit repeats the
        // head's; a squash commit is made at merge time. Only then are the request's commits walked.
        guard let head = request.head, let top = try? repository.readCommit(head), let landed = try? repository.readCommit(landedID),
              Self.sameChange(top, landed) else {
            add(landedID, request, .squash, landedID)
            return
        }
        let own = walk(tips: [head], hidden: [landedID], graph: graph, limit: Self.ownCommitLimit)
        guard own.count >= 2, own.count < Self.ownCommitLimit else {
            add(landedID, request, .squash, landedID)
            return
        }
        // Newest first on both sides: the request's commits in walk order, the rebased ones down
        // the first-parent line.
        var rebased: [ObjectID] = []
        var cursor: ObjectID? = landedID
        while let id = cursor, rebased.count < own.count {
            rebased.append(id)
            let node = graph.node(id)
            cursor = node.parents.count == 1 ? node.parents[0] : nil
        }
        let matches = rebased.count == own.count && zip(own, rebased).allSatisfy { original, copy in
            guard let a = try? repository.readCommit(original), let b = try? repository.readCommit(copy) else { return false }
            return Self.sameChange(a, b)
        }
        if matches {
            for id in rebased { add(id, request, .rebase, landedID) }
        } else {
            add(landedID, request, .squash, landedID)
        }
    }

    /// The same authored change: author, author time and message (what a rebase keeps).
    static func sameChange(_ a: RawCommit, _ b: RawCommit) -> Bool {
        a.author.name == b.author.name && a.author.email == b.author.email && a.author.time == b.author.time && a.message == b.message
    }

    private mutating func add(_ id: ObjectID, _ request: ForgeRequest, _ kind: ForgeLanding.Kind, _ landedID: ObjectID) {
        if landed[id]?.contains(where: { $0.request.name == request.name }) == true { return }
        landed[id, default: []].append(ForgeLanding(request: request, kind: kind, landed: landedID))
    }

    /// Commit ids reachable from `tips` and not from `hidden`, newest first (at most `limit`).
    private func walk(tips: [ObjectID], hidden: [ObjectID], graph: CommitGraph, limit: Int?) -> [ObjectID] {
        var query = RevisionQuery()
        query.tips = tips
        query.hidden = hidden
        guard let walk = try? RevisionWalk(repository: graph.repository, query: query, graph: graph, retainCommits: false) else { return [] }
        var ids: [ObjectID] = []
        while let id = try? walk.nextID() {
            ids.append(id)
            if let limit, ids.count >= limit { break }
        }
        return ids
    }
}
