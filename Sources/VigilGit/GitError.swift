import Clibgit2

/// An error reported by libgit2, carrying libgit2's own message.
public struct GitError: Error, CustomStringConvertible, Sendable, Equatable {
    /// libgit2's error code (`GIT_ENOTFOUND`, `GIT_EAMBIGUOUS`, ...), or -1 for a generic failure.
    public let code: Int32
    /// libgit2's error class (`GIT_ERROR_ODB`, `GIT_ERROR_REFERENCE`, ...), or 0 when libgit2 set none.
    public let errorClass: Int32
    /// What libgit2 said, prefixed with what vigil was doing.
    public let message: String

    public init(code: Int32, errorClass: Int32 = 0, message: String) {
        self.code = code
        self.errorClass = errorClass
        self.message = message
    }

    public var description: String { message }

    /// True when the object or reference asked for does not exist (for instance a blob missing from a partial clone).
    public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }

    /// Reads libgit2's thread-local last error. Call it right after the failing call, on the same thread.
    static func last(code: Int32, doing context: String) -> GitError {
        var detail = "unknown libgit2 error"
        var klass: Int32 = 0
        if let err = git_error_last(), let text = err.pointee.message {
            detail = String(cString: text)
            klass = err.pointee.klass
        }
        return GitError(code: code, errorClass: klass, message: "\(context): \(detail)")
    }
}

/// Throws the last libgit2 error when `result` is negative.
@inline(__always)
func check(_ result: Int32, _ context: @autoclosure () -> String) throws {
    if result < 0 { throw GitError.last(code: result, doing: context()) }
}
