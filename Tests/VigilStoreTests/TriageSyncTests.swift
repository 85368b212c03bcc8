import Foundation
import Testing
import VigilGit
@testable import VigilStore
import VigilModel
import VigilRules
import VigilTestSupport

/// Verdicts that are never silently overwritten, and that travel: git notes, export files, and
/// the index reading notes back.
@Suite struct TriageSyncTests {
    func indexed(_ tmp: TemporaryDirectory, name: String = "index.sqlite", repo: URL) throws -> (IndexDatabase, IndexedRepository) {
        let rules = try RuleSet.load(directory: PackagePaths.rules.path)
        let db = try IndexDatabase(path: tmp.url.appendingPathComponent(name).path)
        _ = try Indexer(database: db, options: IndexOptions(repositoryPath: repo.path, rules: rules, workers: 2)).run()
        return (db, try #require(try db.repositories().first))
    }

    @Test func aCommitWideVerdictKeepsTheVerdictsFindingsHave() throws {
        let tmp = try TemporaryDirectory()
        let repo = try FixtureRepository.fresh("serve.sh", in: tmp.url)
        let (db, _) = try indexed(tmp, repo: repo)
        var q = IndexQuery()
        q.triage = .all
        let byCommit = Dictionary(grouping: try db.flags(q), by: \.commit)
        let (commit, findings) = try #require(byCommit.first { $0.value.count >= 2 })
        let one = findings[0].flag.fingerprint
        _ = try db.triage(one, status: .falsePositive, note: "a default, not a change", by: "Ana", at: 1_800_000_000, repository: nil)
        // The bug this prevents: a whole-commit verdict overwrote an earlier false positive.
        let wide = try db.triage(commit, status: .acceptedRisk, note: "accepted in review", by: "Ben", at: 1_800_000_100, repository: nil)
        #expect(wide.kept.map(\.fingerprint) == [one] && wide.kept[0].record.by == "Ana")
        #expect(!wide.fingerprints.contains(one) && wide.fingerprints.count == Set(findings.map(\.flag.fingerprint)).count - 1)
        let current = try db.currentTriage(repository: findings[0].repository)
        #expect(current[one]?.status == .falsePositive)
        // Asked for, the replacement happens and is named.
        let forced = try db.triage(commit, status: .acceptedRisk, note: "all of it", by: "Ben", at: 1_800_000_200, repository: nil,
                                   replacement: .replace)
        #expect(forced.replaced.contains { $0.fingerprint == one && $0.record.status == .falsePositive })
        #expect(try db.currentTriage(repository: findings[0].repository)[one]?.status == .acceptedRisk)
        #expect(try db.triageHistory(fingerprint: one, repository: findings[0].repository).map(\.status) == [.acceptedRisk, .falsePositive])
    }

    @Test func verdictsTravelThroughNotesAndFilesOnce() throws {
        let tmp = try TemporaryDirectory()
        let origin = try FixtureRepository.fresh("serve.sh", in: tmp.url)
        let (db, repository) = try indexed(tmp, repo: origin)
        var q = IndexQuery()
        q.triage = .all
        let target = try #require(try db.flags(q).first)
        let outcome = try db.triage(target.flag.fingerprint, status: .confirmed, note: "real \"quoted\" <b>note</b>", by: "Ana Ruiz <ana@example.com>",
                                    at: 1_800_000_000, repository: nil)
        let git = try Repository(discoveringFrom: origin.path)
        try TriageNotes.append(outcome.recorded, to: git, by: "Ana Ruiz <ana@example.com>")
        // Appending the same verdict again changes nothing; a second one merges into the same note.
        try TriageNotes.append(outcome.recorded, to: git, by: "Ana Ruiz <ana@example.com>")
        let later = TriageVerdict(fingerprint: target.flag.fingerprint, rule: target.flag.rule, commit: target.commit, status: .acceptedRisk,
                                  note: "mitigated", by: "Ben", at: 1_800_000_500)
        try TriageNotes.append([later], to: git, by: "Ben")
        let note = try Git.run(["-C", origin.path, "notes", "--ref=refs/notes/vigil/triage", "show", target.commit])
        let parsed = TriageDocument.parse(note, commit: target.commit)
        #expect(parsed.problems.isEmpty && parsed.verdicts.count == 2)
        #expect(parsed.verdicts.map(\.status) == [.confirmed, .acceptedRisk])
        #expect(try Git.run(["-C", origin.path, "log", "--format=%an <%ae>", "-1", "refs/notes/vigil/triage"]) == "Ben <vigil@localhost>\n")

        // Another machine: a clone that fetches the notes, and its own index reads them back.
        let clone = tmp.url.appendingPathComponent("clone")
        try Git.run(["clone", "-q", origin.path, clone.path])
        try Git.run(["-C", clone.path, "fetch", "-q", "origin", "refs/notes/vigil/triage:refs/notes/vigil/triage"])
        let rules = try RuleSet.load(directory: PackagePaths.rules.path)
        let other = try IndexDatabase(path: tmp.url.appendingPathComponent("other.sqlite").path)
        let run = try Indexer(database: other, options: IndexOptions(repositoryPath: clone.path, rules: rules, workers: 2)).run()
        #expect(run.importedVerdicts == 2 && run.noteProblems.isEmpty)
        let otherRepo = try #require(try other.repositories().first)
        #expect(try other.currentTriage(repository: otherRepo)[target.flag.fingerprint]?.status == .acceptedRisk)
        let again = try Indexer(database: other, options: IndexOptions(repositoryPath: clone.path, rules: rules, workers: 2)).run()
        #expect(again.importedVerdicts == 0)

        // An export file: the same document; importing it twice adds its verdicts once, and an
        // older verdict arriving late does not become the current one.
        _ = try db.importVerdicts(parsed.verdicts, repository: repository)
        let exported = TriageDocument.text(try db.allVerdicts(repository: repository))
        let bare = tmp.url.appendingPathComponent("without-notes")
        try Git.run(["clone", "-q", origin.path, bare.path])
        let third = try IndexDatabase(path: tmp.url.appendingPathComponent("third.sqlite").path)
        _ = try Indexer(database: third, options: IndexOptions(repositoryPath: bare.path, rules: rules, workers: 2)).run()
        let thirdRepo = try #require(try third.repositories().first)
        let newest = TriageVerdict(fingerprint: target.flag.fingerprint, rule: target.flag.rule, commit: target.commit, status: .falsePositive,
                                   note: "newest", by: "Cy", at: 1_900_000_000)
        #expect(try third.importVerdicts([newest], repository: thirdRepo) == 1)
        let file = TriageDocument.parse(exported)
        #expect(file.problems.isEmpty && file.verdicts.allSatisfy { $0.repository == repository.name })
        #expect(try third.importVerdicts(file.verdicts, repository: thirdRepo) == 2)
        #expect(try third.importVerdicts(file.verdicts, repository: thirdRepo) == 0)
        #expect(try third.currentTriage(repository: thirdRepo)[target.flag.fingerprint]?.note == "newest")
    }

    @Test func aHostileNoteIsReadAsFarAsItIsValid() throws {
        let text = """
        {"vigil": "triage/1", "verdicts": [
          {"fingerprint": "not hex!", "status": "confirmed", "note": "x", "by": "m", "at": 1},
          {"fingerprint": "0123456789abcdef", "status": "burn-it", "note": "x", "by": "m", "at": 1},
          {"fingerprint": "0123456789abcdef", "status": "confirmed", "note": "ok", "by": "m", "at": 5, "rule": "r"}]}
        """
        let parsed = TriageDocument.parse(text, commit: String(repeating: "a", count: 40))
        #expect(parsed.verdicts.count == 1 && parsed.verdicts[0].commit == String(repeating: "a", count: 40))
        #expect(parsed.problems.count == 2)
        #expect(TriageDocument.parse("[1, 2]").problems.first?.hasPrefix("not a vigil triage document") == true)
        #expect(TriageDocument.parse("{").verdicts.isEmpty)
    }
}
