/// A git object id (SHA-1, 20 bytes), as a plain value: no C type, so it can be used, hashed and
/// compared anywhere, and crosses threads freely. VigilGit converts it to and from libgit2's `git_oid`.
public struct ObjectID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The 20 bytes in three big-endian words, so comparing words compares bytes in order.
    @usableFromInline let high: UInt64
    @usableFromInline let middle: UInt64
    @usableFromInline let low: UInt32

    public static let byteCount = 20
    public static let hexLength = 40

    /// The id whose 20 bytes start at `pointer` (a tree entry, a libgit2 `git_oid`): three loads,
    /// no copy. This runs for every entry of every tree a scan reads.
    @inlinable
    public init(rawPointer pointer: UnsafeRawPointer) {
        high = UInt64(bigEndian: pointer.loadUnaligned(as: UInt64.self))
        middle = UInt64(bigEndian: pointer.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        low = UInt32(bigEndian: pointer.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
    }

    /// The id whose bytes are `bytes` (exactly 20), or nil.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self = bytes.withUnsafeBytes { ObjectID(rawPointer: $0.baseAddress!) }
    }

    /// The id's 20 bytes, in order, for the length of `body`.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let words = (high.bigEndian, middle.bigEndian, low.bigEndian)
        return try Swift.withUnsafeBytes(of: words) { try body(UnsafeRawBufferPointer(rebasing: $0.prefix(ObjectID.byteCount))) }
    }

    /// Parses a full 40-digit hexadecimal id (either case); nil for anything else.
    public init?(hex: String) {
        let utf8 = hex.utf8
        guard utf8.count == Self.hexLength else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.byteCount)
        var pending: UInt8?
        for character in utf8 {
            guard let nibble = Self.nibble(character) else { return nil }
            if let high = pending {
                bytes.append(high << 4 | nibble)
                pending = nil
            } else {
                pending = nibble
            }
        }
        self.init(bytes: bytes)
    }

    /// The all-zero id git uses for "no object" (ref creation and deletion).
    public static let zero = ObjectID(bytes: [UInt8](repeating: 0, count: 20))!

    /// Equal and hashed by the three words (not the synthesised path through every property).
    @inlinable
    public static func == (lhs: ObjectID, rhs: ObjectID) -> Bool {
        lhs.high == rhs.high && lhs.middle == rhs.middle && lhs.low == rhs.low
    }

    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(high)
        hasher.combine(middle)
        hasher.combine(low)
    }

    public var isZero: Bool { high == 0 && middle == 0 && low == 0 }

    /// The 20 bytes, in order.
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// The 40-digit lowercase hexadecimal form.
    public var hex: String {
        withUnsafeBytes { bytes in
            String(unsafeUninitializedCapacity: Self.hexLength) { out in
                let digits: StaticString = "0123456789abcdef"
                let table = digits.utf8Start
                for index in 0..<Self.byteCount {
                    out[2 * index] = table[Int(bytes[index] >> 4)]
                    out[2 * index + 1] = table[Int(bytes[index] & 0x0F)]
                }
                return Self.hexLength
            }
        }
    }

    /// The first `length` hex digits, as `git log --abbrev` shows without disambiguation.
    public func abbreviated(_ length: Int = 12) -> String { String(hex.prefix(length)) }

    public var description: String { hex }

    @inlinable
    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
        (lhs.high, lhs.middle, lhs.low) < (rhs.high, rhs.middle, rhs.low)
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

extension UInt8 {
    /// True for an ASCII hexadecimal digit.
    public var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x61...0x66).contains(self) || (0x41...0x46).contains(self)
    }
}
