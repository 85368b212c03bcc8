/// Reads the RFC 4253 encodings SSH uses: big-endian `uint32`, length-prefixed `string`, `mpint`.
/// Every read is bounds-checked: the bytes come from a push.
struct SSHWireReader {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { position == bytes.count }

    mutating func raw(_ count: Int) throws(SSHSignatureError) -> [UInt8] {
        guard count >= 0, bytes.count - position >= count else { throw .malformed("ends early") }
        defer { position += count }
        return Array(bytes[position..<(position + count)])
    }

    mutating func uint32() throws(SSHSignatureError) -> UInt32 {
        let four = try raw(4)
        return four.reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func string() throws(SSHSignatureError) -> [UInt8] {
        let length = try uint32()
        guard length <= 1 << 20 else { throw .malformed("a field is too long") }
        return try raw(Int(length))
    }

    mutating func text() throws(SSHSignatureError) -> String {
        String(decoding: try string(), as: UTF8.self)
    }

    /// An `mpint` as unsigned big-endian magnitude (leading zero bytes dropped); negative values are refused.
    mutating func unsignedInteger() throws(SSHSignatureError) -> [UInt8] {
        let value = try string()
        if let first = value.first, first & 0x80 != 0 { throw .malformed("negative integer") }
        return Array(value.drop { $0 == 0 })
    }
}

/// Writes the same encodings (for the buffer SSHSIG signs).
enum SSHWireWriter {
    static func string(_ bytes: [UInt8]) -> [UInt8] {
        let n = UInt32(bytes.count)
        return [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + bytes
    }
}
