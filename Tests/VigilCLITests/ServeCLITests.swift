import Foundation
import Synchronization
import Testing
import VigilTestSupport

/// `vigil serve` as a user starts it: the built binary on loopback, driven in a real browser
/// (Debian's chromium, chromium-driver and python3-selenium, which `make test` installs).
@Suite(.serialized) struct ServeCLITests {
    /// Why the browser test cannot run here, or nil when it can.
    static let browserMissing: String? = {
        for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver", "/usr/bin/python3"] where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is not installed (scripts/install-deps.sh chromium chromium-driver python3-selenium)"
        }
        let probe = try? ProcessRunner.run(executable: "/usr/bin/python3", arguments: ["-c", "import selenium"])
        return probe?.status == 0 ? nil : "python3-selenium is not installed (scripts/install-deps.sh python3-selenium)"
    }()

    /// A running `vigil serve` and the URL it printed.
    final class Server: @unchecked Sendable {
        let process = Process()
        let url: String

        init(arguments: [String], in directory: URL) throws {
            var env = Git.isolatedEnvironment
            env["VIGIL_RULES"] = PackagePaths.rules.path
            process.executableURL = PackagePaths.vigilExecutable
            process.arguments = ["serve"] + arguments
            process.currentDirectoryURL = directory
            process.environment = env
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            // The first line on stderr names the address: `vigil: note: serving … at http://127.0.0.1:PORT/ …`.
            var text = ""
            let handle = err.fileHandleForReading
            let deadline = Date().addingTimeInterval(60)
            while !text.contains("\n") && Date() < deadline {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            guard let start = text.range(of: "http://"), let end = text[start.lowerBound...].firstIndex(of: " ") else {
                process.terminate()
                throw FixtureError("vigil serve did not start: \(text)")
            }
            url = String(text[start.lowerBound..<end])
        }

        func stop() {
            if process.isRunning { process.interrupt() }
            process.waitUntilExit()
        }
    }

    func indexedServeFixture(_ tmp: TemporaryDirectory) throws -> URL {
        let repo = try FixtureRepository.fresh("serve.sh", in: tmp.url)
        let index = try VigilCLI.run(["index"], in: repo)
        #expect(index.status == 0, "\(index.stderr)")
        return repo
    }

    @Test func anAddressOthersCanReachNeedsAToken() throws {
        let tmp = try TemporaryDirectory()
        let repo = try indexedServeFixture(tmp)
        let open = try VigilCLI.run(["serve", "--listen", "0.0.0.0:0"], in: repo, timeout: 30)
        #expect(open.status == 2)
        #expect(open.stderr == "vigil: --listen 0.0.0.0:0: an address other than loopback (127.0.0.1, ::1, localhost) needs --token or --proxy-user-header\n")
        let bad = try VigilCLI.run(["serve", "--listen", "nowhere"], in: repo, timeout: 30)
        #expect(bad.status == 2 && bad.stderr.contains("is not HOST:PORT"))
        let noIndex = try VigilCLI.run(["serve", "--db", tmp.url.appendingPathComponent("none.sqlite").path], in: repo, timeout: 30)
        #expect(noIndex.status != 0 && noIndex.stderr.contains("no index here"))
    }

    @Test func itServesUntilInterrupted() throws {
        let tmp = try TemporaryDirectory()
        let repo = try indexedServeFixture(tmp)
        let server = try Server(arguments: ["--listen", "127.0.0.1:0", "--read-only"], in: repo)
        #expect(server.url.hasPrefix("http://127.0.0.1:") && !server.url.hasSuffix(":0/"))
        server.stop()
        #expect(server.process.terminationStatus == 0)
    }

    @Test(.enabled(if: ServeCLITests.browserMissing == nil, "a browser is needed: \(ServeCLITests.browserMissing ?? "")"))
    func aReviewerTriagesInARealBrowser() throws {
        let tmp = try TemporaryDirectory()
        let repo = try indexedServeFixture(tmp)
        let server = try Server(arguments: ["--listen", "127.0.0.1:0", "--reviewer", "Browser Reviewer"], in: repo)
        defer { server.stop() }
        let shots = ProcessInfo.processInfo.environment["VIGIL_SERVE_SCREENSHOTS"] ?? tmp.path
        let result = try ProcessRunner.run(executable: "/usr/bin/python3",
                                           arguments: [PackagePaths.root.appendingPathComponent("Tests/browser/serve_browser.py").path,
                                                       server.url, "--screenshots", shots], timeout: 300)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("browser checks passed"))
        #expect(FileManager.default.fileExists(atPath: shots + "/queue.png") && FileManager.default.fileExists(atPath: shots + "/commit.png"))
        // The verdict reached the git notes too.
        let notes = try Git.run(["-C", repo.path, "notes", "--ref=refs/notes/vigil/triage", "list"])
        #expect(!notes.isEmpty)
    }

    @Test func triageExportImportAndNotesOnTheCommandLine() throws {
        let tmp = try TemporaryDirectory()
        let repo = try indexedServeFixture(tmp)
        let findings = try VigilCLI.run(["query", "--triage", "all", "--format", "ndjson"], in: repo)
        let rows = try findings.stdout.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let byCommit = Dictionary(grouping: rows) { $0["commit"] as? String ?? "" }
        let (commit, group) = try #require(byCommit.first { $0.value.count >= 2 })
        let one = try #require(group[0]["id"] as? String)
        let distinct = Set(group.compactMap { $0["id"] as? String }).count
        let first = try VigilCLI.run(["triage", one, "--status", "false-positive", "--note", "a default", "--by", "Ana"], in: repo)
        #expect(first.status == 0, "\(first.stderr)")
        let wide = try VigilCLI.run(["triage", commit, "--status", "accepted-risk", "--note", "accepted", "--by", "Ben"], in: repo)
        #expect(wide.status == 0 && wide.stdout.contains("\(one): kept false-positive by Ana (--overwrite replaces it)"))
        let notes = try Git.run(["-C", repo.path, "notes", "--ref=refs/notes/vigil/triage", "show", commit])
        #expect(notes.contains("\"by\": \"Ana\"") && notes.contains("\"by\": \"Ben\""))

        let exported = try VigilCLI.run(["triage", "export"], in: repo)
        #expect(exported.status == 0 && exported.stdout.hasPrefix("{\n  \"vigil\": \"triage/1\""))
        let file = tmp.url.appendingPathComponent("verdicts.json")
        try exported.stdout.write(to: file, atomically: true, encoding: .utf8)
        // Another machine's index of a clone: the file brings the verdicts, once.
        let clone = tmp.url.appendingPathComponent("clone")
        try Git.run(["clone", "-q", repo.path, clone.path])
        #expect(try VigilCLI.run(["index"], in: clone).status == 0)
        let imported = try VigilCLI.run(["triage", "import", file.path, "--repository", "clone"], in: clone)
        #expect(imported.status == 0 && imported.stdout == "clone: \(distinct) new verdict(s) of \(distinct)\n", "\(imported.stdout)\(imported.stderr)")
        let twice = try VigilCLI.run(["triage", "import", file.path, "--repository", "clone"], in: clone)
        #expect(twice.stdout == "clone: 0 new verdict(s) of \(distinct)\n")
        let shown = try VigilCLI.run(["query", "--triage", "false-positive", "--format", "ndjson"], in: clone)
        #expect(shown.stdout.contains(one))
        let junk = tmp.url.appendingPathComponent("junk.json")
        try "{\"vigil\": \"other\"}".write(to: junk, atomically: true, encoding: .utf8)
        let refused = try VigilCLI.run(["triage", "import", junk.path], in: clone)
        #expect(refused.status == 2 && refused.stderr.contains("not a vigil triage document"))

        // And by notes: fetched, then read by the next index run.
        let third = tmp.url.appendingPathComponent("third")
        try Git.run(["clone", "-q", repo.path, third.path])
        try Git.run(["-C", third.path, "fetch", "-q", "origin", "refs/notes/vigil/triage:refs/notes/vigil/triage"])
        let run = try VigilCLI.run(["index", "--format", "json"], in: third)
        #expect(run.stdout.contains("\"importedVerdicts\":\(distinct)"), "\(run.stdout)")
    }
}
