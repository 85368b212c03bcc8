import Foundation
import GRDB
import VigilGit
import VigilModel
import VigilPipeline
import VigilRules

/// What an index run does.
public struct IndexOptions: Sendable {
    /// A path inside the repository (nil: the current directory).
    public var repositoryPath: String?
    public var rules: RuleSet
    /// Count a committer who is a different human as a reviewer (nil: as `rules/review.yml` says).
    public var committerIsReviewer: Bool?
    public var workers: Int
    /// Forget this repository's stored results (not its triage) and scan everything again.
    public var rebuild: Bool
    /// Commits written per transaction: what a kill can lose at most.
    public var batchSize: Int

    public init(repositoryPath: String? = nil, rules: RuleSet, committerIsReviewer: Bool? = nil,
                workers: Int = ScanConfiguration.defaultWorkers, rebuild: Bool = false, batchSize: Int = 256) {
        self.repositoryPath = repositoryPath
        self.rules = rules
        self.committerIsReviewer = committerIsReviewer
        self.workers = workers
        self.rebuild = rebuild
        self.batchSize = max(1, batchSize)
    }
}

/// What an index run did.
public struct IndexRunSummary: Sendable, Equatable {
    public var repository: String
    /// Commits walked: every reachable one on a full run, only the new ones on an incremental run
    /// (after a complete run, with unchanged classification rules).
    public var walked = 0
    /// Commits scanned for the first time.
    public var scanned = 0
    /// Stored commits whose provenance, review and findings were recomputed (rules changed, or a
    /// new pull-request merge brought them in).
    public var reclassified = 0
    /// Of those, the commits re-reviewed because the forge data that landed them changed (`vigil review sync`).
    public var forgeReviewed = 0
    /// Merged forge requests whose landed commits the repository does not hold (not fetched yet).
    public var forgeUnlanded = 0
    /// Stored commits whose findings were recomputed for changed risk rules only.
    public var riskRefreshed = 0
    /// Risk rules whose findings were recomputed or dropped.
    public var changedRules: [String] = []
    /// The repository's commits and findings in the index afterwards.
    public var indexedCommits = 0
    public var indexedFlags = 0
    /// What could not be read (refs that lead nowhere, missing or corrupt commits), and commits
    /// stored with incomplete results: the index is then incomplete, and the run says so.
    public var problems: [String] = []
    public var damagedCommits = 0
    /// The damaged commits this run stored (the first 50), with their problems.
    public var damaged: [String] = []
    /// Triage verdicts read from the repository's notes (`refs/notes/vigil/triage`) that the index lacked.
    public var importedVerdicts = 0
    /// Notes that could not be read as verdicts: warned about, never a reason to stop.
    public var noteProblems: [String] = []

    public var isIncomplete: Bool { !problems.isEmpty || damagedCommits > 0 }
}

/// Brings a repository's part of the index up to date: scans the commits of every ref not yet
/// indexed, and recomputes stored results the rules have made stale, each part only as far as a
/// change reaches (line statistics never depend on rules; a changed risk rule recomputes only its
/// own findings). Results are committed a batch at a time, so a killed run keeps what it wrote
/// and the next run resumes.
public final class Indexer {
    public let database: IndexDatabase
    public let options: IndexOptions
    /// The forge landings of this run (set once the repository is open).
    private var forge = ForgeLandingMap.empty

    public init(database: IndexDatabase, options: IndexOptions) {
        self.database = database
        self.options = options
    }

    /// `progress(phase, done, total)` after each batch; `waiting` once if another run holds the lock.
    public func run(progress: @escaping (String, Int, Int) -> Void = { _, _, _ in }, waiting: () -> Void = {}) throws -> IndexRunSummary {
        let lock = try IndexLock(databasePath: database.path, waiting: waiting)
        defer { withExtendedLifetime(lock) {} }
        let repository = try Repository(discoveringFrom: options.repositoryPath)
        let indexed = try database.register(repository)
        var summary = IndexRunSummary(repository: indexed.name)
        let rules = options.rules
        let digests = Digests.current(rules, committerIsReviewer: options.committerIsReviewer)
        let references = try repository.references()
        summary.problems += references.compactMap(\.problem)
        var tips = Set(references.filter { !$0.name.hasPrefix("refs/notes/") }.compactMap(\.target))
        do {
            if let head = try repository.headCommit() { tips.insert(head) }
        } catch let error as GitError {
            summary.problems.append("HEAD: \(error.message)")
        }
        // The tips of the last complete run, cleared before anything is written: a run that stops
        // early leaves gaps that only a full walk finds.
        let previousTips: Set<ObjectID>? = try database.write { db in
            if options.rebuild {
                try db.execute(sql: "DELETE FROM flags WHERE repository = ?", arguments: [indexed.id])
                try db.execute(sql: "DELETE FROM commits WHERE repository = ?", arguments: [indexed.id])
                try db.execute(sql: "UPDATE repositories SET tips = NULL WHERE id = ?", arguments: [indexed.id])
            }
            try RuleSetRecord(rules: rules.risk).save(digest: digests.risk, in: db)
            let text = try String.fetchOne(db, sql: "SELECT tips FROM repositories WHERE id = ?", arguments: [indexed.id])
            try db.execute(sql: "UPDATE repositories SET tips = NULL WHERE id = ?", arguments: [indexed.id])
            return StoredReport.decode([String].self, text).map { Set($0.compactMap(ObjectID.init(hex:))) }
        }
        let (stored, storedMerges, storedForge) = try database.read { db in
            var stored: [String: Digests] = [:]
            // The forge digest and subject of each stored commit whose review forge data may touch.
            var storedForge: [String: (digest: String, subject: String)] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, classification_digest, risk_digest, forge_digest, subject FROM commits WHERE repository = ?
                """, arguments: [indexed.id])
            while let row = try rows.next() {
                let id: String = row[0]
                stored[id] = Digests(classification: row[1], risk: row[2])
                let forgeDigest: String = row[3]
                let subject: String = row[4]
                if !forgeDigest.isEmpty || subject.hasSuffix(")") { storedForge[id] = (forgeDigest, subject) }
            }
            let merges = try String.fetchAll(db, sql: "SELECT id FROM commits WHERE repository = ? AND pr_merge = 1", arguments: [indexed.id])
            return (stored, merges.compactMap(ObjectID.init(hex:)), storedForge)
        }
        let classificationStale = stored.values.contains { $0.classification != digests.classification }

        // New commits: after a complete run with the same classification rules, those reachable
        // from the new tips and not stored; otherwise a walk of every ref. Each is read once.
        let graph = CommitGraph(repository: repository)
        // The forge requests a sync stored, joined to the commits they landed.
        let forgeRequests = try database.forgeRequests(repository: indexed)
        forge = forgeRequests.isEmpty ? .empty : ForgeLandingMap.build(requests: forgeRequests, graph: graph)
        let fresh: [RawCommit]
        let mergeScope: [RawCommit]
        var reachable: Set<ObjectID>?
        if let previousTips, !classificationStale, !repository.isShallow {
            fresh = Self.commits(from: tips.subtracting(previousTips), notIn: stored, graph: graph, problems: &summary.problems)
            // A merge that brought in a new commit is itself new: a stored merge's ancestors are stored.
            mergeScope = fresh
        } else {
            var everything = RevisionQuery()
            everything.tips = tips.sorted()
            let walk = try RevisionWalk(repository: repository, query: everything, graph: graph)
            let walked = tips.isEmpty ? [] : try walk.collect()
            summary.problems += walk.problems
            reachable = Set(walked.map(\.id))
            fresh = walked.filter { stored[$0.id.hex] == nil }
            mergeScope = walked
        }
        summary.walked = reachable?.count ?? fresh.count
        let freshSet = Set(fresh.map(\.id))
        let mailmap = try? Mailmap(repository: repository)
        let merges = try PullRequestMerges.find(among: mergeScope, graph: graph, conventions: rules.review, mailmap: mailmap)
        let pullRequestMerges = Set(merges.values.flatMap { $0.map(\.merge) })
        // Stored commits that a new merge brought in: their review may have changed.
        let reReview = Set(merges.compactMap { id, approvals in
            stored[id.hex] != nil && approvals.contains { freshSet.contains($0.merge) } ? id : nil
        })
        let now = Int64(Date().timeIntervalSince1970)
        // Stored commits whose forge landings changed since their review was computed: a sync
        // brought new reviews, or a fetch brought a request's landed commit.
        var forgeChanged = Set<ObjectID>()
        for id in forge.landed.keys where stored[id.hex] != nil && storedForge[id.hex] == nil { forgeChanged.insert(id) }
        for (hex, old) in storedForge {
            guard let id = ObjectID(hex: hex), forge.digest(for: id, subject: old.subject) != old.digest else { continue }
            forgeChanged.insert(id)
        }
        forgeChanged = forgeChanged.filter { reachable?.contains($0) ?? repository.contains($0) }
        let landings = forge

        // 1. New commits: everything.
        try scan(CommitScanner(configuration: configuration(rules, stats: true, merges: merges), rawCommits: fresh, graph: graph),
                 phase: "indexing", progress: progress, summary: &summary) { reports, db in
            for report in reports {
                try StoredReport.insert(report, repository: indexed.id, digests: digests,
                                        forgeDigest: landings.digest(for: report.commit.id, subject: report.commit.subject),
                                        pullRequestMerge: pullRequestMerges.contains(report.commit.id), now: now, in: db)
            }
        }
        summary.scanned = fresh.count
        if reachable != nil {
            // A full walk found every pull-request merge: mark stored ones that an older index did not.
            let unmarked = pullRequestMerges.subtracting(freshSet).subtracting(storedMerges)
            if !unmarked.isEmpty {
                try database.write { db in
                    for id in unmarked {
                        try db.execute(sql: "UPDATE commits SET pr_merge = 1 WHERE repository = ? AND id = ?", arguments: [indexed.id, id.hex])
                    }
                }
            }
        }

        // 2. Stored commits whose classification is stale (still reachable), or that a new merge
        //    brought in: provenance, review and every finding again; line statistics kept.
        let reclassify = stored.keys.compactMap(ObjectID.init(hex:)).filter { id in
            reReview.contains(id) || forgeChanged.contains(id)
                || (stored[id.hex]!.classification != digests.classification && reachable?.contains(id) == true)
        }
        try scan(CommitScanner(configuration: configuration(rules, stats: false, merges: merges), commits: reclassify, graph: graph),
                 phase: "reclassifying", progress: progress, summary: &summary) { reports, db in
            for report in reports {
                try StoredReport.updateClassification(report, repository: indexed.id, digests: digests,
                                                      forgeDigest: landings.digest(for: report.commit.id, subject: report.commit.subject),
                                                      now: now, in: db)
            }
        }
        summary.reclassified = reclassify.count
        summary.forgeReviewed = forgeChanged.count
        summary.forgeUnlanded = forge.unlanded

        // 3. Stored commits whose risk rules changed: only the changed rules' findings. Commits
        //    no longer in the repository (garbage-collected) keep what they have.
        let reclassified = Set(reclassify)
        var byOldRisk: [String: [ObjectID]] = [:]
        for (hex, old) in stored where old.risk != digests.risk && old.classification == digests.classification {
            guard let id = ObjectID(hex: hex), !reclassified.contains(id), reachable?.contains(id) ?? repository.contains(id) else { continue }
            byOldRisk[old.risk, default: []].append(id)
        }
        var changedRules = Set<String>()
        for (oldDigest, ids) in byOldRisk.sorted(by: { $0.key < $1.key }) {
            let old = try database.read { try RuleSetRecord.load(digest: oldDigest, in: $0) }
            let change = RuleSetRecord(rules: rules.risk).changes(since: old)
            changedRules.formUnion(change.recompute)
            changedRules.formUnion(change.dropped)
            let affected = change.recompute.union(change.dropped)
            if change.recompute.isEmpty {
                try database.write { db in
                    for id in ids {
                        try StoredReport.dropFlags(rules: affected, commit: id.hex, repository: indexed.id, riskDigest: digests.risk, in: db)
                    }
                }
                continue
            }
            // Every rule decides what is read (claims, moves across files); the changed ones report.
            var subset = rules
            subset.risk.reporting = change.recompute
            // A rule with a review condition needs each commit's review as a full run computes it:
            // the approvals of every pull-request merge (the stored ones are marked).
            var reviewMerges = merges
            if reachable == nil, subset.risk.rules.contains(where: { change.recompute.contains($0.id) && $0.whenReviews != nil }) {
                reviewMerges = try PullRequestMerges.find(merges: fresh.filter { $0.parents.count > 1 }.map(\.id) + storedMerges,
                                                          graph: graph, conventions: rules.review, mailmap: mailmap)
            }
            try scan(CommitScanner(configuration: configuration(subset, stats: false, merges: reviewMerges), commits: ids, graph: graph),
                     phase: "re-checking changed rules", progress: progress, summary: &summary) { reports, db in
                for report in reports {
                    try StoredReport.updateRisk(report, rules: affected, repository: indexed.id, riskDigest: digests.risk, in: db)
                }
            }
        }
        summary.riskRefreshed = byOldRisk.values.reduce(0) { $0 + $1.count }
        summary.changedRules = changedRules.sorted()

        // Verdicts other reviewers pushed as notes.
        do {
            let (verdicts, problems) = try TriageNotes.read(repository)
            summary.noteProblems = problems
            summary.importedVerdicts = try database.importVerdicts(verdicts, repository: indexed)
        } catch let error as GitError {
            summary.noteProblems.append("\(TriageNotes.ref): \(error.message)")
        }

        try database.write { db in
            // No tips for a shallow clone: deepening it adds ancestors behind stored commits, which
            // only a full walk finds.
            try db.execute(sql: "UPDATE repositories SET indexed_at = ?, tips = ? WHERE id = ?",
                           arguments: [now, repository.isShallow ? nil : StoredReport.json(tips.map(\.hex).sorted()), indexed.id])
            summary.indexedCommits = try Int.fetchOne(db, sql: "SELECT count(*) FROM commits WHERE repository = ?", arguments: [indexed.id]) ?? 0
            summary.indexedFlags = try Int.fetchOne(db, sql: "SELECT count(*) FROM flags WHERE repository = ?", arguments: [indexed.id]) ?? 0
        }
        return summary
    }

    /// The commits reachable from `tips` that `stored` lacks, found by following parents and
    /// stopping at stored commits (sound after a complete run: a stored commit's ancestors are
    /// stored too). Parents the repository lacks (a shallow boundary) end the walk there; a commit
    /// that cannot be read is a problem.
    static func commits(from tips: Set<ObjectID>, notIn stored: [String: Digests], graph: CommitGraph,
                        problems: inout [String]) -> [RawCommit] {
        var result: [RawCommit] = []
        var seen = Set<ObjectID>()
        var queue = tips.filter { stored[$0.hex] == nil }.sorted()
        while let id = queue.popLast() {
            guard seen.insert(id).inserted else { continue }
            let raw: RawCommit
            do { raw = try graph.repository.readCommit(id) } catch let error as GitError {
                problems.append(error.message)
                continue
            } catch {
                problems.append("\(id.hex): \(error)")
                continue
            }
            graph.remember(raw)
            result.append(raw)
            let parents = graph.shallowBoundary.contains(id) ? [] : raw.parents
            for parent in parents where stored[parent.hex] == nil && !seen.contains(parent) {
                if graph.repository.contains(parent) { queue.append(parent) }
            }
        }
        return result
    }

    private func configuration(_ rules: RuleSet, stats: Bool, merges: [ObjectID: [MergeApproval]]) -> ScanConfiguration {
        var configuration = ScanConfiguration(repositoryPath: options.repositoryPath, rules: rules, computeStats: stats,
                                              workers: options.workers, batchSize: options.batchSize)
        configuration.committerIsReviewer = options.committerIsReviewer
        configuration.merges = merges
        configuration.forge = forge
        configuration.checkRisk = !rules.risk.rules.isEmpty
        return configuration
    }

    /// Runs `scanner` and hands the reports to `store` in write transactions of `batchSize`.
    private func scan(_ scanner: CommitScanner, phase: String, progress: @escaping (String, Int, Int) -> Void,
                      summary: inout IndexRunSummary, store: @escaping ([CommitReport], Database) throws -> Void) throws {
        guard !scanner.commits.isEmpty || !scanner.walkProblems.isEmpty else { return }
        var pending: [CommitReport] = []
        let flush = {
            let batch = pending
            pending.removeAll(keepingCapacity: true)
            try self.database.write { db in try store(batch, db) }
        }
        var damaged: [String] = []
        let outcome = try scanner.run(progress: { progress(phase, $0, $1) }) { item in
            if item.report.isDamaged && damaged.count < 50 {
                damaged.append("commit \(item.report.commit.id.hex): \(item.report.problems.joined(separator: "; "))")
            }
            pending.append(item.report)
            if pending.count >= self.options.batchSize { try flush() }
            return true
        }
        if !pending.isEmpty { try flush() }
        summary.problems += outcome.walkProblems
        summary.damagedCommits += outcome.summary.damagedCommits
        summary.damaged += damaged
    }
}

/// The risk rules a stored risk digest stands for: each rule's own digest, and which claim paths.
struct RuleSetRecord: Codable, Equatable {
    var rules: [String: String]
    var claiming: Set<String>

    init(rules: RiskRuleSet) {
        var digests = Dictionary(rules.rules.map { ($0.id, $0.digest) }, uniquingKeysWith: { a, _ in a })
        // The engine and the path classes change what every rule finds: they count as a claiming rule.
        digests[Self.engine] = RiskRuleSet.engineVersion + "/" + rules.pathClassesDigest
        self.rules = digests
        claiming = Set(rules.rules.filter(\.claimsPaths).map(\.id)).union([Self.engine])
    }

    static let engine = "(engine)"

    func save(digest: String, in db: Database) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO rule_sets (digest, rules) VALUES (?, ?)",
                       arguments: [digest, StoredReport.json(self)])
    }

    static func load(digest: String, in db: Database) throws -> RuleSetRecord? {
        StoredReport.decode(RuleSetRecord.self, try String.fetchOne(db, sql: "SELECT rules FROM rule_sets WHERE digest = ?", arguments: [digest]))
    }

    /// What changed since `old` (nil: unknown, so everything): rules to recompute and rules dropped.
    /// A change to a rule that claims paths changes which rules run where, so it recomputes all.
    func changes(since old: RuleSetRecord?) -> (recompute: Set<String>, dropped: Set<String>) {
        let all = Set(rules.keys).subtracting([Self.engine])
        guard let old else { return (all, []) }
        let dropped = Set(old.rules.keys).subtracting(rules.keys).subtracting([Self.engine])
        let changed = Set(rules.compactMap { id, digest in old.rules[id] == digest ? nil : id })
        if !changed.union(dropped).isDisjoint(with: claiming.union(old.claiming)) || old.rules[Self.engine] == nil {
            return (all, dropped)
        }
        return (changed.subtracting([Self.engine]), dropped)
    }
}
