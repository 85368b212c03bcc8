import VigilGit
import VigilRules
import VigilScan

/// Scans what a report needs (the trend weeks and the previous period) and builds the model.
public enum ReportBuilder {
    public static func build(repositoryPath: String?, branch: String, period: ReportPeriod, weeks: Int, rules: RuleSet,
                             title: String, urlTemplate: String?, workers: Int = ScanConfiguration.defaultWorkers) throws -> ReportModel {
        let lastWeek = ReportPeriod.week(containing: period.end - 1)
        let trendStart = lastWeek.start - Int64(max(1, weeks) - 1) * 604_800
        let since = min(trendStart, period.previous.start)
        let query = RevisionQuery(revisions: [branch], since: since, until: max(period.end, lastWeek.end) - 1)
        var reports: [CommitReport] = []
        try Scanner(configuration: ScanConfiguration(repositoryPath: repositoryPath, query: query, rules: rules, workers: workers))
            .run { reports.append($0); return true }
        var line = query
        line.firstParent = true
        let repository = try Repository(discoveringFrom: repositoryPath)
        let firstParents = try RevisionWalk(repository: repository, query: line).collect()
        return ReportModel.build(title: title, branch: branch, period: period, weeks: weeks, reports: reports,
                                 firstParentLine: firstParents, urlTemplate: urlTemplate)
    }
}
