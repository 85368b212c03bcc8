import ArgumentParser
import Foundation
import VigilGit
import VigilModel
import VigilPipeline
import VigilRender

struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Review coverage: what share of AI-made commits and lines a human other than the author reviewed.",
        discussion: """
        A commit is reviewed when a human other than its author approved it: an approval trailer \
        (Reviewed-by, Acked-by, Approved-by), a Phabricator 'Reviewed By:' line, or a pull-request \
        merge that another human made, or an approval on the forge request that landed it, \
        stored in the index by `vigil review sync` (read from the index, never the network). \
        Approvals from bots and AI agents never count. Conventions live in rules/review.yml. \
        AI-made means class ai or assisted.

        With --min-coverage, exits 1 when the share of reviewed AI-made commits is below PERCENT \
        (a range with no AI-made commits counts as fully covered), so CI can gate on it.

        Examples:
          vigil coverage
          vigil coverage --since '4 weeks ago' --min-coverage 80
          vigil coverage ../kernel v6.8..v6.9 --committer-review --format json
        """)

    @OptionGroup var source: SourceOptions
    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var revisionOptions: RevisionOptions
    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("[PATH] then revisions, as for scan. Default: HEAD.", valueName: "path-or-revision"))
    var arguments: [String] = []

    @Option(name: .long, help: ArgumentHelp("Output: table or json.", valueName: "format"))
    var format: Format = .table

    @OptionGroup var outputOptions: OutputOptions

    @Option(name: .long, help: ArgumentHelp("Exit 1 when reviewed AI-made commits are below this percentage.", valueName: "percent"))
    var minCoverage: Double?

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    func validate() throws {
        if let minCoverage, !(0...100).contains(minCoverage) {
            throw ValidationError("--min-coverage must be between 0 and 100")
        }
    }

    func run() throws {
        let target = try PathAndRevisions(arguments, repo: source.repo)
        let rules = try source.loadRules(repositoryPath: target.path)
        var configuration = ScanConfiguration(repositoryPath: target.path, query: try revisionOptions.query(revisions: target.revisions),
                                              rules: rules, workers: analysis.workers)
        configuration.committerIsReviewer = analysis.committerIsReviewer
        configuration.checkRisk = false // coverage needs review and line stats, not findings
        // Approvals from forge requests the index holds (`vigil review sync`), beside git's own.
        let scanner = ForgeReviews.applying(to: try CommitScanner(configuration: configuration), database: database, repositoryPath: target.path)
        let progress = ProgressReporter(label: "coverage")
        var report = CoverageReport()
        var damage = DamageLog()
        let outcome = try scanner.run(progress: progress.update) { item in
            damage.note(item.report)
            report.add(item.report)
            return true
        }
        progress.finish()
        let sink = try outputOptions.sink(repository: try Repository(discoveringFrom: target.path), rules: rules)
        sink.write(format == .json ? report.json.pretty() + "\n" : report.text(style: outputOptions.style))
        try sink.finish()
        damage.print()
        try IncompleteResults.check(outcome.summary)
        if let minCoverage, report.aiCommits.ratio * 100 < minCoverage {
            throw CommandFailure(
                message: "AI-made review coverage \(Percent.format(report.aiCommits.ratio)) is below --min-coverage \(minCoverage)% (\(report.aiCommits.total - report.aiCommits.reviewed) unreviewed AI-made commits)",
                exitCode: ExitStatus.gateFailed)
        }
    }
}
