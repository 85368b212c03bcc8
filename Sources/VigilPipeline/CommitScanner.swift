import Dispatch
import Foundation
import VigilAnalysis
import VigilGit
import VigilModel
import VigilRules

/// Walks the selected commits and reports on each, in walk order.
///
/// The walk reads every commit object once (on this thread) and keeps what it read; the
/// pull-request pass and the parent trees come from the same in-memory graph. Workers, each with
/// its own repository handle and caches, are given contiguous chunks of the walk, so a commit's
/// parent is usually the next commit of the same chunk and its trees and blobs are read once.
public final class CommitScanner {
    public let configuration: ScanConfiguration
    public let repository: Repository
    public let graph: CommitGraph
    /// The commits to scan, in walk order, read up front: bad revisions fail before any output,
    /// and progress knows the total.
    public let commits: [RawCommit]
    /// What the walk could not read.
    public private(set) var walkProblems: [String]

    /// Walks `configuration.query`.
    public init(configuration: ScanConfiguration) throws {
        self.configuration = configuration
        repository = try Repository(discoveringFrom: configuration.repositoryPath)
        graph = CommitGraph(repository: repository)
        let walk = try RevisionWalk(repository: repository, query: configuration.query, graph: graph)
        commits = try walk.collect()
        walkProblems = walk.problems
    }

    /// Scans exactly `ids`, in this order, chosen by the caller (the index's incremental runs,
    /// the report's missing commits); the configuration's query is not walked. A commit that
    /// cannot be read is a walk problem.
    public init(configuration: ScanConfiguration, commits ids: [ObjectID], graph: CommitGraph? = nil) throws {
        self.configuration = configuration
        repository = try graph?.repository ?? Repository(discoveringFrom: configuration.repositoryPath)
        self.graph = graph ?? CommitGraph(repository: repository)
        var commits: [RawCommit] = []
        var problems: [String] = []
        commits.reserveCapacity(ids.count)
        for id in ids {
            do { commits.append(try repository.readCommit(id)) } catch let error as GitError { problems.append(error.message) }
        }
        for raw in commits { self.graph.remember(raw) }
        self.commits = commits
        walkProblems = problems
    }

    /// Scans commits the caller already read (over `graph`, which knows their parents).
    public init(configuration: ScanConfiguration, rawCommits: [RawCommit], graph: CommitGraph, walkProblems: [String] = []) {
        self.configuration = configuration
        repository = graph.repository
        self.graph = graph
        commits = rawCommits
        self.walkProblems = walkProblems
    }

    public var isShallow: Bool { repository.isShallow }

    /// The work tree (for `.vigilignore`), nil in a bare repository.
    public var workingDirectory: String? { repository.workingDirectory }

    /// Scans every commit, calling `emit` for each in walk order and `progress` after each batch
    /// with the number done and the total. Stops early, without error, when `emit` returns false.
    @discardableResult
    public func run(progress: (Int, Int) -> Void = { _, _ in },
                    emit: (ScanItem) throws -> Bool) throws -> ScanOutcome {
        var outcome = ScanOutcome()
        outcome.summary.statsComputed = configuration.computeStats
        outcome.walkProblems = walkProblems
        outcome.summary.problems = walkProblems
        outcome.suppressions = configuration.suppressions
        guard !commits.isEmpty else { return outcome }
        let notesRefs = configuration.rules.agents.notesRefs.filter { repository.hasReference($0) }
        // Pull-request merges first: a merge's verdict covers commits that may come before it in date order.
        let merges = try configuration.merges
            ?? PullRequestMerges.find(among: commits, graph: graph, conventions: configuration.rules.review,
                                      mailmap: try? Mailmap(repository: repository))
        let workerCount = min(configuration.workers, max(1, commits.count / configuration.minimumCommitsPerWorker))
        let workers = try (0..<workerCount).map { _ in
            try ScanWorker(configuration: configuration, merges: merges, notesRefs: notesRefs)
        }
        let pool = WorkerPool(workers: workers)
        outcome.workerCount = workers.count
        var done = 0
        defer {
            for worker in workers { outcome.suppressions.absorbUsage(of: worker.suppressions) }
        }
        for start in stride(from: 0, to: commits.count, by: configuration.batchSize) {
            let batch = commits[start..<min(start + configuration.batchSize, commits.count)].map { raw in
                WorkItem(raw: raw, parent: parentSide(of: raw), mergeParentTrees: mergeParentTrees(of: raw))
            }
            for item in pool.process(batch) {
                outcome.summary.add(item.report)
                if try !emit(item) {
                    outcome.reads = workers.map(\.reads).reduce(ObjectReads(), +)
                    return outcome
                }
            }
            done += batch.count
            progress(done, commits.count)
        }
        outcome.reads = workers.map(\.reads).reduce(ObjectReads(), +)
        return outcome
    }

    /// The tree a commit is diffed against: its first parent's, the empty tree for a root, or
    /// nothing readable (a shallow boundary, a missing parent).
    private func parentSide(of raw: RawCommit) -> WorkItem.Parent {
        guard let first = raw.parents.first else { return .root }
        if graph.shallowBoundary.contains(raw.id) {
            return .missing("parent \(first.abbreviated()) is beyond the shallow boundary", declared: true)
        }
        let node = graph.node(first)
        if let problem = node.problem { return .missing(problem, declared: false) }
        return .tree(node.tree)
    }
}

extension CommitScanner {
    /// Every parent's tree of a merge (nil when one cannot be read), for its own changes.
    func mergeParentTrees(of raw: RawCommit) -> [ObjectID]? {
        guard raw.parents.count > 1 else { return nil }
        var trees: [ObjectID] = []
        for parent in raw.parents {
            let node = graph.node(parent)
            guard node.problem == nil else { return nil }
            trees.append(node.tree)
        }
        return trees
    }
}

/// A commit for a worker, with what its diff needs from the walk.
struct WorkItem: Sendable {
    enum Parent: Sendable {
        case root
        case tree(ObjectID)
        /// The parent cannot be read; why, and whether the repository declares the gap (shallow).
        case missing(String, declared: Bool)
    }

    var raw: RawCommit
    var parent: Parent
    /// A merge's parents' trees (nil for other commits, or when a parent cannot be read).
    var mergeParentTrees: [ObjectID]? = nil
}

/// Runs a batch across workers, one thread each, every worker on one contiguous chunk; returns
/// the results in input order.
final class WorkerPool: @unchecked Sendable {
    // @unchecked: each worker is touched by exactly one iteration of concurrentPerform at a time,
    // and each result slot is written by exactly one iteration; the caller reads them after the join.
    private let workers: [ScanWorker]

    init(workers: [ScanWorker]) { self.workers = workers }

    func process(_ batch: [WorkItem]) -> [ScanItem] {
        let slots = ResultSlots(count: batch.count)
        let count = min(workers.count, batch.count)
        let chunk = (batch.count + count - 1) / count
        DispatchQueue.concurrentPerform(iterations: count) { w in
            let worker = self.workers[w]
            for index in (w * chunk)..<min((w + 1) * chunk, batch.count) {
                slots.store(worker.scan(batch[index]), at: index)
            }
        }
        return slots.collect()
    }
}

/// Result slots that concurrent iterations fill, each slot by exactly one iteration.
private final class ResultSlots: @unchecked Sendable {
    // A raw buffer, not an array property: concurrent writes to distinct slots must not go through
    // Swift's exclusive access to one stored property.
    private let slots: UnsafeMutableBufferPointer<ScanItem?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func store(_ result: ScanItem, at index: Int) { slots[index] = result }

    func collect() -> [ScanItem] { slots.compactMap { $0 } }
}
