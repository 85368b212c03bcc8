import Foundation
import Testing
import VigilForge
import VigilModel
import VigilTestSupport

/// The real client against loopback servers answering as GitLab's v4 and Gitea's v1 APIs document.
@Suite struct GitLabSyncTests {
    static let dev = FakeForge.User("dev1", id: 7)
    static let reviewer = FakeForge.User("jdoe", id: 4)

    static func world() -> [FakeForge.Pull] {
        var late = FakeForge.Pull(number: 6, author: dev, updatedAt: "2026-11-21T10:00:00.512Z", head: Forges.sha(6), base: Forges.sha(2),
                                  mergeCommit: nil, squashCommit: Forges.sha(7), reviews: [
                                      FakeForge.Review(id: 1, user: reviewer, state: "APPROVED", commit: nil, submittedAt: "2026-11-21T08:00:00.100Z"),
                                      FakeForge.Review(id: 2, user: FakeForge.User("mmaintainer", id: 9), state: "APPROVED", commit: nil,
                                                       submittedAt: "2026-11-21T09:30:00.000Z"),
                                  ])
        // The merged head was pushed at 09:00, after jdoe's approval and before the maintainer's.
        late.versions = [(Forges.sha(6), "2026-11-21T09:00:00.000Z"), (Forges.sha(5), "2026-11-21T07:00:00.000Z")]
        return [
            FakeForge.Pull(number: 5, author: dev, updatedAt: "2026-11-20T10:00:00.000Z", head: Forges.sha(1), base: Forges.sha(2),
                           mergeCommit: Forges.sha(3), reviews: [
                               FakeForge.Review(id: 1, user: reviewer, state: "APPROVED", commit: nil, submittedAt: "2026-11-20T09:00:00.000Z"),
                           ]),
            late,
            FakeForge.Pull(number: 4, author: dev, merged: false, updatedAt: "2026-11-22T10:00:00.000Z", head: Forges.sha(8), base: Forges.sha(2),
                           mergeCommit: nil),
        ]
    }

    @Test func readsMergeRequestsApprovalsAndWhenTheHeadWasPushed() throws {
        let forge = try FakeForge(.gitlab, project: "acme/platform/app", pageSize: 1, pulls: Self.world())
        let (outcome, delivered, _) = try Forges.sync(forge)
        #expect(outcome.listed == 2)
        let five = try #require(delivered.requests[5])
        #expect(five.mergeCommit?.hex == Forges.sha(3) && five.head?.hex == Forges.sha(1))
        #expect(five.reviews.map(\.reviewer.login) == ["jdoe"])
        #expect(five.reviews.first?.reviewer.email == "4-jdoe@users.noreply.127.0.0.1")
        let six = try #require(delivered.requests[6])
        #expect(six.mergeCommit == nil && six.squashCommit?.hex == Forges.sha(7))
        #expect(six.updatedAt == ForgeTime.parse("2026-11-21T10:00:00Z"), "fractions of a second are dropped")
        #expect(six.reviews.map(\.stale) == [true, false], "approved before the merged head was pushed, and after")
        let list = try #require(forge.requests.first)
        #expect(list.path == "/api/v4/projects/acme%2Fplatform%2Fapp/merge_requests")
        #expect(list.query["state"] == "merged" && list.query["order_by"] == "updated_at")
        #expect(list.header("PRIVATE-TOKEN") == forge.token)
        #expect(forge.requests.contains { $0.path.hasSuffix("/merge_requests/6/versions") })
    }

    @Test func aSecondSyncFiltersByUpdateTime() throws {
        let forge = try FakeForge(.gitlab, project: "acme/app", pageSize: 10, pulls: Self.world())
        let (first, delivered, _) = try Forges.sync(forge)
        forge.update { $0[0].updatedAt = "2026-11-25T10:00:00.000Z" }
        let mark = forge.requests.count
        let (second, _, _) = try Forges.sync(forge, from: delivered.state(after: first), into: delivered)
        let asked = Array(forge.requests.dropFirst(mark))
        #expect(asked.first?.query["updated_after"] == "2026-11-21T09:59:59Z", "since the last sync's newest update, a second of overlap")
        #expect(second.listed == 1)
        #expect(asked.filter { $0.path.hasSuffix("/approvals") }.count == 1)
        #expect(asked.first { $0.path.hasSuffix("/5/approvals") }?.header("If-None-Match") != nil)
    }

    @Test func anInstanceWithoutApprovalsGivesNoVerdict() throws {
        let forge = try FakeForge(.gitlab, project: "acme/app", pulls: Self.world())
        forge.removeApprovalsEndpoint()
        let (_, delivered, _) = try Forges.sync(forge)
        #expect(delivered.requests.values.allSatisfy { !$0.reviewsKnown && $0.reviews.isEmpty })
    }

    @Test func rateLimitsWaitAndScopesAreNamed() throws {
        let forge = try FakeForge(.gitlab, project: "acme/app", pulls: Self.world())
        forge.schedule(.init(path: "/api/v4/projects", response: .json(#"{"message":"Retry later"}"#, status: 429, headers: [("Retry-After", "3")])))
        let clock = RecordingClock()
        _ = try Forges.sync(forge, clock: clock)
        #expect(clock.slept == 3)

        let scoped = try FakeForge(.gitlab, project: "acme/app", pulls: Self.world())
        scoped.schedule(.init(path: "/api/v4/projects", response: .json(
            #"{"error":"insufficient_scope","error_description":"The request requires higher privileges than provided by the access token.","scope":"read_api"}"#,
            status: 403)))
        #expect {
            _ = try Forges.sync(scoped)
        } throws: { error in
            (error as? ForgeError)?.kind == .denied && "\(error)".contains("read_api") && "\(error)".contains("GITLAB_TOKEN")
        }
    }
}

@Suite struct GiteaSyncTests {
    static let dev = FakeForge.User("dev1", id: 7)

    @Test func readsReviewsWithTheirStaleAndDismissedFlags() throws {
        let forge = try FakeForge(.gitea, project: "ops/infra", pageSize: 1, pulls: [
            FakeForge.Pull(number: 7, author: Self.dev, updatedAt: "2026-11-20T10:00:00+01:00", head: Forges.sha(1), base: Forges.sha(2),
                           mergeCommit: Forges.sha(3), reviews: [
                               FakeForge.Review(id: 3, user: FakeForge.User("reviewer1", id: 2), state: "APPROVED", commit: Forges.sha(9),
                                                submittedAt: "2026-11-20T09:00:00+01:00", stale: true),
                               FakeForge.Review(id: 4, user: FakeForge.User("reviewer2", id: 3), state: "APPROVED", commit: Forges.sha(1),
                                                submittedAt: "2026-11-20T09:10:00+01:00", dismissed: true),
                               FakeForge.Review(id: 5, user: FakeForge.User("reviewer3", id: 4), state: "REQUEST_CHANGES", commit: Forges.sha(1),
                                                submittedAt: "2026-11-20T09:20:00+01:00"),
                               FakeForge.Review(id: 6, user: FakeForge.User("reviewer4", id: 5), state: "REQUEST_REVIEW", commit: nil,
                                                submittedAt: "2026-11-20T09:25:00+01:00"),
                           ]),
            FakeForge.Pull(number: 8, author: Self.dev, merged: false, updatedAt: "2026-11-19T10:00:00+01:00", head: Forges.sha(4),
                           base: Forges.sha(2), mergeCommit: nil),
        ])
        let (outcome, delivered, _) = try Forges.sync(forge)
        #expect(outcome.listed == 1)
        let reviews = try #require(delivered.requests[7]?.reviews)
        #expect(reviews.map(\.state) == [.approved, .approved, .changesRequested, .pending])
        #expect(reviews.map(\.stale) == [true, false, false, false])
        #expect(reviews.map(\.dismissed) == [false, true, false, false])
        #expect(reviews.allSatisfy { $0.reviewer.email.isEmpty }, "Gitea's noreply domain is the instance's own")
        #expect(delivered.requests[7]?.updatedAt == ForgeTime.parse("2026-11-20T09:00:00Z"))
        let review = try #require(forge.requests.first { $0.path.hasSuffix("/pulls/7/reviews") })
        #expect(review.header("Authorization") == "token \(forge.token)")
        #expect(review.query["limit"] == "50")
        #expect(forge.requests.filter { $0.path.hasSuffix("/pulls/7/reviews") }.count == 4, "four pages of one")
    }

    @Test func aRefusedTokenNamesTheScope() throws {
        let forge = try FakeForge(.gitea, project: "ops/infra", pulls: [])
        forge.schedule(.init(path: "/api/v1/repos", response: .json(
            #"{"message":"token does not have at least one of required scope(s): [read:repository]","url":"https://gitea.example.org/api/swagger"}"#,
            status: 403)))
        #expect {
            _ = try Forges.sync(forge)
        } throws: { error in
            (error as? ForgeError)?.kind == .denied && "\(error)".contains("read:repository")
        }
    }
}
