import Dispatch
import Foundation
import VigilGit
import VigilReview
import VigilRules

/// What to scan and how.
public struct ScanConfiguration: Sendable {
    /// A path inside the repository (nil: the current directory, or `GIT_DIR` inside hooks).
    public var repositoryPath: String?
    public var query: RevisionQuery
    public var rules: RuleSet
    /// Compute per-commit line statistics (the costly part).
    public var computeStats: Bool
    /// Parallel workers, each with its own repository handle.
    public var workers: Int
    /// Commits handed to the workers at once; results stream out a batch at a time, in walk order.
    public var batchSize: Int
    /// Apply the risk rules.
    public var checkRisk: Bool = true
    /// Count a committer who is a different human as a reviewer (nil: as `rules/review.yml` says).
    public var committerIsReviewer: Bool?
    /// Pull-request merges already found by the caller, over a wider range than the scanned
    /// commits (the index rescans old commits that merges elsewhere in history brought in).
    /// Nil: found among the scanned commits.
    public var merges: [ObjectID: [MergeApproval]]?
    /// Writes each report in the output format inside the workers (see `CommitReport.rendered`).
    public var render: (@Sendable (CommitReport) -> String)?

    public init(repositoryPath: String? = nil, query: RevisionQuery = RevisionQuery(), rules: RuleSet,
                computeStats: Bool = true, workers: Int = ScanConfiguration.defaultWorkers, batchSize: Int = 256,
                render: (@Sendable (CommitReport) -> String)? = nil) {
        self.repositoryPath = repositoryPath
        self.query = query
        self.rules = rules
        self.computeStats = computeStats
        self.workers = max(1, workers)
        self.batchSize = max(1, batchSize)
        self.render = render
    }

    public static var defaultWorkers: Int { min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 8) }
}

/// Walks the selected commits and reports on each, in walk order. Commits are read on the handle
/// that walked them (the walk left their raw objects in its cache, so each is inflated once);
/// workers, each with its own repository handle, classify and measure them in parallel.
public final class Scanner {
    public let configuration: ScanConfiguration
    private let repository: Repository
    /// The commits to scan, walked up front: bad revisions fail before any output, and progress knows the total.
    public let commitIDs: [ObjectID]

    public init(configuration: ScanConfiguration) throws {
        self.configuration = configuration
        repository = try Repository(discoveringFrom: configuration.repositoryPath)
        commitIDs = try RevisionWalk(repository: repository, query: configuration.query).collect()
    }

    /// Scans exactly `commits`, in this order, chosen by the caller (the index's incremental
    /// runs); the configuration's query is not walked.
    public init(configuration: ScanConfiguration, commits: [ObjectID]) throws {
        self.configuration = configuration
        repository = try Repository(discoveringFrom: configuration.repositoryPath)
        commitIDs = commits
    }

    public var isShallow: Bool { repository.isShallow }

    /// Scans every commit, calling `emit` for each in walk order and `progress` after each batch
    /// with the number done and the total. Stops early, without error, when `emit` returns false.
    @discardableResult
    public func run(progress: (Int, Int) -> Void = { _, _ in },
                    emit: (CommitReport) throws -> Bool) throws -> ScanSummary {
        var summary = ScanSummary()
        summary.statsComputed = configuration.computeStats
        guard !commitIDs.isEmpty else { return summary }
        let notesRefs = configuration.rules.agents.notesRefs.filter { repository.hasReference($0) }
        let mailmap = try? Mailmap(repository: repository)
        // Pull-request merges first: a merge's verdict covers commits that may come before it in date order.
        let merges = try configuration.merges
            ?? PullRequestMerges.find(in: repository, among: commitIDs, conventions: configuration.rules.review, mailmap: mailmap)
        let workerCount = min(configuration.workers, max(1, commitIDs.count / 64 + 1))
        let pool = WorkerPool(workers: try (0..<workerCount).map { _ in
            try ScanWorker(repositoryPath: configuration.repositoryPath, rules: configuration.rules,
                           committerIsReviewer: configuration.committerIsReviewer, merges: merges,
                           notesRefs: notesRefs, computeStats: configuration.computeStats, checkRisk: configuration.checkRisk,
                           render: configuration.render)
        })
        var done = 0
        for start in stride(from: 0, to: commitIDs.count, by: configuration.batchSize) {
            let batch = try commitIDs[start..<min(start + configuration.batchSize, commitIDs.count)].map {
                try repository.commit($0, mailmap: mailmap)
            }
            for report in pool.process(batch) {
                summary.add(report)
                if try !emit(report) { return summary }
            }
            done += batch.count
            progress(done, commitIDs.count)
        }
        return summary
    }
}

/// Runs a batch across workers, one thread per worker, and returns results in input order.
final class WorkerPool: @unchecked Sendable {
    // @unchecked: each worker is touched by exactly one iteration of concurrentPerform at a time,
    // and each result slot is written by exactly one iteration; the caller reads them after the join.
    private let workers: [ScanWorker]

    init(workers: [ScanWorker]) { self.workers = workers }

    func process(_ batch: [Commit]) -> [CommitReport] {
        let slots = ResultSlots(count: batch.count)
        let count = workers.count
        DispatchQueue.concurrentPerform(iterations: count) { w in
            let worker = self.workers[w]
            // Strided so slow commits (huge diffs) spread across workers.
            for index in stride(from: w, to: batch.count, by: count) {
                slots.store(worker.report(for: batch[index]), at: index)
            }
        }
        return slots.collect()
    }
}

/// Result slots that concurrent iterations fill, each slot by exactly one iteration.
private final class ResultSlots: @unchecked Sendable {
    // A raw buffer, not an array property: concurrent writes to distinct slots must not go through
    // Swift's exclusive access to one stored property.
    private let slots: UnsafeMutableBufferPointer<CommitReport?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func store(_ result: CommitReport, at index: Int) { slots[index] = result }

    func collect() -> [CommitReport] { slots.map { $0! } }
}
