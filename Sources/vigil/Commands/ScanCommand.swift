import ArgumentParser
import Foundation
import VigilAnalysis
import VigilGit
import VigilModel
import VigilPipeline
import VigilRender
import VigilRules
import VigilSignatures
import VigilStore

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
          vigil scan v1.0 ^v0.9 -n 500 --format ndjson
          vigil scan --summary --format json
          vigil scan origin/main..HEAD --format sarif -o vigil.sarif
          vigil scan origin/main..HEAD --fail-on high
          vigil scan --baseline old-report.json
        """)

    @OptionGroup var source: SourceOptions
    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var revisionOptions: RevisionOptions
    @OptionGroup var signers: SignerOptions
    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("[PATH] then revisions: a ref, A..B, A...B, ^A, an id. Default: HEAD.", valueName: "path-or-revision"))
    var arguments: [String] = []

    @Option(name: .long, help: ArgumentHelp("Output: table, json (an array), ndjson (one object a line), sarif, codequality (GitLab).", valueName: "format"))
    var format: ScanFormat = .table

    @OptionGroup var outputOptions: OutputOptions
    @OptionGroup(title: "SARIF") var sarif: SARIFOptions

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

    func validate() throws {
        if summary && (format == .sarif || format == .codequality) { throw ValidationError("--summary cannot be written as \(format.rawValue)") }
    }

    func run() throws {
        let target = try PathAndRevisions(arguments, repo: source.repo)
        let rules = try source.loadRules(repositoryPath: target.path)
        var configuration = ScanConfiguration(repositoryPath: target.path, query: try revisionOptions.query(revisions: target.revisions),
                                              rules: rules, computeStats: !noStats, workers: analysis.workers)
        configuration.committerIsReviewer = analysis.committerIsReviewer
        configuration.checkRisk = !noFlags
        configuration.render = ScanOutput.workerRendering(for: format, summaryOnly: summary)
        // SARIF reports hidden findings as suppressed results, so the workers keep them.
        configuration.keepSuppressed = format == .sarif
        let (allowedSigners, revoked) = try signers.load(policy: nil)
        configuration.signatures = CommitSignatureVerifier(allowedSigners: allowedSigners, revoked: revoked)
        // The walk first: a bad revision fails before any output; the work tree for .vigilignore.
        var scanner = try CommitScanner(configuration: configuration)
        configuration.suppressions = try loadSuppressions(workTree: scanner.workingDirectory)
        // Approvals from forge requests the index holds (`vigil review sync`).
        scanner = ForgeReviews.applying(to: scanner, database: database, repositoryPath: target.path)
        configuration.forge = scanner.configuration.forge
        if !configuration.suppressions.isEmpty {
            scanner = CommitScanner(configuration: configuration, rawCommits: scanner.commits, graph: scanner.graph, walkProblems: scanner.walkProblems)
        }
        if scanner.isShallow { Diagnostics.note("shallow repository; history stops at the shallow boundary") }
        let sink = try outputOptions.sink(repository: try Repository(discoveringFrom: target.path), rules: rules)
        let sarifSettings = format == .sarif || format == .codequality ? try sarifSettings(rules: rules, target: target) : nil
        let writer = ScanOutput.writer(format, output: sink, style: outputOptions.style, summaryOnly: summary,
                                       sarif: sarifSettings ?? SARIFSettings(rules: []))
        let progress = ProgressReporter(label: "scanning")
        var failing = 0
        var damage = DamageLog()
        let outcome = try scanner.run(progress: progress.update) { item in
            damage.note(item.report)
            if let failOn { failing += item.report.flags.filter { $0.severity >= failOn }.count }
            writer.write(item.report, rendered: item.rendered)
            return true
        }
        progress.finish()
        writer.finish(summary: outcome.summary)
        try sink.finish()
        for entry in outcome.suppressions.unusedIgnores {
            Diagnostics.note("\(entry.file):\(entry.line): ignore entry matched no finding")
        }
        damage.print()
        try IncompleteResults.check(outcome.summary)
        if let failOn, failing > 0 {
            throw CommandFailure(message: "\(failing) finding(s) at or above \(failOn.rawValue)", exitCode: ExitStatus.gateFailed)
        }
    }

    /// SARIF's settings: results placed on the range's tip, and reviewers' verdicts from the
    /// repository's triage notes.
    func sarifSettings(rules: RuleSet, target: PathAndRevisions) throws -> SARIFSettings {
        let (verdicts, problems) = try TriageNotes.current(try Repository(discoveringFrom: target.path))
        if !problems.isEmpty { Diagnostics.warn("\(problems.count) triage note entr(ies) could not be read; first: \(problems[0])") }
        return try sarif.settings(rules: rules, repositoryPath: target.path,
                                  revisions: revisionOptions.all ? [] : target.revisions, place: true, triage: verdicts)
    }

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

/// The damaged commits of a run, named on stderr after the results (the first 50).
struct DamageLog {
    private var lines: [String] = []
    private var count = 0
    static let limit = 50

    mutating func note(_ report: CommitReport) {
        guard report.isDamaged else { return }
        count += 1
        if lines.count < Self.limit { lines.append("commit \(report.commit.id.hex): \(report.problems.joined(separator: "; "))") }
    }

    func print() {
        for line in lines { Diagnostics.warn(line) }
        if count > lines.count { Diagnostics.warn("... and \(count - lines.count) more damaged commit(s)") }
    }
}

/// Incomplete results are never a quiet success: each unreadable thing is on stderr, and the
/// command exits 3 (after writing everything it could read).
enum IncompleteResults {
    static func check(_ summary: ScanSummary) throws {
        for problem in summary.problems { Diagnostics.warn(problem) }
        guard summary.isIncomplete else { return }
        var parts: [String] = []
        if summary.damagedCommits > 0 { parts.append("\(summary.damagedCommits) commit(s) could not be read or parsed in full") }
        if !summary.problems.isEmpty { parts.append("\(summary.problems.count) object(s) or ref(s) could not be read") }
        throw CommandFailure(message: "results are incomplete: " + parts.joined(separator: ", "), exitCode: ExitStatus.unreadable)
    }
}

extension ScanFormat: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}
