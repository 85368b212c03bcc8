import Foundation
import GRDB
import VigilModel

/// A forge project whose requests the index holds for one repository.
public struct ForgeSource: Sendable, Hashable {
    public var id: Int64
    public var forge: ForgeKind
    public var apiURL: String
    public var project: String
    /// When the last complete sync ended (nil: none has).
    public var syncedAt: Int64?
}

/// What the index holds from one forge project.
public struct ForgeHoldings: Sendable, Equatable {
    public var requests = 0
    public var reviews = 0
    public var approvals = 0
}

extension IndexDatabase {
    /// The source row for `project` on `forge` at `apiURL`, created on first use.
    public func forgeSource(repository: IndexedRepository, forge: ForgeKind, apiURL: String, project: String) throws -> ForgeSource {
        try write { db in
            let select = "SELECT id, synced_at FROM forge_sources WHERE repository = ? AND forge = ? AND api_url = ? AND project = ?"
            let arguments: StatementArguments = [repository.id, forge.rawValue, apiURL, project]
            if let row = try Row.fetchOne(db, sql: select, arguments: arguments) {
                return ForgeSource(id: row["id"], forge: forge, apiURL: apiURL, project: project, syncedAt: row["synced_at"])
            }
            try db.execute(sql: "INSERT INTO forge_sources (repository, forge, api_url, project) VALUES (?, ?, ?, ?)", arguments: arguments)
            return ForgeSource(id: db.lastInsertedRowID, forge: forge, apiURL: apiURL, project: project, syncedAt: nil)
        }
    }

    /// Where the last sync of `source` left off.
    public func forgeSyncState(_ source: ForgeSource) throws -> ForgeSyncState {
        try read { db in
            var state = ForgeSyncState()
            if let row = try Row.fetchOne(db, sql: "SELECT high_water, list_etag FROM forge_sources WHERE id = ?", arguments: [source.id]) {
                state.highWater = row["high_water"]
                state.listETag = row["list_etag"]
            }
            let rows = try Row.fetchCursor(db, sql: "SELECT number, updated_at, head, reviews_etag, reviews_known FROM forge_requests WHERE source = ?",
                                           arguments: [source.id])
            while let row = try rows.next() {
                state.known[row["number"]] = ForgeSyncState.Known(updatedAt: row["updated_at"],
                                                                  head: (row["head"] as String?).flatMap(ObjectID.init(hex:)),
                                                                  reviewsETag: row["reviews_etag"], reviewsKnown: row["reviews_known"])
            }
            return state
        }
    }

    /// Replaces what the index holds of one request with what the forge said: its reviews too,
    /// unless `keepReviews` (the forge said they had not changed).
    public func saveForgeRequest(_ request: ForgeRequest, reviewsETag: String?, keepReviews: Bool = false, source: ForgeSource) throws {
        try write { db in
            var request = request
            var reviewsETag = reviewsETag
            if keepReviews {
                reviewsETag = try String.fetchOne(db, sql: "SELECT reviews_etag FROM forge_requests WHERE source = ? AND number = ?",
                                                  arguments: [source.id, request.number])
                request.reviews = try Row.fetchAll(db, sql: "SELECT * FROM forge_reviews WHERE source = ? AND number = ? ORDER BY position",
                                                   arguments: [source.id, request.number]).map(Self.review(from:))
            }
            try db.execute(sql: "DELETE FROM forge_requests WHERE source = ? AND number = ?", arguments: [source.id, request.number])
            try db.execute(sql: """
                INSERT INTO forge_requests (source, number, url, author_login, author_id, author_bot, author_email, merged_at,
                    head, base, merge_commit, squash_commit, updated_at, reviews_known, reviews_etag)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [source.id, request.number, request.url, request.author.login, request.author.id,
                                 request.author.isBot, request.author.email, request.mergedAt, request.head?.hex, request.base?.hex,
                                 request.mergeCommit?.hex, request.squashCommit?.hex, request.updatedAt, request.reviewsKnown, reviewsETag])
            for (position, review) in request.reviews.enumerated() {
                try db.execute(sql: """
                    INSERT INTO forge_reviews (source, number, position, id, reviewer_login, reviewer_id, reviewer_bot, reviewer_email,
                        state, "commit", submitted_at, dismissed, stale)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [source.id, request.number, position, review.id, review.reviewer.login, review.reviewer.id,
                                     review.reviewer.isBot, review.reviewer.email, review.state.rawValue, review.commit?.hex,
                                     review.submittedAt, review.dismissed, review.stale])
            }
        }
    }

    /// Records a complete sync: the next one asks only for requests updated after `highWater`.
    public func finishForgeSync(_ source: ForgeSource, highWater: Int64?, listETag: String?, at time: Int64) throws {
        try write { db in
            try db.execute(sql: "UPDATE forge_sources SET synced_at = ?, high_water = ?, list_etag = ? WHERE id = ?",
                           arguments: [time, highWater, listETag, source.id])
        }
    }

    /// Every merged request the index holds for `repository`, from every forge project, with reviews.
    public func forgeRequests(repository: IndexedRepository) throws -> [ForgeRequest] {
        try read { db in
            let sources = try Row.fetchAll(db, sql: "SELECT id, forge, project FROM forge_sources WHERE repository = ? ORDER BY id",
                                           arguments: [repository.id])
            var result: [ForgeRequest] = []
            for source in sources {
                guard let forge = ForgeKind(rawValue: source["forge"]) else { continue }
                let sourceID: Int64 = source["id"]
                let project: String = source["project"]
                var reviews: [Int: [ForgeReview]] = [:]
                let reviewRows = try Row.fetchCursor(db, sql: "SELECT * FROM forge_reviews WHERE source = ? ORDER BY number, position",
                                                     arguments: [sourceID])
                while let row = try reviewRows.next() { reviews[row["number"], default: []].append(Self.review(from: row)) }
                let rows = try Row.fetchCursor(db, sql: "SELECT * FROM forge_requests WHERE source = ? ORDER BY number", arguments: [sourceID])
                while let row = try rows.next() {
                    func id(_ column: String) -> ObjectID? { (row[column] as String?).flatMap(ObjectID.init(hex:)) }
                    let number: Int = row["number"]
                    result.append(ForgeRequest(
                        forge: forge, project: project, number: number, url: row["url"],
                        author: ForgeUser(login: row["author_login"], id: row["author_id"], isBot: row["author_bot"], email: row["author_email"]),
                        mergedAt: row["merged_at"], head: id("head"), base: id("base"), mergeCommit: id("merge_commit"),
                        squashCommit: id("squash_commit"), updatedAt: row["updated_at"], reviewsKnown: row["reviews_known"],
                        reviews: reviews[number] ?? []))
                }
            }
            return result
        }
    }

    static func review(from row: Row) -> ForgeReview {
        let reviewer = ForgeUser(login: row["reviewer_login"], id: row["reviewer_id"], isBot: row["reviewer_bot"], email: row["reviewer_email"])
        return ForgeReview(id: row["id"], reviewer: reviewer, state: ForgeReview.State(rawValue: row["state"]) ?? .commented,
                           commit: (row["commit"] as String?).flatMap(ObjectID.init(hex:)), submittedAt: row["submitted_at"],
                           dismissed: row["dismissed"], stale: row["stale"])
    }

    /// What the index holds from `source`.
    public func forgeHoldings(_ source: ForgeSource) throws -> ForgeHoldings {
        try read { db in
            ForgeHoldings(
                requests: try Int.fetchOne(db, sql: "SELECT count(*) FROM forge_requests WHERE source = ?", arguments: [source.id]) ?? 0,
                reviews: try Int.fetchOne(db, sql: "SELECT count(*) FROM forge_reviews WHERE source = ?", arguments: [source.id]) ?? 0,
                approvals: try Int.fetchOne(db, sql: "SELECT count(*) FROM forge_reviews WHERE source = ? AND state = 'approved'",
                                            arguments: [source.id]) ?? 0)
        }
    }

    /// How many commits of `repository` the index holds.
    public func commitCount(repository: IndexedRepository) throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM commits WHERE repository = ?", arguments: [repository.id]) ?? 0 }
    }
}
