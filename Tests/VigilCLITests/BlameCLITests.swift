import Foundation
import Testing
import VigilModel
import VigilTestSupport

/// `vigil blame`: each line's origin commit, that commit's class and agent, and the git-ai claim
/// at the line's number in the origin commit (not at its number today).
@Suite struct BlameCLITests {
    /// A: a person writes three lines. B: an agent-assisted commit appends two, with a git-ai note
    /// claiming its line 4 for a cursor session and line 5 for a known human. C: a person inserts a
    /// line at the top (so B's lines are now 5 and 6) and carries a note that does not parse.
    static func history(in temp: TemporaryDirectory) throws -> (builder: HistoryBuilder, a: String, b: String, c: String) {
        let builder = try HistoryBuilder(in: temp.url)
        let a = try builder.commit("Add the reward module", files: ["train/reward.py": "def reward(x):\n    return x\n\n"])
        let b = try builder.commit("Scale the reward\n\nCo-authored-by: Claude <noreply@anthropic.com>\n",
                                   files: ["train/reward.py": "def reward(x):\n    return x\n\nSCALE = 2\nLIMIT = 9 \u{1B}[31m\n"])
        let c = try builder.commit("Document the module",
                                   files: ["train/reward.py": "# reward shaping\ndef reward(x):\n    return x\n\nSCALE = 2\nLIMIT = 9 \u{1B}[31m\n"])
        let goodNote = """
        train/reward.py
          s_aaaaaaaaaaaaaa::t_bbbbbbbbbbbbbb 4
          h_cccccccccccccc 5
        ---
        {"schema_version": "authorship/3.0.0", "base_commit_sha": "\(b)", "prompts": {},
         "humans": {"h_cccccccccccccc": {"author": "Jane Doe <jane@example.com>"}},
         "sessions": {"s_aaaaaaaaaaaaaa": {"agent_id": {"tool": "cursor", "id": "1", "model": "gpt-5"}, "human_author": null}}}
        """
        for (commit, text) in [(b, goodNote), (c, "train/reward.py\n  s_1 one\n---\n{}")] {
            let file = temp.url.appendingPathComponent("note-\(commit)")
            try text.write(to: file, atomically: true, encoding: .utf8)
            try builder.git(["notes", "--ref=ai", "add", "-F", file.path, commit])
        }
        return (builder, a, b, c)
    }

    @Test func jsonGivesEveryLineItsOriginClassAndClaim() throws {
        let temp = try TemporaryDirectory()
        let (repo, a, b, c) = try Self.history(in: temp)
        let result = try VigilCLI.run(["blame", "-C", repo.path, "train/reward.py", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONValue(parsing: result.stdout)
        let lines = try #require(json["lines"]?.array)
        #expect(lines.count == 6)
        #expect(lines.map { $0["commit"]?.string } == [c, a, a, a, b, b])
        #expect(lines.map { $0["class"]?.string } == ["human", "human", "human", "human", "assisted", "assisted"])
        #expect(lines[4]["agents"]?.array?.first?.string == "claude-code")
        // Line 5 today is line 4 in B, where the note puts the cursor session.
        #expect(lines[4]["origin"]?["line"]?.int == 4)
        #expect(lines[4]["gitAI"]?["kind"]?.string == "ai")
        #expect(lines[4]["gitAI"]?["tool"]?.string == "cursor")
        #expect(lines[4]["gitAI"]?["model"]?.string == "gpt-5")
        #expect(lines[5]["gitAI"]?["kind"]?.string == "human")
        #expect(lines[5]["gitAI"]?["human"]?.string == "Jane Doe <jane@example.com>")
        #expect(lines[0]["gitAI"]?.isNull == true)
        #expect(lines[5]["text"]?.string == "LIMIT = 9 \u{1B}[31m")
        #expect(json["commits"]?.array?.count == 3)
        let problems = try #require(json["problems"]?.array)
        #expect(problems.count == 1)
        #expect(problems.first?.string?.contains("git-ai note does not parse") == true)
    }

    @Test func theTableEscapesTheFileAndSaysNotesAreClaims() throws {
        let temp = try TemporaryDirectory()
        let (repo, _, b, _) = try Self.history(in: temp)
        // A path on disk, given from a subdirectory of the work tree.
        let result = try VigilCLI.run(["blame", "reward.py"], in: repo.directory.appendingPathComponent("train"))
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").map(String.init)
        let last = try #require(rows.first { $0.hasSuffix("6) LIMIT = 9 \\x1b[31m") })
        #expect(last.hasPrefix(String(b.prefix(8))))
        #expect(last.contains("assisted"))
        #expect(last.contains("human Jane Doe <jane@"))
        #expect(last.contains("claude-code+1"))   // and cursor, from the note
        #expect(!result.stdout.contains("\u{1B}"))
        #expect(result.stdout.contains("notes are unsigned claims"))
        #expect(result.stdout.contains("6 line(s)"))
    }

    @Test func anOlderRevisionIsBlamedAsItWas() throws {
        let temp = try TemporaryDirectory()
        let (repo, a, _, _) = try Self.history(in: temp)
        let result = try VigilCLI.run(["blame", "-C", repo.path, "train/reward.py", a, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONValue(parsing: result.stdout)
        #expect(json["lines"]?.array?.count == 3)
        #expect(json["revision"]?.string == a)
    }

    @Test func whatCannotBeBlamedIsBadInput() throws {
        let temp = try TemporaryDirectory()
        let (repo, _, _, _) = try Self.history(in: temp)
        try repo.commit("Add a blob", files: ["weights.bin": "a\u{0}b\n"])
        for (arguments, message) in [(["blame", "-C", repo.path, "missing.py"], "missing.py: no such file in HEAD"),
                                     (["blame", "-C", repo.path, "weights.bin"], "weights.bin: a binary file"),
                                     (["blame", "-C", repo.path, "train/reward.py", "no-such-rev"], "no-such-rev"),
                                     (["blame", repo.directory.appendingPathComponent("train").path], "a directory")] {
            let result = try VigilCLI.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("vigil: "), "\(result.stderr)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func aShallowCloneBlamesLinesFromBeforeItsBoundaryOnTheBoundary() throws {
        let temp = try TemporaryDirectory()
        let (repo, _, b, c) = try Self.history(in: temp)
        let shallow = temp.url.appendingPathComponent("shallow")
        try Git.run(["clone", "-q", "--depth", "2", "file://" + repo.path, shallow.path])
        let result = try VigilCLI.run(["blame", "-C", shallow.path, "train/reward.py", "--format", "json"])
        #expect(result.status == 0, "a shallow clone is a normal input: \(result.stderr)")
        let lines = try #require(try JSONValue(parsing: result.stdout)["lines"]?.array)
        #expect(lines.map { $0["commit"]?.string } == [c, b, b, b, b, b], "A is beyond the boundary: its lines are B's, the boundary")
    }
}
