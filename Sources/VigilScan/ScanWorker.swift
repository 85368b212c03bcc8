import VigilGit
import VigilProvenance
import VigilReview
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
    private let render: (@Sendable (CommitReport) -> String)?

    init(repositoryPath: String?, rules: RuleSet, committerIsReviewer: Bool?, merges: [ObjectID: [MergeApproval]],
         notesRefs: [String], computeStats: Bool, render: (@Sendable (CommitReport) -> String)? = nil) throws {
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
        if computeStats {
            do {
                let measured = try repository.diffStats(of: commit)
                if measured.missingParent {
                    problems.append("parent \(commit.parents[0].abbreviated()) is not in the repository (shallow clone?); diffed against an empty tree")
                }
                if !measured.unreadablePaths.isEmpty {
                    problems.append("content missing for \(measured.unreadablePaths.count) file(s) (partial clone?): "
                                    + measured.unreadablePaths.prefix(5).joined(separator: ", "))
                }
                stats = measured
            } catch {
                problems.append("cannot compute line stats: \((error as? GitError)?.message ?? String(describing: error))")
                var empty = DiffStats()
                empty.unreadablePaths = ["*"]
                stats = empty
            }
        }
        var report = CommitReport(commit: commit, provenance: provenance, review: review, stats: stats, problems: problems)
        report.rendered = render?(report)
        return report
    }
}
