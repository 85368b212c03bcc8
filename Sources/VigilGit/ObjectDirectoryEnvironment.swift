/// Parses the object-directory variables git sets for hooks (`GIT_ALTERNATE_OBJECT_DIRECTORIES`).
///
/// git separates entries with `:` and C-quotes an entry that contains `:` or starts with `"`
/// (receive-pack does this for the main object directory during a quarantined push). libgit2 splits
/// on `:` without unquoting, so vigil parses the variable itself and adds what libgit2 missed.
public enum ObjectDirectoryEnvironment {
    public struct Entry: Equatable, Sendable {
        public var path: String
        /// True when git wrote the entry C-quoted (libgit2 cannot read such an entry by itself).
        public var wasQuoted: Bool
    }

    public static func parseAlternates(_ value: String) -> [Entry] {
        var entries: [Entry] = []
        var bytes = Array(value.utf8)[...]
        while !bytes.isEmpty {
            if bytes.first == UInt8(ascii: "\"") {
                bytes = bytes.dropFirst()
                var out: [UInt8] = []
                while let c = bytes.first, c != UInt8(ascii: "\"") {
                    bytes = bytes.dropFirst()
                    guard c == UInt8(ascii: "\\"), let next = bytes.first else { out.append(c); continue }
                    bytes = bytes.dropFirst()
                    switch next {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "a"): out.append(0x07)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "v"): out.append(0x0B)
                    case UInt8(ascii: "0")...UInt8(ascii: "3"):
                        // Three octal digits, as git's quote_c_style writes bytes >= 0x80.
                        var code = Int(next - UInt8(ascii: "0"))
                        for _ in 0..<2 {
                            guard let d = bytes.first, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(d) else { break }
                            code = code * 8 + Int(d - UInt8(ascii: "0"))
                            bytes = bytes.dropFirst()
                        }
                        out.append(UInt8(truncatingIfNeeded: code))
                    default: out.append(next)
                    }
                }
                bytes = bytes.dropFirst() // closing quote
                // Anything up to the next separator after a quoted entry is ignored, as git does.
                while let c = bytes.first, c != UInt8(ascii: ":") { bytes = bytes.dropFirst() }
                bytes = bytes.dropFirst()
                if !out.isEmpty { entries.append(Entry(path: String(decoding: out, as: UTF8.self), wasQuoted: true)) }
            } else {
                let entry = bytes.prefix(while: { $0 != UInt8(ascii: ":") })
                bytes = bytes.dropFirst(entry.count + 1)
                if !entry.isEmpty { entries.append(Entry(path: String(decoding: entry, as: UTF8.self), wasQuoted: false)) }
            }
        }
        return entries
    }
}
