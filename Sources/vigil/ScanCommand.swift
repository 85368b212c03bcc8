import ArgumentParser
import Foundation
import VigilGit
import VigilRules
import VigilRisk
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
          vigil scan --all --format sarif > vigil.sarif          # risk findings for code scanning
          vigil scan origin/main..HEAD --fail-on high             # exit 1 on a high or critical finding
          vigil scan --baseline old-report.json                   # only findings not in an earlier report
        """)

    @OptionGroup var source: SourceOptions
    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var revisionOptions: RevisionOptions

    @Argument(help: ArgumentHelp("[PATH] then revisions: a ref, A..B, A...B, ^A, an id. Default: HEAD.", valueName: "path-or-revision"))
    var arguments: [String] = []

    @Option(name: .long, help: ArgumentHelp("Output: table, json (an array), ndjson (one object a line), sarif (risk findings).", valueName: "format"))
    var format: OutputFormat = .table

    @Flag(name: .long, help: "Print only the summary (JSON object with --format json or ndjson).")
    var summary = false

    @Flag(name: .long, help: "Skip per-commit line statistics (classification only, much faster).")
    var noStats = false

    @Flag(name: .long, help: "Skip the risk rules (no flags).")
    var noFlags = false

    @Option(name: .long, help: ArgumentHelp("Exit 1 when a finding of at least this severity remains (low, medium, high, critical).", valueName: "severity"))
    var failOn: Severity?

    @Option(name: .long, help: ArgumentHelp("Hide findings whose fingerprints are in this earlier report (vigil json/ndjson, SARIF, or one fingerprint a line).", valueName: "file"))
    var baseline: String?

    @Option(name: .long, help: ArgumentHelp("Ignore file (default: .vigilignore at the top of the work tree, if present).", valueName: "file"))
    var ignoreFile: String?

    func run() throws {
        do {
            let rules = try source.loadRules()
            let (path, revisions) = splitPathAndRevisions(arguments, repo: source.repo)
            var configuration = ScanConfiguration(
                repositoryPath: path, query: try revisionOptions.query(revisions: revisions), rules: rules,
                computeStats: !noStats, workers: analysis.workers, render: workerRendering(for: format, summaryOnly: summary))
            configuration.committerIsReviewer = analysis.committerIsReviewer
            configuration.checkRisk = !noFlags
            var suppressions = try loadSuppressions(workTree: try? Repository(discoveringFrom: path).workingDirectory)
            if !suppressions.isEmpty { configuration.render = nil } // rendered after suppression instead
            let scanner = try Scanner(configuration: configuration)
            if scanner.isShallow {
                FileHandle.standardError.write(Data("vigil: note: shallow repository; history stops at the shallow boundary\n".utf8))
            }
            let sink = OutputSink.standardOutput()
            let formatter = makeScanFormatter(format, sink: sink, style: TerminalStyle.detect(fileDescriptor: STDOUT_FILENO),
                                              summaryOnly: summary, rules: rules.risk)
            let progress = ProgressReporter(label: "scanning")
            var suppressed = 0
            var failing = 0
            formatter.begin()
            var totals = ScanSummary()
            totals.statsComputed = !noStats
            try scanner.run(progress: progress.update) { report in
                var report = report
                if !suppressions.isEmpty {
                    let before = report.flags.count
                    report.flags.removeAll { suppressions.suppresses($0) }
                    suppressed += before - report.flags.count
                }
                if let failOn { failing += report.flags.filter { $0.severity >= failOn }.count }
                totals.add(report)
                formatter.write(report)
                return true
            }
            progress.finish()
            totals.suppressedFlags = suppressed
            formatter.finish(summary: totals)
            for entry in suppressions.unusedIgnores {
                FileHandle.standardError.write(Data("vigil: note: \(entry.file):\(entry.line): ignore entry matched no finding\n".utf8))
            }
            if let failOn, failing > 0 {
                throw CommandFailure(message: "\(failing) finding(s) at or above \(failOn.rawValue)", exitCode: ExitStatus.gateFailed)
            }
        } catch {
            throw asCommandFailure(error)
        }
    }
}

extension ScanCommand {
    func loadSuppressions(workTree: String?) throws -> Suppressions {
        var suppressions = Suppressions()
        if let baseline { try suppressions.loadBaseline(path: baseline) }
        if let ignoreFile {
            try suppressions.loadIgnoreFile(path: ignoreFile)
        } else if let workTree {
            let path = URL(fileURLWithPath: workTree).appendingPathComponent(".vigilignore").path
            if FileManager.default.fileExists(atPath: path) { try suppressions.loadIgnoreFile(path: path) }
        }
        return suppressions
    }
}

extension OutputFormat: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}
