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
