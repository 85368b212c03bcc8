import ArgumentParser
import Foundation
import VigilGit
import VigilRules
import VigilScan

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Tag every commit ai, assisted, human or bot, with agents, evidence and line stats.",
        discussion: """
        Results stream to stdout, one per commit in walk order, then a summary (table format). \
        On a terminal, progress goes to stderr and the table is coloured; piped output is plain. \
        NO_COLOR turns colour off.

        Examples:
          vigil scan
          vigil scan /srv/repos/app.git --all --since '4 weeks ago'
          vigil scan main..feature --format json
          vigil scan v1.0 ^v0.9 -n 500 --format ndjson | jq -c 'select(.provenance.class=="ai")'
          vigil scan --summary --format json
        """)

    @OptionGroup var source: SourceOptions
    @OptionGroup var revisionOptions: RevisionOptions

    @Argument(help: ArgumentHelp("[PATH] then revisions: a ref, A..B, A...B, ^A, an id. Default: HEAD.", valueName: "path-or-revision"))
    var arguments: [String] = []

    @Option(name: .long, help: ArgumentHelp("Output: table, json (an array), ndjson (one object a line).", valueName: "format"))
    var format: OutputFormat = .table

    @Flag(name: .long, help: "Print only the summary (JSON object with --format json or ndjson).")
    var summary = false

    @Flag(name: .long, help: "Skip per-commit line statistics (classification only, much faster).")
    var noStats = false

    @Flag(name: .long, help: "Count a committer who is a different human from the author as a reviewer (kernel, git).")
    var committerReview = false

    @Option(name: .long, help: ArgumentHelp("Parallel workers (default: one per core, at most 8).", valueName: "n"))
    var workers: Int = ScanConfiguration.defaultWorkers

    func run() throws {
        do {
            let rules = try source.loadRules()
            let (path, revisions) = splitPathAndRevisions(arguments, repo: source.repo)
            var configuration = ScanConfiguration(
                repositoryPath: path, query: try revisionOptions.query(revisions: revisions), rules: rules,
                computeStats: !noStats, workers: workers, render: workerRendering(for: format, summaryOnly: summary))
            if committerReview { configuration.committerIsReviewer = true }
            let scanner = try Scanner(configuration: configuration)
            if scanner.isShallow {
                FileHandle.standardError.write(Data("vigil: note: shallow repository; history stops at the shallow boundary\n".utf8))
            }
            let sink = OutputSink.standardOutput()
            let formatter = makeScanFormatter(format, sink: sink, style: TerminalStyle.detect(fileDescriptor: STDOUT_FILENO), summaryOnly: summary)
            let progress = ProgressReporter(label: "scanning")
            formatter.begin()
            let totals = try scanner.run(progress: progress.update) { report in
                formatter.write(report)
                return true
            }
            progress.finish()
            formatter.finish(summary: totals)
        } catch {
            throw asCommandFailure(error)
        }
    }
}

extension OutputFormat: ExpressibleByArgument {}
