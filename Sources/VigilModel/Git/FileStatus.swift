/// What happened to a file in a commit, as the rules tell changes apart.
public enum FileStatus: String, Sendable, CaseIterable {
    case added, deleted, modified
    /// Renamed with the content byte for byte the same.
    case renamed
    /// Renamed with the content edited (paired by similarity, as git's rename detection pairs).
    case renamedEdited = "renamed-edited"
    /// Only the file mode changed (the executable bit).
    case modeChanged = "mode-changed"
    /// The path changed kind (a file became a link or a submodule).
    case typeChanged = "type-changed"

    public init(_ change: FileChange) {
        switch change.status {
        case .added: self = .added
        case .deleted: self = .deleted
        case .typeChanged: self = .typeChanged
        case .renamed: self = change.oldID == change.newID ? .renamed : .renamedEdited
        case .modified: self = change.oldID == change.newID ? .modeChanged : .modified
        }
    }

    /// True when the file's lines changed in place (the statuses a line rule reads by default).
    public var editsLines: Bool { self == .modified || self == .renamedEdited }
}
