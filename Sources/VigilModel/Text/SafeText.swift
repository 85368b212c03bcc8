/// Text from commits (subjects, names, paths, lines, notes) is written by whoever made the
/// commit: attacker-controlled. These make it harmless in each kind of output, so a subject can
/// never clear a screen, set a terminal title, plant a link, start a spreadsheet formula or
/// inject markup. JSON output is exact and needs none of this (its writer escapes by the spec).
public enum SafeText {
    /// For a terminal or any plain-text output: control characters (C0, DEL, C1) and the
    /// bidirectional-override characters used to disguise text ("Trojan Source") are written as
    /// visible escapes (`\x1b`, `\n`, `\u{202e}`); everything else is kept.
    public static func terminal(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else { out.unicodeScalars.append(scalar); continue }
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x80: out += "\\x" + hex(scalar.value, digits: 2)
            default: out += "\\u{" + hex(scalar.value, digits: scalar.value > 0xFFFF ? 5 : 4) + "}"
            }
        }
        return out
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || (0x202A...0x202E).contains(v) || v == 0x2028 || v == 0x2029
            || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
    }

    static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// For a CSV cell that a spreadsheet may open: OWASP's defence against formula injection, a
    /// leading `'` on a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
    /// (control characters are escaped as for a terminal first).
    public static func csvCell(_ text: String) -> String {
        let safe = terminal(text)
        guard let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return safe }
        return "'" + safe
    }

    /// For HTML text and attribute values.
    public static func html(_ text: String) -> String {
        var out = ""
        for scalar in terminal(text).unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// For Markdown text: HTML is neutralised as for HTML, and every character Markdown could read
    /// as syntax (links, images, emphasis, code, tables, headings) is backslash-escaped, so any
    /// renderer shows the text as written.
    public static func markdown(_ text: String) -> String {
        var out = ""
        for scalar in terminal(text).unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            // `-`, `+` and `.` only mean something at the start of a line, where commit text
            // never goes; `:` is escaped so no autolink (`https://…`) forms.
            case "\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "#", "!", "|", "~", ":":
                out += "\\"
                out.unicodeScalars.append(scalar)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A repository-relative path as an RFC 3986 URI reference (SARIF `artifactLocation.uri`):
    /// every byte but the unreserved characters and `/` percent-encoded. Bytes a path held that
    /// were not UTF-8 (kept as U+F780–U+F7FF, see `PathText`) go out as the bytes they were.
    public static func uriPath(_ path: String) -> String {
        var out = ""
        for byte in PathText.bytes(path) {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + hex(UInt32(byte), digits: 2).uppercased()
            }
        }
        return out
    }
}

/// Paths as git stores them are bytes, not always UTF-8. vigil keeps them as text without losing
/// a byte: valid UTF-8 stays as it is; each byte of an invalid sequence becomes the private-use
/// character U+F780 + (byte − 0x80), which `bytes(_:)` turns back into the byte.
public enum PathText {
    public static func decode(_ bytes: some Collection<UInt8>) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var out = ""
        var rest = Array(bytes)[...]
        while !rest.isEmpty {
            // The longest valid UTF-8 prefix, then one escaped byte.
            var length = rest.count
            while length > 0, String(validating: rest.prefix(length), as: UTF8.self) == nil { length -= 1 }
            if length > 0 {
                out += String(decoding: rest.prefix(length), as: UTF8.self)
                rest = rest.dropFirst(length)
            } else {
                // Only bytes 0x80 and above can start an invalid sequence.
                let byte = rest.removeFirst()
                out.unicodeScalars.append(Unicode.Scalar(0xF700 + UInt32(byte)) ?? "\u{FFFD}")
            }
        }
        return out
    }

    /// The bytes a path decoded by `decode` came from.
    public static func bytes(_ path: String) -> [UInt8] {
        var out: [UInt8] = []
        for scalar in path.unicodeScalars {
            if (0xF780...0xF7FF).contains(scalar.value) {
                out.append(UInt8(scalar.value - 0xF780 + 0x80))
            } else {
                out += Array(String(scalar).utf8)
            }
        }
        return out
    }
}
