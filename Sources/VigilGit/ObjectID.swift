import Clibgit2

/// A git object id (SHA-1), as a value that can cross threads.
public struct ObjectID: Hashable, Sendable, CustomStringConvertible, Comparable {
    var raw: git_oid

    init(_ raw: git_oid) { self.raw = raw }

    init(_ pointer: UnsafePointer<git_oid>) { self.raw = pointer.pointee }

    /// Parses a full 40-digit hexadecimal id; nil for anything else.
    public init?(hex: String) {
        guard hex.utf8.count == Int(GIT_OID_HEXSZ), hex.utf8.allSatisfy({ $0.isHexDigit }) else { return nil }
        var oid = git_oid()
        guard git_oid_fromstr(&oid, hex) == 0 else { return nil }
        self.raw = oid
    }

    /// The 40-digit lowercase hexadecimal form.
    public var hex: String {
        var copy = raw
        var buffer = [CChar](repeating: 0, count: Int(GIT_OID_HEXSZ) + 1)
        git_oid_tostr(&buffer, buffer.count, &copy)
        return String(decoding: buffer.prefix(Int(GIT_OID_HEXSZ)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The first `length` hex digits, as `git log --abbrev` shows without disambiguation.
    public func abbreviated(_ length: Int = 12) -> String { String(hex.prefix(length)) }

    public var description: String { hex }

    /// True for the all-zero id git uses for "no object" (ref creation and deletion).
    public var isZero: Bool {
        var copy = raw
        return git_oid_is_zero(&copy) == 1
    }

    public static func == (lhs: ObjectID, rhs: ObjectID) -> Bool {
        var l = lhs.raw, r = rhs.raw
        return git_oid_cmp(&l, &r) == 0
    }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
        var l = lhs.raw, r = rhs.raw
        return git_oid_cmp(&l, &r) < 0
    }

    public func hash(into hasher: inout Hasher) {
        withUnsafeBytes(of: raw.id) { hasher.combine(bytes: $0) }
    }
}

extension UInt8 {
    var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x61...0x66).contains(self) || (0x41...0x46).contains(self)
    }
}
