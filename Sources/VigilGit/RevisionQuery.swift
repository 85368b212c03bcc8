import VigilModel

/// Which commits to visit, written as git users write it.
public struct RevisionQuery: Sendable, Equatable {
    /// Revision arguments: `main`, `A..B`, `A...B`, `^A`, an id. Empty means HEAD (unless `all`).
    public var revisions: [String]
    /// Every reference (branches, tags, remotes and any other `refs/`), except notes, plus HEAD.
    public var all: Bool
    /// Only commits whose committer time is at or after this (seconds since the epoch).
    public var since: Int64?
    /// Only commits whose committer time is at or before this.
    public var until: Int64?
    /// At most this many commits.
    public var maxCount: Int?
    /// Follow only the first parent of merges.
    public var firstParent: Bool
    public var order: Order
    /// Commits to hide by id (with what they reach), without parsing revision text: the gate hides
    /// every existing ref this way.
    public var hidden: [ObjectID] = []
    /// Commits to walk from by id (with `revisions`), for callers that hold ids, not text.
    public var tips: [ObjectID] = []

    public enum Order: String, Sendable, CaseIterable {
        /// Newest first by committer time, streaming (git's default).
        case date
        /// Parents never before their children (sorts the whole walk first).
        case topological
        /// Oldest first (the reverse of `date`).
        case reverse
    }

    public init(revisions: [String] = [], all: Bool = false, since: Int64? = nil, until: Int64? = nil,
                maxCount: Int? = nil, firstParent: Bool = false, order: Order = .date) {
        self.revisions = revisions
        self.all = all
        self.since = since
        self.until = until
        self.maxCount = maxCount
        self.firstParent = firstParent
        self.order = order
    }
}
