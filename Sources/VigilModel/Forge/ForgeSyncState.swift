/// Where a forge project's last sync left off: what lets the next one ask only for what changed.
public struct ForgeSyncState: Sendable, Equatable {
    /// What the index holds of one request.
    public struct Known: Sendable, Equatable {
        public var updatedAt: Int64
        /// The head the stored reviews were read for.
        public var head: ObjectID?
        /// The ETag of the first page of its reviews, for a conditional request.
        public var reviewsETag: String?
        public var reviewsKnown: Bool

        public init(updatedAt: Int64, head: ObjectID? = nil, reviewsETag: String?, reviewsKnown: Bool = true) {
            self.updatedAt = updatedAt
            self.head = head
            self.reviewsETag = reviewsETag
            self.reviewsKnown = reviewsKnown
        }
    }

    /// The newest update time a complete sync saw (nil: never synced completely).
    public var highWater: Int64?
    /// The ETag of the request list's first page in that sync.
    public var listETag: String?
    public var known: [Int: Known]

    public init(highWater: Int64? = nil, listETag: String? = nil, known: [Int: Known] = [:]) {
        self.highWater = highWater
        self.listETag = listETag
        self.known = known
    }
}
