import Foundation
import GRDB
import Testing
import VigilGit
@testable import VigilStore
import VigilModel
import VigilPipeline
import VigilRules
import VigilTestSupport

/// Forge requests in the index, and how a sync's new approvals reach the stored reviews.
@Suite struct ForgeIndexTests {
    static func rules() throws -> RuleSet { try RuleSet.load(directory: PackagePaths.rules.path) }

    static func index(_ path: String, _ db: IndexDatabase) throws -> IndexRunSummary {
        try Indexer(database: db, options: IndexOptions(repositoryPath: path, rules: try rules(), workers: 2, batchSize: 4)).run()
    }

    static func reviewer(_ login: String, _ id: Int64, bot: Bool = false) -> ForgeUser {
        ForgeUser(login: login, id: id, isBot: bot, email: "\(id)+\(login)@users.noreply.github.com")
    }

    static func squashRequest(_ history: ForgeHistory, reviews: [ForgeReview], updatedAt: Int64 = 10) -> ForgeRequest {
        ForgeRequest(forge: .github, project: "acme/app", number: 1, url: "https://github.com/acme/app/pull/1",
                     author: Self.reviewer("dev1", 1001), mergedAt: 5, head: ObjectID(hex: history.squashOwn[1]),
                     base: ObjectID(hex: history.root), mergeCommit: ObjectID(hex: history.squash),
                     updatedAt: updatedAt, reviews: reviews)
    }

    @Test func requestsAndReviewsReadBackAsStored() throws {
        let temp = try TemporaryDirectory()
        let history = try ForgeHistory.build(in: temp.url)
        let db = try IndexDatabase(path: temp.url.appendingPathComponent("index.sqlite").path)
        let indexed = try db.register(try Repository(discoveringFrom: history.path))
        let source = try db.forgeSource(repository: indexed, forge: .github, apiURL: "https://api.github.com", project: "acme/app")
        #expect(try db.forgeSource(repository: indexed, forge: .github, apiURL: "https://api.github.com", project: "acme/app") == source)
        let head = try #require(ObjectID(hex: history.squashOwn[1]))
        let reviews = [
            ForgeReview(id: "80", reviewer: Self.reviewer("octocat", 1), state: .approved, commit: head, submittedAt: 7),
            ForgeReview(id: "81", reviewer: Self.reviewer("github-actions[bot]", 41_898_282, bot: true), state: .dismissed, submittedAt: 8,
                        dismissed: true),
            ForgeReview(id: "82", reviewer: ForgeUser(login: "gitea-user"), state: .changesRequested, stale: false),
        ]
        let request = Self.squashRequest(history, reviews: reviews)
        try db.saveForgeRequest(request, reviewsETag: "W/\"abc\"", source: source)
        #expect(try db.forgeRequests(repository: indexed) == [request])
        #expect(try db.forgeHoldings(source) == ForgeHoldings(requests: 1, reviews: 3, approvals: 1))

        // Reviews the forge said had not changed are kept, with their ETag; the request's own fields are replaced.
        var updated = request
        updated.updatedAt = 20
        updated.reviews = []
        try db.saveForgeRequest(updated, reviewsETag: nil, keepReviews: true, source: source)
        let kept = try #require(try db.forgeRequests(repository: indexed).first)
        #expect(kept.updatedAt == 20 && kept.reviews == reviews)
        let state = try db.forgeSyncState(source)
        #expect(state.known[1] == ForgeSyncState.Known(updatedAt: 20, head: head, reviewsETag: "W/\"abc\""))
        try db.finishForgeSync(source, highWater: 20, listETag: "W/\"list\"", at: 30)
        let finished = try db.forgeSyncState(source)
        #expect(finished.highWater == 20 && finished.listETag == "W/\"list\"")
    }

    @Test func newApprovalsReReviewOnlyTheCommitsTheyLanded() throws {
        let temp = try TemporaryDirectory()
        let history = try ForgeHistory.build(in: temp.url)
        let db = try IndexDatabase(path: temp.url.appendingPathComponent("index.sqlite").path)
        let first = try Self.index(history.path, db)
        #expect(first.forgeReviewed == 0)
        let repository = try Repository(discoveringFrom: history.path)
        let indexed = try #require(try db.lookup(repository))
        #expect(try db.storedReport(history.squash, repository: indexed)?.review.status == .mergedUnverified)

        // A sync stores #1's approval on its head.
        let source = try db.forgeSource(repository: indexed, forge: .github, apiURL: "https://api.github.com", project: "acme/app")
        let head = try #require(ObjectID(hex: history.squashOwn[1]))
        try db.saveForgeRequest(Self.squashRequest(history, reviews: [
            ForgeReview(id: "80", reviewer: Self.reviewer("octocat", 1), state: .approved, commit: head, submittedAt: 7),
        ]), reviewsETag: nil, source: source)
        // Until the index catches up, the stored report is not current for the forge data now known.
        let squash = try #require(ObjectID(hex: history.squash))
        let landings = ForgeLandingMap.build(requests: try db.forgeRequests(repository: indexed), graph: CommitGraph(repository: repository))
        #expect(try db.currentReports([squash], repository: indexed, rules: try Self.rules(), forge: landings).isEmpty)

        let second = try Self.index(history.path, db)
        // The squash commit, and the direct push whose subject claims #1.
        #expect(second.forgeReviewed == 2 && second.scanned == 0)
        let stored = try #require(try db.storedReport(history.squash, repository: indexed))
        #expect(stored.review.status == .reviewed)
        #expect(stored.review.evidence.contains { $0.signal == .forge && $0.counts && $0.request?.number == 1 })
        #expect(try db.storedReport(history.claimed, repository: indexed)?.review.status == .unreviewed)
        #expect(try db.currentReports([squash], repository: indexed, rules: try Self.rules(), forge: landings).count == 1)
        var query = IndexQuery()
        query.reviews = [.reviewed]
        #expect(try db.commits(query).map(\.report.commit.id.hex).contains(history.squash))

        // Nothing changed: nothing re-reviewed.
        #expect(try Self.index(history.path, db).forgeReviewed == 0)

        // The approval is dismissed on the forge: the next run takes it back.
        try db.saveForgeRequest(Self.squashRequest(history, reviews: [
            ForgeReview(id: "80", reviewer: Self.reviewer("octocat", 1), state: .dismissed, commit: head, submittedAt: 7, dismissed: true),
        ], updatedAt: 11), reviewsETag: nil, source: source)
        #expect(try Self.index(history.path, db).forgeReviewed == 2)
        #expect(try db.storedReport(history.squash, repository: indexed)?.review.status == .unreviewed)
    }

    @Test func aCommitFetchedAfterTheSyncIsScannedWithItsApproval() throws {
        let temp = try TemporaryDirectory()
        let history = try ForgeHistory.build(in: temp.url)
        let db = try IndexDatabase(path: temp.url.appendingPathComponent("index.sqlite").path)
        let repository = try Repository(discoveringFrom: history.path)
        let indexed = try db.register(repository)
        let source = try db.forgeSource(repository: indexed, forge: .github, apiURL: "https://api.github.com", project: "acme/app")
        // Synced before any index run: the first run scans every commit with the forge data.
        let head = try #require(ObjectID(hex: history.squashOwn[1]))
        try db.saveForgeRequest(Self.squashRequest(history, reviews: [
            ForgeReview(id: "80", reviewer: Self.reviewer("octocat", 1), state: .approved, commit: head, submittedAt: 7),
        ]), reviewsETag: nil, source: source)
        let first = try Self.index(history.path, db)
        #expect(first.forgeReviewed == 0)
        #expect(try db.storedReport(history.squash, repository: indexed)?.review.status == .reviewed)
        #expect(try Self.index(history.path, db).forgeReviewed == 0, "stored with the digest it was computed with")
    }
}
