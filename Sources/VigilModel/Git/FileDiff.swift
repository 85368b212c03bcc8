/// The changed lines of one file, with their line numbers (old side for removed, new side for
/// added), and both sides' whole content when they were read: the risk engine's input. A plain
/// commit's diff against its first parent makes one; so can any other pair of file versions (a
/// merge's own changes), since nothing here says where the content came from.
public struct FileDiff: Sendable, Hashable {
    public struct Line: Sendable, Hashable {
        public var number: Int
        public var text: String
        /// Which hunk of the zero-context diff holds the line (removed and added lines of one
        /// hunk replace each other).
        public var hunk: Int
        public init(number: Int, text: String, hunk: Int = 0) {
            self.number = number
            self.text = text
            self.hunk = hunk
        }
    }

    public enum Content: Sendable, Hashable {
        case lines(added: [Line], removed: [Line])
        case binary
        /// A side is larger than the limit: not read, only noted.
        case tooLarge(bytes: Int)
        /// A blob the repository lacks (partial clone) or cannot read.
        case unreadable
    }

    public var change: FileChange
    public var content: Content
    /// The old and new file, byte for byte, when read (nil for the side an addition or deletion
    /// lacks, or when the content was not read).
    public var oldBytes: [UInt8]?
    public var newBytes: [UInt8]?

    public init(change: FileChange, content: Content, oldBytes: [UInt8]? = nil, newBytes: [UInt8]? = nil) {
        self.change = change
        self.content = content
        self.oldBytes = oldBytes
        self.newBytes = newBytes
    }
}

/// One file's change as hunks with context lines, for showing a change to a person (`vigil show`).
public struct FilePatch: Sendable, Hashable {
    public struct Line: Sendable, Hashable {
        public enum Origin: Sendable, Hashable { case context, added, removed }
        public var origin: Origin
        /// Line number on the old side (nil for added lines).
        public var oldNumber: Int?
        /// Line number on the new side (nil for removed lines).
        public var newNumber: Int?
        public var text: String

        public init(origin: Origin, oldNumber: Int?, newNumber: Int?, text: String) {
            self.origin = origin
            self.oldNumber = oldNumber
            self.newNumber = newNumber
            self.text = text
        }
    }

    public struct Hunk: Sendable, Hashable {
        /// The `@@ -a,b +c,d @@` header, as git writes it.
        public var header: String
        public var lines: [Line]

        public init(header: String, lines: [Line]) {
            self.header = header
            self.lines = lines
        }

        /// True when this hunk shows `line` of the given side (old for removed lines, new otherwise).
        public func contains(line number: Int, oldSide: Bool) -> Bool {
            lines.contains { (oldSide ? $0.oldNumber : $0.newNumber) == number }
        }
    }

    public enum Content: Sendable, Hashable {
        case hunks([Hunk])
        case binary
        case tooLarge(bytes: Int)
        case unreadable
    }

    public var change: FileChange
    public var content: Content

    public init(change: FileChange, content: Content) {
        self.change = change
        self.content = content
    }
}
