// vigil-bench provenance ORACLE_DIR [MIRRORS_DIR]
//
// Scores vigil's provenance against the explicit-mark oracle: per repository, the share of
// marked commits (oracle `ai`/`assisted`) vigil tags `ai` or `assisted`, the unmarked commits it
// tags so (false tags), exact class agreement, and, for aider, the tool-committed edits tagged AI.
// Disputed oracle labels (`disputes.tsv`) and commits tagged from a git note the oracle did not
// read are listed apart (exact-class is over the rest). Exit 1 when a target is missed.
import Foundation
import VigilGit
import VigilModel
import VigilPipeline
import VigilRules

struct ProvenanceScore {
    var repository = ""
    var commits = 0
    var marked = 0
    var hits = 0
    var falseTags: [(commit: String, got: ProvenanceClass, marks: [String])] = []
    var misses: [(commit: String, got: ProvenanceClass, marks: [String])] = []
    var exact = 0
    var confusions: [String: Int] = [:]
    var disputed: [(dispute: OracleDispute, got: ProvenanceClass)] = []
    var noteOnly = 0
    var toolCommitted = 0
    var toolCommittedAI = 0
    var aiderAuthors = 0
    var aiderAuthorsAI = 0

    var recall: Double { marked == 0 ? 1 : Double(hits) / Double(marked) }
}

/// Scores every oracle file in `directory` whose mirror is present; true when every target holds.
func provenanceBenchmark(directory: String, mirrors: String, workers: Int) throws -> Bool {
    let rules = try RuleSet.locate(explicit: nil)
    let disputes = try OracleDispute.load(directory + "/disputes.tsv")
    let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".tsv") && $0 != "disputes.tsv" }.sorted()
    print("repository                         set       commits  marked  tagged  recall    false  exact-class  disputed  note-only")
    var scores: [ProvenanceScore] = []
    var allMet = true
    for file in files {
        let oracle = try ProvenanceOracle.load(directory + "/" + file)
        let mirror = [mirrors + "/" + oracle.mirrorName + "/repo", mirrors + "/" + oracle.mirrorName].first {
            FileManager.default.fileExists(atPath: $0)
        }
        guard let mirror else {
            print("\(oracle.repository.padding(toLength: 34, withPad: " ", startingAt: 0)) skipped: no mirror "
                  + "(git clone --mirror https://github.com/\(oracle.repository) \(mirrors)/\(oracle.mirrorName)/repo)")
            continue
        }
        let score = try scoreRepository(oracle, mirror: mirror, rules: rules, workers: workers,
                                        disputes: disputes.filter { $0.repository == oracle.repository })
        scores.append(score)
        let met = score.recall >= 0.99 && score.falseTags.isEmpty && score.commits == oracle.commits
            && score.toolCommittedAI * 100 <= score.toolCommitted && score.aiderAuthorsAI == score.aiderAuthors
        allMet = allMet && met
        print(String(format: "%@ %@ %7d %7d %7d  %7.2f%% %6d  %9.2f%%  %8d  %9d%@",
                     oracle.repository.padding(toLength: 34, withPad: " ", startingAt: 0), oracle.set.padding(toLength: 9, withPad: " ", startingAt: 0),
                     score.commits, score.marked, score.hits, 100 * score.recall, score.falseTags.count,
                     100 * Double(score.exact) / Double(max(score.commits - score.disputed.count - score.noteOnly, 1)), score.disputed.count, score.noteOnly,
                     met ? "" : "  MISSED"))
        if score.commits != oracle.commits {
            print("  scanned \(score.commits) commits from \(oracle.head.prefix(12)), the oracle counted \(oracle.commits)")
        }
    }
    for score in scores {
        var lines: [String] = []
        for miss in score.misses.prefix(10) { lines.append("  miss        \(miss.commit.prefix(12)) tagged \(miss.got.rawValue): \(miss.marks.joined(separator: ","))") }
        for tag in score.falseTags.prefix(10) { lines.append("  false tag   \(tag.commit.prefix(12)) tagged \(tag.got.rawValue): \(tag.marks.joined(separator: ","))") }
        for (pair, count) in score.confusions.sorted(by: { $0.value > $1.value }).prefix(6) { lines.append("  class       \(pair): \(count)") }
        for d in score.disputed.prefix(10) {
            lines.append("  disputed    \(d.dispute.commit.prefix(12)) oracle wrong? vigil \(d.got.rawValue), we believe \(d.dispute.believed.rawValue): \(d.dispute.reason)")
        }
        if score.toolCommitted > 0 || score.aiderAuthors > 0 {
            lines.append(String(format: "  aider       tool-committed (committer-only ` (aider)`) tagged AI: %d of %d (%.2f%%); ` (aider)` authors tagged ai: %d of %d",
                                score.toolCommittedAI, score.toolCommitted, 100 * Double(score.toolCommittedAI) / Double(max(score.toolCommitted, 1)),
                                score.aiderAuthorsAI, score.aiderAuthors))
        }
        if !lines.isEmpty { print("\(score.repository):\n" + lines.joined(separator: "\n")) }
    }
    let marked = scores.reduce(0) { $0 + $1.marked }, hits = scores.reduce(0) { $0 + $1.hits }
    print(String(format: "all: %d repositories, %d marked commits, %d tagged (%.2f%%), %d false tags; targets %@",
                 scores.count, marked, hits, 100 * Double(hits) / Double(max(marked, 1)), scores.reduce(0) { $0 + $1.falseTags.count },
                 allMet ? "met" : "MISSED"))
    return allMet
}

/// Classifies every commit `oracle.head` reaches, as `vigil scan --no-stats --no-flags` would.
func scoreRepository(_ oracle: ProvenanceOracle, mirror: String, rules: RuleSet, workers: Int, disputes: [OracleDispute]) throws -> ProvenanceScore {
    var configuration = ScanConfiguration(repositoryPath: mirror, query: RevisionQuery(revisions: [oracle.head]), rules: rules,
                                          computeStats: false, workers: workers)
    configuration.checkRisk = false
    let disputed = Dictionary(disputes.map { ($0.commit, $0) }, uniquingKeysWith: { first, _ in first })
    var score = ProvenanceScore()
    score.repository = oracle.repository
    _ = try CommitScanner(configuration: configuration).run { item in
        let report = item.report
        let id = report.commit.id.hex
        let row = oracle.row(id)
        let got = report.provenance.class
        score.commits += 1
        if row.marks.contains("committer-only:aider") {
            score.toolCommitted += 1
            if got.isAIMade { score.toolCommittedAI += 1 }
        }
        if row.marks.contains("author:aider-name") {
            score.aiderAuthors += 1
            if got == .ai { score.aiderAuthorsAI += 1 }
        }
        if let dispute = disputed[id] {
            score.disputed.append((dispute, got))
            return true
        }
        if !row.expected.isAIMade, got.isAIMade, oracle.notesOutOfScope {
            let decisive = report.provenance.evidence.filter { $0.implies.isAIMade }
            if !decisive.isEmpty, decisive.allSatisfy({ $0.signal == .note }) {
                score.noteOnly += 1
                return true
            }
        }
        if got == row.expected { score.exact += 1 } else { score.confusions["\(row.expected.rawValue) -> \(got.rawValue)", default: 0] += 1 }
        if row.expected.isAIMade {
            score.marked += 1
            if got.isAIMade { score.hits += 1 } else { score.misses.append((id, got, row.marks)) }
        } else if got.isAIMade {
            score.falseTags.append((id, got, row.marks))
        }
        return true
    }
    return score
}
