import ArgumentParser
import Foundation
import VigilGit
import VigilRender
import VigilRules

/// `-o FILE`: results to a file instead of standard output, put in place only when complete.
struct OutputOptions: ParsableArguments {
    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write the results to this file (replaced only when complete).", valueName: "file"))
    var output: String?

    /// Colour and width for the results: the terminal's on standard output, none in a file.
    var style: TerminalStyle { output == nil ? .standardOutput : .plain }

    /// Where results go. A file never replaces what vigil depends on: the repository's git
    /// directory, the index, the rules in use, the audit log.
    func sink(repository: Repository?, indexPath: String? = nil, rules: RuleSet? = nil) throws -> OutputSink {
        guard let output else { return .standardOutput() }
        var protected: [OutputFile.Protected] = []
        if let repository {
            for directory in Set([repository.gitDirectory, repository.commonDirectory]) {
                protected.append(OutputFile.Protected(path: directory, what: "the repository's git directory"))
            }
            if let policy = rules?.policy {
                protected.append(OutputFile.Protected(path: URL(fileURLWithPath: repository.gitDirectory).appendingPathComponent(policy.auditLog).path,
                                                      what: "the audit log"))
            }
        }
        if let indexPath { protected.append(OutputFile.Protected(path: indexPath, what: "the index")) }
        if let rules, rules.source != "built-in" { protected.append(OutputFile.Protected(path: rules.source, what: "the rules in use")) }
        return try .file(output, protecting: protected)
    }
}
