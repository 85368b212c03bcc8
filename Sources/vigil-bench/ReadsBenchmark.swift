import Dispatch
import Foundation
import VigilGit
import VigilPipeline
import VigilRules

/// Scans `repository` (HEAD, the newest `count` commits) as `vigil scan` does and prints how many
/// objects the workers read, how many of those they had read before, and the time.
func readsBenchmark(repository: String, count: Int?, workers: Int, flags: Bool) throws {
    let rules = try RuleSet.locate(explicit: nil)
    var configuration = ScanConfiguration(repositoryPath: repository, query: RevisionQuery(maxCount: count), rules: rules, workers: workers)
    configuration.trackRepeatedReads = true
    configuration.checkRisk = flags
    let start = DispatchTime.now()
    let scanner = try CommitScanner(configuration: configuration)
    let walked = seconds(start)
    let outcome = try scanner.run { _ in true }
    let r = outcome.reads
    print(String(format: "commits %d  walk %.2f s  total %.2f s  workers %d", outcome.summary.commits, walked, seconds(start), outcome.workerCount))
    print("worker reads: commits \(r.commits), trees \(r.trees), blobs \(r.blobs); read again by the same worker: "
          + "trees \(r.repeats[.tree] ?? 0), blobs \(r.repeats[.blob] ?? 0), commits \(r.repeats[.commit] ?? 0)")
}
