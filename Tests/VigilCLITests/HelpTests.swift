import Foundation
import Testing
import VigilTestSupport

/// Every command's `--help` fits an 80-column terminal: no line is longer, so no example wraps.
@Suite struct HelpTests {
    static let commands: [[String]] = [[], ["scan"], ["coverage"], ["report"], ["index"], ["query"], ["show"], ["triage"],
                                       ["check"], ["hook"], ["hook", "pre-receive"], ["hook", "install"], ["rules"],
                                       ["rules", "list"], ["rules", "test"], ["version"],
                                       ["review"], ["review", "sync"]]

    @Test(arguments: HelpTests.commands)
    func helpFitsEightyColumns(_ command: [String]) throws {
        let result = try VigilCLI.run(command + ["--help"], environment: ["COLUMNS": "80"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("USAGE"))
        for line in result.stdout.split(separator: "\n") {
            #expect(line.count <= 80, "vigil \(command.joined(separator: " ")) --help: \(line.count) columns: \(line)")
        }
    }
}
