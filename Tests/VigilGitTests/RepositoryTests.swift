import Foundation
import Testing
import VigilModel
import VigilTestSupport
@testable import VigilGit

@Suite struct RepositoryTests {
    @Test func opensFromASubdirectoryAndBare() throws {
        let temp = try TemporaryDirectory()
        let work = try FixtureRepository.fresh("structure.sh", in: temp.url)
        let sub = work.appendingPathComponent("nested/deeper")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        let fromSub = try Repository(discoveringFrom: sub.path)
        #expect(fromSub.workingDirectory.map { URL(fileURLWithPath: $0).standardizedFileURL.path } == work.standardizedFileURL.path)
        #expect(!fromSub.isBare)

        let bare = try Repository(discoveringFrom: try FixtureRepository.shared("agents.fi").path)
        #expect(bare.isBare)
        #expect(bare.workingDirectory == nil)
    }

    @Test func aDirectoryThatIsNoRepositoryIsACleanError() throws {
        let temp = try TemporaryDirectory()
        do {
            _ = try Repository(discoveringFrom: temp.path)
            Issue.record("expected an error")
        } catch let error as GitError {
            #expect(error.kind == .notARepository)
            #expect(error.message.contains("not a git repository"))
            #expect(error.message.contains(temp.path))
        }
    }

    @Test func readsIdentitiesThroughMailmapAndKeepsTheRecordedOnes() throws {
        let repo = try Repository(discoveringFrom: try FixtureRepository.shared("structure.sh").path)
        let mailmap = try Mailmap(repository: repo)
        let ids = try RevisionWalk(repository: repo, query: RevisionQuery(all: true)).collectIDs()
        let commits = try ids.map { try repo.commit($0, mailmap: mailmap) }
        let old = try #require(commits.first { $0.recordedAuthor.email == "jane@old.example" })
        #expect(old.author.email == "jane@example.com")
        #expect(old.author.name == "Jane Doe")
    }

    @Test func decodesANonUTF8MessageFromItsDeclaredEncoding() throws {
        let repo = try Repository(discoveringFrom: try FixtureRepository.shared("structure.sh").path)
        let ids = try RevisionWalk(repository: repo, query: RevisionQuery()).collectIDs()
        let commits = try ids.map { try repo.commit($0) }
        let latin = try #require(commits.first { $0.messageEncoding != nil })
        #expect(latin.subject.contains("é"))
    }

    @Test func trailersComeOnlyFromTheLastParagraph() {
        let prose = "Subject\n\nCo-Authored-By: Claude <noreply@anthropic.com> was quoted here.\n\nSigned-off-by: Jane <jane@example.com>\n"
        #expect(Trailer.parse(message: prose) == [Trailer(key: "Signed-off-by", value: "Jane <jane@example.com>")])
        let real = "Subject\n\nBody text.\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n"
        #expect(Trailer.parse(message: real) == [Trailer(key: "Co-Authored-By", value: "Claude <noreply@anthropic.com>")])
        #expect(Trailer.parse(message: "Only-A-Subject: here\n").isEmpty)
    }

    @Test func parsesIdentitiesAsTrailersWriteThem() {
        #expect(Identity(parsing: "Claude Opus 4.5 <noreply@anthropic.com>") == Identity(name: "Claude Opus 4.5", email: "noreply@anthropic.com"))
        #expect(Identity(parsing: "bot@example.com") == Identity(name: "", email: "bot@example.com"))
        #expect(Identity(parsing: "Just A Name") == Identity(name: "Just A Name", email: ""))
        #expect(Identity(parsing: "   ") == nil)
    }
}
