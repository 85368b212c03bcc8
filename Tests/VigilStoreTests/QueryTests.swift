import Foundation
import Testing
import VigilGit
@testable import VigilStore
import VigilModel
import VigilPipeline
import VigilRules
import VigilTestSupport

/// `vigil query`'s filters and `vigil triage`'s verdicts, over one database holding two repositories.
@Suite struct QueryTests {
    /// The risk and review fixtures indexed into one database (built once per test: triage writes).
    static func database(in tmp: TemporaryDirectory) throws -> IndexDatabase {
        let rules = try RuleSet.load(directory: PackagePaths.rules.path)
        let db = try IndexDatabase(path: tmp.url.appendingPathComponent("all.sqlite").path)
        for name in ["risk.sh", "review.sh"] {
            let repo = try FixtureRepository.shared(name)
            _ = try Indexer(database: db, options: IndexOptions(repositoryPath: repo.path, rules: rules, workers: 2)).run()
        }
        return db
    }

    func query(_ build: (inout IndexQuery) -> Void) -> IndexQuery {
        var q = IndexQuery()
        build(&q)
        return q
    }

    @Test func filtersNarrowTheFindings() throws {
        let tmp = try TemporaryDirectory()
        let db = try Self.database(in: tmp)
        let all = try db.flags(query { $0.triage = .all })
        #expect(all.count > 5)

        let reward = try db.flags(query { $0.categories = [.reward] })
        #expect(!reward.isEmpty && reward.allSatisfy { $0.flag.category == .reward })
        #expect(reward.count == all.filter { $0.flag.category == .reward }.count)

        let high = try db.flags(query { $0.minimumSeverity = .high })
        #expect(high.count == all.filter { $0.flag.severity >= .high }.count)
        #expect(high.allSatisfy { $0.flag.severity >= .high })

        let rule = try db.flags(query { $0.rules = ["guardrail-safety-check-removed"] })
        #expect(rule.count == 1 && rule.allSatisfy { $0.flag.rule == "guardrail-safety-check-removed" })

        let human = try db.flags(query { $0.classes = [.human] })
        #expect(human.allSatisfy { $0.klass == .human })
        #expect(human.count == all.filter { $0.klass == .human }.count)

        let cursor = try db.flags(query { $0.agents = ["Cursor"] })  // any case
        #expect(!cursor.isEmpty && cursor.allSatisfy { $0.agents.contains("cursor") })

        let unreviewed = try db.flags(query { $0.reviews = [.unreviewed] })
        #expect(unreviewed.count == all.filter { $0.review == .unreviewed }.count)

        let agent = try db.flags(query { $0.author = "CURSORAGENT@" })
        #expect(!agent.isEmpty && agent.allSatisfy { $0.author.email == "cursoragent@cursor.com" })

        let glob = try PathGlob("evals/**")
        let evals = try db.flags(query { $0.path = glob })
        #expect(!evals.isEmpty && evals.allSatisfy { $0.flag.path.hasPrefix("evals/") })
        #expect(evals.count == all.filter { $0.flag.path.hasPrefix("evals/") }.count)

        let times = all.map(\.committer.time).sorted()
        let middle = times[times.count / 2]
        let recent = try db.flags(query { $0.since = middle })
        #expect(recent.count == times.filter { $0 >= middle }.count)
        let early = try db.flags(query { $0.until = middle - 1 })
        #expect(early.count + recent.count == all.count)

        let combined = try db.flags(query { $0.classes = [.ai]; $0.minimumSeverity = .critical })
        #expect(combined.count == all.filter { $0.klass == .ai && $0.flag.severity == .critical }.count)
    }

    @Test func sortingLimitsAndRepositories() throws {
        let tmp = try TemporaryDirectory()
        let db = try Self.database(in: tmp)
        // Highest commit risk first, then severity within a commit.
        let all = try db.flags(IndexQuery())
        let scores = try Dictionary(db.commits(IndexQuery()).map { ($0.report.commit.id.hex, $0.report.riskScore) }, uniquingKeysWith: max)
        #expect(zip(all, all.dropFirst()).allSatisfy { (scores[$0.commit] ?? 0) >= (scores[$1.commit] ?? 0) })
        let bySeverity = try db.flags(query { $0.sort = .severity })
        #expect(zip(bySeverity, bySeverity.dropFirst()).allSatisfy { $0.flag.severity >= $1.flag.severity })
        let byDate = try db.flags(query { $0.sort = .date })
        #expect(zip(byDate, byDate.dropFirst()).allSatisfy { $0.committer.time >= $1.committer.time })
        let top = try db.flags(query { $0.limit = 3 })
        #expect(top.map(\.flag.fingerprint) == all.prefix(3).map(\.flag.fingerprint))

        let names = try db.repositories().map(\.name)
        #expect(names.count == 2)
        let riskName = try #require(names.first { $0.hasPrefix("risk.sh") })
        let risk = try db.flags(query { $0.repositories = [riskName] })
        #expect(!risk.isEmpty && risk.count == all.filter { $0.repository.name == riskName }.count)
        let byPath = try db.flags(query { $0.repositories = [risk[0].repository.path] })
        #expect(byPath.count == risk.count)

        // Commits: AI-made and unreviewed, each with its count of findings.
        let commits = try db.commits(query { $0.classes = [.ai]; $0.reviews = [.unreviewed] })
        #expect(!commits.isEmpty)
        #expect(commits.allSatisfy { $0.report.provenance.class == .ai && $0.report.review.status == .unreviewed })
        let flagged = try db.commits(query { $0.classes = [.ai]; $0.minimumSeverity = .critical })
        #expect(flagged.allSatisfy { $0.flags > 0 })
        #expect(flagged.map(\.flags).reduce(0, +) == all.filter { $0.klass == .ai && $0.flag.severity == .critical }.count)
    }

    @Test func aFalsePositiveStaysHiddenAndKeepsItsHistory() throws {
        let tmp = try TemporaryDirectory()
        let db = try Self.database(in: tmp)
        let before = try db.flags(IndexQuery())
        let target = before[0]
        let outcome = try db.triage(target.flag.fingerprint, status: .falsePositive, note: "not a real check", by: "Tess",
                                    at: 1_800_000_000, repository: nil)
        #expect(outcome.fingerprints == [target.flag.fingerprint])
        let after = try db.flags(IndexQuery())
        #expect(after.count == before.count - 1)
        #expect(!after.contains { $0.flag.fingerprint == target.flag.fingerprint })
        let hidden = try db.flags(query { $0.triage = .status(.falsePositive) })
        #expect(hidden.map(\.flag.fingerprint) == [target.flag.fingerprint])
        #expect(hidden[0].triage?.by == "Tess" && hidden[0].triage?.note == "not a real check")
        #expect(try db.flags(query { $0.triage = .untriaged }).count == before.count - 1)

        // Reopened: back in default queries, with both verdicts in the history, newest first.
        _ = try db.triage(target.flag.fingerprint, status: .open, note: "", by: "Uma", at: 1_800_000_100, repository: nil)
        #expect(try db.flags(IndexQuery()).count == before.count)
        let history = try db.triageHistory(fingerprint: target.flag.fingerprint, repository: target.repository)
        #expect(history.map(\.status) == [.open, .falsePositive])
    }

    @Test func aCommitIsTriagedWholeByIdOrPrefix() throws {
        let tmp = try TemporaryDirectory()
        let db = try Self.database(in: tmp)
        let all = try db.flags(query { $0.rules = ["guardrail-safety-check-removed"] })
        let commit = all[0].commit
        let outcome = try db.triage(String(commit.prefix(8)), status: .confirmed, note: "real", by: "Tess", at: 1_800_000_000, repository: nil)
        #expect(outcome.commit == commit)
        #expect(outcome.fingerprints.count == all.filter { $0.commit == commit }.count)
        let confirmed = try db.flags(query { $0.triage = .status(.confirmed) })
        #expect(Set(confirmed.map(\.commit)) == [commit])

        // Errors name what is wrong.
        #expect(throws: IndexError.self) { try db.triage("0000000000", status: .confirmed, note: "x", by: "T", at: 0, repository: nil) }
        let quiet = try db.commits(query { $0.classes = [.human] }).first { $0.report.flags.isEmpty }!
        do {
            _ = try db.triage(quiet.report.commit.id.hex, status: .confirmed, note: "x", by: "T", at: 0, repository: nil)
            Issue.record("a commit without findings was triaged")
        } catch let error as IndexError {
            #expect(error.message.hasSuffix("has no findings to triage"))
        }
    }
}
