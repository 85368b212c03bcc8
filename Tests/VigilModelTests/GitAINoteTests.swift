import Testing
import VigilModel

/// git-ai's authorship notes read in the shape git-ai writes (`authorship_log_serialization.rs`);
/// the examples are written here in that shape, not copied from any repository.
@Suite struct GitAINoteTests {
    static let sessions = """
    src/main.rs
      s_c9883b05a2487d::t_9f8e7d6c5b4a32 1-10,15-20
      s_c9883b05a2487d::t_a1b2c3d4e5f678 25,30-35
      h_31dce776f88375 42-50
    "src/my file.rs"
      s_e7f2a90b31cc48::t_deadbeef012345 1-50
      0123456789abcdef 60
    ---
    {
      "schema_version": "authorship/3.0.0",
      "git_ai_version": "1.4.5",
      "base_commit_sha": "7734793b756b3921c88db5375a8c156e9532447b",
      "prompts": {},
      "humans": {"h_31dce776f88375": {"author": "Jane Doe <jane@example.com>"}},
      "sessions": {
        "s_c9883b05a2487d": {"agent_id": {"tool": "cursor", "id": "6ef2", "model": "claude-sonnet-4-5"}, "human_author": "jane@example.com"},
        "s_e7f2a90b31cc48": {"agent_id": {"tool": "claude", "id": "conv_1", "model": "claude-opus-4-5"}, "human_author": null,
                             "custom_attributes": {"team": "backend"}}
      }
    }
    """

    @Test func sessionsHumansAndUnknownKeysAreToldApart() throws {
        let note = try GitAINote(parsing: Self.sessions)
        #expect(note.gitAIVersion == "1.4.5")
        #expect(note.baseCommit == "7734793b756b3921c88db5375a8c156e9532447b")
        #expect(note.files.map(\.path) == ["src/main.rs", "src/my file.rs"])
        #expect(note.attribution(path: "src/main.rs", line: 1)?.attribution == .ai(GitAINote.Agent(tool: "cursor", model: "claude-sonnet-4-5", id: "6ef2")))
        #expect(note.attribution(path: "src/main.rs", line: 33)?.key == "s_c9883b05a2487d::t_a1b2c3d4e5f678")
        #expect(note.attribution(path: "src/main.rs", line: 45)?.attribution == .human("Jane Doe <jane@example.com>"))
        // Lines no entry covers are untracked: nothing is claimed, least of all "human".
        #expect(note.attribution(path: "src/main.rs", line: 12) == nil)
        #expect(note.attribution(path: "src/other.rs", line: 1) == nil)
        // A key the metadata does not describe is claimed by nobody the note names.
        #expect(note.attribution(path: "src/my file.rs", line: 60)?.attribution == .unknown)
        let tools = note.aiLinesByTool
        #expect(tools.map(\.tool) == ["cursor", "claude"])
        #expect(tools.map(\.lines) == [10 + 6 + 1 + 6, 50])
    }

    @Test func legacyPromptRecordsAndCRLFRead() throws {
        let text = "tests/merge.rs\r\n  5d1e0a7 17-63\r\n---\r\n{\"schema_version\": \"authorship/3.0.0\", \"prompts\": {\"5d1e0a7\": "
            + "{\"agent_id\": {\"tool\": \"claude\", \"id\": \"a\", \"model\": \"m\"}, \"human_author\": null, \"total_additions\": 47}}}"
        let note = try GitAINote(parsing: text)
        #expect(note.attribution(path: "tests/merge.rs", line: 40)?.attribution == .ai(GitAINote.Agent(tool: "claude", model: "m", id: "a")))
        #expect(note.aiLinesByTool.first?.lines == 47)
    }

    @Test func anEmptyNoteAttributesNothing() throws {
        let note = try GitAINote(parsing: "---\n{\"schema_version\": \"authorship/3.0.0\", \"prompts\": {}}")
        #expect(note.files.isEmpty)
        #expect(note.aiLinesByTool.isEmpty)
    }

    @Test(arguments: [
        ("src/a.rs\n  s_1 1-5\n{}", "no '---' line"),
        ("  s_1 1-5\n---\n{\"schema_version\": \"authorship/3.0.0\", \"prompts\": {}}", "line 1: an entry before any file path"),
        ("a.rs\n  s_1 5-1\n---\n{\"schema_version\": \"authorship/3.0.0\", \"prompts\": {}}", "line 2: '5-1' is not a line range"),
        ("a.rs\n  s_1 1-x\n---\n{}", "line 2: '1-x' is not a line range"),
        ("a.rs\n  s_1 99999999999\n---\n{}", "line 2:"),
        ("a.rs\n  s_1\n---\n{}", "line 2: an entry with no line ranges"),
        ("---\n{\"schema_version\": \"authorship/2.0.0\"}", "line 2: schema_version 'authorship/2.0.0' is not authorship/3.0.0"),
        ("---\nauthorship/3.0.0\n{}", "line 2: metadata: invalid JSON"),
        ("---\n[1, 2]", "line 2: metadata is not a JSON object"),
        ("---\n{\"schema_version\": \"authorship/3.0.0\", \"sessions\": {\"s_1\": {\"agent_id\": {}}}}", "has no agent_id.tool"),
        ("---\n" + String(repeating: "[", count: 5_000), "line 2: metadata: invalid JSON"),
    ])
    func whatDoesNotParseSaysWhereAndWhy(_ text: String, _ reason: String) {
        #expect(throws: GitAINoteError.self) { try GitAINote(parsing: text) }
        do {
            _ = try GitAINote(parsing: text)
        } catch {
            #expect(String(describing: error).contains(reason), "\(error)")
        }
    }
}
