/// One file a commit changed, as its tree diff says (no content read yet).
public struct FileChange: Sendable, Hashable {
    public enum Status: String, Sendable {
        case added, deleted, modified, renamed
        /// The path changed kind (file to link, file to submodule...).
        case typeChanged = "type-changed"
    }

    public var status: Status
    /// The path before the change (nil when added).
    public var oldPath: String?
    /// The path after the change (nil when deleted).
    public var newPath: String?
    public var oldID: ObjectID?
    public var newID: ObjectID?
    public var oldMode: UInt32
    public var newMode: UInt32

    public init(status: Status, oldPath: String?, newPath: String?, oldID: ObjectID?, newID: ObjectID?, oldMode: UInt32, newMode: UInt32) {
        self.status = status
        self.oldPath = oldPath
        self.newPath = newPath
        self.oldID = oldID
        self.newID = newID
        self.oldMode = oldMode
        self.newMode = newMode
    }

    /// The path a reader would name: the new one, or the old one for a deletion.
    public var path: String { newPath ?? oldPath ?? "" }

    /// True for a submodule (a gitlink entry): git counts its change as one line per side.
    public var isSubmodule: Bool {
        (newPath != nil ? newMode : oldMode) & 0o170000 == 0o160000
    }

    /// True for a rename that kept the content byte for byte.
    public var isPureRename: Bool { status == .renamed && oldID == newID }
}
