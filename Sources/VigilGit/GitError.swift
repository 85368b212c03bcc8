import CLibgit2

/// A failure reading a repository, typed where it is raised so callers decide on the kind, never
/// on the message text.
public struct GitError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// The path is not (inside) a git repository, or it cannot be opened.
        case notARepository = "not-a-repository"
        /// A revision the user wrote names nothing, or nothing of the right kind.
        case badRevision = "bad-revision"
        /// An object or reference that should exist does not (a shallow or partial clone's gap, a
        /// damaged repository, an id that was never pushed).
        case notFound = "not-found"
        /// An object exists but cannot be read: a truncated or corrupt pack or loose object.
        case corrupt
        /// An object reads but is not well formed (a commit with no author, a bad tree entry).
        case malformed
        /// Anything else libgit2 reports (I/O, out of memory, an unsupported repository).
        case other
    }

    public let kind: Kind
    /// What went wrong, naming the object, path or revision, with libgit2's own words when it gave any.
    public let message: String
    /// libgit2's error code, or 0 when the error did not come from libgit2.
    public let code: Int32

    public init(_ kind: Kind, _ message: String, code: Int32 = 0) {
        self.kind = kind
        self.message = message
        self.code = code
    }

    public var description: String { message }

    /// True when the repository is damaged or incomplete (as opposed to a mistake in what was asked).
    public var isUnreadable: Bool { kind == .notFound || kind == .corrupt || kind == .malformed || kind == .other }

    /// libgit2's thread-local last error, read and cleared right after the failing call.
    static func fromLibgit2(code: Int32, doing context: String, kind: Kind? = nil) -> GitError {
        var detail = "unknown libgit2 error"
        var errorClass: Int32 = 0
        if let err = git_error_last(), let text = err.pointee.message {
            detail = String(cString: text)
            errorClass = err.pointee.klass
        }
        git_error_clear()
        let decided: Kind
        if let kind {
            decided = kind
        } else if code == GIT_ENOTFOUND.rawValue {
            decided = .notFound
        } else {
            switch UInt32(bitPattern: errorClass) {
            case GIT_ERROR_ZLIB.rawValue, GIT_ERROR_ODB.rawValue, GIT_ERROR_OBJECT.rawValue, GIT_ERROR_INDEXER.rawValue:
                decided = .corrupt
            default:
                decided = .other
            }
        }
        return GitError(decided, "\(context): \(detail)", code: code)
    }
}

/// Throws libgit2's last error when `result` is negative.
@inline(__always)
func check(_ result: Int32, _ context: @autoclosure () -> String, kind: GitError.Kind? = nil) throws {
    if result < 0 { throw GitError.fromLibgit2(code: result, doing: context(), kind: kind) }
}
