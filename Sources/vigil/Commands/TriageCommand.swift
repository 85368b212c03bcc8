import ArgumentParser
import Foundation
import VigilGit
import VigilModel
import VigilStore

/// `vigil triage`: record a verdict (the default), or move verdicts between stores.
struct TriageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "Record a reviewer's verdict on a finding or a commit; export or import verdicts.",
        usage: """
        vigil triage <target> --status <status> [--note <text>] [<options>]
          vigil triage export [<options>]
          vigil triage import <file> [<options>]
        """,
        subcommands: [TriageRecordCommand.self, TriageExportCommand.self, TriageImportCommand.self],
        defaultSubcommand: TriageRecordCommand.self)
}

struct TriageRecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a reviewer's verdict on a finding, or on every finding of a commit.",
        usage: "vigil triage [record] <target> --status <status> [--note <text>] [<options>]",
        discussion: """
        The verdict is kept in the index with its time and author, tied to the finding's \
        fingerprint (rule, path, side and the line's text), so rescans and rebuilds keep it and \
        the same finding cherry-picked elsewhere shares it. false-positive hides the finding from \
        later default queries; open takes a verdict back. Every verdict stays in the history \
        (`vigil show` lists it). A verdict on a whole commit leaves the findings that already \
        have one as they are (and names them) unless --overwrite; a verdict on one finding \
        replaces its current one and says whose it was. Verdicts also go to the \
        repository's git notes (refs/notes/vigil/triage) unless --no-notes.

        TARGET is a finding id (the 16-digit id `vigil query` prints) or a commit (an id, a \
        unique prefix, or a revision of the repository such as HEAD~2).

        Examples:
          vigil triage 3f2a9c0d11e4b7a2 --status false-positive \\
              --note "loyalty rewards page, not RL"
          vigil triage 1a2b3c4 --status confirmed --by "Ana Ruiz" \\
              --note "reward scale doubled; reverted in #812"
          vigil triage HEAD~3 --status accepted-risk \\
              --note "approved in design review DR-14"
        """)

    @Argument(help: ArgumentHelp("A finding id or a commit.", valueName: "target"))
    var target: String

    @Option(name: .long, help: ArgumentHelp("confirmed, false-positive, accepted-risk, or open (take a verdict back).", valueName: "status"))
    var status: TriageStatus

    @Option(name: .long, help: ArgumentHelp("Why: required for every verdict but open.", valueName: "text"))
    var note: String?

    @Option(name: .long, help: ArgumentHelp("Who decides (default: $VIGIL_USER, git's user.name and user.email, $USER).", valueName: "name"))
    var by: String?

    @Option(name: [.customShort("C"), .customLong("repo")], help: ArgumentHelp("The repository (default: the current directory).", valueName: "path"))
    var repositoryPath: String?

    @Option(name: .long, help: ArgumentHelp("The indexed repository, by name or path, when the database holds several.", valueName: "name"))
    var repository: String?

    @Flag(name: .long, help: "On a commit: also replace verdicts its findings already have.")
    var overwrite = false

    @Flag(name: .long, help: "Keep the verdict in the index only (do not write refs/notes/vigil/triage).")
    var noNotes = false

    @OptionGroup var database: DatabaseOptions

    func run() throws {
            let note = self.note?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if note.isEmpty && status != .open {
                throw CommandFailure(message: "--note: say why (a verdict without a reason cannot be audited)", exitCode: ExitStatus.badInput)
            }
            let db = try database.open(repositoryPath: repositoryPath, create: false)
            let repository = try? Repository(discoveringFrom: repositoryPath)
            var scope: IndexedRepository?
            if let name = self.repository {
                let indexed = try db.repositories()
                try NameCheck.require([name], in: Set(indexed.map(\.name) + indexed.map(\.path)), option: "--repository")
                scope = indexed.first { $0.name == name || $0.path == name }
            } else if database.db == nil, let repository {
                scope = try db.lookup(repository)
            }
            let who = by ?? TriageCommand.defaultReviewer(repository: repository)
            let outcome = try db.triage(target, status: status, note: note, by: who, at: Int64(Date().timeIntervalSince1970),
                                        repository: scope, replacement: overwrite ? .replace : nil,
                                        resolveCommit: { text in repository.flatMap { try? $0.resolveCommit(text) }?.hex })
            let sink = OutputSink.standardOutput()
            sink.write("\(outcome.repository.name): \(outcome.recorded.count) finding(s) of \(outcome.commit.prefix(12)) marked \(status.rawValue) by \(SafeText.terminal(who))\n")
            for old in outcome.replaced {
                sink.write("  \(old.fingerprint): replaces \(old.record.status.rawValue) by \(SafeText.terminal(old.record.by))\n")
            }
            for kept in outcome.kept {
                sink.write("  \(kept.fingerprint): kept \(kept.record.status.rawValue) by \(SafeText.terminal(kept.record.by)) (--overwrite replaces it)\n")
            }
            try sink.finish()
            if !noNotes && !outcome.recorded.isEmpty {
                TriageNotesWriter.append(outcome.recorded, repository: outcome.repository, by: who)
            }
    }

}

extension TriageCommand {
    static func defaultReviewer(repository: Repository?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let user = environment["VIGIL_USER"], !user.isEmpty { return user }
        if let name = repository?.configValue("user.name") {
            if let email = repository?.configValue("user.email") { return "\(name) <\(email)>" }
            return name
        }
        return environment["USER"] ?? "unknown"
    }
}
