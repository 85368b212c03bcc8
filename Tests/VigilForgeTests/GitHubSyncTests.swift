import Foundation
import Testing
import VigilForge
import VigilModel
import VigilTestSupport

/// The real client against a loopback server answering as GitHub's REST API documents.
@Suite struct GitHubSyncTests {
    static let dev = FakeForge.User("dev1", id: 1001)
    static let reviewer = FakeForge.User("octocat", id: 1)

    static func world() -> [FakeForge.Pull] {
        [
            FakeForge.Pull(number: 12, author: dev, updatedAt: "2026-11-20T10:00:00Z", head: Forges.sha(1), base: Forges.sha(2),
                           mergeCommit: Forges.sha(3), reviews: [
                               FakeForge.Review(id: 80, user: reviewer, state: "APPROVED", commit: Forges.sha(1), submittedAt: "2026-11-20T09:00:00Z"),
                           ]),
            FakeForge.Pull(number: 13, author: dev, updatedAt: "2026-11-21T10:00:00Z", head: Forges.sha(4), base: Forges.sha(2),
                           mergeCommit: Forges.sha(5), reviews: (0..<3).map {
                               FakeForge.Review(id: 90 + $0, user: FakeForge.User("r\($0)", id: 50 + $0), state: "COMMENTED", commit: Forges.sha(4),
                                                submittedAt: "2026-11-21T0\($0):00:00Z")
                           }),
            FakeForge.Pull(number: 14, author: dev, merged: false, updatedAt: "2026-11-19T10:00:00Z", head: Forges.sha(6), base: Forges.sha(2),
                           mergeCommit: Forges.sha(7)),
            FakeForge.Pull(number: 11, author: dev, updatedAt: "2026-11-18T10:00:00Z", head: Forges.sha(8), base: Forges.sha(2),
                           mergeCommit: Forges.sha(9)),
        ]
    }

    @Test func readsEveryPageOfRequestsAndReviews() throws {
        let forge = try FakeForge(.github, project: "acme/app", pageSize: 2, pulls: Self.world())
        let (outcome, delivered, _) = try Forges.sync(forge)
        #expect(outcome.listed == 3, "the closed, unmerged #14 is left out")
        #expect(Set(delivered.requests.keys) == [11, 12, 13])
        let twelve = try #require(delivered.requests[12])
        #expect(twelve.mergeCommit?.hex == Forges.sha(3))
        #expect(twelve.head?.hex == Forges.sha(1))
        #expect(twelve.author.login == "dev1" && twelve.author.email == "1001+dev1@users.noreply.github.com")
        #expect(twelve.reviews.map(\.state) == [.approved])
        #expect(twelve.reviews.first?.commit?.hex == Forges.sha(1))
        // Three reviews on pages of two: the client followed the Link header.
        #expect(delivered.requests[13]?.reviews.count == 3)
        let reviewPages = forge.requests.filter { $0.path == "/repos/acme/app/pulls/13/reviews" }
        #expect(reviewPages.count == 2)
        #expect(forge.requests.filter { $0.path == "/repos/acme/app/pulls" }.count == 2, "two list pages")
        // Headers GitHub documents, and the token only where it belongs.
        let first = try #require(forge.requests.first)
        #expect(first.header("Accept") == "application/vnd.github+json")
        #expect(first.header("X-GitHub-Api-Version") == "2022-11-28")
        #expect(first.header("Authorization") == "Bearer \(forge.token)")
        #expect(first.header("User-Agent")?.hasPrefix("vigil") == true)
        #expect(first.query["sort"] == "updated" && first.query["direction"] == "desc" && first.query["state"] == "closed")
        // One connection for the whole sync (keep-alive).
        #expect(forge.server.connectionCount == 1)
    }

    @Test func aSecondSyncAsksOnlyForWhatChanged() throws {
        let forge = try FakeForge(.github, project: "acme/app", pageSize: 10, pulls: Self.world())
        let (first, delivered, _) = try Forges.sync(forge)
        let before = forge.requests.count
        // Nothing changed: one conditional request, answered 304.
        let (second, _, http) = try Forges.sync(forge, from: delivered.state(after: first), into: delivered)
        let asked = Array(forge.requests.dropFirst(before))
        #expect(asked.count == 1)
        #expect(asked.first?.header("If-None-Match") != nil)
        #expect(second.listNotModified)
        #expect(http.notModified == 1)

        // #12 gets a dismissal; #11 is untouched. Only #12's reviews are asked for, with last time's ETag.
        forge.update { pulls in
            pulls[0].updatedAt = "2026-11-22T10:00:00Z"
            pulls[0].reviews[0].state = "DISMISSED"
        }
        let mark = forge.requests.count
        let (third, _, _) = try Forges.sync(forge, from: delivered.state(after: second), into: delivered)
        let asked3 = Array(forge.requests.dropFirst(mark))
        #expect(asked3.map(\.path) == ["/repos/acme/app/pulls", "/repos/acme/app/pulls/12/reviews"])
        #expect(asked3[1].header("If-None-Match") != nil, "the reviews are asked for conditionally")
        #expect(third.listed == 1 && third.fetched == 1)
        #expect(delivered.requests[12]?.reviews.first?.state == .dismissed)
        #expect(third.state.highWater == ForgeTime.parse("2026-11-22T10:00:00Z"))

        // An update that does not touch the reviews: 304 for them, the stored ones kept.
        forge.update { $0[1].updatedAt = "2026-11-23T10:00:00Z" }
        let (fourth, _, http4) = try Forges.sync(forge, from: delivered.state(after: third), into: delivered)
        #expect(fourth.fetched == 1 && fourth.unchanged == 1)
        #expect(http4.notModified == 1)
        #expect(delivered.kept == [13])
        #expect(delivered.requests[13]?.reviews.count == 3)
    }

    @Test func retriesA502WithBackOff() throws {
        let forge = try FakeForge(.github, project: "acme/app", pulls: Self.world())
        forge.schedule(.init(path: "/repos/acme/app/pulls", response: .json(#"{"message":"Server Error"}"#, status: 502)))
        forge.schedule(.init(path: "/repos/acme/app/pulls/12/reviews", response: .json("", status: 503)))
        let clock = RecordingClock()
        let (outcome, delivered, _) = try Forges.sync(forge, clock: clock)
        #expect(outcome.listed == 3)
        #expect(delivered.requests[12]?.reviews.count == 1)
        #expect(clock.sleeps == [1, 1], "one back-off of a second for each failure")
    }

    @Test func givesUpAfterRepeated5xxWithoutLosingWhatItRead() throws {
        let forge = try FakeForge(.github, project: "acme/app", pageSize: 10, pulls: Self.world())
        for _ in 0..<5 { forge.schedule(.init(path: "/repos/acme/app/pulls/12/reviews", response: .json("", status: 502))) }
        let clock = RecordingClock()
        let delivered = DeliveredRequests()
        #expect {
            _ = try Forges.sync(forge, into: delivered, clock: clock)
        } throws: { error in
            guard let error = error as? ForgeError, error.kind == .unavailable else { return false }
            return error.message.contains("502") && error.message.contains("5 times")
        }
        #expect(clock.sleeps == [1, 2, 4, 8], "doubling back-off")
        #expect(Set(delivered.requests.keys) == [13], "the request read before the failure was delivered")
    }

    @Test func waitsForTheAnnouncedReset() throws {
        let forge = try FakeForge(.github, project: "acme/app", pulls: Self.world())
        let clock = RecordingClock()
        let reset = clock.now() + 42
        forge.schedule(.init(path: "/repos/acme/app/pulls/12/reviews", response: .json(
            #"{"message":"API rate limit exceeded for user ID 1.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"}"#,
            status: 403, headers: [("x-ratelimit-limit", "5000"), ("x-ratelimit-remaining", "0"), ("x-ratelimit-used", "5000"),
                                   ("x-ratelimit-reset", String(reset)), ("x-ratelimit-resource", "core")])))
        let api = try Forges.api(forge)
        let events = EventLog()
        let http = try ForgeHTTP(api: api.api, forge: api, token: forge.token, clock: clock, events: events.add)
        let delivered = DeliveredRequests()
        let outcome = try ForgeSync(api: api, http: http).run(from: ForgeSyncState()) { delivered.take($0, $1) }
        #expect(outcome.listed == 3)
        #expect(delivered.requests[12]?.reviews.count == 1, "asked again after the reset")
        #expect(clock.slept == 43, "until the reset, plus a second")
        #expect(clock.now() > reset)
        #expect(events.events.first == .rateLimited(RateLimitWait(seconds: 43, until: reset, reason: "the request limit (core) is used up")))
        #expect(events.events.filter { if case .waiting = $0 { true } else { false } }.count == 43, "a countdown each second")
    }

    @Test func secondaryLimitsHonourRetryAfter() throws {
        let forge = try FakeForge(.github, project: "acme/app", pulls: Self.world())
        forge.schedule(.init(path: "/repos/acme/app/pulls", response: .json(
            #"{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}"#,
            status: 403, headers: [("retry-after", "7")])))
        let clock = RecordingClock()
        _ = try Forges.sync(forge, clock: clock)
        #expect(clock.slept == 7)
    }

    @Test func aResetTooFarAwayStopsTheSync() throws {
        let forge = try FakeForge(.github, project: "acme/app", pulls: Self.world())
        let clock = RecordingClock()
        forge.schedule(.init(path: "/repos/acme/app/pulls", response: .json(#"{"message":"API rate limit exceeded"}"#, status: 429,
            headers: [("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", String(clock.now() + 7200))])))
        let api = try Forges.api(forge)
        var options = ForgeHTTPOptions()
        options.maxWait = 600
        let http = try ForgeHTTP(api: api.api, forge: api, token: forge.token, options: options, clock: clock)
        #expect {
            _ = try ForgeSync(api: api, http: http).run(from: ForgeSyncState()) { _, _ in }
        } throws: { error in
            (error as? ForgeError)?.kind == .unavailable && "\(error)".contains("--max-wait 600")
        }
        #expect(clock.slept == 0)
    }

    @Test func aBadTokenStopsCleanlyWithoutShowingIt() throws {
        let forge = try FakeForge(.github, project: "acme/app", pulls: Self.world())
        let secret = "ghp_wrongWRONGwrong0123456789"
        #expect {
            _ = try Forges.sync(forge, token: secret)
        } throws: { error in
            guard let error = error as? ForgeError, error.kind == .denied else { return false }
            return error.message.contains("GITHUB_TOKEN") && error.message.contains("401") && !error.message.contains(secret)
        }
        #expect(forge.requests.count == 1, "no retry of a 401")
    }

    @Test func aMissingPermissionIsNamed() throws {
        let forge = try FakeForge(.github, project: "acme/app", pulls: Self.world())
        forge.schedule(.init(path: "/repos/acme/app/pulls", response: .json(
            #"{"message":"Resource not accessible by personal access token","documentation_url":"https://docs.github.com/rest/pulls/pulls#list-pull-requests","status":"403"}"#,
            status: 403, headers: [("x-accepted-github-permissions", "pull_requests=read"), ("x-ratelimit-remaining", "4999")])))
        #expect {
            _ = try Forges.sync(forge)
        } throws: { error in
            guard let error = error as? ForgeError, error.kind == .denied else { return false }
            return error.message.contains("pull_requests=read") && error.message.contains("Pull requests: Read-only")
        }
        let classic = try FakeForge(.github, project: "acme/app", pulls: Self.world())
        classic.schedule(.init(path: "/repos/acme/app/pulls", response: .json(#"{"message":"Must have admin rights to Repository."}"#,
            status: 403, headers: [("x-oauth-scopes", "read:org"), ("x-accepted-oauth-scopes", "repo")])))
        #expect {
            _ = try Forges.sync(classic)
        } throws: { error in
            "\(error)".contains("(read:org) lack one of: repo")
        }
    }

    @Test func aRepositoryItCannotSeeIsNamed() throws {
        let forge = try FakeForge(.github, project: "acme/app", pulls: Self.world())
        let api = try GitHubAPI(project: "acme/other", api: try APIURL(forge.apiURL))
        let http = try ForgeHTTP(api: api.api, forge: api, token: forge.token, clock: RecordingClock())
        #expect {
            _ = try ForgeSync(api: api, http: http).run(from: ForgeSyncState()) { _, _ in }
        } throws: { error in
            (error as? ForgeError)?.kind == .denied && "\(error)".contains("acme/other")
        }
    }

    @Test func redirectsToAnotherHostAreRefused() throws {
        let forge = try FakeForge(.github, project: "acme/app", pulls: Self.world())
        forge.schedule(.init(path: "/repos/acme/app/pulls", response: LoopbackHTTPServer.Response(
            status: 301, headers: [("Location", "https://evil.example.net/repos/acme/app/pulls")])))
        #expect {
            _ = try Forges.sync(forge)
        } throws: { error in
            "\(error)".contains("another host")
        }
        // The same origin is followed (GitHub moves renamed repositories with a 301).
        let moved = try FakeForge(.github, project: "acme/app", pulls: Self.world())
        moved.schedule(.init(path: "/repos/acme/old/pulls", response: LoopbackHTTPServer.Response(
            status: 301, headers: [("Location", "\(moved.server.baseURL)/repos/acme/app/pulls?state=closed&sort=updated&direction=desc&per_page=100")])))
        let api = try GitHubAPI(project: "acme/old", api: try APIURL(moved.apiURL))
        let http = try ForgeHTTP(api: api.api, forge: api, token: moved.token, clock: RecordingClock())
        let response = try http.get(api.listTarget(updatedAfter: nil))
        #expect(response.status == 200)
    }

    @Test func deletedAccountsAndUnknownStatesAreRead() throws {
        let forge = try FakeForge(.github, project: "acme/app", pulls: [
            FakeForge.Pull(number: 3, author: Self.dev, updatedAt: "2026-11-20T10:00:00Z", head: Forges.sha(1), base: Forges.sha(2),
                           mergeCommit: Forges.sha(3), reviews: [
                               FakeForge.Review(id: 1, user: Self.reviewer, state: "CHANGES_REQUESTED", commit: Forges.sha(1), submittedAt: "2026-11-20T08:00:00Z"),
                               FakeForge.Review(id: 2, user: FakeForge.User("github-actions[bot]", id: 41898282, type: "Bot"), state: "APPROVED",
                                                commit: nil, submittedAt: "2026-11-20T09:00:00Z"),
                               FakeForge.Review(id: 3, user: Self.reviewer, state: "PENDING", commit: Forges.sha(1), submittedAt: "2026-11-20T09:30:00Z"),
                           ]),
        ])
        let (_, delivered, _) = try Forges.sync(forge)
        let reviews = try #require(delivered.requests[3]?.reviews)
        #expect(reviews.map(\.state) == [.changesRequested, .approved, .pending])
        #expect(reviews[1].reviewer.isBot && reviews[1].commit == nil)
        #expect(reviews[1].reviewer.email == "41898282+github-actions[bot]@users.noreply.github.com")
    }
}

final class EventLog: @unchecked Sendable {
    private(set) var events: [ForgeEvent] = []
    func add(_ event: ForgeEvent) { events.append(event) }
}
