import Foundation
import Testing
import VigilGit
import VigilModel
import VigilPipeline
import VigilTestSupport

/// Every fixture history classifies and measures as its expectation file says.
@Suite struct FixtureScanTests {
    func check(fixture: String, expectations: String, query: RevisionQuery) throws {
        let repo = try FixtureRepository.shared(fixture)
        let expected = try Expectations.load(expectations)
        let (walked, summary, _) = try ScanHelpers.scan(repo.path, query)
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

    /// A history of 240 commits, so four workers really start (each gets a contiguous chunk of
    /// at least 60), with files changed in place so that parents' blobs are shared.
    static func longHistory() throws -> (TemporaryDirectory, HistoryBuilder) {
        let temp = try TemporaryDirectory()
        let b = try HistoryBuilder(in: temp.url)
        for i in 0..<240 {
            let coauthor = i % 3 == 0 ? "\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n" : ""
            try b.commit("Change \(i)\(coauthor)", files: ["trainer/config.py": "kl_coef = 0.\(i)\nbeta = \(i % 7)\n",
                                                           "file\(i % 5).txt": String(repeating: "line \(i)\n", count: i % 9 + 1)])
        }
        return (temp, b)
    }

    @Test func resultsDoNotDependOnTheNumberOfWorkers() throws {
        let (temp, b) = try Self.longHistory()
        defer { withExtendedLifetime(temp) {} }
        let one = try ScanHelpers.scan(b.path, workers: 1, minimumPerWorker: 60)
        let four = try ScanHelpers.scan(b.path, workers: 4, minimumPerWorker: 60)
        #expect(one.reports.count == 240)
        #expect(one.reports.map { $0.json.serialized() } == four.reports.map { $0.json.serialized() })
        #expect(one.summary == four.summary)
        #expect(one.summary.flags > 0, "the history must exercise the risk rules too")
        // Four workers did start: each read a share of the trees, none all of them.
        #expect(four.outcome.reads.trees > 0)
        #expect(four.outcome.workerCount == 4)
        #expect(one.outcome.workerCount == 1)
    }

    /// Each worker reads every commit, tree and blob at most once: the walk reads commits once
    /// and hands them over, and a worker's chunk is contiguous so a parent's side is cached.
    @Test func aScanReadsEachObjectOncePerWorker() throws {
        let (temp, b) = try Self.longHistory()
        defer { withExtendedLifetime(temp) {} }
        for workers in [1, 3] {
            let scan = try ScanHelpers.scan(b.path, workers: workers, minimumPerWorker: 1, trackReads: true)
            #expect(scan.reports.count == 240)
            #expect(scan.outcome.reads.repeats.values.reduce(0, +) == 0, "repeated reads with \(workers) worker(s): \(scan.outcome.reads.repeats)")
            #expect(scan.outcome.reads.commits == 0, "workers must not read commits: the walk hands them over")
            #expect(scan.outcome.reads.blobs > 0)
        }
    }
}
