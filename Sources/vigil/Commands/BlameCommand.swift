import ArgumentParser
import Foundation
import VigilGit
import VigilModel
import VigilPipeline
import VigilRender

struct BlameCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blame",
        abstract: "Who wrote each line of a file: its commit, class, agent and git-ai claim.",
        usage: "vigil blame [<options>] <file> [<revision>]",
        discussion: """
        For every line of FILE at REVISION (default HEAD): the commit that last changed it \
        (^ when the history ends there: a root or shallow boundary), that commit's class and \
        agent as `vigil scan` decides them, and, when a git-ai note (refs/notes/ai) on that \
        commit covers the line, what the note claims: an AI session's tool and model, a known \
        human, or a key it does not describe. Notes are unsigned claims, not proof.

        FILE is a path on disk inside the work tree, or a path from the top of the repository \
        (for a bare repository, or a file no longer on disk).

        Examples:
          vigil blame trainer/reward.py
          vigil blame trainer/reward.py v2.1
          vigil blame -C /srv/git/app.git src/ppo.py main --format json
        """)

    @Argument(help: ArgumentHelp("The file.", valueName: "file"))
    var file: String

    @Argument(help: ArgumentHelp("The revision to read the file at (default HEAD).", valueName: "revision"))
    var revision: String = "HEAD"

    @OptionGroup var source: SourceOptions

    @Option(name: .long, help: ArgumentHelp("Output: table (text) or json.", valueName: "format"))
    var format: Format = .table

    @OptionGroup var outputOptions: OutputOptions

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    func run() throws {
        let (repositoryPath, path) = try locate()
        let blame: LineBlame
        do {
            blame = try BlameReader.blame(repositoryPath: repositoryPath, path: path, revision: revision, rules: try source.loadRules(repositoryPath: repositoryPath))
        } catch let error as BlameReader.InputError {
            throw CommandFailure(message: error.description, exitCode: ExitStatus.badInput)
        }
        let sink = try outputOptions.sink(repository: try Repository(discoveringFrom: repositoryPath))
        sink.write(format == .json ? blame.json.pretty() + "\n" : BlameText.render(blame, style: outputOptions.style))
        try sink.finish()
    }

    /// The repository and FILE's path from its top. A file on disk names its repository (unless
    /// -C does) and is made relative to the work tree; anything else is taken as written.
    func locate() throws -> (repository: String?, path: String) {
        if let repo = source.repo { try PathAndRevisions.requireExisting(repo) }
        let onDisk = URL(fileURLWithPath: file).standardizedFileURL.resolvingSymlinksInPath()
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: onDisk.path, isDirectory: &isDirectory)
        if exists, isDirectory.boolValue { throw CommandFailure(message: "\(file): a directory; blame reads one file", exitCode: ExitStatus.badInput) }
        let repositoryPath = source.repo ?? (exists ? onDisk.deletingLastPathComponent().path : nil)
        if exists, let workTree = try Repository(discoveringFrom: repositoryPath).workingDirectory {
            let top = URL(fileURLWithPath: workTree).standardizedFileURL.resolvingSymlinksInPath().path
            let prefix = top.hasSuffix("/") ? top : top + "/"
            if onDisk.path.hasPrefix(prefix) { return (repositoryPath, String(onDisk.path.dropFirst(prefix.count))) }
        }
        var path = file
        while path.hasPrefix("./") { path.removeFirst(2) }
        return (repositoryPath, path)
    }
}
