import Foundation
import Testing
import VigilModel
import VigilTestSupport
@testable import VigilGit

/// main: a - b - c - d - M(merge of feature)     feature: b - f1 - f2     tag v1 -> a
@Suite struct RevisionWalkTests {
    struct History {
        let temp: TemporaryDirectory
        let builder: HistoryBuilder
        let ids: [String: String]
    }

    static func makeHistory() throws -> History {
        let temp = try TemporaryDirectory()
        let b = try HistoryBuilder(in: temp.url)
        var ids: [String: String] = [:]
        ids["a"] = try b.commit("a", files: ["a.txt": "a\n"])
        try b.git(["tag", "v1"])
        ids["b"] = try b.commit("b", files: ["b.txt": "b\n"])
        try b.git(["checkout", "-q", "-b", "feature"])
        ids["f1"] = try b.commit("f1", files: ["f.txt": "1\n"])
        ids["f2"] = try b.commit("f2", files: ["f.txt": "1\n2\n"])
        try b.git(["checkout", "-q", "main"])
        ids["c"] = try b.commit("c", files: ["c.txt": "c\n"])
        ids["d"] = try b.commit("d", files: ["d.txt": "d\n"])
        try b.git(["merge", "-q", "--no-ff", "-m", "Merge branch 'feature'", "feature"],
                  environment: Git.isolatedEnvironment.merging(["GIT_AUTHOR_DATE": "@1767300000 +0000", "GIT_COMMITTER_DATE": "@1767300000 +0000"]) { $1 })
        ids["M"] = try b.revParse("HEAD")
        return History(temp: temp, builder: b, ids: ids)
    }

    func walk(_ h: History, _ query: RevisionQuery) throws -> Set<String> {
        let repo = try Repository(discoveringFrom: h.builder.path)
        let found = try RevisionWalk(repository: repo, query: query).collectIDs().map(\.hex)
        #expect(found.count == Set(found).count, "a commit was visited twice")
        let names = Dictionary(uniqueKeysWithValues: h.ids.map { ($1, $0) })
        return Set(found.map { names[$0] ?? $0 })
    }

    @Test func defaultsToHEAD() throws {
        let h = try Self.makeHistory()
        #expect(try walk(h, RevisionQuery()) == ["a", "b", "c", "d", "f1", "f2", "M"])
    }

    @Test func rangesAndExclusionsAsGitWritesThem() throws {
        let h = try Self.makeHistory()
        #expect(try walk(h, RevisionQuery(revisions: ["main..feature"])) == [])
        #expect(try walk(h, RevisionQuery(revisions: ["v1..feature"])) == ["b", "f1", "f2"])
        #expect(try walk(h, RevisionQuery(revisions: ["feature", "^v1"])) == ["b", "f1", "f2"])
        #expect(try walk(h, RevisionQuery(revisions: ["\(h.ids["d"]!)...feature"])) == ["c", "d", "f1", "f2"])
        #expect(try walk(h, RevisionQuery(revisions: ["HEAD~1.."])) == ["M", "f1", "f2"])
    }

    @Test func limitsByCountDateAndFirstParent() throws {
        let h = try Self.makeHistory()
        #expect(try walk(h, RevisionQuery(maxCount: 2)).count == 2)
        #expect(try walk(h, RevisionQuery(firstParent: true)) == ["a", "b", "c", "d", "M"])
        // Commits are one hour apart from 2026-01-01T01:00Z: a=01:00, b=02:00, f1=03:00, f2=04:00, c=05:00, d=06:00.
        let start: Int64 = 1_767_225_600
        #expect(try walk(h, RevisionQuery(since: start + 4 * 3600, until: start + 6 * 3600)) == ["f2", "c", "d"])
        #expect(try walk(h, RevisionQuery(until: start + 2 * 3600)) == ["a", "b"])
    }

    @Test func allTakesEveryRefButNotes() throws {
        let h = try Self.makeHistory()
        try h.builder.git(["checkout", "-q", "-b", "side", "v1"])
        let side = try h.builder.commit("side", files: ["s.txt": "s\n"])
        try h.builder.git(["checkout", "-q", "main"])
        try h.builder.git(["notes", "add", "-m", "a note", "HEAD"])
        let all = try walk(h, RevisionQuery(all: true))
        #expect(all.contains(side))
        #expect(all.count == 8, "notes commits must not be walked: \(all)")
    }

    @Test func anUnknownRevisionIsNamed() throws {
        let h = try Self.makeHistory()
        let repo = try Repository(discoveringFrom: h.builder.path)
        do {
            _ = try RevisionWalk(repository: repo, query: RevisionQuery(revisions: ["no-such-branch"]))
            Issue.record("expected an error")
        } catch let error as GitError {
            #expect(error.kind == .badRevision)
            #expect(error.message == "unknown revision 'no-such-branch'")
        }
    }

    @Test func anUnbornHEADHasNoCommits() throws {
        let temp = try TemporaryDirectory()
        let b = try HistoryBuilder(in: temp.url)
        let repo = try Repository(discoveringFrom: b.path)
        #expect(try RevisionWalk(repository: repo, query: RevisionQuery()).collect().isEmpty)
    }

    /// The cases the walk must order exactly as `git rev-list` does.
    static let gitOrderCases: [(git: [String], order: RevisionQuery.Order, firstParent: Bool, all: Bool, revisions: [String], maxCount: Int?)] = [
        (["HEAD"], .date, false, false, [], nil),
        (["--topo-order", "HEAD"], .topological, false, false, [], nil),
        (["--reverse", "HEAD"], .reverse, false, false, [], nil),
        (["--first-parent", "HEAD"], .date, true, false, [], nil),
        (["--all"], .date, false, true, [], nil),
        (["--all", "--topo-order"], .topological, false, true, [], nil),
        (["feature", "^v1"], .date, false, false, ["feature", "^v1"], nil),
        (["main", "^feature"], .date, false, false, ["main", "^feature"], nil),
        (["side", "^main"], .date, false, false, ["side", "^main"], nil),
        (["-n", "3", "HEAD"], .date, false, false, [], 3),
    ]

    /// The walk gives git's own order: `git rev-list` with the same arguments, commit for commit,
    /// here with a branch whose clock goes backwards.
    @Test(arguments: 0..<RevisionWalkTests.gitOrderCases.count)
    func ordersAsGitDoes(_ index: Int) throws {
        let c = Self.gitOrderCases[index]
        let h = try Self.makeHistory()
        try h.builder.git(["checkout", "-q", "-b", "side", "v1"])
        try h.builder.commit("side 1", files: ["s.txt": "1\n"], hoursLater: 40)
        try h.builder.commit("side 2", files: ["s.txt": "2\n"], hoursLater: -30)
        try h.builder.git(["checkout", "-q", "main"])
        let expected = try h.builder.git(["rev-list"] + c.git).split(separator: "\n").map(String.init)
        var query = RevisionQuery(revisions: c.revisions, all: c.all, maxCount: c.maxCount, firstParent: c.firstParent, order: c.order)
        query.hidden = []
        let repo = try Repository(discoveringFrom: h.builder.path)
        let found = try RevisionWalk(repository: repo, query: query).collectIDs().map(\.hex)
        #expect(found == expected, "git rev-list \(c.git.joined(separator: " "))")
    }
}
