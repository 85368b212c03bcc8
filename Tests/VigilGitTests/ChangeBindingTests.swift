import Foundation
import Testing
import VigilModel
import VigilTestSupport
@testable import VigilGit

/// What an approval binds to: `git patch-id --verbatim` of each commit's change, checked against
/// git itself on commits of every shape; trees for merges and binary files.
@Suite struct ChangeBindingTests {
    static func gitPatchID(_ repo: HistoryBuilder, _ id: String) throws -> String? {
        let patch = try repo.git(["diff-tree", "-p", "--full-index", "--root", id])
        let result = try ProcessRunner.run(executable: "/usr/bin/git", arguments: ["patch-id", "--verbatim"], in: repo.directory,
                                           environment: Git.isolatedEnvironment, input: patch)
        return result.stdout.split(separator: " ").first.map(String.init)
    }

    static func binding(_ repo: HistoryBuilder, _ id: String) throws -> ChangeBinding {
        let repository = try Repository(discoveringFrom: repo.path)
        let raw = try repository.readCommit(try #require(ObjectID(hex: id)))
        let parents = try raw.parents.map { try repository.readCommit($0).tree }
        return try DiffReader(repository: repository).changeBinding(tree: raw.tree, parentTrees: parents)
    }

    @Test func matchesGitPatchIDVerbatimOnEveryKindOfTextChange() throws {
        let directory = try TemporaryDirectory()
        let repo = try HistoryBuilder(in: directory.url)
        var commits: [String] = []
        commits.append(try repo.commit("root", files: ["a.py": "def f():\n    return 1\n", "b.txt": "one\ntwo\nthree\n"]))
        commits.append(try repo.commit("modify", files: ["a.py": "def f():\n    return 2\n"]))
        commits.append(try repo.commit("indent only", files: ["a.py": "def f():\n        return 2\n"]))
        let long = (1...40).map { "line \($0)" }.joined(separator: "\n") + "\n"
        commits.append(try repo.commit("long", files: ["c.txt": long]))
        commits.append(try repo.commit("two hunks", files: ["c.txt": long.replacingOccurrences(of: "line 2\n", with: "line two\n")
                                                                        .replacingOccurrences(of: "line 39\n", with: "line 39b\n")]))
        commits.append(try repo.commit("no newline at end", files: ["b.txt": "one\ntwo\nthree"]))
        commits.append(try repo.commit("path with space", files: ["dir x/new file.txt": "hello\n", "zz.txt": "z\n"]))
        commits.append(try repo.commit("empty file", files: ["empty": "", "a.py": "def f():\n    return 3\n"]))
        try repo.git(["rm", "-q", "b.txt"])
        commits.append(try repo.commit("delete"))
        try repo.git(["update-index", "--chmod=+x", "a.py"])
        commits.append(try repo.commit("mode and content", files: ["zz.txt": "y\n"]))
        try repo.git(["mv", "zz.txt", "renamed.txt"])
        commits.append(try repo.commit("rename"))
        try repo.git(["update-index", "--chmod=-x", "a.py"])
        commits.append(try repo.commit("mode only"))
        for id in commits {
            let expected = try #require(try Self.gitPatchID(repo, id), "git gives a patch id for \(id)")
            let subject = try repo.git(["log", "-1", "--format=%s", id])
            #expect(try Self.binding(repo, id) == .patchID(expected), "commit \(subject)")
        }
        // White space is meaning: the indent-only change is not the same change as no change.
        #expect(try Self.binding(repo, commits[1]) != (try Self.binding(repo, commits[2])))
    }

    @Test func aRebaseKeepsTheBindingAndAnyEditChangesIt() throws {
        let directory = try TemporaryDirectory()
        let repo = try HistoryBuilder(in: directory.url)
        try repo.commit("root", files: ["a.py": "x = 1\n", "b.txt": "b\n"])
        let change = try repo.commit("change", files: ["a.py": "x = 2\n"])
        try repo.git(["checkout", "-q", "-b", "other", "HEAD~1"])
        try repo.commit("unrelated", files: ["b.txt": "bb\n"])
        try repo.git(["cherry-pick", "--allow-empty", change])
        let picked = try repo.revParse("HEAD")
        #expect(picked != change)
        #expect(try Self.binding(repo, picked) == (try Self.binding(repo, change)))
        try repo.git(["commit", "-q", "--amend", "-m", "change"], environment: Git.isolatedEnvironment)
        try "x = 2 \n".write(to: repo.directory.appendingPathComponent("a.py"), atomically: true, encoding: .utf8)
        try repo.git(["commit", "-q", "-a", "--amend", "--no-edit"])
        let edited = try repo.revParse("HEAD")
        #expect(try Self.binding(repo, edited) != (try Self.binding(repo, change)), "a trailing space is a different change")
    }

    @Test func mergesAndBinaryFilesBindTheTrees() throws {
        let directory = try TemporaryDirectory()
        let repo = try HistoryBuilder(in: directory.url)
        try repo.commit("root", files: ["a.txt": "a\n"])
        try repo.git(["checkout", "-q", "-b", "side"])
        try repo.commit("side", files: ["s.txt": "s\n"])
        try repo.git(["checkout", "-q", "main"])
        try repo.commit("main", files: ["m.txt": "m\n"])
        try repo.git(["merge", "-q", "--no-ff", "-m", "merge", "side"])
        let merge = try repo.revParse("HEAD")
        guard case .trees(let parents, let tree) = try Self.binding(repo, merge) else { Issue.record("a merge binds trees"); return }
        #expect(parents.map(\.hex) == [try repo.revParse("HEAD^1^{tree}"), try repo.revParse("HEAD^2^{tree}")])
        #expect(tree.hex == (try repo.revParse("HEAD^{tree}")))

        let url = repo.directory.appendingPathComponent("blob.bin")
        try Data([0, 1, 2, 3, 0, 9]).write(to: url)
        try repo.git(["add", "blob.bin"])
        let binary = try repo.commit("binary")
        guard case .trees(let binaryParents, _) = try Self.binding(repo, binary) else { Issue.record("binary binds trees"); return }
        #expect(binaryParents.map(\.hex) == [try repo.revParse("HEAD^^{tree}")])
        #expect(ChangeBinding(parsing: try Self.binding(repo, binary).description) == (try Self.binding(repo, binary)))
    }
}
