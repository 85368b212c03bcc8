import Foundation
import VigilGit
import VigilRules
import VigilScan
import VigilTestSupport

enum ScanHelpers {
    static func rules() throws -> RuleSet { try RuleSet.load(directory: PackagePaths.rules.path) }

    static func scan(_ path: String, _ query: RevisionQuery = RevisionQuery(), stats: Bool = true, workers: Int = 2) throws -> (reports: [CommitReport], summary: ScanSummary) {
        let scanner = try Scanner(configuration: ScanConfiguration(repositoryPath: path, query: query, rules: try rules(),
                                                                   computeStats: stats, workers: workers, batchSize: 7))
        var reports: [CommitReport] = []
        let summary = try scanner.run { reports.append($0); return true }
        return (reports, summary)
    }
}
