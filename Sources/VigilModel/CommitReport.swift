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
    /// Findings a baseline or ignore file hid in this commit.
    public var suppressedFlags: Int = 0
    /// Those findings themselves, when the scan keeps them (`ScanConfiguration.keepSuppressed`).
    public var suppressed: [SuppressedFlag] = []
    /// Changed files the risk rules did not read (binary, too large, missing).
    public var skipped: [SkippedFile] = []
    /// What could not be read for this commit, in words (missing objects, a shallow boundary).
    public var problems: [String]
    /// True when a problem is damage (a corrupt or missing object, a malformed commit) rather than
    /// a gap the repository declares (a shallow boundary, a partial clone's missing blobs).
    public var isDamaged = false
    /// What the commit's own signature proves (`none` when unsigned).
    public var signature: SignatureState = .none

    public init(commit: Commit, provenance: Provenance, review: Review, stats: DiffStats?, problems: [String] = []) {
        self.commit = commit
        self.provenance = provenance
        self.review = review
        self.stats = stats
        self.problems = problems
    }

    /// How urgently the findings call for a reviewer (see `RiskScore`); 0 without findings.
    public var riskScore: Double { RiskScore.of(flags, klass: provenance.class, review: review.status) }

    /// Lines added plus removed (0 without statistics).
    public var changedLines: Int { (stats?.added ?? 0) + (stats?.removed ?? 0) }

    /// True when something about the commit could not be read or parsed.
    public var isIncomplete: Bool { !problems.isEmpty || stats.map { !$0.isComplete } == true }
}
