/// A half-open span of time, [start, end), in seconds since the epoch (UTC).
public struct ReportPeriod: Sendable, Equatable {
    public var start: Int64
    public var end: Int64
    public var label: String

    public init(start: Int64, end: Int64, label: String) {
        self.start = start
        self.end = end
        self.label = label
    }

    public func contains(_ time: Int64) -> Bool { time >= start && time < end }

    /// What kind of span this is, for the report's title.
    public enum Kind: Sendable, Equatable { case week, month, span }

    /// A whole ISO week, a whole calendar month (UTC), or any other span.
    public var kind: Kind {
        if end - start == 604_800, Self.week(containing: start).start == start { return .week }
        let first = DateText.civil(Self.floorDiv(start, 86_400))
        guard start % 86_400 == 0, first.day == 1 else { return .span }
        let next = first.month == 12 ? Self.daysFromCivil(Int(first.year) + 1, 1, 1) : Self.daysFromCivil(Int(first.year), Int(first.month) + 1, 1)
        return end == next * 86_400 ? .month : .span
    }

    /// `week 2026-W47`, `June 2026`, or the label (`2026-06-03 to 2026-06-17`).
    public var name: String {
        switch kind {
        case .week: return "week " + Self.isoWeekLabel(start)
        case .month:
            let c = DateText.civil(Self.floorDiv(start, 86_400))
            let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
            return "\(months[Int(c.month) - 1]) \(c.year)"
        case .span: return label
        }
    }

    /// `vigil weekly report`, `vigil monthly report` or `vigil report`.
    public var defaultTitle: String {
        switch kind {
        case .week: "vigil weekly report"
        case .month: "vigil monthly report"
        case .span: "vigil report"
        }
    }

    /// The period of the same length just before this one.
    public var previous: ReportPeriod {
        let length = end - start
        return ReportPeriod(start: start - length, end: start, label: "previous \(length / 86_400) days")
    }

    /// An ISO 8601 week, `2026-W47`: Monday 00:00 UTC to the next Monday.
    public static func isoWeek(_ text: String) -> ReportPeriod? {
        let parts = text.uppercased().split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), parts[1].hasPrefix("W"), let week = Int(parts[1].dropFirst()),
              (1...53).contains(week) else { return nil }
        let start = mondayOfWeekOne(year) + Int64(week - 1) * 604_800
        guard week < 53 || isoWeekLabel(start) == text.uppercased() else { return nil }
        return ReportPeriod(start: start, end: start + 604_800, label: isoWeekLabel(start))
    }

    /// The ISO week containing `time`, as a period.
    public static func week(containing time: Int64) -> ReportPeriod {
        let days = floorDiv(time, 86_400)
        let weekday = (days + 3) % 7 // 1970-01-01 was a Thursday: Monday = 0
        let monday = (days - (weekday < 0 ? weekday + 7 : weekday)) * 86_400
        return ReportPeriod(start: monday, end: monday + 604_800, label: isoWeekLabel(monday))
    }

    /// `2026-W47` for the week starting on the Monday `monday`.
    static func isoWeekLabel(_ monday: Int64) -> String {
        let thursday = monday + 3 * 86_400
        let year = civilYear(thursday)
        let week = (thursday - mondayOfWeekOne(year)) / 604_800 + 1
        return "\(year)-W\(week < 10 ? "0" : "")\(week)"
    }

    static func mondayOfWeekOne(_ year: Int) -> Int64 {
        // Week one holds January 4th.
        let jan4 = daysFromCivil(year, 1, 4)
        let weekday = (jan4 + 3) % 7
        return (jan4 - (weekday < 0 ? weekday + 7 : weekday)) * 86_400
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }

    static func civilYear(_ time: Int64) -> Int { Int(DateText.civil(floorDiv(time, 86_400)).year) }

    static func daysFromCivil(_ y: Int, _ m: Int, _ d: Int) -> Int64 {
        Timestamp.daysFromCivil(year: Int64(y), month: Int64(m), day: Int64(d))
    }
}

/// Dates as the report prints them (UTC), without Foundation formatters, so output is stable.
public enum DateText {
    static func civil(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) { Timestamp.civil(days: days) }

    public static func day(_ time: Int64) -> String {
        let c = civil(ReportPeriod.floorDiv(time, 86_400))
        return "\(c.year)-\(c.month < 10 ? "0" : "")\(c.month)-\(c.day < 10 ? "0" : "")\(c.day)"
    }
}
