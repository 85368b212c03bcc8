import VigilGit
import VigilProvenance
import VigilReview
import VigilRisk

/// Everything vigil found about one commit.
public struct CommitReport: Sendable {
    public var commit: Commit
    public var provenance: Provenance
    /// Who independently reviewed the commit.
    public var review: Review
    /// Line statistics, or nil when the scan skipped them (`--no-stats`).
    public var stats: DiffStats?
    /// Risk findings (after suppression by baseline and ignore file, when the scan applies them).
    public var flags: [RiskFlag] = []
    /// Changed files the risk rules did not read (binary, too large, missing).
    public var skipped: [SkippedFile] = []
    /// What could not be read for this commit, in words (missing objects, a shallow boundary).
    public var problems: [String]
    /// The report already written in the output format, when the scan was asked to render in its
    /// workers (`ScanConfiguration.render`), so formatting runs in parallel too.
    public var rendered: String?

    public init(commit: Commit, provenance: Provenance, review: Review, stats: DiffStats?, problems: [String] = []) {
        self.commit = commit
        self.provenance = provenance
        self.review = review
        self.stats = stats
        self.problems = problems
    }

    /// Lines added plus removed (0 without statistics).
    public var changedLines: Int { (stats?.added ?? 0) + (stats?.removed ?? 0) }
}
