import VigilModel

/// Forge timestamps: ISO 8601 with optional fractional seconds (`2016-06-08T21:20:42.470Z`,
/// `2026-11-20T10:00:00+01:00`), as seconds since the epoch.
public enum ForgeTime {
    public static func parse(_ text: String?) -> Int64? {
        guard var text else { return nil }
        // Drop a fraction of a second: `…:42.470Z` → `…:42Z`.
        if text.utf8.count > 19, let dot = text.firstIndex(of: "."), text.distance(from: text.startIndex, to: dot) == 19 {
            let rest = text[text.index(after: dot)...].drop { $0.isNumber }
            text = String(text[..<dot]) + rest
        }
        return Timestamp.parseISO8601(text)?.seconds
    }

    public static func iso8601(_ seconds: Int64) -> String { Timestamp.iso8601(seconds: seconds, offsetMinutes: 0) }
}

/// JSON parsing for forge answers, with the message a malformed one deserves.
enum JSONValueReader {
    static func parse(_ text: String) throws -> JSONValue { try JSONValue(parsing: text) }

    static func parse(_ response: HTTPResponse, what: String) throws -> JSONValue {
        do { return try JSONValue(parsing: response.text) } catch {
            throw ForgeError(.unavailable, "the forge's answer for \(what) is not JSON (\(error))")
        }
    }
}
