import Clibgit2
import Foundation

/// A person or program as git records it: name, email and, for authors and committers, a time.
public struct Identity: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var email: String
    /// Seconds since the Unix epoch; 0 for identities without a time (trailer co-authors).
    public var time: Int64
    /// The recorded time zone offset, in minutes east of UTC.
    public var offsetMinutes: Int32

    public init(name: String, email: String, time: Int64 = 0, offsetMinutes: Int32 = 0) {
        self.name = name
        self.email = email
        self.time = time
        self.offsetMinutes = offsetMinutes
    }

    /// Parses `Name <email>` as trailers and `--author` write it; a bare email or name is accepted.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        if let open = trimmed.lastIndex(of: "<"), let close = trimmed.lastIndex(of: ">"), open < close {
            self.name = String(trimmed[..<open]).trimmingCharacters(in: .whitespaces)
            self.email = String(trimmed[trimmed.index(after: open)..<close]).trimmingCharacters(in: .whitespaces)
        } else if trimmed.contains("@") && !trimmed.contains(" ") {
            self.name = ""
            self.email = trimmed
        } else {
            self.name = trimmed
            self.email = ""
        }
        self.time = 0
        self.offsetMinutes = 0
    }

    init(_ signature: UnsafePointer<git_signature>, encoding: String?) {
        let sig = signature.pointee
        self.name = TextDecoding.decode(cString: sig.name, declaredEncoding: encoding).text
        self.email = TextDecoding.decode(cString: sig.email, declaredEncoding: encoding).text
        self.time = sig.when.time
        self.offsetMinutes = sig.when.offset
    }

    public var description: String { email.isEmpty ? name : "\(name) <\(email)>" }
}

