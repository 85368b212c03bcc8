import Foundation
import VigilAnalysis
import VigilGit
import VigilModel
import VigilRules
import VigilSignatures

/// What to scan and how.
public struct ScanConfiguration: Sendable {
    /// A path inside the repository (nil: the current directory, or `GIT_DIR` inside hooks).
    public var repositoryPath: String?
    public var query: RevisionQuery
    public var rules: RuleSet
    /// Compute per-commit line statistics (the costly part).
    public var computeStats: Bool
    /// Parallel workers, each with its own repository handle and caches.
    public var workers: Int
    /// Commits handed to the workers at once, split into one contiguous chunk per worker;
    /// results stream out a batch at a time, in walk order.
    public var batchSize: Int
    /// Fewest commits a worker is given: with fewer commits than this per worker, fewer workers
    /// start (a worker's set-up is not free).
    public var minimumCommitsPerWorker: Int
    /// Apply the risk rules.
    public var checkRisk: Bool = true
    /// Count a committer who is a different human as a reviewer (nil: as `rules/review.yml` says).
    public var committerIsReviewer: Bool?
    /// Pull-request merges already found by the caller, over a wider range than the scanned
    /// commits (the index rescans old commits that merges elsewhere in history brought in).
    /// Nil: found among the scanned commits.
    public var merges: [ObjectID: [MergeApproval]]?
    /// The forge requests that landed each commit (from `vigil review sync`, held in the index).
    public var forge: ForgeLandingMap = .empty
    /// Findings to hide (baseline and ignore file), applied inside the workers.
    public var suppressions: Suppressions = Suppressions()
    /// Keep the findings suppressions hide in `CommitReport.suppressed` (for SARIF, which reports them).
    public var keepSuppressed = false
    /// Writes each report in the output format inside the workers (after suppression), so
    /// formatting runs in parallel too (`ScanItem.rendered`).
    public var render: (@Sendable (CommitReport) -> String)?
    /// How commits' own signatures are checked (SSH against an allowed-signers file, in process).
    public var signatures = CommitSignatureVerifier(allowedSigners: nil)
    /// Count objects each worker reads more than once (tests and benchmarks).
    public var trackRepeatedReads = false
    /// Objects only in memory that the scanned commits need (a pending commit and its trees).
    public var pendingObjects = PendingObjects()

    public init(repositoryPath: String? = nil, query: RevisionQuery = RevisionQuery(), rules: RuleSet,
                computeStats: Bool = true, workers: Int = ScanConfiguration.defaultWorkers, batchSize: Int = 1024,
                minimumCommitsPerWorker: Int = 64) {
        self.repositoryPath = repositoryPath
        self.query = query
        self.rules = rules
        self.computeStats = computeStats
        self.workers = max(1, workers)
        self.batchSize = max(1, batchSize)
        self.minimumCommitsPerWorker = max(1, minimumCommitsPerWorker)
    }

    public static var defaultWorkers: Int { min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 8) }
}

/// One scanned commit as the pipeline hands it out.
public struct ScanItem: Sendable {
    public var report: CommitReport
    /// The report already written by `ScanConfiguration.render`, when one was given.
    public var rendered: String?
}

/// What a whole scan found, besides the commits.
public struct ScanOutcome: Sendable {
    /// Totals over every commit handed out.
    public var summary = ScanSummary()
    /// What the walk could not read: refs that lead nowhere, missing or corrupt commits.
    public var walkProblems: [String] = []
    /// Objects the workers read (repeats counted per worker when asked for).
    public var reads = ObjectReads()
    /// How many workers the scan started.
    public var workerCount = 0
    /// The suppressions with the usage of every worker, for reporting stale ignore entries.
    public var suppressions = Suppressions()

    /// True when something could not be read: results are incomplete.
    public var isIncomplete: Bool { !walkProblems.isEmpty || summary.incompleteCommits > 0 }
}
