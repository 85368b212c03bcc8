import VigilGit
import VigilIndex
import VigilReview
import VigilRules
import VigilScan

/// Gathers what a report needs (the trend weeks and the previous period) and builds the model:
/// from the index when one is given and holds current results, scanning only what it lacks.
public enum ReportBuilder {
    public static func build(repositoryPath: String?, branch: String, period: ReportPeriod, weeks: Int, rules: RuleSet,
                             title: String, urlTemplate: String?, index: IndexDatabase? = nil,
                             workers: Int = ScanConfiguration.defaultWorkers) throws -> ReportModel {
        let lastWeek = ReportPeriod.week(containing: period.end - 1)
        let trendStart = lastWeek.start - Int64(max(1, weeks) - 1) * 604_800
        let since = min(trendStart, period.previous.start)
        let query = RevisionQuery(revisions: [branch], since: since, until: max(period.end, lastWeek.end) - 1)
        let repository = try Repository(discoveringFrom: repositoryPath)
        let ids = try RevisionWalk(repository: repository, query: query).collect()

        var stored: [ObjectID: CommitReport] = [:]
        var verdicts: [String: String] = [:]
        if let index, let indexed = try index.lookup(repository) {
            stored = try index.currentReports(ids, repository: indexed, rules: rules)
            for (fingerprint, record) in try index.currentTriage(repository: indexed) where record.status != .open {
                verdicts[fingerprint] = record.status.rawValue
            }
        }
        let missing = ids.filter { stored[$0] == nil }
        var scanned: [ObjectID: CommitReport] = [:]
        if !missing.isEmpty {
            var configuration = ScanConfiguration(repositoryPath: repositoryPath, query: query, rules: rules, workers: workers)
            // The merges of the whole range, so a commit scanned here gets the same review as one read from the index.
            configuration.merges = try PullRequestMerges.find(in: repository, among: ids, conventions: rules.review,
                                                              mailmap: try? Mailmap(repository: repository))
            try Scanner(configuration: configuration, commits: missing).run { scanned[$0.commit.id] = $0; return true }
        }
        let reports = ids.compactMap { stored[$0] ?? scanned[$0] }

        var line = query
        line.firstParent = true
        let firstParents = try RevisionWalk(repository: repository, query: line).collect()
        return ReportModel.build(title: title, branch: branch, period: period, weeks: weeks, reports: reports,
                                 firstParentLine: firstParents, urlTemplate: urlTemplate, triage: verdicts)
    }
}
