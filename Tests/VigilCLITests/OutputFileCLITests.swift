import Foundation
import Testing
import VigilTestSupport

/// `-o` and standard output: a write that fails is one line and a non-zero exit (4); regular
/// files are replaced atomically; devices and FIFOs are written as they are, never replaced; the
/// index, the rules and the git directory are never written over.
@Suite struct OutputFileCLITests {
    func report(_ repo: URL, _ extra: [String]) throws -> ProcessRunner.Result {
        try VigilCLI.run(["report", repo.path, "--week", "2026-W04"] + extra, timeout: 60)
    }

    @Test func theIndexTheRulesAndTheGitDirectoryAreNeverOverwritten() throws {
        let temp = try TemporaryDirectory()
        let repo = try FixtureRepository.fresh("weeks.sh", in: temp.url)
        #expect(try VigilCLI.run(["index", repo.path]).status == 0)
        let index = repo.appendingPathComponent(".git/vigil/index.sqlite")
        let before = try Data(contentsOf: index)
        let refused = try report(repo, ["-o", index.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.hasPrefix("vigil: ") && refused.stderr.contains("refusing to write over"))
        #expect(try Data(contentsOf: index) == before)
        // Through a symbolic link, too.
        let link = temp.url.appendingPathComponent("innocent.md")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: index.path)
        #expect(try report(repo, ["-o", link.path]).status == 2)
        #expect(try Data(contentsOf: index) == before)
        let rules = try VigilCLI.run(["report", repo.path, "--week", "2026-W04", "-o", PackagePaths.rules.appendingPathComponent("agents.yml").path])
        #expect(rules.status == 2 && rules.stderr.contains("the rules in use"))
        #expect(try report(repo, ["-o", repo.appendingPathComponent(".git/HEAD").path]).status == 2)
    }

    @Test func aRegularFileIsReplacedWholeAndDevicesAreWrittenAsTheyAre() throws {
        let temp = try TemporaryDirectory()
        let repo = try FixtureRepository.shared("weeks.sh")
        let out = temp.url.appendingPathComponent("week.md")
        try "old".write(to: out, atomically: true, encoding: .utf8)
        #expect(try report(repo, ["-o", out.path]).status == 0)
        #expect(try String(contentsOf: out, encoding: .utf8).hasPrefix("# vigil weekly report"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: temp.path) == ["week.md"], "no temporary file left behind")
        // A character device stays a device.
        #expect(try report(repo, ["-o", "/dev/null"]).status == 0)
        var status = stat()
        #expect(stat("/dev/null", &status) == 0 && (status.st_mode & S_IFMT) == S_IFCHR)
        // A FIFO is written, not replaced: a reader on the other end gets the report.
        let fifo = temp.url.appendingPathComponent("pipe")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let cat = Process()
        cat.executableURL = URL(fileURLWithPath: "/bin/cat")
        cat.arguments = [fifo.path]
        let pipe = Pipe()
        cat.standardOutput = pipe
        try cat.run()
        #expect(try report(repo, ["-o", fifo.path]).status == 0)
        let received = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        cat.waitUntilExit()
        #expect(received.hasPrefix("# vigil weekly report"))
        #expect(stat(fifo.path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFIFO)
    }

    @Test func aFailedWriteIsOneLineAndExitFour() throws {
        let repo = try FixtureRepository.shared("weeks.sh")
        let full = try report(repo, ["-o", "/dev/full"])
        #expect(full.status == 4, "\(full.stderr)")
        #expect(full.stderr.hasPrefix("vigil: /dev/full: cannot write") && full.stderr.split(separator: "\n").count == 1)
        for arguments in [["report", repo.path, "--week", "2026-W04"], ["scan", repo.path], ["scan", repo.path, "--format", "json"]] {
            let result = try ProcessRunner.run(executable: "/bin/sh", arguments: ["-c", "\"$0\" \"$@\" > /dev/full", PackagePaths.vigilExecutable.path] + arguments,
                                               environment: Git.isolatedEnvironment.merging(["VIGIL_RULES": PackagePaths.rules.path]) { $1 }, timeout: 60)
            #expect(result.status == 4, "vigil \(arguments.joined(separator: " ")) > /dev/full: \(result.status) \(result.stderr)")
            #expect(result.stderr.hasPrefix("vigil: cannot write to standard output"))
        }
    }

    /// Every command that writes results takes -o, streams into a temporary file and puts it in
    /// place only when complete: the same bytes as standard output, nothing left on failure.
    @Test(arguments: [["scan", "--format", "ndjson"], ["scan", "--format", "sarif"], ["coverage", "--format", "json"],
                      ["check", "--format", "json"], ["show", "HEAD", "--format", "json"], ["blame", "README.md", "--format", "json"]])
    func everyResultCommandWritesTheSameBytesToAFile(_ command: [String]) throws {
        let temp = try TemporaryDirectory()
        let repo = try HistoryBuilder(in: temp.url)
        try repo.commit("First", files: ["README.md": "one\n", "evals/t.py": "MIN_REFUSAL_RATE = 0.98\n"])
        try repo.commit("Second\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n", files: ["evals/t.py": "MIN_REFUSAL_RATE = 0.5\n"])
        let out = temp.url.appendingPathComponent("out")
        let base = command + ["-C", repo.path]
        let direct = try VigilCLI.run(base, in: repo.directory)
        let filed = try VigilCLI.run(base + ["-o", out.path], in: repo.directory)
        #expect(filed.status == direct.status, "\(filed.stderr)")
        #expect(filed.stdout.isEmpty)
        #expect(try String(contentsOf: out, encoding: .utf8) == direct.stdout)
        #expect(try FileManager.default.contentsOfDirectory(atPath: temp.path).sorted() == ["out", "repo"], "no temporary file left behind")
        let refused = try VigilCLI.run(base + ["-o", repo.directory.appendingPathComponent(".git/config").path], in: repo.directory)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("refusing to write over the repository's git directory"))
    }
}
