import VigilGit
import VigilProvenance
import VigilReview
import VigilRisk
import VigilRules

/// One worker's private view of the repository: its own libgit2 handle, mailmap and classifier.
/// Never shared between threads at the same time.
final class ScanWorker {
    private let repository: Repository
    private let mailmap: Mailmap?
    private let classifier: ProvenanceClassifier
    private let reviewer: ReviewEvaluator
    private let merges: [ObjectID: [MergeApproval]]
    private let notesRefs: [String]
    private let computeStats: Bool
    private let risk: RiskEngine?
    private let render: (@Sendable (CommitReport) -> String)?

    init(repositoryPath: String?, rules: RuleSet, committerIsReviewer: Bool?, merges: [ObjectID: [MergeApproval]],
         notesRefs: [String], computeStats: Bool, checkRisk: Bool, render: (@Sendable (CommitReport) -> String)? = nil) throws {
        risk = checkRisk && !rules.risk.rules.isEmpty ? RiskEngine(rules: rules.risk) : nil
        repository = try Repository(discoveringFrom: repositoryPath)
        mailmap = try? Mailmap(repository: repository)
        classifier = ProvenanceClassifier(catalog: rules.agents)
        reviewer = ReviewEvaluator(conventions: rules.review, catalog: rules.agents, committerIsReviewer: committerIsReviewer)
        self.merges = merges
        self.notesRefs = notesRefs
        self.computeStats = computeStats
        self.render = render
    }

    /// Classifies and measures one commit already read. Missing content below it is a stated gap.
    func report(for commit: Commit) -> CommitReport {
        let id = commit.id
        var notes: [String: String] = [:]
        for ref in notesRefs {
            if let text = repository.note(on: id, ref: ref) { notes[ref] = text }
        }
        let mailmap = self.mailmap
        let provenance = classifier.classify(commit, notes: notes, resolveIdentity: { mailmap?.resolve($0) ?? $0 })
        let review = reviewer.evaluate(commit, provenance: provenance, mergedBy: merges[id] ?? [],
                                       resolveIdentity: { mailmap?.resolve($0) ?? $0 })
        var stats: DiffStats?
        var problems: [String] = []
        var flags: [RiskFlag] = []
        var skipped: [SkippedFile] = []
        if computeStats || risk != nil {
            do {
                // One tree diff serves both: the risk rules read the files they need, and the line
                // statistics reuse what they read.
                let changed = try repository.changedFiles(of: commit)
                var diffs: [FileDiff] = []
                if let risk {
                    let found = try risk.scan(changed.changes, klass: provenance.class, review: review.status) {
                        try repository.fileDiff(of: $0, maxBytes: risk.maxFileBytes)
                    }
                    (flags, skipped, diffs) = (found.flags, found.skipped, found.diffs)
                }
                if changed.missingParent {
                    problems.append("parent \(commit.parents[0].abbreviated()) is not in the repository (shallow clone?); diffed against an empty tree")
                }
                if computeStats {
                    let measured = try repository.diffStats(of: changed.changes, missingParent: changed.missingParent,
                                                            unreadable: changed.unreadable, known: diffs)
                    if !measured.unreadablePaths.isEmpty {
                        problems.append("content missing for \(measured.unreadablePaths.count) file(s) (partial clone?): "
                                        + measured.unreadablePaths.prefix(5).joined(separator: ", "))
                    }
                    stats = measured
                }
            } catch {
                problems.append("cannot diff this commit: \((error as? GitError)?.message ?? String(describing: error))")
                if computeStats {
                    var empty = DiffStats()
                    empty.unreadablePaths = ["*"]
                    stats = empty
                }
            }
        }
        var report = CommitReport(commit: commit, provenance: provenance, review: review, stats: stats, problems: problems)
        report.flags = flags
        report.skipped = skipped
        report.rendered = render?(report)
        return report
    }
}
