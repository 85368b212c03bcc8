import Foundation
import Testing
import VigilModel
import VigilPipeline
import VigilRules
import VigilTestSupport
@testable import VigilRender

/// Reports from the weeks fixture, compared byte for byte with golden files.
/// Set VIGIL_UPDATE_GOLDEN=1 to rewrite them after an intended change, and review the diff.
@Suite struct ReportTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func model(week: String = "2026-W04") throws -> ReportModel {
        let repo = try FixtureRepository.shared("weeks.sh")
        let period = try #require(ReportPeriod.isoWeek(week))
        let gathered = try ReportInputs.gather(repositoryPath: repo.path, branch: "main", period: period, weeks: 4,
                                               rules: try RuleSet.load(directory: PackagePaths.rules.path), workers: 2) { _, _ in [:] }
        return ReportModel.build(title: "vigil weekly report", branch: "main", period: period, weeks: 4, reports: gathered.reports,
                                 firstParentLine: gathered.firstParentLine, urlTemplate: "https://example.com/acme/app/commit/{commit}")
    }

    func compare(_ text: String, golden name: String) throws {
        let url = Self.golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["VIGIL_UPDATE_GOLDEN"] != nil {
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "\(name) differs from its golden file (VIGIL_UPDATE_GOLDEN=1 rewrites it)")
    }

    @Test func markdownMatchesItsGoldenFile() throws { try compare(MarkdownReport.render(try model()), golden: "weeks-2026-W04.md") }
    @Test func htmlMatchesItsGoldenFile() throws { try compare(HTMLReport.render(try model()), golden: "weeks-2026-W04.html") }
    @Test func jsonMatchesItsGoldenFile() throws { try compare(JSONReport.render(try model()), golden: "weeks-2026-W04.json") }

    @Test func figuresAreWhatTheFixtureHolds() throws {
        let m = try model()
        #expect(m.period.label == "2026-W04")
        #expect(m.current.commits == 4)
        #expect(m.current.aiCommits == 3)
        #expect(m.previous.commits == 3)
        #expect(m.previous.aiCommits == 2)
        #expect(m.previous.aiReviewed == 1)
        #expect(m.current.flagsByCategory[.reward] ?? 0 >= 1, "the KL change is a reward finding")
        #expect(m.current.unreviewedHighFlags >= 1)
        // The agent's three commits in a row, ended by Jane's commit.
        #expect(m.runs.first?.length == 3)
        #expect(m.runs.first.map { Int($0.hours) } == 24)
        // The trend ends with the report's week.
        #expect(m.weeks.map(\.period.label) == ["2026-W01", "2026-W02", "2026-W03", "2026-W04"])
        #expect(m.weeks.map(\.longestRun) == [0, 0, 1, 3])
        #expect(m.flagged.contains { $0.subject == "Refactor configuration defaults" && $0.flags.contains { $0.category == .reward } })
    }

    @Test func theHTMLIsSelfContained() throws {
        let html = HTMLReport.render(try model())
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("@import"))
        #expect(!html.contains("src=\"http"))
        #expect(html.contains("<svg"))
        #expect(html.contains("@media print"))
    }

    @Test func isoWeeksFollowTheStandard() {
        #expect(ReportPeriod.isoWeek("2026-W01").map { DateText.day($0.start) } == "2025-12-29")
        #expect(ReportPeriod.isoWeek("2026-W47").map { DateText.day($0.start) } == "2026-11-16")
        #expect(ReportPeriod.isoWeek("2020-W53").map { DateText.day($0.start) } == "2020-12-28")
        #expect(ReportPeriod.isoWeek("2026-W53").map { DateText.day($0.start) } == "2026-12-28", "2026 starts on a Thursday: 53 weeks")
        #expect(ReportPeriod.isoWeek("2025-W53") == nil, "2025 has 52 ISO weeks")
        #expect(ReportPeriod.isoWeek("2026-47") == nil)
        #expect(ReportPeriod.week(containing: 1_767_225_600).label == "2026-W01") // 2026-01-01
    }
}
