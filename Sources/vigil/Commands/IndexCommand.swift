import ArgumentParser
import Foundation
import VigilGit
import VigilModel
import VigilStore

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Keep an SQLite index of every commit of every ref, for queries, triage and reports.",
        usage: "vigil index [<options>] [<path>]",
        discussion: """
        Incremental: a run scans only the commits of any ref that the index does not hold yet, \
        and recomputes stored results the rules have made stale, each as far as the change \
        reaches (a changed risk rule recomputes only its own findings; line statistics never). \
        Results are committed 256 commits at a time: a run that is interrupted or killed keeps \
        what it wrote, and the next run resumes. Queries read while a run writes (SQLite WAL); a \
        second run on the same database waits for the first.

        The index lives in the repository's git directory (.git/vigil/index.sqlite) unless \
        --db names another file; one file can hold several repositories.

        Examples:
          vigil index
          vigil index /srv/repos/app.git --db /var/lib/vigil/all.sqlite
          vigil index --rebuild        # forget stored results (not triage)
        """)

    @OptionGroup var source: SourceOptions
    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The repository (any path inside it). Default: the current directory.", valueName: "path"))
    var path: String?

    @Flag(name: .long, help: "Forget this repository's stored results (triage verdicts stay) and scan everything again.")
    var rebuild = false

    @Option(name: .long, help: ArgumentHelp("Output: table (one line) or json.", valueName: "format"))
    var format: Format = .table

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    func run() throws {
        let repositoryPath = source.repo ?? path
        let rules = try source.loadRules(repositoryPath: repositoryPath)
        // The repository first: without one, the fault is the path, not a missing --db.
        _ = try Repository(discoveringFrom: repositoryPath)
        let db = try database.open(repositoryPath: repositoryPath, create: true)
        let options = IndexOptions(repositoryPath: repositoryPath, rules: rules, committerIsReviewer: analysis.committerIsReviewer,
                                   workers: analysis.workers, rebuild: rebuild)
        let progress = ProgressReporter(label: "indexing")
        var phase = ""
        let summary = try Indexer(database: db, options: options).run(progress: { name, done, total in
            if name != phase { progress.restart(label: name); phase = name }
            progress.update(done: done, total: total)
        }, waiting: {
            Diagnostics.note("waiting for another index run on \(db.path)")
        })
        progress.finish()
        let sink = OutputSink.standardOutput()
        switch format {
        case .json:
            sink.write(JSONValue.object([
                ("database", .string(db.path)), ("repository", .string(summary.repository)),
                ("walked", .int(summary.walked)), ("scanned", .int(summary.scanned)),
                ("reclassified", .int(summary.reclassified)), ("forgeReviewed", .int(summary.forgeReviewed)),
                ("riskRefreshed", .int(summary.riskRefreshed)),
                ("changedRules", .array(summary.changedRules.map { .string($0) })),
                ("indexedCommits", .int(summary.indexedCommits)), ("indexedFlags", .int(summary.indexedFlags)),
                ("damagedCommits", .int(summary.damagedCommits)), ("importedVerdicts", .int(summary.importedVerdicts)),
                ("problems", .array(summary.problems.map { .string($0) })),
            ]).serialized() + "\n")
        case .table:
            var line = "\(summary.repository): \(summary.scanned) new commit(s) scanned"
            if summary.reclassified > 0 { line += ", \(summary.reclassified) reclassified" }
            if summary.forgeReviewed > 0 { line += " (\(summary.forgeReviewed) for new forge reviews)" }
            if summary.riskRefreshed > 0 { line += ", \(summary.riskRefreshed) re-checked for \(summary.changedRules.count) changed rule(s)" }
            if summary.importedVerdicts > 0 { line += ", \(summary.importedVerdicts) triage verdict(s) read from notes" }
            line += "; the index holds \(summary.indexedCommits) commit(s) and \(summary.indexedFlags) finding(s) (\(db.path))"
            sink.write(line + "\n")
        }
        try sink.finish()
        for problem in summary.problems + summary.damaged + summary.noteProblems { Diagnostics.warn(problem) }
        if summary.isIncomplete {
            throw CommandFailure(message: "the index is incomplete: \(summary.problems.count) unreadable object(s) or ref(s), \(summary.damagedCommits) damaged commit(s)",
                                 exitCode: ExitStatus.unreadable)
        }
    }
}
