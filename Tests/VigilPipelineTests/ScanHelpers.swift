import Foundation
import VigilGit
import VigilModel
import VigilPipeline
import VigilRules
import VigilTestSupport

enum ScanHelpers {
    static func rules() throws -> RuleSet { try RuleSet.load(directory: PackagePaths.rules.path) }

    static func scan(_ path: String, _ query: RevisionQuery = RevisionQuery(), stats: Bool = true, workers: Int = 2,
                     minimumPerWorker: Int = 1, trackReads: Bool = false) throws -> (reports: [CommitReport], summary: ScanSummary, outcome: ScanOutcome) {
        var configuration = ScanConfiguration(repositoryPath: path, query: query, rules: try rules(), computeStats: stats, workers: workers,
                                              batchSize: 7, minimumCommitsPerWorker: minimumPerWorker)
        configuration.trackRepeatedReads = trackReads
        let scanner = try CommitScanner(configuration: configuration)
        var reports: [CommitReport] = []
        let outcome = try scanner.run { reports.append($0.report); return true }
        return (reports, outcome.summary, outcome)
    }
}
