import ArgumentParser
import Foundation
import VigilGit
import VigilIndex
import VigilRisk
import VigilScan

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Everything vigil knows about one commit, with each flagged hunk in context.",
        discussion: """
        Provenance and its evidence, review and its evidence, line statistics, and every finding \
        with its rule's message, its triage history and the hunk that holds the flagged line \
        (coloured on a terminal, the flagged line marked with >). Reads the index when the \
        commit is in it; otherwise scans the commit now (then a pull-request merge later in \
        history is not seen, and review may read lower than `vigil index` would record).

        Examples:
          vigil show HEAD
          vigil show 1a2b3c4d --context 6
          vigil show v2.1~3 --format json | jq '.flags[].triage'
        """)

    @Argument(help: ArgumentHelp("The commit: an id, a prefix, a ref, HEAD~2.", valueName: "commit"))
    var commit: String

    @OptionGroup var source: SourceOptions
    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("Context lines around each flagged line.", valueName: "n"))
    var context: Int = 3

    @Option(name: .long, help: ArgumentHelp("Output: table (text) or json.", valueName: "format"))
    var format: OutputFormat = .table

    func run() throws {
        do {
            let repository = try Repository(discoveringFrom: source.repo)
            let id = try repository.resolveCommit(commit)
            let dbPath = try database.path(repositoryPath: source.repo)
            let db = FileManager.default.fileExists(atPath: dbPath) ? try IndexDatabase(path: dbPath, create: false) : nil
            let indexed = try db?.lookup(repository)
            let rules = try source.loadRules()
            var origin = CommitShowText.Origin.scan
            var report: CommitReport
            if let db, let indexed, let stored = try db.storedReport(id.hex, repository: indexed) {
                report = stored
                origin = try db.currentReports([id], repository: indexed, rules: rules).isEmpty ? .staleIndex : .index
            } else {
                var live: CommitReport?
                try Scanner(configuration: ScanConfiguration(repositoryPath: source.repo, rules: rules, workers: 1), commits: [id])
                    .run { live = $0; return false }
                guard let scanned = live else { throw CommandFailure(message: "\(commit): cannot read this commit", exitCode: ExitStatus.unreadable) }
                report = scanned
            }
            // The full message and trailers come from the repository, whatever the source.
            let mailmap = try? Mailmap(repository: repository)
            let full = try repository.commit(id, mailmap: mailmap)
            report.commit = full
            var history: [String: [TriageRecord]] = [:]
            if let db, let indexed {
                for fingerprint in Set(report.flags.map(\.fingerprint)) {
                    history[fingerprint] = try db.triageHistory(fingerprint: fingerprint, repository: indexed)
                }
            }
            let patches = try CommitPatches(repository: repository, commit: full, contextLines: max(0, context))
            let sink = OutputSink.standardOutput()
            if format == .table {
                sink.write(CommitShowText.render(report: report, origin: origin, triage: history, patches: patches,
                                                 style: TerminalStyle.detect(fileDescriptor: STDOUT_FILENO)))
            } else {
                sink.write(CommitShowText.json(report: report, origin: origin, triage: history).pretty() + "\n")
            }
            sink.flush()
        } catch {
            throw asCommandFailure(error)
        }
    }
}

