import Foundation

/// How bytes from a commit (names, messages) become text.
///
/// Histories hold messages in legacy encodings and plain invalid UTF-8. vigil never fails on them:
/// valid UTF-8 is taken as is; otherwise the encoding the commit declares (its `encoding` header) is
/// used when Foundation knows it; otherwise each byte is read as ISO-8859-1, which maps every byte to
/// a character, so nothing is lost and nothing is replaced.
public enum TextDecoding {
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, declaredEncoding: String? = nil) -> (text: String, encoding: String?) {
        if let declared = declaredEncoding, !isUTF8Name(declared), let encoding = foundationEncoding(named: declared),
           let text = String(bytes: bytes, encoding: encoding) {
            return (text, declared)
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            return (text, nil)
        }
        if let declared = declaredEncoding, let encoding = foundationEncoding(named: declared),
           let text = String(bytes: bytes, encoding: encoding) {
            return (text, declared)
        }
        return (String(bytes.lazy.map { Character(Unicode.Scalar($0)) }), "ISO-8859-1")
    }

    public static func decode(cString: UnsafePointer<CChar>?, declaredEncoding: String? = nil) -> (text: String, encoding: String?) {
        guard let cString else { return ("", nil) }
        let length = strlen(cString)
        return cString.withMemoryRebound(to: UInt8.self, capacity: length) {
            decode(UnsafeBufferPointer(start: $0, count: length), declaredEncoding: declaredEncoding)
        }
    }

    static func isUTF8Name(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower == "utf-8" || lower == "utf8"
    }

    static func foundationEncoding(named name: String) -> String.Encoding? {
        switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": return .utf8
        case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1": return .isoLatin1
        case "iso-8859-2", "iso8859-2", "latin2": return .isoLatin2
        case "windows-1252", "cp1252": return .windowsCP1252
        case "windows-1251", "cp1251": return .windowsCP1251
        case "windows-1250", "cp1250": return .windowsCP1250
        case "shift-jis", "shift_jis", "sjis": return .shiftJIS
        case "euc-jp": return .japaneseEUC
        case "us-ascii", "ascii": return .ascii
        case "utf-16": return .utf16
        default: return nil
        }
    }
}
