import ArgumentParser
import Foundation
import VigilGit
import VigilModel
import VigilStore

/// Writes recorded verdicts to the repository's triage notes; a failure is a warning (the
/// verdict is in the index), never a lost verdict.
enum TriageNotesWriter {
    static func append(_ verdicts: [TriageVerdict], repository: IndexedRepository, by: String) {
        do {
            try TriageNotes.append(verdicts, to: try Repository(discoveringFrom: repository.path), by: by)
        } catch {
            Diagnostics.warn("kept in the index only: cannot write \(TriageNotes.ref) in \(repository.path): \(error)")
        }
    }
}

struct TriageExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every triage verdict of the index as JSON (for another store).",
        discussion: """
        The document is {"vigil": "triage/1", "verdicts": [...]}, each verdict with its \
        repository, commit, fingerprint, rule, status, note, by and at (seconds since the \
        epoch): the format of the git notes under refs/notes/vigil/triage. --notes writes the \
        verdicts into those notes instead (for verdicts recorded before vigil wrote notes).

        Examples:
          vigil triage export -o verdicts.json
          vigil triage export --repository app --notes
          git push origin refs/notes/vigil/triage
        """)

    @Option(name: [.customShort("C"), .customLong("repo")], help: ArgumentHelp("The repository (default: the current directory).", valueName: "path"))
    var repositoryPath: String?

    @Option(name: .long, help: ArgumentHelp("Only this indexed repository, by name or path.", valueName: "name"))
    var repository: String?

    @OptionGroup var database: DatabaseOptions

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
    var output: String?

    @Flag(name: .long, help: "Write the verdicts to each repository's refs/notes/vigil/triage instead.")
    var notes = false

    func run() throws {
        let db = try database.openForReading(repositoryPath: repositoryPath)
        let repositories = try TriageScope.repositories(db, name: repository, repositoryPath: repositoryPath, useCurrent: database.db == nil)
        var verdicts: [TriageVerdict] = []
        for r in repositories { verdicts += try db.allVerdicts(repository: r) }
        if notes {
            for r in repositories {
                let mine = verdicts.filter { $0.repository == r.name }
                guard !mine.isEmpty else { continue }
                try TriageNotes.append(mine, to: try Repository(discoveringFrom: r.path), by: "vigil triage export")
                Diagnostics.note("\(r.name): \(mine.count) verdict(s) in \(TriageNotes.ref)")
            }
            return
        }
        let text = TriageDocument.text(verdicts)
        if let output {
            try OutputFile.write(text, to: output, protecting: [OutputFile.Protected(path: db.path, what: "the index")])
        } else {
            let sink = OutputSink.standardOutput()
            sink.write(text)
            try sink.finish()
        }
    }
}

struct TriageImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add the verdicts of an export file (or of the git notes) to the index.",
        discussion: """
        Verdicts already in the index are skipped, so importing twice changes nothing. Each \
        verdict keeps its reviewer and time; a finding's newest verdict is its current one. A \
        verdict goes to the repository it names, or to --repository. `vigil index` reads the \
        git notes by itself; --notes does only that.

        Examples:
          vigil triage import verdicts.json
          vigil triage import other-machine.json --repository app
          git fetch origin refs/notes/vigil/triage:refs/notes/vigil/triage
          vigil triage import --notes
        """)

    @Argument(help: ArgumentHelp("An export file (- for standard input).", valueName: "file"))
    var file: String?

    @Flag(name: .long, help: "Read the repository's refs/notes/vigil/triage instead of a file.")
    var notes = false

    @Option(name: [.customShort("C"), .customLong("repo")], help: ArgumentHelp("The repository (default: the current directory).", valueName: "path"))
    var repositoryPath: String?

    @Option(name: .long, help: ArgumentHelp("Put every verdict in this indexed repository, by name or path.", valueName: "name"))
    var repository: String?

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if notes == (file != nil) { throw ValidationError("give an export file, or --notes") }
    }

    func run() throws {
        let db = try database.open(repositoryPath: repositoryPath, create: false)
        let indexed = try db.repositories()
        if notes {
            for r in try TriageScope.repositories(db, name: repository, repositoryPath: repositoryPath, useCurrent: database.db == nil) {
                let (verdicts, problems) = try TriageNotes.read(try Repository(discoveringFrom: r.path))
                for problem in problems { Diagnostics.warn(problem) }
                let added = try db.importVerdicts(verdicts, repository: r)
                try report("\(r.name): \(added) new verdict(s) of \(verdicts.count) in \(TriageNotes.ref)\n")
            }
            return
        }
        let text: String
        do {
            text = file == "-" ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                : try String(contentsOfFile: file ?? "", encoding: .utf8)
        } catch {
            throw CommandFailure(message: "\(file ?? ""): cannot read: \(error.localizedDescription)", exitCode: ExitStatus.badInput)
        }
        let (verdicts, problems) = TriageDocument.parse(text)
        if verdicts.isEmpty, let first = problems.first {
            throw CommandFailure(message: "\(file ?? ""): \(first)", exitCode: ExitStatus.badInput)
        }
        for problem in problems { Diagnostics.warn("\(file ?? ""): \(problem)") }
        var target: IndexedRepository?
        if let name = repository {
            try NameCheck.require([name], in: Set(indexed.map(\.name) + indexed.map(\.path)), option: "--repository")
            target = indexed.first { $0.name == name || $0.path == name }
        }
        var byRepository: [String: [TriageVerdict]] = [:]
        for v in verdicts {
            guard let name = target?.name ?? v.repository else {
                throw CommandFailure(message: "\(file ?? ""): a verdict names no repository; give --repository", exitCode: ExitStatus.badInput)
            }
            byRepository[name, default: []].append(v)
        }
        for (name, group) in byRepository.sorted(by: { $0.key < $1.key }) {
            guard let r = target ?? indexed.first(where: { $0.name == name || $0.path == name }) else {
                throw CommandFailure(message: "\(file ?? ""): no indexed repository '\(name)'; give --repository", exitCode: ExitStatus.badInput)
            }
            let added = try db.importVerdicts(group, repository: r)
            try report("\(r.name): \(added) new verdict(s) of \(group.count)\n")
        }
    }

    private func report(_ line: String) throws {
        let sink = OutputSink.standardOutput()
        sink.write(line)
        try sink.finish()
    }
}

/// Which indexed repositories a triage transfer covers: the one named, else the current
/// directory's (when the index is the repository's own), else all.
enum TriageScope {
    static func repositories(_ db: IndexDatabase, name: String?, repositoryPath: String?, useCurrent: Bool) throws -> [IndexedRepository] {
        let indexed = try db.repositories()
        if let name {
            try NameCheck.require([name], in: Set(indexed.map(\.name) + indexed.map(\.path)), option: "--repository")
            return indexed.filter { $0.name == name || $0.path == name }
        }
        if useCurrent, let repository = try? Repository(discoveringFrom: repositoryPath), let current = try db.lookup(repository) {
            return [current]
        }
        return indexed
    }
}
