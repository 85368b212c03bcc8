import Foundation
import Testing
import VigilGit
import VigilModel
import VigilPipeline
import VigilTestSupport

/// Partial and shallow clones are normal input: they scan, and the gaps are stated.
@Suite struct DegradedRepositoryTests {
    static func source(in temp: TemporaryDirectory) throws -> HistoryBuilder {
        let b = try HistoryBuilder(in: temp.url, name: "source")
        try b.commit("Add model", files: ["model.py": "a = 1\n"])
        try b.commit("Tune model\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n", files: ["model.py": "a = 2\nb = 3\n"])
        try b.commit("Add docs", files: ["README.md": "docs\n"])
        try b.git(["config", "uploadpack.allowFilter", "true"])
        try b.git(["config", "uploadpack.allowAnySHA1InWant", "true"])
        return b
    }

    @Test func aPartialCloneWithMissingBlobsStillScans() throws {
        let temp = try TemporaryDirectory()
        let source = try Self.source(in: temp)
        let clone = temp.url.appendingPathComponent("partial")
        try Git.run(["clone", "-q", "--bare", "--filter=blob:none", "file://\(source.path)", clone.path])
        let (reports, summary, _) = try ScanHelpers.scan(clone.path)
        #expect(reports.count == 3)
        let tuned = try #require(reports.first { $0.commit.subject == "Tune model" })
        #expect(tuned.provenance.class == .assisted)
        let stats = try #require(tuned.stats)
        #expect(!stats.isComplete)
        #expect(stats.unreadablePaths == ["model.py"])
        #expect(tuned.problems.contains { $0.contains("partial clone") && $0.contains("model.py") })
        #expect(summary.incompleteCommits == 3)
        // A partial clone declares its missing blobs: stated, but not damage.
        #expect(summary.damagedCommits == 0)
        #expect(!summary.isIncomplete)
    }

    @Test func aShallowCloneScansUpToItsBoundary() throws {
        let temp = try TemporaryDirectory()
        let source = try Self.source(in: temp)
        let clone = temp.url.appendingPathComponent("shallow")
        try Git.run(["clone", "-q", "--depth=2", "file://\(source.path)", clone.path])
        let (reports, _, _) = try ScanHelpers.scan(clone.path)
        #expect(reports.map(\.commit.subject) == ["Add docs", "Tune model"])
        let boundary = try #require(reports.last)
        #expect(boundary.stats?.missingParent == true)
        #expect(boundary.problems.contains { $0.contains("shallow") })
        #expect(boundary.provenance.class == .assisted)
    }
}
