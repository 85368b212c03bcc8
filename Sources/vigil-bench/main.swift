// vigil-bench: benchmarks of implementation choices, printed next to each other.
//   vigil-bench regex RULES_DIR LINES_FILE            regex engines on the rules' patterns
//   vigil-bench reads REPO [COMMITS] [WORKERS] [--flags]   objects read per scan (each once?)
//   vigil-bench provenance ORACLE_DIR [MIRRORS_DIR]    classes against the explicit-mark oracle
//   vigil-bench trailers [--branch] REPO...            trailers against git's, every commit
//   vigil-bench trailer-fixture OUT [--per-repo N] REPO...   the structures fixture the tests use
//   vigil-bench forge-landings REPO                  forge requests mapped to commits, from refs/pull/*/head
//   vigil-bench risk-corpus CORPUS_DIR [--mirrors DIR] [--rules DIR] [--split design|heldout|all]
//                           [--repo OWNER/NAME]... [--sample N] [--dump FILE]   the risk engine on the labelled corpus
//   vigil-bench findings RULES_DIR PATH OLD NEW         the findings of the rules on two versions of a file
//   vigil-bench diff-model PATH OLD NEW                 the diff model of two versions of a file (`-`: absent)
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
    case "risk-corpus" where args.count >= 2:
        var corpus = RiskCorpus(directory: args[1], mirrors: "/work/.mirror", rulesDirectory: nil, split: "all", onlyRepos: [],
                                sampleSize: 400, dump: nil)
        var rest = args.dropFirst(2)[...]
        while let option = rest.first {
            rest = rest.dropFirst()
            if option == "--verbose" { corpus.verbose = true; continue }
            guard let value = rest.first else { throw BenchError("\(option) needs a value") }
            rest = rest.dropFirst()
            switch option {
            case "--mirrors": corpus.mirrors = value
            case "--rules": corpus.rulesDirectory = value
            case "--split": corpus.split = value
            case "--repo": corpus.onlyRepos.insert(value)
            case "--sample": corpus.sampleSize = Int(value) ?? corpus.sampleSize
            case "--dump": corpus.dump = value
            default: throw BenchError("unknown option \(option)")
            }
        }
        try corpus.run()
    case "findings" where args.count == 5:
        try findingsDump(rules: args[1], path: args[2], oldFile: args[3], newFile: args[4])
    case "diff-model" where args.count == 4:
        try diffModelDump(path: args[1], oldFile: args[2], newFile: args[3])
    case "provenance" where args.count >= 2:
        let mirrors = args.count > 2 ? args[2] : ProcessInfo.processInfo.environment["VIGIL_MIRRORS"] ?? "/work/.mirror"
        if try !provenanceBenchmark(directory: args[1], mirrors: mirrors, workers: 2) { exit(1) }
    case "trailers" where args.count >= 2:
        let repositories = args.dropFirst().filter { $0 != "--branch" }
        if try !trailerBenchmark(repositories: Array(repositories), allRefs: !args.contains("--branch")) { exit(1) }
    case "trailer-fixture" where args.count >= 3:
        var rest = Array(args.dropFirst(2))
        var perRepository = 400
        if let flag = rest.firstIndex(of: "--per-repo"), flag + 1 < rest.count, let n = Int(rest[flag + 1]) {
            perRepository = n
            rest.removeSubrange(flag...(flag + 1))
        }
        try trailerFixture(output: args[1], repositories: rest, perRepository: perRepository)
    case "forge-landings" where args.count == 2:
        try forgeLandingsBenchmark(repository: args[1])
    default:
        FileHandle.standardError.write(Data(("usage: vigil-bench regex RULES_DIR LINES_FILE | reads REPO [COMMITS] [WORKERS] [--flags]"
            + " | provenance ORACLE_DIR [MIRRORS_DIR] | trailers [--branch] REPO... | trailer-fixture OUT [--per-repo N] REPO..."
            + " | forge-landings REPO | risk-corpus CORPUS_DIR [options] | findings RULES PATH OLD NEW | diff-model PATH OLD NEW\n").utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("vigil-bench: \(error)\n".utf8))
    exit(1)
}
