import Foundation
import GRDB
import Synchronization
import Testing
import VigilGit
@testable import VigilStore
import VigilModel
import VigilPipeline
import VigilRules
import VigilTestSupport

/// `vigil index`'s engine: incremental runs over every ref, recomputing only what rule changes reach.
@Suite struct IndexerTests {
    let rules = (try? RuleSet.load(directory: PackagePaths.rules.path))!

    func index(_ repo: URL, db: IndexDatabase, rules: RuleSet? = nil, rebuild: Bool = false) throws -> IndexRunSummary {
        try Indexer(database: db, options: IndexOptions(repositoryPath: repo.path, rules: rules ?? self.rules, workers: 2,
                                                        rebuild: rebuild, batchSize: 4)).run()
    }

    @Test func aSecondRunScansOnlyNewCommitsOfAnyRef() throws {
        let tmp = try TemporaryDirectory()
        let repo = try FixtureRepository.fresh("risk.sh", in: tmp.url)
        let db = try IndexDatabase(path: tmp.url.appendingPathComponent("index.sqlite").path)
        let total = Int(try Git.run(["-C", repo.path, "rev-list", "--count", "--all"]).trimmingCharacters(in: .whitespacesAndNewlines))!

        let first = try index(repo, db: db)
        #expect(first.scanned == total)
        #expect(first.indexedCommits == total)
        #expect(first.indexedFlags > 0)
        let second = try index(repo, db: db)
        #expect(second.scanned == 0 && second.reclassified == 0 && second.riskRefreshed == 0)
        #expect(second.walked == 0, "after a complete run, only new tips are walked")
        #expect(second.indexedCommits == total && second.indexedFlags == first.indexedFlags)

        // A commit on another branch only: found through the refs, not HEAD.
        let history = HistoryBuilder(existing: repo)
        try history.git(["checkout", "-q", "-b", "side"])
        let side = try history.commit("Side work", files: ["notes.txt": "hello\n"])
        try history.git(["checkout", "-q", "main"])
        let third = try index(repo, db: db)
        #expect(third.scanned == 1 && third.walked == 1)
        #expect(third.indexedCommits == total + 1)
        let repository = try Repository(discoveringFrom: repo.path)
        let indexed = try #require(try db.lookup(repository))
        let stored = try #require(try db.storedReport(side, repository: indexed))
        #expect(stored.commit.subject == "Side work")
        #expect(stored.stats?.added == 1)
    }

    @Test func storedReportsReadBackAsScanned() throws {
        let tmp = try TemporaryDirectory()
        let repo = try FixtureRepository.shared("review.sh")
        let db = try IndexDatabase(path: tmp.url.appendingPathComponent("index.sqlite").path)
        _ = try index(repo, db: db)
        var scanned: [CommitReport] = []
        var everything = RevisionQuery(all: true)
        everything.order = .date
        try CommitScanner(configuration: ScanConfiguration(repositoryPath: repo.path, query: everything, rules: rules, workers: 1))
            .run { scanned.append($0.report); return true }
        let indexed = try #require(try db.lookup(try Repository(discoveringFrom: repo.path)))
        let stored = try db.currentReports(scanned.map(\.commit.id), repository: indexed, rules: rules)
        #expect(stored.count == scanned.count)
        for report in scanned {
            let back = try #require(stored[report.commit.id])
            #expect(back.provenance == report.provenance)
            #expect(back.review == report.review, "\(report.commit.subject)")
            #expect(back.stats == report.stats)
            #expect(back.flags == report.flags)
            #expect(back.commit.subject == report.commit.subject)
            #expect(back.commit.author == report.commit.author && back.commit.committer == report.commit.committer)
            #expect(back.commit.parents == report.commit.parents)
        }
    }

    @Test func aChangedRiskRuleRecomputesOnlyItsOwnFindings() throws {
        let tmp = try TemporaryDirectory()
        let repo = try FixtureRepository.fresh("risk.sh", in: tmp.url)
        let db = try IndexDatabase(path: tmp.url.appendingPathComponent("index.sqlite").path)
        let copy = try RulesCopy(in: tmp.url)
        _ = try index(repo, db: db, rules: try copy.load())
        let before = try db.allFindings()
        #expect(!before.contains { $0.contains("test-loyalty-points") })

        // A new rule: its findings appear; nothing else is touched, and no commit is reclassified.
        try copy.write("risk/test-extra.yml", loyaltyRule)
        let added = try index(repo, db: db, rules: try copy.load())
        #expect(added.scanned == 0 && added.reclassified == 0)
        #expect(added.changedRules == ["test-loyalty-points"])
        #expect(added.riskRefreshed == added.indexedCommits)
        let after = try db.allFindings()
        let loyalty = after.filter { $0.contains("test-loyalty-points") }
        #expect(loyalty.count == 1)
        #expect(after.subtracting(loyalty) == before)

        // The rule removed: its findings go, without a scan.
        try copy.remove("risk/test-extra.yml")
        let removed = try index(repo, db: db, rules: try copy.load())
        #expect(removed.changedRules == ["test-loyalty-points"])
        #expect(try db.allFindings() == before)
    }

    @Test func changedAgentSignaturesReclassifyButKeepLineStatistics() throws {
        let tmp = try TemporaryDirectory()
        let repo = try FixtureRepository.fresh("risk.sh", in: tmp.url)
        let db = try IndexDatabase(path: tmp.url.appendingPathComponent("index.sqlite").path)
        let copy = try RulesCopy(in: tmp.url)
        let first = try index(repo, db: db, rules: try copy.load())
        // Teach vigil that Jane Doe is an agent: her commits become ai.
        try copy.append("agents.yml", """

          - id: test-jane-bot
            name: Jane the agent
            kind: agent
            identities:
              - email: jane@example.com
            examples:
              - message: |
                  x
                author: 'Jane Doe <jane@example.com>'
                expect: ai

        """)
        let rules = try copy.load()
        let second = try index(repo, db: db, rules: rules)
        #expect(second.scanned == 0)
        #expect(second.reclassified == first.indexedCommits)
        var query = IndexQuery()
        query.agents = ["test-jane-bot"]
        let jane = try db.commits(query)
        #expect(!jane.isEmpty)
        #expect(jane.allSatisfy { $0.report.provenance.class == .ai && $0.report.stats != nil })
    }

    @Test func aPullRequestMergeReviewsBranchCommitsIndexedBeforeIt() throws {
        let tmp = try TemporaryDirectory()
        let history = try HistoryBuilder(in: tmp.url)
        try history.commit("Initial", files: ["a.txt": "a\n"])
        try history.git(["checkout", "-q", "-b", "feature"])
        let work = try history.commit("Feature work", files: ["b.txt": "b\n"], author: "Dev One <dev1@example.com>")
        let db = try IndexDatabase(path: tmp.url.appendingPathComponent("index.sqlite").path)
        _ = try index(history.directory, db: db)
        let indexed = try #require(try db.lookup(try Repository(discoveringFrom: history.path)))
        #expect(try db.storedReport(work, repository: indexed)?.review.status == .unreviewed)

        try history.git(["checkout", "-q", "main"])
        var env = Git.isolatedEnvironment
        env["GIT_AUTHOR_NAME"] = "Lead Two"; env["GIT_AUTHOR_EMAIL"] = "lead2@example.com"
        env["GIT_COMMITTER_NAME"] = "Lead Two"; env["GIT_COMMITTER_EMAIL"] = "lead2@example.com"
        env["GIT_AUTHOR_DATE"] = "@1767300000 +0000"; env["GIT_COMMITTER_DATE"] = "@1767300000 +0000"
        try history.git(["merge", "-q", "--no-ff", "-m", "Merge pull request #7 from dev1/feature", "feature"], environment: env)
        let run = try index(history.directory, db: db)
        #expect(run.scanned == 1)
        #expect(run.reclassified == 1)
        let review = try #require(try db.storedReport(work, repository: indexed)?.review)
        #expect(review.status == .reviewed)
        #expect(review.reviewers.map(\.email) == ["lead2@example.com"])
    }

    @Test func rebuildRescansButKeepsTriage() throws {
        let tmp = try TemporaryDirectory()
        let repo = try FixtureRepository.fresh("risk.sh", in: tmp.url)
        let db = try IndexDatabase(path: tmp.url.appendingPathComponent("index.sqlite").path)
        let first = try index(repo, db: db)
        let finding = try #require(try db.flags(IndexQuery()).first)
        _ = try db.triage(finding.flag.fingerprint, status: .falsePositive, note: "test", by: "Tess", at: 1_800_000_000, repository: nil)
        let rebuilt = try index(repo, db: db, rebuild: true)
        #expect(rebuilt.scanned == first.indexedCommits)
        var all = IndexQuery()
        all.triage = .status(.falsePositive)
        #expect(try db.flags(all).map(\.flag.fingerprint) == [finding.flag.fingerprint])
        #expect(try db.flags(IndexQuery()).count == first.indexedFlags - 1)
    }

    @Test func anEmptyRepositoryIndexesNothing() throws {
        let tmp = try TemporaryDirectory()
        let history = try HistoryBuilder(in: tmp.url)
        let db = try IndexDatabase(path: tmp.url.appendingPathComponent("index.sqlite").path)
        let run = try index(history.directory, db: db)
        #expect(run.walked == 0 && run.indexedCommits == 0)
    }

    @Test func twoRunsAtOnceOnOneDatabaseLeaveItWhole() throws {
        let tmp = try TemporaryDirectory()
        let a = try FixtureRepository.fresh("risk.sh", in: tmp.url)
        let bDir = tmp.url.appendingPathComponent("b")
        try FileManager.default.createDirectory(at: bDir, withIntermediateDirectories: true)
        let b = try FixtureRepository.fresh("review.sh", in: bDir)
        let path = tmp.url.appendingPathComponent("shared.sqlite").path
        _ = try IndexDatabase(path: path)
        let rules = self.rules
        let results = Mutex<[IndexRunSummary]>([])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            let repo = [a, b, a, b][i]
            // Each run opens its own database handle, as two processes would.
            do {
                let summary = try Indexer(database: try IndexDatabase(path: path),
                                          options: IndexOptions(repositoryPath: repo.path, rules: rules, workers: 1, batchSize: 3)).run()
                results.withLock { $0.append(summary) }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        let db = try IndexDatabase(path: path)
        let integrity = try db.pool.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
        #expect(integrity == "ok")
        #expect(try db.repositories().count == 2)
        let summaries = results.withLock { $0 }
        // Each repository was scanned once in all; the other run found nothing left to do.
        for name in ["risk-sh", "review-sh"] {
            let runs = summaries.filter { $0.repository == name }
            #expect(runs.count == 2)
            #expect(runs.map(\.scanned).sorted().first == 0)
            #expect(runs.map(\.scanned).reduce(0, +) == runs[0].indexedCommits)
        }
    }

    @Test func aNewerIndexIsRefusedAndAnOlderOneMigrates() throws {
        let tmp = try TemporaryDirectory()
        // An index as the first schema left it, with a repository in it.
        let oldPath = tmp.url.appendingPathComponent("old.sqlite").path
        let queue = try DatabaseQueue(path: oldPath)
        try IndexSchema.migrator.migrate(queue, upTo: "v1-commits-and-flags")
        try queue.write { try $0.execute(sql: "INSERT INTO repositories (path, name) VALUES ('/x/.git', 'x')") }
        try queue.close()
        let migrated = try IndexDatabase(path: oldPath)
        #expect(try migrated.appliedMigrations() == ["v1-commits-and-flags", "v2-triage", "v3-incremental-walk", "v4-report-json",
                                                    "v5-forge-reviews", "v6-triage-sync", "v7-grouped-findings"])
        #expect(try migrated.repositories().map(\.name) == ["x"])

        // An index with a migration this vigil does not know.
        let newPath = tmp.url.appendingPathComponent("new.sqlite").path
        _ = try IndexDatabase(path: newPath)
        let raw = try DatabaseQueue(path: newPath)
        try raw.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        try raw.close()
        #expect(throws: IndexError.self) { try IndexDatabase(path: newPath) }
        do { _ = try IndexDatabase(path: newPath) } catch let error as IndexError {
            #expect(error.message == "\(newPath): this index was written by a newer vigil; upgrade vigil to read it")
        }

        // Not a database at all.
        let junk = tmp.url.appendingPathComponent("junk.sqlite")
        try Data(repeating: 0x41, count: 4096).write(to: junk)
        do {
            _ = try IndexDatabase(path: junk.path)
            Issue.record("a junk file opened as an index")
        } catch let error as IndexError {
            #expect(error.message.hasPrefix("\(junk.path): not a usable vigil index"))
        }
    }
}
