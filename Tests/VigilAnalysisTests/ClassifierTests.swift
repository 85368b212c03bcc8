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
        identities:
          - name_regex: ' \(aider\)$'
            as: {author: ai, committer: assisted}
        markers:
          - regex: '^aider: '
            subject_only: true
            class: ai
      - id: ai-disclosure
        trailers:
          - key: Assisted-by
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
        let committedOnly = classifier.classify(commit("Add x", author: "Jane <jane@example.com>", committer: "Jane (aider) <jane@example.com>"))
        #expect(committedOnly.class == .assisted)
        #expect(committedOnly.evidence.first?.signal == .committer)
    }

    @Test func subjectOnlyMarkersIgnoreTheBody() {
        #expect(classifier.classify(commit("aider: add a parser\n")).class == .ai)
        #expect(classifier.classify(commit("Add a parser\n\naider: was not used here\n")).class == .human)
    }

    @Test func genericDisclosureIsAttributedThroughAliases() {
        let named = classifier.classify(commit("Fix\n\nAssisted-by: Claude:claude-3-opus coccinelle\n"))
        #expect(named.agents == ["claude-code"])
        #expect(named.class == .assisted)
        let unknown = classifier.classify(commit("Fix\n\nassisted-BY: SomeTool 2\n"))
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
