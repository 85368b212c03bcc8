/// ISO 8601 text for a git time, in the time zone the commit recorded.
/// Hand-rolled: formatters from Foundation cost more than the rest of a commit's output.
public enum Timestamp {
    public static func iso8601(seconds: Int64, offsetMinutes: Int32) -> String {
        let local = seconds + Int64(offsetMinutes) * 60
        var days = local / 86_400
        var secondsOfDay = local % 86_400
        if secondsOfDay < 0 { secondsOfDay += 86_400; days -= 1 }
        let (year, month, day) = civil(days: days)
        let zone: String
        if offsetMinutes == 0 {
            zone = "Z"
        } else {
            let sign = offsetMinutes < 0 ? "-" : "+"
            let magnitude = abs(Int(offsetMinutes))
            zone = sign + pad(magnitude / 60) + ":" + pad(magnitude % 60)
        }
        return "\(pad(Int(year), 4))-\(pad(Int(month)))-\(pad(Int(day)))T\(pad(Int(secondsOfDay / 3600))):\(pad(Int(secondsOfDay % 3600 / 60))):\(pad(Int(secondsOfDay % 60)))\(zone)"
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
    public static func civil(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The calendar date (UTC) of a time, `YYYY-MM-DD`.
    public static func date(seconds: Int64, offsetMinutes: Int32) -> String {
        String(iso8601(seconds: seconds, offsetMinutes: offsetMinutes).prefix(10))
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

extension Timestamp {
    /// Reads back what `iso8601` writes (`2026-01-05T10:00:00+01:00`, `…Z`): seconds and the zone.
    public static func parseISO8601(_ text: String) -> (seconds: Int64, offsetMinutes: Int32)? {
        let b = Array(text.utf8)
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":") else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for i in range {
                guard (0x30...0x39).contains(b[i]) else { return nil }
                value = value * 10 + Int64(b[i] - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19) else { return nil }
        var offset: Int32 = 0
        if b[19] != UInt8(ascii: "Z") {
            guard b.count >= 25, b[19] == UInt8(ascii: "+") || b[19] == UInt8(ascii: "-"), let h = number(20..<22), let m = number(23..<25) else { return nil }
            offset = Int32(h * 60 + m) * (b[19] == UInt8(ascii: "-") ? -1 : 1)
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let local = days * 86_400 + hour * 3600 + minute * 60 + second
        return (local - Int64(offset) * 60, offset)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (the inverse of `civil(days:)`).
    public static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
