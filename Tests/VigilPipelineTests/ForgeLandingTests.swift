import Foundation
import Testing
import VigilGit
import VigilModel
import VigilPipeline
import VigilTestSupport

/// Which commits each request landed, from what the forge says and what the repository holds.
@Suite struct ForgeLandingTests {
    static func id(_ hex: String) throws -> ObjectID { try #require(ObjectID(hex: hex)) }

    static func requests(_ history: ForgeHistory) throws -> [ForgeRequest] {
        let author = ForgeUser(login: "dev1", id: 1001)
        func request(_ n: Int, head: String, landed: String, base: String? = nil) throws -> ForgeRequest {
            ForgeRequest(forge: .github, project: "acme/app", number: n, author: author, mergedAt: 1, head: try id(head),
                         base: try base.map(id), mergeCommit: try id(landed), updatedAt: 1)
        }
        return [
            try request(1, head: history.squashOwn[1], landed: history.squash),
            try request(2, head: history.mergeOwn[1], landed: history.merge),
            try request(3, head: history.rebaseOwn[1], landed: history.rebased[1]),
            try request(4, head: history.fastForward[1], landed: history.fastForward[1], base: history.fastForwardBase),
            // Landed as a commit this clone does not have (not fetched yet).
            try request(5, head: history.root, landed: String(repeating: "e", count: 40)),
            // Open or closed without merging: never landed.
            ForgeRequest(forge: .github, project: "acme/app", number: 6, author: author, mergeCommit: try id(history.claimed), updatedAt: 1),
        ]
    }

    static func kinds(_ map: ForgeLandingMap, _ hex: String) throws -> [String] {
        (map.landed[try id(hex)] ?? []).map { "\($0.request.number):\($0.kind.rawValue)" }
    }

    @Test func squashMergeRebaseAndFastForwardLandTheirCommits() throws {
        let temp = try TemporaryDirectory()
        let history = try ForgeHistory.build(in: temp.url)
        let map = ForgeLandingMap.build(requests: try Self.requests(history), graph: CommitGraph(repository: try Repository(discoveringFrom: history.path)))
        #expect(try Self.kinds(map, history.squash) == ["1:squash"])
        for own in history.squashOwn { #expect(try Self.kinds(map, own).isEmpty, "the squashed request's own commits are not on main") }
        #expect(try Self.kinds(map, history.merge) == ["2:merge"])
        for own in history.mergeOwn { #expect(try Self.kinds(map, own) == ["2:brought-in"]) }
        for copy in history.rebased { #expect(try Self.kinds(map, copy) == ["3:rebase"], "both rebased copies, matched one for one") }
        for own in history.fastForward { #expect(try Self.kinds(map, own) == ["4:fast-forward"]) }
        #expect(try Self.kinds(map, history.root).isEmpty)
        #expect(try Self.kinds(map, history.claimed).isEmpty, "request 6 was never merged")
        #expect(map.unlanded == 1)
        let landings = map.landings(for: try Self.id(history.claimed), subject: "Tweak the parser (#1)")
        #expect(landings.map(\.kind) == [.claimed])
        #expect(landings.first?.landed?.hex == history.squash)
        #expect(map.landings(for: try Self.id(history.squash), subject: "Add the parser (#1)").map(\.kind) == [.squash],
                "the commit the forge names is no claim")
    }

    @Test func aRebaseWhoseCommitsDoNotMatchIsASquash() throws {
        let temp = try TemporaryDirectory()
        let history = try ForgeHistory.build(in: temp.url)
        // Say #3 landed as the copy of its second commit but with a head whose commits differ:
        // the squash merge's own commits are two, the first-parent line does not repeat them.
        var request = try Self.requests(history)[0]
        request.number = 7
        request.mergeCommit = try Self.id(history.rebased[1])
        let map = ForgeLandingMap.build(requests: [request], graph: CommitGraph(repository: try Repository(discoveringFrom: history.path)))
        #expect(try Self.kinds(map, history.rebased[1]) == ["7:squash"])
        #expect(try Self.kinds(map, history.rebased[0]).isEmpty)
    }

    @Test func theDigestChangesWithTheReviews() throws {
        let request = ForgeRequest(forge: .github, project: "acme/app", number: 1, author: ForgeUser(login: "dev1"), mergedAt: 1, updatedAt: 1)
        var reviewed = request
        reviewed.reviews = [ForgeReview(id: "1", reviewer: ForgeUser(login: "octocat"), state: .approved)]
        var dismissed = reviewed
        dismissed.reviews[0].state = .dismissed
        let digests = [request, reviewed, dismissed].map { ForgeLanding(request: $0, kind: .squash, landed: nil).digest }
        #expect(Set(digests).count == 3)
        #expect(ForgeLanding.digest(of: []) == "")
    }

    @Test func subjectNumbersAreReadStrictly() throws {
        let temp = try TemporaryDirectory()
        let repo = try HistoryBuilder(in: temp.url)
        try repo.commit("One")
        let map = ForgeLandingMap.build(requests: [ForgeRequest(forge: .github, project: "a/b", number: 12, author: ForgeUser(login: "x"),
                                                                mergedAt: 1, mergeCommit: .zero, updatedAt: 1)],
                                        graph: CommitGraph(repository: try Repository(discoveringFrom: repo.path)))
        let other = try Self.id(String(repeating: "1", count: 40))
        #expect(map.landings(for: other, subject: "Fix (#12)").count == 1)
        #expect(map.landings(for: other, subject: "Fix (#12)  ").count == 1)
        for subject in ["Fix (#12) now", "Fix (#１２)", "Fix (#)", "Fix #12", "Fix (#0012x)", "Fix (#13)"] {
            #expect(map.landings(for: other, subject: subject).isEmpty, "\(subject)")
        }
    }
}
