// vigil-bench: benchmarks of implementation choices, printed next to each other.
//   vigil-bench regex RULES_DIR LINES_FILE            regex engines on the rules' patterns
//   vigil-bench reads REPO [COMMITS] [WORKERS] [--flags]   objects read per scan (each once?)
//   vigil-bench forge-landings REPO                  forge requests mapped to commits, from refs/pull/*/head
import Dispatch
import Foundation

func seconds(_ start: DispatchTime) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }

let args = Array(CommandLine.arguments.dropFirst())
do {
    switch args.first {
    case "regex" where args.count == 3:
        try regexBenchmark(rulesDirectory: args[1], linesFile: args[2])
    case "reads" where args.count >= 2:
        let numbers = args.dropFirst(2).filter { $0 != "--flags" }
        try readsBenchmark(repository: args[1], count: numbers.first.flatMap { Int($0) },
                           workers: numbers.dropFirst().first.flatMap { Int($0) } ?? 2, flags: args.contains("--flags"))
    case "forge-landings" where args.count == 2:
        try forgeLandingsBenchmark(repository: args[1])
    default:
        FileHandle.standardError.write(Data("usage: vigil-bench regex RULES_DIR LINES_FILE | reads REPO [COMMITS] [WORKERS] [--flags] | forge-landings REPO\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("vigil-bench: \(error)\n".utf8))
    exit(1)
}
