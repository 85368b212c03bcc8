import VigilModel

/// Number formatting shared by the renderers: fixed, locale-free, stable.
enum Figure {
    static func percent(_ share: Double?) -> String {
        guard let share else { return "–" }
        let tenths = Int((share * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// The change between two shares in percentage points, signed.
    static func points(_ now: Double?, _ before: Double?) -> String {
        guard let now, let before else { return "–" }
        let tenths = Int(((now - before) * 1000).rounded())
        let sign = tenths > 0 ? "+" : tenths < 0 ? "−" : "±"
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10) pts"
    }

    static func delta(_ now: Int, _ before: Int) -> String {
        now == before ? "±0" : now > before ? "+\(now - before)" : "−\(before - now)"
    }

    static func hours(_ h: Double) -> String {
        let tenths = Int((h * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    static func categories(_ counts: [RiskCategory: Int]) -> String {
        let parts = RiskCategory.allCases.compactMap { c in counts[c].map { "\(c.rawValue) \($0)" } }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }
}

/// The headline rows: label, this period, previous period, change.
extension ReportModel {
    var headline: [(String, String, String, String)] {
        let c = current, p = previous
        return [
            ("Commits", "\(c.commits)", "\(p.commits)", Figure.delta(c.commits, p.commits)),
            ("AI share of commits", Figure.percent(c.aiShare), Figure.percent(p.aiShare), Figure.points(c.aiShare, p.aiShare)),
            ("AI share of changed lines", Figure.percent(c.aiLineShare), Figure.percent(p.aiLineShare), Figure.points(c.aiLineShare, p.aiLineShare)),
            ("Review coverage, all commits", Figure.percent(c.coverage), Figure.percent(p.coverage), Figure.points(c.coverage, p.coverage)),
            ("Review coverage, AI-made commits", Figure.percent(c.aiCoverage), Figure.percent(p.aiCoverage), Figure.points(c.aiCoverage, p.aiCoverage)),
            ("Flagged commits", "\(c.flaggedCommits)", "\(p.flaggedCommits)", Figure.delta(c.flaggedCommits, p.flaggedCommits)),
            ("Flags by category", Figure.categories(c.flagsByCategory), Figure.categories(p.flagsByCategory), ""),
            ("Flags by severity", Severity.allCases.reversed().map { "\($0.rawValue) \(c.flagsBySeverity[$0] ?? 0)" }.joined(separator: ", "),
             Severity.allCases.reversed().map { "\($0.rawValue) \(p.flagsBySeverity[$0] ?? 0)" }.joined(separator: ", "), ""),
            ("Unreviewed flags, high and above", "\(c.unreviewedHighFlags)", "\(p.unreviewedHighFlags)", Figure.delta(c.unreviewedHighFlags, p.unreviewedHighFlags)),
        ]
    }

    /// Agents seen in the trend, most commits first.
    var trendAgents: [String] {
        var totals: [String: Int] = [:]
        for w in weeks { for (a, n) in w.figures.byAgent { totals[a, default: 0] += n } }
        return totals.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
    }

    var periodText: String { "\(DateText.day(period.start)) to \(DateText.day(period.end - 1))" }
}
