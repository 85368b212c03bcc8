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
            ("Merged without a recorded reviewer", "\(c.mergedUnverified) (\(Figure.percent(c.mergedUnverifiedShare)))",
             "\(p.mergedUnverified) (\(Figure.percent(p.mergedUnverifiedShare)))", Figure.delta(c.mergedUnverified, p.mergedUnverified)),
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

    /// `vigil monthly report: June 2026`, `vigil weekly report: 2026-W47`.
    var heading: String { "\(title): \(period.kind == .week ? period.label : period.name)" }

    /// What review coverage counts, and why it reads low when merges record no reviewer.
    var coverageNote: String? {
        let c = current
        guard c.mergedUnverified > 0 else { return nil }
        return "Review coverage counts a commit as reviewed only when git records that a human other than its author approved it "
            + "(an approval trailer, or a merge commit made by another human). \(c.mergedUnverified) of \(c.commits) commits this period "
            + "(\(Figure.percent(c.mergedUnverifiedShare))) are merged-unverified: they came through a pull or merge request, but a squash or "
            + "rebase merge keeps no record of who approved it, so git cannot tell whether anyone did. Ask the forge for those."
    }

    /// The action list's empty-state sentence.
    var noActionText: String {
        "No AI-made commit with a finding of high severity or more went without a human reviewer this period."
    }

    var actionIntro: String {
        "AI-made commits that no human other than the author approved, with a finding of high severity or more, "
            + "highest risk first: each commit once, with its high and critical findings of all its findings."
    }

    var botText: String {
        let commits = botFlagged.count, findings = botFlagged.reduce(0) { $0 + $1.flags.count }
        return "\(findings) finding(s) in \(commits) commit(s) by automation (dependency and release bots), kept apart from the commits above."
    }

    var periodText: String { "\(DateText.day(period.start)) to \(DateText.day(period.end - 1))" }
}
