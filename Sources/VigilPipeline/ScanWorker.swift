import VigilAnalysis
import VigilGit
import VigilModel
import VigilRules
import VigilSignatures

/// One worker's private view of the repository: its own libgit2 handle, tree and blob caches,
/// mailmap, classifier, review evaluator, risk engine and copy of the suppressions. Never shared
/// between threads at the same time.
final class ScanWorker {
    private let repository: Repository
    private let diffs: DiffReader
    private let decoder: CommitDecoder
    private let mailmap: Mailmap?
    private let classifier: ProvenanceClassifier
    private let reviewer: ReviewEvaluator
    private let risk: RiskEngine?
    private let merges: [ObjectID: [MergeApproval]]
    private let forge: ForgeLandingMap
    private let notesRefs: [String]
    private let computeStats: Bool
    /// Missing blobs are expected in a partial clone, damage anywhere else.
    private let isPartialClone: Bool
    private let render: (@Sendable (CommitReport) -> String)?
    private let signatures: CommitSignatureVerifier
    /// This worker's copy: which ignore entries it used is merged back after the scan.
    private(set) var suppressions: Suppressions
    private let keepSuppressed: Bool

    init(configuration: ScanConfiguration, merges: [ObjectID: [MergeApproval]], notesRefs: [String]) throws {
        let rules = configuration.rules
        repository = try Repository(discoveringFrom: configuration.repositoryPath)
        repository.trackRepeatedReads(configuration.trackRepeatedReads)
        repository.pending = configuration.pendingObjects
        diffs = DiffReader(repository: repository)
        mailmap = try? Mailmap(repository: repository)
        decoder = CommitDecoder(mailmap: mailmap)
        classifier = ProvenanceClassifier(catalog: rules.agents)
        reviewer = ReviewEvaluator(conventions: rules.review, catalog: rules.agents, committerIsReviewer: configuration.committerIsReviewer)
        risk = configuration.checkRisk && !rules.risk.rules.isEmpty ? RiskEngine(rules: rules.risk) : nil
        self.merges = merges
        forge = configuration.forge
        self.notesRefs = notesRefs
        computeStats = configuration.computeStats
        isPartialClone = repository.isPartialClone
        render = configuration.render
        signatures = ScanWorkerSignatures.verifier(configuration.signatures, repository: repository)
        suppressions = configuration.suppressions
        keepSuppressed = configuration.keepSuppressed
    }

    var reads: ObjectReads { repository.reads }

    /// Classifies and measures one commit. What cannot be read below it is a stated gap.
    func scan(_ item: WorkItem) -> ScanItem {
        let commit = decoder.decode(item.raw)
        var notes: [String: String] = [:]
        for ref in notesRefs {
            if let text = repository.note(on: commit.id, ref: ref) { notes[ref] = text }
        }
        let mailmap = self.mailmap
        let resolve: (Identity) -> Identity = { mailmap?.resolve($0) ?? $0 }
        // A note that does not read is stated, never damage: notes are claims anyone may write.
        var noteProblems: [String] = []
        let provenance = classifier.classify(commit, notes: notes, resolveIdentity: resolve, problems: &noteProblems)
        let review = reviewer.evaluate(commit, provenance: provenance, mergedBy: merges[commit.id] ?? [],
                                       forge: forge.landings(for: commit.id, subject: commit.subject), resolveIdentity: resolve)
        var report = CommitReport(commit: commit, provenance: provenance, review: review, stats: nil,
                                  problems: commit.malformations.map { "malformed commit: \($0)" } + noteProblems)
        report.isDamaged = !commit.malformations.isEmpty
        report.signature = signatures.state(of: commit.signature, committedAt: commit.committer.time)
        if commit.isMerge {
            if computeStats { report.stats = DiffStats() }
            if risk != nil { diffMerge(commit, parentTrees: item.mergeParentTrees, into: &report) }
        } else if computeStats || risk != nil {
            diff(commit, parent: item.parent, into: &report)
        }
        if !suppressions.isEmpty {
            var kept: [RiskFlag] = []
            for flag in report.flags {
                guard let hidden = suppressions.suppression(of: flag) else { kept.append(flag); continue }
                if keepSuppressed { report.suppressed.append(hidden) }
            }
            report.suppressedFlags = report.flags.count - kept.count
            report.flags = kept
        }
        return ScanItem(report: report, rendered: render?(report))
    }

    /// A merge is flagged only for what it changes itself: the lines in none of its parents (an
    /// evil merge); what it brings in is flagged in the commits that made it. Its line statistics
    /// stay zero, as `git log --numstat` gives them.
    private func diffMerge(_ commit: Commit, parentTrees: [ObjectID]?, into report: inout CommitReport) {
        guard let risk else { return }
        guard let parentTrees else {
            report.problems.append("a parent of this merge cannot be read; its own changes are not checked")
            report.isDamaged = true
            return
        }
        do {
            let merged = try diffs.mergeChanges(tree: commit.tree, parentTrees: parentTrees)
            let found = try risk.scan(merged.changes, klass: report.provenance.class, review: report.review.status) {
                try diffs.mergeFileDiff($0, in: merged, maxBytes: risk.maxFileBytes)
            }
            (report.flags, report.skipped) = (found.flags, found.skipped)
            if !merged.unreadable.isEmpty {
                report.problems.append("cannot read part of this merge's trees: " + merged.unreadable.prefix(5).joined(separator: ", "))
                report.isDamaged = true
            }
        } catch {
            report.problems.append("cannot diff this merge: \((error as? GitError)?.message ?? String(describing: error))")
            report.isDamaged = true
        }
    }

    /// One tree diff serves both: the risk rules read the files they need, and the line
    /// statistics reuse what they read.
    private func diff(_ commit: Commit, parent: WorkItem.Parent, into report: inout CommitReport) {
        var parentTree: ObjectID?
        var missingParent = false
        switch parent {
        case .root: break
        case .tree(let tree): parentTree = tree
        case .missing(let why, let declared):
            missingParent = true
            report.problems.append("\(why); diffed against an empty tree")
            if !declared { report.isDamaged = true }
        }
        do {
            let changed = try diffs.changes(tree: commit.tree, parentTree: parentTree)
            var read: [FileDiff] = []
            if let risk {
                let found = try risk.scan(changed.changes, klass: report.provenance.class, review: report.review.status) {
                    try diffs.fileDiff(of: $0, maxBytes: risk.maxFileBytes)
                }
                (report.flags, report.skipped, read) = (found.flags, found.skipped, found.diffs)
                report.problems += found.problems
            }
            for tree in changed.unreadable {
                report.problems.append("cannot read the tree at \(tree.path)/: \(tree.reason)")
                report.isDamaged = true
            }
            if computeStats {
                let stats = try diffs.stats(of: changed.changes, missingParent: missingParent, unreadable: changed.unreadable.map(\.path), known: read)
                let missingBlobs = stats.unreadablePaths.filter { path in !changed.unreadable.contains { $0.path == path } }
                if !missingBlobs.isEmpty {
                    let why = isPartialClone ? "partial clone" : "missing from the repository"
                    report.problems.append("content missing for \(missingBlobs.count) file(s) (\(why)): "
                                           + missingBlobs.prefix(5).joined(separator: ", "))
                    if !isPartialClone { report.isDamaged = true }
                }
                report.stats = stats
            }
        } catch {
            report.problems.append("cannot diff this commit: \((error as? GitError)?.message ?? String(describing: error))")
            report.isDamaged = true
            if computeStats {
                var empty = DiffStats()
                empty.unreadablePaths = ["*"]
                report.stats = empty
            }
        }
    }
}
