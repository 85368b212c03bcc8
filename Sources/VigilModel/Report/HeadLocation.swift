/// Where a finding made in some commit is in one later tree (the commit a code-scanning upload
/// is tied to): the file's path there, and the line, when the file and a line survive.
public struct HeadLocation: Sendable, Hashable {
    /// The file's path in that tree; nil when the file is not there any more.
    public var path: String?
    /// The line; nil for a file-level location (a path-only finding, a deleted file's).
    public var line: Int?
    /// True when `line` is the flagged line itself, unchanged; false for the nearest line that
    /// survives (the flagged line was removed or changed since, or was a removed line).
    public var exact: Bool

    public init(path: String?, line: Int?, exact: Bool) {
        self.path = path
        self.line = line
        self.exact = exact
    }
}
