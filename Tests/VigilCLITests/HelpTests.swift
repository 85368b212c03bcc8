import Foundation
import Testing
import VigilTestSupport

/// Every command's `--help` fits an 80-column terminal: no line is longer, so no example wraps.
@Suite struct HelpTests {
    static let commands: [[String]] = [[], ["scan"], ["coverage"], ["report"], ["index"], ["query"], ["show"], ["triage"],
                                       ["check"], ["hook"], ["hook", "pre-receive"], ["hook", "pre-push"], ["hook", "install"],
                                       ["rules"], ["rules", "list"], ["rules", "test"], ["version"], ["approve"], ["blame"],
                                       ["review"], ["review", "sync"]]

    @Test(arguments: HelpTests.commands)
    func helpFitsEightyColumns(_ command: [String]) throws {
        let result = try VigilCLI.run(command + ["--help"], environment: ["COLUMNS": "80"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("USAGE"))
        var inExamples = false
        for line in result.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(line.count <= 80, "vigil \(command.joined(separator: " ")) --help: \(line.count) columns: \(line)")
            // An example is indented, and one continued over lines ends them in a backslash:
            // a line flush left inside the examples is a continuation the help text lost.
            if line.hasPrefix("Examples:") { inExamples = true; continue }
            if line.isEmpty || line.hasPrefix("USAGE") || line.hasPrefix("Exit codes") { inExamples = false }
            if inExamples {
                #expect(line.hasPrefix(" "), "vigil \(command.joined(separator: " ")) --help: an example lost its line break: \(line)")
                #expect(!line.hasSuffix(" "), "vigil \(command.joined(separator: " ")) --help: trailing blank: \(line)")
            }
        }
    }
}
