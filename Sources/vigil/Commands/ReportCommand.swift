import ArgumentParser
import Foundation
import VigilGit
import VigilModel
import VigilPipeline
import VigilRender
import VigilStore

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "A week's or a month's report: what to act on, AI share, review coverage, risky changes.",
        discussion: """
        First the AI-made commits no human reviewed that hold a finding of high severity or more \
        (highest risk first, each once), then headline figures for the period beside the previous \
        period of the same length, trends over \
        the last N weeks (by agent and by top-level directory), the longest runs of consecutive \
        AI-made commits with no human-made or human-reviewed commit between them, the other flagged \
        commits by risk, and bot commits' findings apart. The title follows the period (weekly, \
        monthly). Dates are UTC; the same repository and options give byte-identical output.

        When the repository has an index (`vigil index`), the report reuses its results made under the current rules, scans only the rest, and shows the reviewers' triage verdicts.

        Examples:
          vigil report --week 2026-W47 -o report.md
          vigil report --week 2026-W47 --format html -o report.html \\
              --url-template 'https://github.com/acme/app/commit/{commit}'
          vigil report --since 2026-11-01 --until 2026-11-30 --format json
        """)

    @OptionGroup var source: SourceOptions
    @OptionGroup var database: DatabaseOptions

    @Flag(name: .long, help: "Scan even when an index exists (the triage column then stays empty).")
    var noIndex = false

    @Argument(help: ArgumentHelp("[PATH] then the branch to report on (default HEAD).", valueName: "path-or-revision"))
    var arguments: [String] = []

    @Option(name: .long, help: ArgumentHelp("ISO week, e.g. 2026-W47 (Monday to Sunday, UTC).", valueName: "week"))
    var week: String?

    @Option(name: .long, help: ArgumentHelp("Start of the period (with --until), e.g. 2026-11-01.", valueName: "date"))
    var since: String?

    @Option(name: .long, help: ArgumentHelp("End of the period, inclusive (a date means to the end of that day).", valueName: "date"))
    var until: String?

    @Option(name: .long, help: ArgumentHelp("Weeks of trend (default 12).", valueName: "n"))
    var weeks: Int = 12

    @Option(name: .long, help: ArgumentHelp("Output: md, html or json.", valueName: "format"))
    var format: Format = .md

    @OptionGroup var outputOptions: OutputOptions

    @Option(name: .long, help: ArgumentHelp("Link each commit with this template; {commit} becomes its id.", valueName: "template"))
    var urlTemplate: String?

    @Option(name: .long, help: ArgumentHelp("The report's title (default: vigil weekly report, vigil monthly report or vigil report, from the period).", valueName: "text"))
    var title: String?

    enum Format: String, ExpressibleByArgument, CaseIterable { case md, html, json }

    func validate() throws {
        if (week == nil) == (since == nil) { throw ValidationError("give either --week or --since (with --until)") }
        if since != nil && until == nil { throw ValidationError("--since needs --until") }
        if !(1...520).contains(weeks) { throw ValidationError("--weeks must be between 1 and 520") }
    }

    func run() throws {
        let period = try resolvePeriod()
        let target = try PathAndRevisions(arguments, repo: source.repo)
        let rules = try source.loadRules(repositoryPath: target.path)
        guard target.revisions.count <= 1 else {
            throw CommandFailure(message: "report takes one branch, got \(target.revisions.joined(separator: " "))", exitCode: ExitStatus.badInput)
        }
        // The index when there is one: its results where current, and the triage verdicts.
        let repository = try Repository(discoveringFrom: target.path)
        let index = noIndex ? nil : try database.openIfPresent(repositoryPath: target.path)
        let indexed = try index?.lookup(repository)
        var verdicts: [String: String] = [:]
        if let index, let indexed {
            for (fingerprint, record) in try index.currentTriage(repository: indexed) where record.status != .open {
                verdicts[fingerprint] = record.status.rawValue
            }
        }
        let branch = target.revisions.first ?? "HEAD"
        // Forge approvals the index holds (`vigil review sync`) join review, as in `vigil index`.
        let forge = noIndex ? [] : ForgeReviews.requests(in: index, repository: repository)
        let gathered = try ReportInputs.gather(repositoryPath: target.path, branch: branch, period: period, weeks: weeks, rules: rules,
                                               forge: forge) { ids, landings in
            guard let index, let indexed else { return [:] }
            return try index.currentReports(ids, repository: indexed, rules: rules, forge: landings)
        }
        let model = ReportModel.build(title: title, branch: branch, period: period, weeks: weeks, reports: gathered.reports,
                                      firstParentLine: gathered.firstParentLine, urlTemplate: urlTemplate, triage: verdicts)
        let text: String = switch format {
        case .md: MarkdownReport.render(model)
        case .html: HTMLReport.render(model)
        case .json: JSONReport.render(model)
        }
        let sink = try outputOptions.sink(repository: repository, indexPath: try? database.path(repositoryPath: target.path), rules: rules)
        sink.write(text)
        try sink.finish()
        var summary = ScanSummary()
        summary.problems = gathered.problems
        for report in gathered.reports { summary.add(report) }
        try IncompleteResults.check(summary)
    }

    func resolvePeriod() throws -> ReportPeriod {
        if let week {
            guard let period = ReportPeriod.isoWeek(week) else {
                throw CommandFailure(message: "--week: '\(week)' is not an ISO week like 2026-W47", exitCode: ExitStatus.badInput)
            }
            return period
        }
        guard let since, let until, let start = GitDate.parse(since), var end = GitDate.parse(until) else {
            throw CommandFailure(message: "--since/--until: cannot read '\(since ?? "")' or '\(until ?? "")'", exitCode: ExitStatus.badInput)
        }
        // A bare date means the whole of that day.
        if until.count == 10 { end += 86_400 } else { end += 1 }
        guard end > start else { throw CommandFailure(message: "--until is before --since", exitCode: ExitStatus.badInput) }
        return ReportPeriod(start: start, end: end, label: "\(since) to \(until)")
    }
}
