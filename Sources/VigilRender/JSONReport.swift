import VigilModel

/// The report's figures as JSON, for dashboards.
public enum JSONReport {
    public static func render(_ m: ReportModel) -> String {
        func share(_ v: Double?) -> JSONValue { v.map { .double(($0 * 10_000).rounded() / 10_000) } ?? .null }
        func figures(_ f: PeriodFigures) -> JSONValue {
            .object([
                ("commits", .int(f.commits)), ("aiCommits", .int(f.aiCommits)), ("aiShare", share(f.aiShare)),
                ("changedLines", .int(f.changedLines)), ("aiLines", .int(f.aiLines)), ("aiLineShare", share(f.aiLineShare)),
                ("reviewed", .int(f.reviewed)), ("coverage", share(f.coverage)), ("aiReviewed", .int(f.aiReviewed)), ("aiCoverage", share(f.aiCoverage)),
                ("flaggedCommits", .int(f.flaggedCommits)),
                ("mergedUnverified", .int(f.mergedUnverified)), ("aiMergedUnverified", .int(f.aiMergedUnverified)),
                ("flagsByCategory", .object(RiskCategory.allCases.map { ($0.rawValue, .int(f.flagsByCategory[$0] ?? 0)) })),
                ("flagsBySeverity", .object(Severity.allCases.reversed().map { ($0.rawValue, .int(f.flagsBySeverity[$0] ?? 0)) })),
                ("unreviewedHighFlags", .int(f.unreviewedHighFlags)),
                ("byAgent", .object(f.byAgent.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
            ])
        }
        let doc: JSONValue = .object([
            ("title", .string(m.title)), ("heading", .string(m.heading)), ("branch", .string(m.branch)), ("period", .string(m.period.label)),
            ("from", .string(DateText.day(m.period.start))), ("to", .string(DateText.day(m.period.end - 1))),
            ("current", figures(m.current)), ("previous", figures(m.previous)),
            ("weeks", .array(m.weeks.map { .object([("week", .string($0.period.label)), ("figures", figures($0.figures)), ("longestAIRun", .int($0.longestRun))]) })),
            ("aiLinesByDirectory", .object(m.aiLinesByDirectory.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
            ("autonomyRuns", .array(m.runs.map { r in
                .object([("commits", .int(r.length)), ("hours", .double((r.hours * 10).rounded() / 10)), ("first", .string(r.first.hex)),
                         ("last", .string(r.last.hex)), ("agents", .array(r.agents.map { .string($0) }))])
            })),
            ("flaggedCommits", .array(m.flagged.map { c in
                .object([("commit", .string(c.id.hex)), ("date", .string(DateText.day(c.time))), ("subject", .string(c.subject)),
                         ("class", .string(c.klass.rawValue)), ("agents", .array(c.agents.map { .string($0) })), ("review", .string(c.review.rawValue)),
                         ("triage", c.triage.map { .string($0) } ?? .null), ("url", m.link(c.id).map { .string($0) } ?? .null),
                         ("rules", .array(Array(Set(c.flags.map(\.rule))).sorted().map { .string($0) })),
                         ("severity", .string(c.topSeverity.rawValue)), ("findings", .int(c.flags.count)),
                         ("highFindings", .int(c.highFindings)), ("risk", .double(c.risk)), ("needsAction", .bool(c.needsAction)),
                         ("bots", .array(c.bots.map { .string($0) }))])
            })),
            ("actionCommits", .array(m.actions.map { .string($0.id.hex) })),
            ("botFindings", .array(m.botSummary.map { b in
                .object([("bot", .string(b.bot)), ("commits", .int(b.commits)), ("findings", .int(b.findings)),
                         ("rules", .array(b.rules.map { .string($0) }))])
            })),
        ])
        return doc.pretty() + "\n"
    }
}
