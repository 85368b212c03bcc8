import Foundation
import Synchronization

/// Paths of the package, found from this source file.
public enum PackagePaths {
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static let fixtures = root.appendingPathComponent("fixtures-repos")
    public static let rules = root.appendingPathComponent("rules")

    /// The built `vigil` executable, beside the test bundle.
    public static var vigilExecutable: URL {
        var candidates: [URL] = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        candidates += Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
        for dir in candidates {
            let url = dir.appendingPathComponent("vigil")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return root.appendingPathComponent(".build/debug/vigil")
    }
}

/// A temporary directory removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    public let url: URL
    public init(prefix: String = "vigil-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    public var path: String { url.path }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Builds real repositories from the text descriptions in `fixtures-repos/`.
public enum FixtureRepository {
    private static let cache = Mutex<[String: URL]>([:])
    private static let scratch: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-fixtures-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// The repository built from `name` (`agents.fi`, `structure.sh`...), built once per test process.
    /// Treat it as read-only; use `fresh(_:)` for one a test may change.
    public static func shared(_ name: String) throws -> URL {
        if let hit = cache.withLock({ $0[name] }) { return hit }
        let url = scratch.appendingPathComponent(name + "-" + UUID().uuidString)
        try build(name, at: url)
        cache.withLock { $0[name] = url }
        return url
    }

    /// A new copy of the repository built from `name`, inside `directory`.
    public static func fresh(_ name: String, in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent(name.replacingOccurrences(of: ".", with: "-"))
        try build(name, at: url)
        return url
    }

    /// `.fi` streams become bare repositories through `git fast-import`; `.sh` scripts make their own.
    static func build(_ name: String, at url: URL) throws {
        let source = PackagePaths.fixtures.appendingPathComponent(name)
        if name.hasSuffix(".fi") {
            try Git.run(["init", "--bare", "-q", "-b", "main", url.path])
            try Git.run(["-C", url.path, "fast-import", "--quiet"], stdin: FileHandle(forReadingFrom: source))
        } else if name.hasSuffix(".sh") {
            try Git.run(["bash", source.path, url.path], executable: "/bin/bash", dropFirst: true)
        } else {
            throw FixtureError("unknown fixture kind: \(name)")
        }
    }
}

public struct FixtureError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Runs the git binary (tests only: the product never does).
public enum Git {
    /// An environment that makes git ignore the machine's and user's configuration.
    public static var isolatedEnvironment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in env.keys where key.hasPrefix("GIT_") { env.removeValue(forKey: key) }
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        env["GIT_AUTHOR_NAME"] = "Test Author"
        env["GIT_AUTHOR_EMAIL"] = "author@example.com"
        env["GIT_COMMITTER_NAME"] = "Test Committer"
        env["GIT_COMMITTER_EMAIL"] = "committer@example.com"
        env["GIT_AUTHOR_DATE"] = "2026-02-01T00:00:00Z"
        env["GIT_COMMITTER_DATE"] = "2026-02-01T00:00:00Z"
        return env
    }

    @discardableResult
    public static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil,
                           stdin: FileHandle? = nil, executable: String = "/usr/bin/git", dropFirst: Bool = false) throws -> String {
        let result = try ProcessRunner.run(executable: executable, arguments: dropFirst ? Array(arguments.dropFirst()) : arguments,
                                           in: directory, environment: environment ?? isolatedEnvironment, stdin: stdin)
        guard result.status == 0 else {
            throw FixtureError("\(executable) \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)")
        }
        return result.stdout
    }
}

/// Runs a program to completion, capturing its output.
public enum ProcessRunner {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
        /// True when the program ran past its time limit and was killed: a hang fails one test,
        /// not the whole suite.
        public var timedOut = false
    }

    /// Runs a program; after `timeout` seconds (default two minutes) it is killed and the result
    /// says so.
    public static func run(executable: String, arguments: [String], in directory: URL? = nil,
                           environment: [String: String]? = nil, stdin: FileHandle? = nil, input: String? = nil,
                           timeout: TimeInterval = 120) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        var inputPipe: Pipe?
        if let stdin {
            process.standardInput = stdin
        } else if input != nil {
            inputPipe = Pipe()
            process.standardInput = inputPipe
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        let timedOut = Mutex(false)
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem {
            timedOut.withLock { $0 = true }
            kill(pid, SIGKILL)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        defer { watchdog.cancel() }
        if let inputPipe, let input {
            inputPipe.fileHandleForWriting.write(Data(input.utf8))
            try inputPipe.fileHandleForWriting.close()
        }
        // Read both pipes concurrently so a large stderr cannot block a large stdout.
        let errData = Mutex(Data())
        let errDone = DispatchSemaphore(value: 0)
        let errHandle = err.fileHandleForReading
        Thread.detachNewThread {
            let data = errHandle.readDataToEndOfFile()
            errData.withLock { $0 = data }
            errDone.signal()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        errDone.wait()
        watchdog.cancel()
        var result = Result(status: process.terminationStatus,
                            stdout: String(decoding: outData, as: UTF8.self),
                            stderr: String(decoding: errData.withLock { $0 }, as: UTF8.self))
        result.timedOut = timedOut.withLock { $0 }
        return result
    }
}

/// Runs the built `vigil` with an isolated git environment and the package's rules.
public enum VigilCLI {
    public static func run(_ arguments: [String], in directory: URL? = nil, rules: URL = PackagePaths.rules,
                           environment extra: [String: String] = [:], input: String? = nil, timeout: TimeInterval = 120) throws -> ProcessRunner.Result {
        var env = Git.isolatedEnvironment
        env["VIGIL_RULES"] = rules.path
        env.merge(extra) { $1 }
        return try ProcessRunner.run(executable: PackagePaths.vigilExecutable.path, arguments: arguments, in: directory, environment: env,
                                     input: input, timeout: timeout)
    }
}
