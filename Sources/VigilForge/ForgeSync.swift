import VigilModel

/// One sync of a forge project's merged requests and their reviews, asking only for what changed
/// since the last complete one: the request list newest-updated first (filtered by update time
/// where the forge can), stopping at the first request older than the last sync, the list's first
/// page and each request's reviews asked for with the ETags of last time (a 304 costs GitHub no
/// rate limit). Stores nothing: each request goes to `deliver` as soon as it is complete, so a
/// sync that stops keeps what it read, and the state it returns is for the caller to keep.
public struct ForgeSync {
    /// What a delivered request's reviews are.
    public enum Reviews: Sendable {
        /// Replace the stored reviews with these (and keep this ETag).
        case replace([ForgeReview], etag: String?)
        /// The forge says they did not change: keep the stored ones.
        case keep
    }

    public struct Outcome: Sendable, Equatable {
        /// Merged requests the list gave that the last sync did not have as they are now.
        public var listed = 0
        /// Of those, the ones whose reviews were read again.
        public var fetched = 0
        /// Of those, the ones whose reviews the forge said had not changed (304).
        public var unchanged = 0
        /// True when the list's first page itself was not modified: nothing changed at all.
        public var listNotModified = false
        /// The state the next sync starts from.
        public var state = ForgeSyncState()
    }

    public let api: any ForgeAPI
    public let http: ForgeHTTP

    public init(api: any ForgeAPI, http: ForgeHTTP) {
        self.api = api
        self.http = http
    }

    /// `since`: skip requests last updated before it. `full`: ignore the last sync's marks and
    /// read every request again (ETags still spare unchanged reviews).
    public func run(from state: ForgeSyncState, since: Int64? = nil, full: Bool = false,
                    deliver: (ForgeRequest, Reviews) throws -> Void) throws -> Outcome {
        var outcome = Outcome()
        outcome.state = state
        let highWater = full ? nil : state.highWater
        var next: String? = api.listTarget(updatedAfter: highWater ?? since)
        var first = true
        var newest = state.highWater
        var pages = 0
        paging: while let target = next {
            let response = try http.get(target, etag: first && !full && highWater != nil ? state.listETag : nil)
            if first && response.status == 304 {
                outcome.listNotModified = true
                break
            }
            if response.status == 404 { throw ForgeError(.denied, api.notFound) }
            if first { outcome.state.listETag = response.header("ETag") }
            first = false
            let page = try api.decodeList(try JSONValueReader.parse(response, what: "the request list"))
            for item in page {
                let request = item.request
                newest = max(newest ?? request.updatedAt, request.updatedAt)
                // Sorted newest-updated first: everything from here on was seen by the last sync.
                if let highWater, request.updatedAt < highWater { break paging }
                if let since, request.updatedAt < since { break paging }
                guard item.merged else { continue }
                let known = state.known[request.number]
                if !full, let known, known.updatedAt == request.updatedAt, known.head == request.head, known.reviewsKnown { continue }
                outcome.listed += 1
                // The stored reviews' ETag is good only for the head they were read for.
                let etag = known.flatMap { $0.head == request.head ? $0.reviewsETag : nil }
                outcome.fetched += 1
                var complete = request
                switch try api.reviews(of: request, etag: etag, http: http) {
                case .notModified:
                    outcome.unchanged += 1
                    try deliver(complete, .keep)
                case .fetched(let reviews, let newETag):
                    complete.reviews = reviews
                    try deliver(complete, .replace(reviews, etag: newETag))
                case .unavailable:
                    complete.reviewsKnown = false
                    try deliver(complete, .replace([], etag: nil))
                }
            }
            pages += 1
            guard pages < 10_000 else { throw ForgeError(.unavailable, "the request list has more than 10,000 pages") }
            next = page.isEmpty ? nil : api.nextPage(response)
        }
        outcome.state.highWater = newest
        if outcome.listNotModified { outcome.state.listETag = state.listETag }
        return outcome
    }
}
