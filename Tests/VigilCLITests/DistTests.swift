import Foundation
import Testing
import VigilTestSupport

/// `make dist` makes one file that runs where neither Swift nor the C libraries are installed:
/// here, in a mount namespace with the toolchain directory and libgit2, PCRE2, SQLite and zlib
/// hidden. (`make test` builds dist/ after the test build, so it is newer than the binary under
/// test; the test is skipped, as skipped, when there is no current dist/vigil or no way to make a
/// mount namespace.)
@Suite struct DistTests {
    static let binary = PackagePaths.root.appendingPathComponent("dist/vigil")
    /// dist/vigil exists and was built after the binary under test (a stale dist/ — `swift test`
    /// without `make dist` — is not what this test is about), and a mount namespace can be made.
    static var canRun: Bool {
        guard FileManager.default.isExecutableFile(atPath: binary.path), getuid() == 0,
              FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return false }
        let built = { (url: URL) in (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? nil }
        guard let dist = built(binary), let tested = built(PackagePaths.vigilExecutable) else { return false }
        return dist >= tested
    }

    @Test(.enabled(if: DistTests.canRun))
    func runsWithoutTheToolchainOrTheLibraries() throws {
        let ldd = try ProcessRunner.run(executable: "/usr/bin/ldd", arguments: [Self.binary.path])
        for library in ["libgit2", "libpcre2", "libsqlite3", "libz.so", "libssl", "libcrypto", "libswift", "libFoundation"] {
            #expect(!ldd.stdout.contains(library), "dist/vigil still needs \(library): \(ldd.stdout)")
        }
        let temp = try TemporaryDirectory()
        let repo = try FixtureRepository.fresh("risk.sh", in: temp.url)
        let empty = temp.url.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let lib = "/usr/lib/x86_64-linux-gnu"
        // PCRE2 last: `mount` itself needs it.
        let hide = ["\(lib)/libgit2.so.1.5", "\(lib)/libsqlite3.so.0", "\(lib)/libz.so.1", "\(lib)/libpcre2-8.so.0"]
            .filter { FileManager.default.fileExists(atPath: $0) }
            .map { "mount --bind /dev/null \($0)" }.joined(separator: " && ")
        let script = """
            mount --bind '\(empty.path)' /opt/swift && \(hide) && \
            '\(Self.binary.path)' scan '\(repo.path)' --format json > '\(temp.path)/scan.json' && \
            '\(Self.binary.path)' version --format json && \
            '\(Self.binary.path)' index '\(repo.path)' --db '\(temp.path)/index.sqlite' > /dev/null && \
            '\(Self.binary.path)' query --db '\(temp.path)/index.sqlite' --commits --format ndjson | wc -l
            """
        var env = Git.isolatedEnvironment
        env["VIGIL_RULES"] = PackagePaths.rules.path
        let result = try ProcessRunner.run(executable: "/usr/bin/unshare", arguments: ["--mount", "--fork", "/bin/sh", "-c", script],
                                           environment: env, timeout: 120)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"libgit2\":\"1.5"), "\(result.stdout)")
        let scanned = try Data(contentsOf: temp.url.appendingPathComponent("scan.json"))
        let commits = try #require(try JSONSerialization.jsonObject(with: scanned) as? [[String: Any]])
        let count = try Git.run(["-C", repo.path, "rev-list", "--count", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(commits.count == Int(count))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: PackagePaths.root.appendingPathComponent("dist/man/vigil.1").path)))
    func completionsAndTheManPageAreWritten() throws {
        let dist = PackagePaths.root.appendingPathComponent("dist")
        let man = try String(contentsOf: dist.appendingPathComponent("man/vigil.1"), encoding: .utf8)
        #expect(man.contains(".Nm vigil") || man.contains("vigil"))
        #expect(man.contains("scan"))
        for shell in ["bash", "zsh", "fish"] {
            let text = try String(contentsOf: dist.appendingPathComponent("completions/vigil.\(shell)"), encoding: .utf8)
            #expect(text.contains("scan") && text.contains("coverage"), "\(shell) completion names the commands")
        }
    }
}
