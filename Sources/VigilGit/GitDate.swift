import Foundation

/// Dates as git users write them for `--since` and `--until`.
public enum GitDate {
    /// Accepts `2026-11-01`, `2026-11-01T10:00:00Z` (and other ISO 8601 forms), `2026-11-01 10:00[:00]`,
    /// `@1767225600` (Unix seconds), and relative forms `N second(s)|minute(s)|hour(s)|day(s)|week(s)|month(s)|year(s) ago`,
    /// `yesterday`, `now`. Dates without a zone are UTC, so results do not depend on the machine.
    public static func parse(_ text: String, now: Date = Date()) -> Int64? {
        let input = text.trimmingCharacters(in: .whitespaces).lowercased()
        if input.hasPrefix("@"), let seconds = Int64(input.dropFirst()) { return seconds }
        if input == "now" { return Int64(now.timeIntervalSince1970) }
        if input == "yesterday" { return Int64(now.timeIntervalSince1970) - 86_400 }
        if let relative = parseRelative(input, now: now) { return relative }
        let iso = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds]] {
            iso.formatOptions = options
            if let date = iso.date(from: text.trimmingCharacters(in: .whitespaces)) { return Int64(date.timeIntervalSince1970) }
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: input.uppercased()) { return Int64(date.timeIntervalSince1970) }
        }
        return nil
    }

    private static func parseRelative(_ input: String, now: Date) -> Int64? {
        let words = input.split(separator: " ").map(String.init)
        guard words.count == 3, words[2] == "ago", let count = Int64(words[0]), count >= 0 else { return nil }
        var unit = words[1]
        if unit.hasSuffix("s") { unit.removeLast() }
        let seconds: Int64
        switch unit {
        case "second": seconds = 1
        case "minute": seconds = 60
        case "hour": seconds = 3_600
        case "day": seconds = 86_400
        case "week": seconds = 604_800
        case "month": seconds = 2_592_000
        case "year": seconds = 31_536_000
        default: return nil
        }
        return Int64(now.timeIntervalSince1970) - count * seconds
    }
}
