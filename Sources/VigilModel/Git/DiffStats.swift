/// Line statistics of one commit against its first parent (a root commit against the empty tree).
public struct DiffStats: Sendable, Hashable {
    /// Files changed (a rename counts once).
    public var files: Int = 0
    public var added: Int = 0
    public var removed: Int = 0
    /// Changed files whose content is binary (counted in `files`, never in lines).
    public var binaryFiles: Int = 0
    /// Files renamed without content change detected by object id.
    public var renamedFiles: Int = 0
    /// Paths whose content could not be read (a blob a partial clone lacks); their lines are not counted.
    public var unreadablePaths: [String] = []
    /// Lines added plus removed under each top-level directory (`.` for files at the root).
    public var linesByTopDirectory: [String: Int] = [:]
    /// True when the parent side could not be read (a shallow clone's boundary).
    public var missingParent: Bool = false

    public init() {}

    /// True when every changed file could be read.
    public var isComplete: Bool { unreadablePaths.isEmpty && !missingParent }

    /// The first component of a path, or `.` for a file at the root.
    public static func topDirectory(of path: String) -> String {
        guard let slash = path.firstIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }
}
