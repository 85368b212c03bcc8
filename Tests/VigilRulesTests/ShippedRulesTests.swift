import Foundation
import Testing
import VigilModel
import VigilTestSupport
@testable import VigilRules

/// The rules in `rules/` are tests of themselves: every example must classify as written.
@Suite struct ShippedRulesTests {
    @Test func theRequiredAgentsAndBotsAreCovered() throws {
        let catalog = try RuleSet.load(directory: PackagePaths.rules.path).agents
        let required = ["claude-code", "github-copilot", "cursor", "aider", "devin", "openai-codex", "google-jules", "gemini",
                        "openhands", "amazon-q", "sweep", "ai-disclosure", "dependabot", "renovate", "github-actions", "pre-commit-ci"]
        for id in required {
            let signature = try #require(catalog.signature(id: id), "missing signature \(id)")
            #expect(signature.examples.contains { $0.expect != .human }, "\(id) has no positive example")
        }
        // Every AI agent carries a negative example too, so a loose pattern shows up as a failure.
        for signature in catalog.signatures where signature.kind == .agent {
            #expect(signature.examples.contains { $0.expect == .human }, "\(signature.id) has no negative example")
        }
    }

    @Test func theBuiltInCopyIsUpToDate() throws {
        let onDisk = try RuleFiles.read(directory: PackagePaths.rules.path).contents
        let same = onDisk == EmbeddedRules.files
        #expect(same, "the EmbedRules plugin's copy differs from rules/")
    }
}
