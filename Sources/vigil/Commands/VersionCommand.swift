import ArgumentParser
import VigilGit
import VigilModel
import VigilRender

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print vigil's version, the digest of the rules in use, and libgit2's version.",
        usage: "vigil version [<options>]",
        discussion: """
        Examples:
          vigil version
          vigil version --format json
        """)

    @OptionGroup var source: SourceOptions

    @Option(name: .long, help: ArgumentHelp("Output: table (one line) or json.", valueName: "format"))
    var format: Format = .table

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    func run() throws {
        let rules = try source.loadRules()
        let sink = OutputSink.standardOutput()
        switch format {
        case .json:
            sink.write(JSONValue.object([
                ("version", .string(VigilBuild.version)), ("rules", .string(rules.source)), ("rulesDigest", .string(rules.digest)),
                ("libgit2", .string(GitLibrary.version)),
            ]).serialized() + "\n")
        case .table:
            sink.write("vigil \(VigilBuild.version) (rules \(rules.source), digest \(rules.digest); libgit2 \(GitLibrary.version))\n")
        }
        try sink.finish()
    }
}
