import VigilGit
import VigilModel
import VigilRules

/// What a report needs, gathered: the reports of every commit of the trend weeks and the previous
/// period, and the branch's first-parent line. Reports the caller already holds (the index's) are
/// used as they are; only the rest is scanned.
public enum ReportInputs {
    public struct Gathered: Sendable {
        public var reports: [CommitReport]
        /// The branch's first-parent chain, newest first (for the autonomy runs).
        public var firstParentLine: [ObjectID]
        /// What could not be read.
        public var problems: [String]
    }

    /// `stored` returns, for the given commits, the reports the caller already has that were made
    /// with these forge landings; `forge` holds the forge requests known (`vigil review sync`).
    public static func gather(repositoryPath: String?, branch: String, period: ReportPeriod, weeks: Int, rules: RuleSet,
                              workers: Int = ScanConfiguration.defaultWorkers, forge: [ForgeRequest] = [],
                              stored: ([ObjectID], ForgeLandingMap) throws -> [ObjectID: CommitReport]) throws -> Gathered {
        let lastWeek = ReportPeriod.week(containing: period.end - 1)
        let trendStart = lastWeek.start - Int64(max(1, weeks) - 1) * 604_800
        let since = min(trendStart, period.previous.start)
        let repository = try Repository(discoveringFrom: repositoryPath)
        // An empty repository (or an unborn branch) has nothing to report: an empty report, as
        // scan and coverage give 0 commits.
        if branch == "HEAD", try repository.headCommit() == nil {
            return Gathered(reports: [], firstParentLine: [], problems: [])
        }
        let query = RevisionQuery(revisions: [branch], since: since, until: max(period.end, lastWeek.end) - 1)
        let graph = CommitGraph(repository: repository)
        let walk = try RevisionWalk(repository: repository, query: query, graph: graph)
        let commits = try walk.collect()
        let ids = commits.map(\.id)
        let landings = forge.isEmpty ? ForgeLandingMap.empty : ForgeLandingMap.build(requests: forge, graph: graph)
        let held = try stored(ids, landings)
        var scanned: [ObjectID: CommitReport] = [:]
        var problems = walk.problems
        let missing = commits.filter { held[$0.id] == nil }
        if !missing.isEmpty {
            var configuration = ScanConfiguration(repositoryPath: repositoryPath, query: query, rules: rules, workers: workers)
            // The merges of the whole range, so a commit scanned here gets the same review as one read from the index.
            configuration.merges = try PullRequestMerges.find(among: commits, graph: graph, conventions: rules.review,
                                                              mailmap: try? Mailmap(repository: repository))
            configuration.forge = landings
            let scanner = CommitScanner(configuration: configuration, rawCommits: missing, graph: graph)
            let outcome = try scanner.run { scanned[$0.report.commit.id] = $0.report; return true }
            problems += outcome.walkProblems
        }
        var line = query
        line.firstParent = true
        let firstParents = try RevisionWalk(repository: repository, query: line, graph: graph, retainCommits: false).collectIDs()
        return Gathered(reports: ids.compactMap { held[$0] ?? scanned[$0] }, firstParentLine: firstParents, problems: problems)
    }
}
