import Foundation
import Testing
import VigilTestSupport

/// Damaged repositories are normal input: every command reads what can be read, names what
/// cannot on stderr, and exits 3 — never 0 with "0 commits", never a hang (each run has a time
/// limit, so a hang fails its test, not the suite).
@Suite struct DamagedRepositoryCLITests {
    func vigil(_ arguments: [String], in directory: URL? = nil) throws -> ProcessRunner.Result {
        let result = try VigilCLI.run(arguments, in: directory, timeout: 60)
        #expect(!result.timedOut, "vigil \(arguments.joined(separator: " ")) hung")
        return result
    }

    /// A repository of 30 commits in one pack (each changes two files and a training config).
    static func packed(in temp: TemporaryDirectory) throws -> HistoryBuilder {
        let b = try HistoryBuilder(in: temp.url)
        for i in 1...30 {
            let lines = (1...(i * 40)).map { "line \($0)" }.joined(separator: "\n") + "\n"
            try b.commit("Change \(i)\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n",
                         files: ["f\(i % 5).txt": lines, "train.py": "kl_coef = 0.\(i)\n"])
        }
        try b.git(["gc", "-q", "--aggressive"])
        return b
    }

    static func pack(of b: HistoryBuilder) throws -> URL {
        let dir = b.directory.appendingPathComponent(".git/objects/pack")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: dir.path).first { $0.hasSuffix(".pack") })
        let url = dir.appendingPathComponent(name)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
        return url
    }

    /// Every reading command on the damaged repository: exit 3, the damage named on stderr.
    func expectEveryCommandFailsClosed(_ repo: String, naming: String) throws {
        for arguments in [["scan", repo], ["scan", repo, "--fail-on", "low"], ["scan", repo, "--all", "--format", "json"],
                          ["coverage", repo, "--min-coverage", "80"], ["index", repo]] {
            let result = try vigil(arguments)
            #expect(result.status == 3, "vigil \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
            #expect(result.stderr.contains(naming), "vigil \(arguments.joined(separator: " ")) did not name \(naming): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("vigil: ") })
        }
    }

    @Test func aTruncatedPackExitsThreeNamingTheObject() throws {
        let temp = try TemporaryDirectory()
        let b = try Self.packed(in: temp)
        let pack = try Self.pack(of: b)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: pack.path)[.size] as? Int)
        try FileHandle(forWritingTo: pack).truncate(atOffset: UInt64(size / 2))
        try expectEveryCommandFailsClosed(b.path, naming: "object ")
    }

    @Test func flippedBytesInAPackExitThreeNamingTheObject() throws {
        let temp = try TemporaryDirectory()
        let b = try Self.packed(in: temp)
        let pack = try Self.pack(of: b)
        var bytes = [UInt8](try Data(contentsOf: pack))
        for i in stride(from: 2000, to: bytes.count - 100, by: 997) { bytes[i] ^= 0xFF }
        try Data(bytes).write(to: pack)
        try expectEveryCommandFailsClosed(b.path, naming: "object ")
    }

    /// libgit2 loops forever inflating a truncated loose object; vigil reads loose objects itself.
    @Test func aTruncatedLooseTreeIsNamedNotAHang() throws {
        let temp = try TemporaryDirectory()
        let b = try HistoryBuilder(in: temp.url)
        try b.commit("one", files: ["d/a.txt": "a\n"])
        try b.commit("two", files: ["d/b.txt": "b\n"])
        let tree = try b.revParse("HEAD:d")
        let file = b.directory.appendingPathComponent(".git/objects/\(tree.prefix(2))/\(tree.dropFirst(2))")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        try FileHandle(forWritingTo: file).truncate(atOffset: 10)
        for arguments in [["scan", b.path, "-n", "1"], ["show", "-C", b.path, "HEAD"], ["scan", b.path, "--format", "json"]] {
            let result = try vigil(arguments)
            #expect(result.status == 3, "vigil \(arguments.joined(separator: " ")): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains(tree) || result.stdout.contains(tree), "the corrupt tree \(tree) is named")
        }
    }

    /// Commits git can still show (a date that is not a number, no author) are scanned and
    /// reported, never dropped; a ref to a missing object is named; results are incomplete.
    @Test func malformedCommitsAndBrokenRefsAreReportedNotDropped() throws {
        let temp = try TemporaryDirectory()
        let b = try HistoryBuilder(in: temp.url)
        try b.commit("one", files: ["a.txt": "a\n"])
        let tree = try b.revParse("HEAD^{tree}"), parent = try b.revParse("HEAD")
        func literal(_ text: String) throws -> String {
            try ProcessRunner.run(executable: "/usr/bin/git", arguments: ["-C", b.path, "hash-object", "-t", "commit", "--literally", "-w", "--stdin"],
                                  environment: Git.isolatedEnvironment, input: text).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let badDate = try literal("tree \(tree)\nparent \(parent)\nauthor Eve <eve@example.com> notanumber +0000\ncommitter Eve <eve@example.com> 1767225600 +0000\n\nBad date\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n")
        let noAuthor = try literal("tree \(tree)\nparent \(parent)\ncommitter Eve <eve@example.com> 1767225600 +0000\n\nNo author\n")
        try b.git(["update-ref", "refs/heads/bad-date", badDate])
        try b.git(["update-ref", "refs/heads/no-author", noAuthor])
        try "1111111111111111111111111111111111111111\n".write(to: b.directory.appendingPathComponent(".git/refs/heads/ghost"), atomically: true, encoding: .utf8)

        let scan = try vigil(["scan", b.path, "--all", "--format", "ndjson"])
        #expect(scan.status == 3, "\(scan.stderr)")
        let commits = scan.stdout.split(separator: "\n")
        #expect(commits.count == 3, "all three commits are scanned")
        #expect(scan.stdout.contains("\"damaged\":true"))
        #expect(scan.stderr.contains("refs/heads/ghost") && scan.stderr.contains("1111111111111111111111111111111111111111"))
        #expect(scan.stderr.contains(badDate) && scan.stderr.contains(noAuthor), "each damaged commit is named: \(scan.stderr)")
        #expect(scan.stdout.contains("claude-code"), "the malformed commit's marks are still read")

        let index = try vigil(["index", b.path, "--format", "json"])
        #expect(index.status == 3, "\(index.stderr)")
        #expect(index.stdout.contains("\"indexedCommits\":3"))
        // Asked for by name, the broken ref is unreadable (3), not an unknown revision (2).
        let ghost = try vigil(["scan", b.path, "ghost"])
        #expect(ghost.status == 3, "\(ghost.stderr)")
    }

    @Test func anEmptyRepositoryIsZeroCommitsEverywhere() throws {
        let temp = try TemporaryDirectory()
        let b = try HistoryBuilder(in: temp.url)
        let scan = try vigil(["scan", b.path, "--summary", "--format", "json"])
        #expect(scan.status == 0, "\(scan.stderr)")
        #expect(scan.stdout.contains("\"commits\": 0"))
        #expect(try vigil(["coverage", b.path]).status == 0)
        #expect(try vigil(["index", b.path]).status == 0)
        let report = try vigil(["report", b.path, "--week", "2026-W47", "--format", "json"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("\"commits\": 0"))
    }

    /// Another user's index, read-only on disk: queries still work (run as `nobody`; the test
    /// needs root and setpriv to become another user, and is skipped, as skipped, without them).
    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
    func aReadOnlyIndexCanBeQueried() throws {
        let temp = try TemporaryDirectory()
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: temp.path)
        let repo = try FixtureRepository.fresh("risk.sh", in: temp.url)
        let store = temp.url.appendingPathComponent("store")
        try FileManager.default.createDirectory(at: store, withIntermediateDirectories: true)
        let db = store.appendingPathComponent("index.sqlite")
        #expect(try vigil(["index", repo.path, "--db", db.path]).status == 0)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: store.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: store.path) }
        var env = Git.isolatedEnvironment
        env["VIGIL_RULES"] = PackagePaths.rules.path
        env["HOME"] = "/nonexistent"
        let result = try ProcessRunner.run(executable: "/usr/bin/setpriv",
                                           arguments: ["--reuid=65534", "--regid=65534", "--clear-groups", PackagePaths.vigilExecutable.path,
                                                       "query", "--db", db.path, "--commits", "--format", "ndjson"],
                                           environment: env, timeout: 60)
        #expect(result.status == 0, "query as another user on a read-only index: \(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count > 3)
        let triage = try ProcessRunner.run(executable: "/usr/bin/setpriv",
                                           arguments: ["--reuid=65534", "--regid=65534", "--clear-groups", PackagePaths.vigilExecutable.path,
                                                       "triage", "--db", db.path, "0000000000000000", "--status", "confirmed", "--note", "x"],
                                           environment: env, timeout: 60)
        #expect(triage.status == 2, "a write to a read-only index is refused: \(triage.stderr)")
        #expect(triage.stderr.hasPrefix("vigil: "))
    }
}
