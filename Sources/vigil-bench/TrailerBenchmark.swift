// vigil-bench trailers [--branch] REPO...
//
// Compares vigil's trailer parser with git's own on every commit of each repository (every ref,
// or with --branch only HEAD's history): git prints `%(trailers:only,unfold)` for each commit,
// vigil reads the same commit through VigilGit and parses its message. The one deliberate
// difference, a NUL byte (git's C strings end there, vigil reads on), is counted apart and the
// message is compared again cut at the NUL, as git sees it.
import Dispatch
import Foundation
import VigilGit
import VigilModel

/// git with no user or system configuration, so `trailer.*` settings cannot change what it parses.
func runGit(_ arguments: [String]) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
    environment["GIT_CONFIG_NOSYSTEM"] = "1"
    environment["LC_ALL"] = "C"
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw BenchError("git \(arguments.prefix(4).joined(separator: " ")) failed (\(process.terminationStatus))") }
    return data
}

/// git's trailers for every commit `revisions` reach: id → the `key: value` lines.
func gitTrailers(repository: String, revisions: [String]) throws -> [(id: String, lines: [UInt8])] {
    let data = try runGit(["-C", repository, "log", "-z", "--format=%H%n%(trailers:only,unfold)"] + revisions)
    var records: [(String, [UInt8])] = []
    for record in data.split(separator: 0, omittingEmptySubsequences: true) {
        let bytes = Array(record)
        guard let newline = bytes.firstIndex(of: 0x0A) else { continue }
        records.append((String(decoding: bytes[..<newline], as: UTF8.self), Array(bytes[(newline + 1)...])))
    }
    return records
}

func trailerBenchmark(repositories: [String], allRefs: Bool) throws -> Bool {
    var agreeAll = true
    print("repository                               commits     agree  disagree  with-NUL  non-UTF-8  git s  vigil s")
    for path in repositories {
        var start = DispatchTime.now()
        let expected = try gitTrailers(repository: path, revisions: allRefs ? ["--all"] : ["HEAD"])
        let gitSeconds = seconds(start)
        start = .now()
        let repository = try Repository(discoveringFrom: path)
        let decoder = CommitDecoder(mailmap: nil)
        var agree = 0, withNUL = 0, legacy = 0
        var disagreements: [String] = []
        for (hex, gitLines) in expected {
            guard let id = ObjectID(hex: hex) else { throw BenchError("git printed '\(hex.prefix(40))' as a commit id") }
            let raw = try repository.readCommit(id)
            let commit = decoder.decode(raw)
            if commit.messageEncoding != nil { legacy += 1 }
            var trailers = commit.trailers
            if raw.message.contains(0) {
                withNUL += 1
                // What git parses: the message up to its first NUL byte.
                let cut = Array(raw.message.prefix { $0 != 0 })
                let text = cut.withUnsafeBufferPointer { TextDecoding.decode($0, declaredEncoding: raw.encoding).text }
                trailers = Trailer.parse(message: text)
            }
            let ours = trailers.map { "\($0.key): \($0.value)\n" }.joined()
            let theirs = gitLines.withUnsafeBufferPointer { TextDecoding.decode($0).text }
            if ours == theirs { agree += 1 } else { disagreements.append(hex) }
        }
        let vigilSeconds = seconds(start)
        print(String(format: "%@ %8d  %8d  %8d  %8d  %9d  %5.1f  %7.1f", path.suffix(38).padding(toLength: 38, withPad: " ", startingAt: 0),
                     expected.count, agree, disagreements.count, withNUL, legacy, gitSeconds, vigilSeconds))
        for hex in disagreements.prefix(10) { print("  disagrees: \(hex)") }
        agreeAll = agreeAll && disagreements.isEmpty
    }
    return agreeAll
}
