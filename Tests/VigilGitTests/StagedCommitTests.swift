import Foundation
import Testing
import VigilModel
import VigilTestSupport
@testable import VigilGit

/// The commit `vigil check --staged` judges is the one git would make: its tree is `git
/// write-tree`'s, its id `git commit-tree`'s, and nothing is written to the repository.
@Suite struct StagedCommitTests {
    static func objectCount(_ repo: HistoryBuilder) throws -> String {
        try repo.git(["count-objects", "-v"]).split(separator: "\n").filter { $0.hasPrefix("count:") || $0.hasPrefix("in-pack:") }
            .joined(separator: " ")
    }

    static func identities(_ env: [String: String], in repo: HistoryBuilder) throws -> StagedCommit.Identities {
        try Repository(discoveringFrom: repo.path).commitIdentities(environment: env)
    }

    @Test func treeIsGitWriteTreesForEveryKindOfEntry() throws {
        let directory = try TemporaryDirectory()
        let repo = try HistoryBuilder(in: directory.url)
        try repo.commit("root", files: ["a/b.txt": "b\n", "a-b": "dash\n", "a.b": "dot\n", "a0": "zero\n", "z/y/x.py": "x = 1\n"])
        // Names that sort differently as paths and as tree entries, a new nested directory,
        // an executable, a symlink, a submodule, a deletion and an intent-to-add file.
        for (path, content) in ["a/c/d.txt": "d\n", "ab/e.txt": "e\n", "run.sh": "#!/bin/sh\n", "é ü.txt": "utf8\n"] {
            let url = repo.directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try content.write(to: url, atomically: true, encoding: .utf8)
            try repo.git(["add", path])
        }
        try repo.git(["update-index", "--chmod=+x", "run.sh"])
        try FileManager.default.createSymbolicLink(atPath: repo.directory.appendingPathComponent("link").path, withDestinationPath: "a/b.txt")
        try repo.git(["add", "link"])
        let gitlink = try repo.revParse("HEAD")
        try repo.git(["update-index", "--add", "--cacheinfo", "160000,\(gitlink),vendor/sub"])
        try repo.git(["rm", "-q", "--cached", "a0"])
        try "later\n".write(to: repo.directory.appendingPathComponent("intent.txt"), atomically: true, encoding: .utf8)
        try repo.git(["add", "-N", "intent.txt"])

        let before = try Self.objectCount(repo)
        let repository = try Repository(discoveringFrom: repo.path)
        let staged = try repository.stagedCommit(message: Array("m\n".utf8), identities: try Self.identities(Git.isolatedEnvironment, in: repo))
        #expect(try Self.objectCount(repo) == before, "checking the staged changes wrote objects")
        let expected = try repo.git(["write-tree"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(staged.commit.tree.hex == expected)
        #expect(staged.parent?.hex == gitlink)
        #expect(staged.commit.parents.map(\.hex) == [gitlink])
    }

    @Test func commitIsGitCommitTreesWithTheSameIdentitiesAndMessage() throws {
        let directory = try TemporaryDirectory()
        let repo = try HistoryBuilder(in: directory.url)
        try repo.commit("root", files: ["f.txt": "1\n"])
        try "2\n".write(to: repo.directory.appendingPathComponent("f.txt"), atomically: true, encoding: .utf8)
        try repo.git(["add", "f.txt"])
        var env = Git.isolatedEnvironment
        env["GIT_AUTHOR_NAME"] = "Claude"
        env["GIT_AUTHOR_EMAIL"] = "noreply@anthropic.com"
        env["GIT_AUTHOR_DATE"] = "@1767225600 +0130"
        env["GIT_COMMITTER_NAME"] = "Alice"
        env["GIT_COMMITTER_EMAIL"] = "alice@example.com"
        env["GIT_COMMITTER_DATE"] = "@1767229200 -0800"
        let message = "Tune the reward\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n"
        let tree = try repo.git(["write-tree"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let result = try ProcessRunner.run(executable: "/usr/bin/git", arguments: ["commit-tree", tree, "-p", "HEAD", "-F", "-"],
                                           in: repo.directory, environment: env, input: message)
        #expect(result.status == 0, "\(result.stderr)")
        let repository = try Repository(discoveringFrom: repo.path)
        let staged = try repository.stagedCommit(message: Array(message.utf8), identities: try Self.identities(env, in: repo))
        #expect(staged.commit.id.hex == result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(String(decoding: staged.commit.author.email, as: UTF8.self) == "noreply@anthropic.com")
        #expect(staged.commit.author.offsetMinutes == 90)
        #expect(staged.commit.committer.offsetMinutes == -480)
    }

    @Test func identitiesComeFromConfigurationWhenTheEnvironmentNamesNone() throws {
        let directory = try TemporaryDirectory()
        let repo = try HistoryBuilder(in: directory.url)
        try repo.commit("root", files: ["f.txt": "1\n"])
        try repo.git(["config", "user.name", "Bob"])
        try repo.git(["config", "user.email", "bob@example.com"])
        try repo.git(["config", "author.email", "bob+author@example.com"])
        var env = Git.isolatedEnvironment
        for key in ["GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"] {
            env.removeValue(forKey: key)
        }
        let identities = try Self.identities(env, in: repo)
        #expect(String(decoding: identities.author.name, as: UTF8.self) == "Bob")
        #expect(String(decoding: identities.author.email, as: UTF8.self) == "bob+author@example.com")
        #expect(String(decoding: identities.committer.email, as: UTF8.self) == "bob@example.com")
    }

    @Test func anotherIndexFileIsReadWhenGitNamesOne() throws {
        let directory = try TemporaryDirectory()
        let repo = try HistoryBuilder(in: directory.url)
        try repo.commit("root", files: ["f.txt": "1\n"])
        // `git commit -a` and `git commit PATH` give hooks a temporary index.
        var env = Git.isolatedEnvironment
        let other = directory.url.appendingPathComponent("other-index").path
        env["GIT_INDEX_FILE"] = other
        try repo.git(["read-tree", "HEAD"], environment: env)
        try "2\n".write(to: repo.directory.appendingPathComponent("g.txt"), atomically: true, encoding: .utf8)
        try repo.git(["add", "g.txt"], environment: env)
        let expected = try repo.git(["write-tree"], environment: env).trimmingCharacters(in: .whitespacesAndNewlines)
        let repository = try Repository(discoveringFrom: repo.path)
        let staged = try repository.stagedCommit(message: [], identities: try Self.identities(env, in: repo), indexFile: other)
        #expect(staged.commit.tree.hex == expected)
        let main = try repository.stagedCommit(message: [], identities: try Self.identities(env, in: repo))
        #expect(main.commit.tree.hex != expected)
        #expect(throws: GitError.self) {
            try repository.stagedCommit(message: [], identities: try Self.identities(env, in: repo), indexFile: other + "-missing")
        }
    }

    @Test func conflictsAndBareRepositoriesAreRefusedInOneLine() throws {
        let directory = try TemporaryDirectory()
        let repo = try HistoryBuilder(in: directory.url)
        try repo.commit("root", files: ["f.txt": "base\n"])
        try repo.git(["checkout", "-q", "-b", "other"])
        try repo.commit("other", files: ["f.txt": "other\n"])
        try repo.git(["checkout", "-q", "main"])
        try repo.commit("main", files: ["f.txt": "main\n"])
        _ = try? repo.git(["merge", "-q", "other"])
        let repository = try Repository(discoveringFrom: repo.path)
        let error = #expect(throws: GitError.self) {
            try repository.stagedCommit(message: [], identities: try Self.identities(Git.isolatedEnvironment, in: repo))
        }
        #expect(error?.message.contains("conflicts") == true)

        let bare = try HistoryBuilder(in: directory.url, name: "bare.git", bare: true)
        let bareRepository = try Repository(discoveringFrom: bare.path)
        #expect(throws: GitError.self) {
            try bareRepository.stagedCommit(message: [], identities: try Self.identities(Git.isolatedEnvironment, in: bare))
        }
    }

    @Test func anUnbornBranchGivesARootCommit() throws {
        let directory = try TemporaryDirectory()
        let repo = try HistoryBuilder(in: directory.url)
        try "x\n".write(to: repo.directory.appendingPathComponent("x.txt"), atomically: true, encoding: .utf8)
        try repo.git(["add", "x.txt"])
        let staged = try Repository(discoveringFrom: repo.path).stagedCommit(message: [], identities: try Self.identities(Git.isolatedEnvironment, in: repo))
        #expect(staged.parent == nil)
        #expect(staged.commit.parents.isEmpty)
        #expect(staged.commit.tree.hex == (try repo.git(["write-tree"]).trimmingCharacters(in: .whitespacesAndNewlines)))
    }
}
