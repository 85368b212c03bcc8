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
        let trimmed = text.trimmedSpaces
        guard !trimmed.isEmpty else { return nil }
        if let open = trimmed.lastIndex(of: "<"), let close = trimmed.lastIndex(of: ">"), open < close {
            self.name = String(trimmed[..<open]).trimmedSpaces
            self.email = String(trimmed[trimmed.index(after: open)..<close]).trimmedSpaces
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

    public var description: String { email.isEmpty ? name : "\(name) <\(email)>" }

    /// Same person: same email (any case), or the same name when either side has no email.
    public func isSamePerson(as other: Identity) -> Bool {
        if !email.isEmpty && !other.email.isEmpty { return email.lowercased() == other.email.lowercased() }
        return name.lowercased() == other.name.lowercased()
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs (a byte scan: no Foundation).
    public var trimmedSpaces: String {
        var utf8 = Substring(self).utf8[...]
        while let first = utf8.first, first == 0x20 || first == 0x09 { utf8 = utf8.dropFirst() }
        while let last = utf8.last, last == 0x20 || last == 0x09 { utf8 = utf8.dropLast() }
        return String(Substring(utf8))
    }
}
