import Testing
import VigilModel
import VigilRules
@testable import VigilAnalysis

/// The classifier's decisions on a small catalog written here, independent of the shipped rules.
@Suite struct ClassifierTests {
    static let yaml = #"""
    version: 1
    agents:
      - id: claude-code
        aliases: ['(?i)\bclaude\b']
        identities:
          - email: noreply@anthropic.com
          - email_regex: '^\d+\+claude\[bot\]@users\.noreply\.github\.com$'
        markers:
          - regex: '^🤖 Generated with \[Claude Code\]'
            class: ai
      - id: aider
        aliases: ['(?i)\baider\b']
        identities:
          - name_regex: ' \(aider\)$'
            as: {author: ai, committer: tool-committed}
        markers:
          - regex: '^aider: '
            subject_only: true
            class: ai
      - id: cursor
        aliases: ['(?i)\bcursor\b']
        identities:
          - email: cursoragent@cursor.com
      - id: app-bot-then-agent
        identities:
          - email: helper[bot]@users.noreply.github.com
            before: 2026-04-24
            as: {author: bot, committer: bot, coauthor: none}
          - email: helper[bot]@users.noreply.github.com
      - id: lint-fix
        kind: bot
        identities:
          - email: shared@agent.example
            name_regex: '^Lint Bot$'
            as: {author: bot, committer: bot, coauthor: none}
      - id: shared-agent
        identities:
          - email: shared@agent.example
      - id: ai-disclosure
        trailers:
          - key: Assisted-by
            identity: coauthor
            value: '(?i)\b(claude|gpt|sometool)\b'
            class: assisted
      - id: git-ai
        notes:
          - ref: refs/notes/ai
            format: git-ai
            class: assisted
      - id: qwen
        notes:
          - ref: refs/notes/ai-attribution
            regex: '(?i)qwen'
            class: assisted
      - id: dependabot
        kind: bot
        identities:
          - email_regex: '^\d+\+dependabot\[bot\]@users\.noreply\.github\.com$'
      - id: other-bot
        kind: bot
        identities:
          - email_regex: '\[bot\]@'
    """#

    let classifier: ProvenanceClassifier

    init() throws {
        classifier = ProvenanceClassifier(catalog: try AgentCatalog.load(yaml: Self.yaml, file: "test.yml"))
    }

    func commit(_ message: String, author: String = "Jane Doe <jane@example.com>", committer: String? = nil) -> Commit {
        let a = Identity(parsing: author)!
        return Commit(id: ObjectID(hex: String(repeating: "1", count: 40))!, parents: [], author: a,
                      committer: committer.flatMap(Identity.init(parsing:)) ?? a,
                      message: message, trailers: Trailer.parse(message: message))
    }

    @Test func aCoAuthorTrailerMeansAssistedWithTheExactEvidence() {
        let result = classifier.classify(commit("Fix\n\nBody.\n\nCo-Authored-By: Claude Opus 4.5 <noreply@anthropic.com>\n"))
        #expect(result.class == .assisted)
        #expect(result.agents == ["claude-code"])
        #expect(result.evidence.map(\.signal) == [.coauthor])
        #expect(result.evidence.first?.text == "Co-Authored-By: Claude Opus 4.5 <noreply@anthropic.com>")
    }

    @Test func theAgentsOwnFooterMeansAI() {
        let message = "Fix\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n"
        let result = classifier.classify(commit(message))
        #expect(result.class == .ai)
        #expect(Set(result.evidence.map(\.signal)) == [.marker, .coauthor])
    }

    @Test func theSameWordsInProseAreNotEvidence() {
        let message = """
        Document how Claude Code marks commits

        Claude Code adds "Co-Authored-By: Claude <noreply@anthropic.com>" and
        a line like 🤖 Generated with [Claude Code](https://claude.com/claude-code) to commits.

        Signed-off-by: Jane Doe <jane@example.com>

        """
        #expect(classifier.classify(commit(message)) == .human)
    }

    @Test func rolesDecideTheClassOfAnIdentity() {
        let authored = classifier.classify(commit("Add x", author: "Jane (aider) <jane@example.com>"))
        #expect(authored.class == .ai)
        #expect(authored.agents == ["aider"])
    }

    /// aider renames the committer of every commit it makes, the user's own edits included: the
    /// tool is named, the code is the person's.
    @Test func aToolCommittingAPersonsEditsIsHumanWithToolCommittedEvidence() {
        let committedOnly = classifier.classify(commit("Add x", author: "Jane <jane@example.com>", committer: "Jane (aider) <jane@example.com>"))
        #expect(committedOnly.class == .human)
        #expect(committedOnly.agents.isEmpty)
        #expect(committedOnly.evidence.map(\.signal) == [.toolCommitted])
        #expect(committedOnly.evidence.first?.agent == "aider")
        #expect(committedOnly.evidence.first?.implies == .human)
        // The same commit with an AI mark is still AI-made.
        let both = classifier.classify(commit("Add x\n\nCo-authored-by: Claude <noreply@anthropic.com>\n", author: "Jane <jane@example.com>",
                                              committer: "Jane (aider) <jane@example.com>"))
        #expect(both.class == .assisted)
        #expect(Set(both.evidence.map(\.signal)) == [.toolCommitted, .coauthor])
    }

    @Test func anIdentityCanChangeMeaningOnADate() {
        func classify(_ date: String) -> Provenance {
            var c = commit("Work", author: "helper[bot] <helper[bot]@users.noreply.github.com>")
            c.recordedAuthor.time = Int64(date) ?? 0
            return classifier.classify(c)
        }
        #expect(classify("1776902400").class == .bot)   // 2026-04-23
        #expect(classify("1776988800").class == .ai)    // 2026-04-24, the day the job changed
        #expect(classify("1776988800").agents == ["app-bot-then-agent"])
    }

    /// A shared address whose name tells automation apart: `none` claims it, so the agent sharing
    /// the address is not tried.
    @Test func noneClaimsAnIdentityWithoutASignal() {
        let lint = classifier.classify(commit("Fix\n\nCo-authored-by: Lint Bot <shared@agent.example>\n"))
        #expect(lint == .human)
        #expect(classifier.classify(commit("Fix", author: "Lint Bot <shared@agent.example>")).class == .bot)
        #expect(classifier.classify(commit("Fix\n\nCo-authored-by: Agent <shared@agent.example>\n")).class == .assisted)
    }

    @Test func aDisclosureNamingSomeoneByAddressIsAnIdentity() {
        let person = classifier.classify(commit("Fix\n\nAssisted-by: Claude Dupont <claude@example.fr>\n"))
        #expect(person == .human)
        let tool = classifier.classify(commit("Fix\n\nAssisted-by: GPT-5 via Cursor <cursoragent@cursor.com>\n"))
        #expect(tool.class == .assisted)
        #expect(tool.agents == ["cursor"])
        #expect(tool.evidence.first?.signal == .trailer)
        // Without an address, only a value naming an AI counts.
        #expect(classifier.classify(commit("Fix\n\nAssisted-by: Junio\n")) == .human)
        #expect(classifier.classify(commit("Fix\n\nAssisted-by: GPT-5.2\n")).class == .assisted)
    }

    /// `AGENT:MODEL`: the agent is before the colon, whatever tool the model is named after.
    @Test func theAgentBeforeTheColonIsTheOneCredited() {
        #expect(classifier.classify(commit("Fix\n\nAssisted-by: Cursor:claude-opus\n")).agents == ["cursor"])
        #expect(classifier.classify(commit("Fix\n\nAssisted-by: claude and cursor\n")).agents == ["claude-code", "cursor"])
    }

    static let gitAINote = """
    src/a.rs
      s_aaaaaaaaaaaaaa::t_bbbbbbbbbbbbbb 1-4
      s_cccccccccccccc::t_dddddddddddddd 9
    ---
    {"schema_version": "authorship/3.0.0", "prompts": {}, "sessions": {
      "s_aaaaaaaaaaaaaa": {"agent_id": {"tool": "cursor", "id": "1", "model": "gpt-5"}},
      "s_cccccccccccccc": {"agent_id": {"tool": "mock_ai", "id": "2", "model": "m"}}}}
    """

    @Test func aGitAINoteNamesItsToolsThroughTheAliases() {
        var problems: [String] = []
        let result = classifier.classify(commit("Fix"), notes: ["refs/notes/ai": Self.gitAINote], problems: &problems)
        #expect(problems.isEmpty)
        #expect(result.class == .assisted)
        #expect(result.agents == ["cursor", "git-ai"])
        #expect(result.evidence.map(\.signal) == [.note, .note])
        #expect(result.evidence.first?.text == "refs/notes/ai: git-ai attributes 4 line(s) to cursor (gpt-5)")
    }

    @Test func aGitAINoteThatDoesNotParseIsAProblemNotEvidence() {
        var problems: [String] = []
        let result = classifier.classify(commit("Fix"), notes: ["refs/notes/ai": "src/a.rs\n  s_1 10-42\n---\nauthorship/3.0.0\n"],
                                         problems: &problems)
        #expect(result == .human)
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("refs/notes/ai: git-ai note does not parse (line 4: metadata: invalid JSON") == true)
    }

    @Test func subjectOnlyMarkersIgnoreTheBody() {
        #expect(classifier.classify(commit("aider: add a parser\n")).class == .ai)
        #expect(classifier.classify(commit("Add a parser\n\naider: was not used here\n")).class == .human)
    }

    @Test func genericDisclosureIsAttributedThroughAliases() {
        let named = classifier.classify(commit("Fix\n\nAssisted-by: Claude:claude-3-opus coccinelle\n"))
        #expect(named.agents == ["claude-code"])
        #expect(named.class == .assisted)
        let unknown = classifier.classify(commit("Fix\n\nassisted-BY: sometool 2\n"))
        #expect(unknown.agents == ["ai-disclosure"])
    }

    @Test func identitiesMatchOnEmailNotDisplayName() {
        #expect(classifier.classify(commit("Fix", author: "Claude Martin <claude@example.org>")) == .human)
        let bot = classifier.classify(commit("Fix", author: "claude[bot] <209825114+claude[bot]@users.noreply.github.com>"))
        #expect(bot.class == .ai)
    }

    @Test func fileOrderWinsSoTheCatchAllBotComesLast() {
        let result = classifier.classify(commit("Bump x", author: "dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>"))
        #expect(result.class == .bot)
        #expect(result.evidence.map(\.agent) == ["dependabot"])
        #expect(result.agents.isEmpty)
        let other = classifier.classify(commit("Sync", author: "some-app[bot] <1+some-app[bot]@users.noreply.github.com>"))
        #expect(other.evidence.map(\.agent) == ["other-bot"])
    }

    @Test func aiOutranksBot() {
        let message = "Bump x\n\nCo-authored-by: Claude <noreply@anthropic.com>\n"
        let result = classifier.classify(commit(message, author: "dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>"))
        #expect(result.class == .assisted)
        #expect(result.agents == ["claude-code"])
    }

    @Test func coAuthorsGoThroughMailmap() throws {
        // What a .mailmap line `Claude <noreply@anthropic.com> <claude-alias@corp.example>` does.
        let mailmap: (Identity) -> Identity = {
            $0.email == "claude-alias@corp.example" ? Identity(name: "Claude", email: "noreply@anthropic.com") : $0
        }
        let message = "Fix\n\nCo-authored-by: C <claude-alias@corp.example>\n"
        let result = classifier.classify(commit(message), resolveIdentity: mailmap)
        #expect(result.class == .assisted)
        #expect(classifier.classify(commit(message)).class == .human)
    }

    @Test func notesAreEvidence() {
        let result = classifier.classify(commit("Fix"), notes: ["refs/notes/ai-attribution": "{\"tool\":\"Qwen Code\"}"])
        #expect(result.class == .assisted)
        #expect(result.evidence.first?.signal == .note)
        #expect(classifier.classify(commit("Fix"), notes: ["refs/notes/other": "qwen"]) == .human)
    }
}
