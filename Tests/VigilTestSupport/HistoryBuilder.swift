import Foundation

/// Builds small histories commit by commit with the git binary, with fixed dates, for tests that
/// need a shape no fixture file has.
public final class HistoryBuilder: @unchecked Sendable {
    public let directory: URL
    private var clock: Int = 1_767_225_600 // 2026-01-01T00:00:00Z

    public init(in parent: URL, name: String = "repo", bare: Bool = false) throws {
        directory = parent.appendingPathComponent(name)
        try Git.run(["init", "-q", "-b", "main"] + (bare ? ["--bare"] : []) + [directory.path])
    }

    /// Adds commits to an existing repository (a built fixture), dated after `after`.
    public init(existing directory: URL, after: Int = 1_800_000_000) {
        self.directory = directory
        clock = after
    }

    public var path: String { directory.path }

    /// Commits (allowing an empty change) with the next fixed date; returns the new commit id.
    @discardableResult
    public func commit(_ message: String, files: [String: String] = [:], author: String = "Test Author <author@example.com>",
                       committer: String? = nil, hoursLater: Int = 1) throws -> String {
        clock += hoursLater * 3600
        for (path, content) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try content.write(to: url, atomically: true, encoding: .utf8)
            try git(["add", path])
        }
        var env = Git.isolatedEnvironment
        let (an, ae) = Self.split(author)
        let (cn, ce) = Self.split(committer ?? author)
        env["GIT_AUTHOR_NAME"] = an; env["GIT_AUTHOR_EMAIL"] = ae
        env["GIT_COMMITTER_NAME"] = cn; env["GIT_COMMITTER_EMAIL"] = ce
        env["GIT_AUTHOR_DATE"] = "@\(clock) +0000"; env["GIT_COMMITTER_DATE"] = "@\(clock) +0000"
        let result = try ProcessRunner.run(executable: "/usr/bin/git", arguments: ["commit", "-q", "--allow-empty", "--cleanup=verbatim", "-F", "-"],
                                           in: directory, environment: env, input: message)
        guard result.status == 0 else { throw FixtureError("git commit failed: \(result.stderr)") }
        return try revParse("HEAD")
    }

    /// The current committer clock (seconds since the epoch) of the last commit made.
    public var lastTime: Int { clock }

    @discardableResult
    public func git(_ arguments: [String], environment: [String: String]? = nil) throws -> String {
        try Git.run(arguments, in: directory, environment: environment)
    }

    public func revParse(_ revision: String) throws -> String {
        try git(["rev-parse", revision]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func split(_ identity: String) -> (String, String) {
        guard let open = identity.firstIndex(of: "<"), let close = identity.firstIndex(of: ">") else { return (identity, "") }
        return (identity[..<open].trimmingCharacters(in: .whitespaces), String(identity[identity.index(after: open)..<close]))
    }
}
