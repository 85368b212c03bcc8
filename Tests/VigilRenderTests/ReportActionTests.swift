import Foundation
import Testing
import VigilModel
@testable import VigilRender

/// The report leads with what to act on: AI-made, unreviewed, high and above, by risk, each
/// commit once; bot findings apart; coverage explained; charts scaled to the data; the title
/// from the period; readable on a phone.
@Suite struct ReportActionTests {
    static let june = ReportPeriod(start: 1_780_272_000, end: 1_782_864_000, label: "2026-06-01 to 2026-06-30") // June 2026, UTC

    static func report(_ n: UInt8, _ klass: ProvenanceClass, _ review: ReviewStatus, _ flags: [(Severity, RiskCategory, RiskFlag.Side)],
                       agent: String = "claude-code", bot: String? = nil, at offset: Int64 = 0) -> CommitReport {
        let id = ObjectID(bytes: [UInt8](repeating: n, count: 20))!
        let who = Identity(name: bot.map { "\($0)[bot]" } ?? "Dev \(n)", email: "d\(n)@example.com", time: june.start + 86_400 + offset, offsetMinutes: 0)
        let commit = Commit(id: id, parents: [], author: who, committer: who, message: "Change \(n)\n")
        var evidence: [Evidence] = []
        if let bot { evidence.append(.init(signal: .author, text: "\(bot)[bot]", agent: bot, implies: .bot, pattern: "")) }
        let provenance = Provenance(class: klass, agents: klass.isAIMade ? [agent] : [], evidence: evidence)
        var stats = DiffStats()
        stats.files = 1
        stats.added = 10
        var r = CommitReport(commit: commit, provenance: provenance, review: Review(status: review, reviewers: [], evidence: []), stats: stats)
        r.flags = flags.enumerated().map { i, f in
            RiskFlag(rule: "rule-\(f.1.rawValue)", title: "t", category: f.1, severity: f.0, path: "a.py", line: i + 1, side: f.2,
                     excerpt: "x", message: "m", fingerprint: String(format: "%016x", Int(n) * 100 + i))
        }
        return r
    }

    static func model(_ reports: [CommitReport], period: ReportPeriod = june) -> ReportModel {
        ReportModel.build(title: nil, branch: "main", period: period, weeks: 6, reports: reports, firstParentLine: [], urlTemplate: nil)
    }

    @Test func theActionListComesFirstByRiskEachCommitOnce() throws {
        let many = (0..<100).map { _ in (Severity.high, RiskCategory.training, RiskFlag.Side.added) }
        let m = Self.model([
            Self.report(1, .human, .mergedUnverified, [(.critical, .guardrail, .removed)]),
            Self.report(2, .ai, .unreviewed, [(.medium, .reward, .added)]),                  // AI, but only medium
            Self.report(3, .assisted, .mergedUnverified, many),                              // 100 findings: one row
            Self.report(4, .ai, .unreviewed, [(.high, .guardrail, .removed)], at: 3600),     // removes a safeguard line
            Self.report(5, .ai, .reviewed, [(.critical, .reward, .added)]),                   // reviewed: not an action
            Self.report(6, .bot, .mergedUnverified, [(.high, .oversight, .added), (.high, .oversight, .added)], bot: "dependabot"),
            Self.report(7, .bot, .unreviewed, [(.high, .oversight, .added)], bot: "renovate"),
            Self.report(8, .human, .unreviewed, []),
        ])
        // By risk score: 100 high findings (with diminishing weight) outrank one, even an agent's
        // unreviewed one; a reviewed critical change ranks below a human's unverified one.
        #expect(m.actions.map { $0.id.bytes[0] } == [3, 4], "AI-made, not reviewed, high or more, highest risk first")
        #expect(m.actions[0].flags.count == 100 && m.actions[0].highFindings == 100)
        #expect(m.actions.map(\.risk) == m.actions.map(\.risk).sorted(by: >))
        #expect(m.otherFlagged.map { $0.id.bytes[0] } == [1, 5, 2])
        #expect(m.botFlagged.count == 2)
        #expect(m.botSummary.map(\.bot) == ["dependabot", "renovate"] && m.botSummary[0].findings == 2)

        let md = MarkdownReport.render(m)
        #expect(md.hasPrefix("# vigil monthly report\\: June 2026\n"))
        let act = try #require(md.range(of: "## Act on these")), headline = try #require(md.range(of: "## Headline"))
        #expect(act.lowerBound < headline.lowerBound)
        // The 100-finding commit is one row with its counts, not 100 lines.
        #expect(md.contains("| high | 100 / 100 | rule-training ×100 |"))
        #expect(md.components(separatedBy: "0303030303").count == 2)
        #expect(md.contains("## Automation") && md.contains("| dependabot | 1 | 2 | oversight-ci") == false && md.contains("| dependabot | 1 | 2 | rule-oversight ×2 |"))
        #expect(md.contains("merged-unverified: they came through a pull or merge request"))
        #expect(!md.contains("Change 6") || md.range(of: "Change 6")!.lowerBound > md.range(of: "## Automation")!.lowerBound)

        let html = HTMLReport.render(m)
        #expect(html.contains("<title>vigil monthly report: June 2026</title>"))
        #expect(html.range(of: "Act on these")!.lowerBound < html.range(of: ">Headline<")!.lowerBound)
        #expect(html.contains("@media (max-width:600px)") && html.contains("class=\"scroll\""))
        #expect(html.contains(">ISO week</text>") && html.contains(">share of commits</text>"))
    }

    @Test func theTitleFollowsThePeriod() throws {
        let week = try #require(ReportPeriod.isoWeek("2026-W47"))
        #expect(week.kind == .week && week.defaultTitle == "vigil weekly report")
        #expect(Self.june.kind == .month && Self.june.name == "June 2026")
        let december = ReportPeriod(start: 1_796_083_200, end: 1_798_761_600, label: "x") // 2026-12-01 to 2027-01-01
        #expect(december.name == "December 2026")
        let span = ReportPeriod(start: Self.june.start + 86_400, end: Self.june.end, label: "2026-06-02 to 2026-06-30")
        #expect(span.kind == .span && span.defaultTitle == "vigil report" && span.name == "2026-06-02 to 2026-06-30")
        #expect(MarkdownReport.render(Self.model([], period: week)).hasPrefix("# vigil weekly report\\: 2026-W47\n"))
        let named = ReportModel.build(title: "Team X", branch: "main", period: week, weeks: 2, reports: [], firstParentLine: [], urlTemplate: nil)
        #expect(named.heading == "Team X: 2026-W47")
        #expect(MarkdownReport.render(Self.model([])).contains("No AI-made commit with a finding of high severity or more went without a human reviewer"))
    }

    @Test func theChartAxisFitsTheData() {
        #expect(HTMLReport.axisTop(0.0) == 0.01 && HTMLReport.axisTop(0.034) == 0.05 && HTMLReport.axisTop(0.05) == 0.05)
        #expect(HTMLReport.axisTop(0.3) == 0.5 && HTMLReport.axisTop(0.99) == 1.0)
        #expect(HTMLReport.percentTick(0.0125) == "1.25%" && HTMLReport.percentTick(0.25) == "25%" && HTMLReport.percentTick(0.005) == "0.5%")
        // A month of 0–5% AI share draws on a 0–5% axis.
        let reports = (1...20).map { i in Self.report(UInt8(i), i == 1 ? .ai : .human, .mergedUnverified, [], at: Int64(i) * 3600) }
        let html = HTMLReport.render(Self.model(reports))
        #expect(html.contains(">5%</text>") && !html.contains(">100%</text>"))
    }
}
