import Foundation
import Testing
import VigilModel
import VigilTestSupport

/// vigil's trailers equal git's on real message structures: `fixtures-repos/trailer-structures.jsonl`
/// holds 1,597 messages sampled by structure from eight public histories (git, OpenHands, cline,
/// crush, vscode-copilot-chat, aider, gemini-cli, continue) with every word replaced
/// (`vigil-bench trailer-fixture`). They become commits of one repository, and git's
/// `%(trailers:only,unfold)` for each is compared with `Trailer.parse` on the same message.
@Suite struct TrailerStructureFixtureTests {
    static func messages() throws -> [String] {
        let text = try String(contentsOf: PackagePaths.fixtures.appendingPathComponent("trailer-structures.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            guard let message = try JSONValue(parsing: String(line))["message"]?.string else { throw FixtureError("a fixture line has no message") }
            return message
        }
    }

    @Test func agreesWithGitOnEverySampledStructure() throws {
        let messages = try Self.messages()
        #expect(messages.count > 1_000)
        let temp = try TemporaryDirectory(prefix: "trailer-structures")
        let repository = temp.url.appendingPathComponent("repo.git")
        try Git.run(["init", "--bare", "-q", "-b", "main", repository.path])
        var stream = Data()
        for (index, message) in messages.enumerated() {
            let bytes = Data(message.utf8)
            stream += Data("commit refs/heads/main\nmark :\(index + 1)\ncommitter T <t@example.com> \(1_700_000_000 + index) +0000\ndata \(bytes.count)\n".utf8)
            stream += bytes
            stream += Data("\n".utf8)
            if index > 0 { stream += Data("from :\(index)\n".utf8) }
            stream += Data("\n".utf8)
        }
        let streamFile = temp.url.appendingPathComponent("stream.fi")
        try stream.write(to: streamFile)
        try Git.run(["-C", repository.path, "fast-import", "--quiet"], stdin: FileHandle(forReadingFrom: streamFile))
        let output = try Git.run(["-C", repository.path, "log", "--reverse", "-z", "--format=%(trailers:only,unfold)", "main"])
        let expected = output.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
        #expect(expected.count >= messages.count)

        var disagreements: [String] = []
        var withTrailers = 0
        for (index, message) in messages.enumerated() where index < expected.count {
            // git's C strings end at a NUL byte; vigil reads on (see Trailer.parse), so compare as git sees it.
            let seen = message.split(separator: "\0", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let ours = Trailer.parse(message: seen).map { "\($0.key): \($0.value)\n" }.joined()
            if !ours.isEmpty { withTrailers += 1 }
            if ours != expected[index] { disagreements.append("\(message.debugDescription)\n  git:   \(expected[index].debugDescription)\n  vigil: \(ours.debugDescription)") }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreement(s):\n\(disagreements.prefix(3).joined(separator: "\n"))")
        // The sample is not trivial: most messages there carry trailers.
        #expect(withTrailers > messages.count / 3)
    }
}
