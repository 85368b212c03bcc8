import VigilModel

/// The commits a walk has met: for each, its time, parents and tree, read once from the object
/// database and then answered from memory. Walks over the same graph (the scan's, the pull-request
/// pass's) share it, so no commit is read twice. A commit that cannot be read is kept with its
/// problem; the shallow boundary cuts parents as git does.
public final class CommitGraph {
    public let repository: Repository
    /// Commits whose parents a shallow clone lacks: treated as roots, as git treats them.
    public let shallowBoundary: Set<ObjectID>
    private var nodes: [ObjectID: Node] = [:]

    public struct Node: Sendable {
        public var time: Int64
        /// Parents as recorded (cut at the shallow boundary).
        public var parents: [ObjectID]
        public var tree: ObjectID
        /// Why the commit cannot be read; nil when it could.
        public var problem: String?
        /// True when the commit lists parents the repository does not have.
        public var missingParents: Bool
    }

    public init(repository: Repository) {
        self.repository = repository
        shallowBoundary = repository.isShallow ? repository.shallowBoundary : []
    }

    /// The commit's node, reading it when first asked. Never throws: an unreadable commit is a
    /// node with a problem and no parents.
    public func node(_ id: ObjectID) -> Node {
        if let known = nodes[id] { return known }
        do {
            return remember(try repository.readCommit(id))
        } catch let error as GitError {
            let node = Node(time: 0, parents: [], tree: .zero, problem: error.message, missingParents: false)
            nodes[id] = node
            return node
        } catch {
            let node = Node(time: 0, parents: [], tree: .zero, problem: "\(id.hex): \(error)", missingParents: false)
            nodes[id] = node
            return node
        }
    }

    /// Reads the whole commit (for a walk that yields it) and remembers its node.
    func read(_ id: ObjectID) -> (RawCommit?, Node) {
        do {
            let raw = try repository.readCommit(id)
            if let known = nodes[id] { return (raw, known) }
            return (raw, remember(raw))
        } catch let error as GitError {
            let node = Node(time: 0, parents: [], tree: .zero, problem: error.message, missingParents: false)
            nodes[id] = node
            return (nil, node)
        } catch {
            let node = Node(time: 0, parents: [], tree: .zero, problem: "\(id.hex): \(error)", missingParents: false)
            nodes[id] = node
            return (nil, node)
        }
    }

    /// The node of a commit already read elsewhere (the index's walk), without reading it again.
    @discardableResult
    public func remember(_ raw: RawCommit) -> Node {
        let cut = shallowBoundary.contains(raw.id)
        let node = Node(time: raw.time, parents: cut ? [] : raw.parents, tree: raw.tree, problem: nil,
                        missingParents: cut && !raw.parents.isEmpty)
        nodes[raw.id] = node
        return node
    }

    /// The tree of a commit's first parent, when the parent can be read.
    public func firstParentTree(of raw: RawCommit) -> ObjectID? {
        guard let parent = raw.parents.first, !shallowBoundary.contains(raw.id) else { return nil }
        let node = node(parent)
        return node.problem == nil ? node.tree : nil
    }
}
