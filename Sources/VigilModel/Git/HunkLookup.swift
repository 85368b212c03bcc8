/// What can be shown of a finding's place in its commit's diff (`vigil show`, the commit page).
public enum HunkLookup: Sendable {
    /// The hunk, and the index in it of the flagged line (nil for a file-level finding).
    case hunk(FilePatch.Hunk, flagged: Int?)
    /// Why no hunk is shown.
    case none(String)
}
