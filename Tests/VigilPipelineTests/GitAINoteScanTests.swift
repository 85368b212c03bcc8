import Foundation
import Testing
import VigilModel
import VigilPipeline
import VigilTestSupport

/// git-ai notes on `refs/notes/ai` as a scan reads them: a note attributing lines to an AI session
/// makes the commit assisted with the tool it names; an empty note is no evidence; a note that
/// does not parse is a stated problem of that commit, never damage and never a crash.
@Suite struct GitAINoteScanTests {
    static func note(_ path: String, _ session: String, _ tool: String, _ lines: String, base: String) -> String {
        """
        \(path)
          \(session)::t_0123456789abcd \(lines)
        ---
        {
          "schema_version": "authorship/3.0.0",
          "git_ai_version": "1.6.0",
          "base_commit_sha": "\(base)",
          "prompts": {},
          "sessions": {
            "\(session)": {"agent_id": {"tool": "\(tool)", "id": "conv-1", "model": "model-x"}, "human_author": "Jane Doe <jane@example.com>"}
          }
        }
        """
    }

    @Test func notesDecideWhatTheyClaimAndBadOnesAreProblems() throws {
        let temp = try TemporaryDirectory()
        let b = try HistoryBuilder(in: temp.url)
        let plain = try b.commit("Add the parser", files: ["parse.rs": "fn a() {}\nfn b() {}\n"])
        let noted = try b.commit("Extend the parser", files: ["parse.rs": "fn a() {}\nfn b() {}\nfn c() {}\n"])
        let empty = try b.commit("Bump the version", files: ["VERSION": "2\n"])
        let broken = try b.commit("Tidy", files: ["VERSION": "3\n"])
        let notes: [(String, String)] = [
            (noted, Self.note("parse.rs", "s_aaaaaaaaaaaaaa", "claude", "3", base: noted)),
            (empty, "---\n{\"schema_version\": \"authorship/3.0.0\", \"base_commit_sha\": \"\(empty)\", \"prompts\": {}}"),
            (broken, "parse.rs\n  s_1 1-x\n---\n{}"),
        ]
        for (commit, text) in notes {
            let file = temp.url.appendingPathComponent("note-\(commit)")
            try text.write(to: file, atomically: true, encoding: .utf8)
            try b.git(["notes", "--ref=ai", "add", "-F", file.path, commit])
        }
        let (reports, summary, _) = try ScanHelpers.scan(b.path, stats: false)
        let byID = Dictionary(uniqueKeysWithValues: reports.map { ($0.commit.id.hex, $0) })
        #expect(byID[plain]?.provenance == .human)
        let assisted = try #require(byID[noted])
        #expect(assisted.provenance.class == .assisted)
        #expect(assisted.provenance.agents == ["claude-code"])
        #expect(assisted.provenance.evidence.map(\.signal) == [.note])
        #expect(byID[empty]?.provenance == .human)
        let bad = try #require(byID[broken])
        #expect(bad.provenance == .human)
        #expect(bad.problems == ["refs/notes/ai: git-ai note does not parse (line 2: '1-x' is not a line range)"])
        #expect(!bad.isDamaged)
        #expect(summary.damagedCommits == 0)
        #expect(!summary.isIncomplete)
    }
}
