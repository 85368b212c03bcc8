import Foundation
import Testing
import VigilGit
import VigilModel
import VigilTestSupport
@testable import VigilPipeline

/// Findings of past commits placed on a later commit's tree, as code scanning needs them.
@Suite struct HeadLocatorTests {
    static func flag(_ path: String, _ line: Int, _ side: RiskFlag.Side) -> RiskFlag {
        RiskFlag(rule: "r", title: "t", category: .reward, severity: .high, path: path, line: line, side: side,
                 excerpt: "", message: "", fingerprint: "0000000000000000")
    }

    static func commit(_ repo: HistoryBuilder, _ id: String) throws -> Commit {
        let repository = try Repository(discoveringFrom: repo.path)
        return CommitDecoder(mailmap: nil).decode(try repository.readCommit(try #require(ObjectID(hex: id))))
    }

    @Test func linesFollowInsertionsRenamesAndDeletionsToTheHead() throws {
        let directory = try TemporaryDirectory()
        let repo = try HistoryBuilder(in: directory.url)
        try repo.commit("base", files: ["train/reward.py": "a\nb\nc\n", "train/kl.py": "k\n", "evals/gone.py": "x\ny\n"])
        let flagged = try repo.commit("agent", files: ["train/reward.py": "a\nb\nKL = 0\nc\n", "train/kl.py": "k\nKL = 0\n",
                                                        "evals/gone.py": "x\n"])
        try repo.commit("more above", files: ["train/reward.py": "header\nheader2\na\nb\nKL = 0\nc\n"])
        try repo.git(["mv", "train/kl.py", "train/penalty.py"])
        try repo.git(["rm", "-q", "evals/gone.py"])
        let head = try repo.commit("rename and delete")
        let locator = try HeadLocator(repositoryPath: repo.path, head: try #require(ObjectID(hex: head)))
        let commit = try Self.commit(repo, flagged)
        // The added line, two lines lower at the head.
        #expect(locator.locate(Self.flag("train/reward.py", 3, .added), in: commit) == HeadLocation(path: "train/reward.py", line: 5, exact: true))
        // Through a rename.
        #expect(locator.locate(Self.flag("train/kl.py", 2, .added), in: commit) == HeadLocation(path: "train/penalty.py", line: 2, exact: true))
        // A file-level finding keeps no line.
        #expect(locator.locate(Self.flag("train/kl.py", 0, .file), in: commit) == HeadLocation(path: "train/penalty.py", line: nil, exact: false))
        // A line removed from a file the head no longer has: no place in the head's tree.
        #expect(locator.locate(Self.flag("evals/gone.py", 2, .removed), in: commit).path == nil)
    }

    @Test func aRemovedLineLandsOnTheNearestSurvivingLineAndAChangedOneIsNotExact() throws {
        let directory = try TemporaryDirectory()
        let repo = try HistoryBuilder(in: directory.url)
        try repo.commit("base", files: ["guard.py": "one\nCHECK = True\nthree\n"])
        let removal = try repo.commit("agent removes the check", files: ["guard.py": "one\nthree\nfour\n"])
        let head = try repo.commit("later edit", files: ["guard.py": "zero\none\nthree\nFOUR\n"])
        let locator = try HeadLocator(repositoryPath: repo.path, head: try #require(ObjectID(hex: head)))
        let commit = try Self.commit(repo, removal)
        // Removed line 2 took "three"'s place (line 2 of the commit), which is line 3 at the head.
        #expect(locator.locate(Self.flag("guard.py", 2, .removed), in: commit) == HeadLocation(path: "guard.py", line: 3, exact: false))
        // The added "four" was changed since: its nearest line at the head, not exact.
        #expect(locator.locate(Self.flag("guard.py", 3, .added), in: commit) == HeadLocation(path: "guard.py", line: 4, exact: false))
        // At the head itself, a line is where it is.
        let atHead = try Self.commit(repo, head)
        #expect(locator.locate(Self.flag("guard.py", 4, .added), in: atHead) == HeadLocation(path: "guard.py", line: 4, exact: true))
    }

    @Test func aFileTheCommitDeletedHasNoPlaceInTheHead() throws {
        let directory = try TemporaryDirectory()
        let repo = try HistoryBuilder(in: directory.url)
        try repo.commit("base", files: ["evals/suite.py": "assert ok\n", "keep.py": "k\n"])
        try repo.git(["rm", "-q", "evals/suite.py"])
        let deletion = try repo.commit("agent deletes the eval suite")
        let head = try repo.commit("later", files: ["keep.py": "k\nk2\n"])
        let locator = try HeadLocator(repositoryPath: repo.path, head: try #require(ObjectID(hex: head)))
        let commit = try Self.commit(repo, deletion)
        #expect(locator.locate(Self.flag("evals/suite.py", 0, .file), in: commit) == HeadLocation(path: nil, line: nil, exact: false))
        #expect(locator.locate(Self.flag("evals/suite.py", 1, .removed), in: commit).path == nil)
    }
}
