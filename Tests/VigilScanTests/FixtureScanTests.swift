import Foundation
import Testing
import VigilGit
import VigilScan
import VigilTestSupport

/// Every fixture history classifies and measures as its expectation file says.
@Suite struct FixtureScanTests {
    func check(fixture: String, expectations: String, query: RevisionQuery) throws {
        let repo = try FixtureRepository.shared(fixture)
        let expected = try Expectations.load(expectations)
        let (walked, summary) = try ScanHelpers.scan(repo.path, query)
        // Expectation files list commits oldest first, as `git log --reverse --topo-order` does.
        let reports = query.order == .topological ? Array(walked.reversed()) : walked
        #expect(reports.map(\.commit.subject) == expected.map(\.subject), "walk order or subjects differ")
        for (report, want) in zip(reports, expected) {
            let subject = want.subject
            #expect(report.provenance.class.rawValue == want.class, "\(subject): class")
            #expect(Set(report.provenance.agents) == Set(want.agents), "\(subject): agents \(report.provenance.agents)")
            if report.provenance.class != .human {
                #expect(!report.provenance.evidence.isEmpty, "\(subject): a non-human class needs evidence")
            }
            if let added = want.added { #expect(report.stats?.added == added, "\(subject): added") }
            if let removed = want.removed { #expect(report.stats?.removed == removed, "\(subject): removed") }
            if let files = want.files { #expect(report.stats?.files == files, "\(subject): files") }
            if let binary = want.binary { #expect(report.stats?.binaryFiles == binary, "\(subject): binary files") }
            if let email = want.authorEmail { #expect(report.commit.author.email == email, "\(subject): author after mailmap") }
            #expect(report.commit.isMerge == want.merge, "\(subject): merge")
            if let review = want.review { #expect(report.review.status.rawValue == review, "\(subject): review \(report.review.evidence)") }
            if let categories = want.categories {
                let fired = Set(report.flags.map(\.category.rawValue))
                if categories.isEmpty {
                    #expect(fired.isEmpty, "\(subject): nothing may fire, got \(report.flags.map { "\($0.rule) \($0.path):\($0.line)" })")
                } else {
                    #expect(Set(categories).isSubset(of: fired), "\(subject): expected \(categories), got \(fired.sorted())")
                    if want.only { #expect(fired == Set(categories), "\(subject): only \(categories), got \(report.flags.map(\.rule))") }
                }
            }
            if let reviewers = want.reviewers { #expect(report.review.reviewers.map(\.email) == reviewers, "\(subject): reviewers") }
            #expect(report.problems.isEmpty, "\(subject): \(report.problems)")
        }
        #expect(summary.commits == expected.count)
        #expect(summary.aiMadeCommits == expected.filter { $0.class == "ai" || $0.class == "assisted" }.count)
    }

    @Test func agentsFixture() throws {
        try check(fixture: "agents.fi", expectations: "agents.expect.yml", query: RevisionQuery(order: .reverse))
    }

    @Test func structureFixture() throws {
        try check(fixture: "structure.sh", expectations: "structure.expect.yml", query: RevisionQuery(order: .topological))
    }

    @Test func reviewFixture() throws {
        try check(fixture: "review.sh", expectations: "review.expect.yml", query: RevisionQuery(order: .topological))
    }

    @Test func riskFixture() throws {
        try check(fixture: "risk.sh", expectations: "risk.expect.yml", query: RevisionQuery(order: .reverse))
    }

    @Test func resultsDoNotDependOnTheNumberOfWorkers() throws {
        let repo = try FixtureRepository.shared("agents.fi")
        let one = try ScanHelpers.scan(repo.path, workers: 1)
        let four = try ScanHelpers.scan(repo.path, workers: 4)
        #expect(one.reports.map(\.json) == four.reports.map(\.json))
        #expect(one.summary == four.summary)
    }
}
