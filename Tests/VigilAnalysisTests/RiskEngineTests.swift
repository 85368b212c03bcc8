import Testing
import VigilModel
@testable import VigilAnalysis
@testable import VigilRules

/// The engine's behaviour on a small rule set written here, independent of the shipped packs.
@Suite struct RiskEngineTests {
    static let yaml = #"""
    version: 1
    rules:
      - id: kl
        title: KL coefficient changed
        category: reward
        severity: high
        paths: {include: ['**/*.py', '**/*.yaml'], exclude: ['docs/**']}
        keywords: [kl_coef]
        added: ['\bkl_coef\s*[:=]']
        removed: ['\bkl_coef\s*[:=]']
        message: The KL penalty keeps the policy near the reference model.
      - id: safety-check-removed
        title: Safety check removed
        category: guardrail
        severity: critical
        paths: {include: ['**/*.py']}
        removed: ['if not is_safe\(']
        when: {class: [ai, assisted]}
        message: A removed safety check lets unsafe output through.
      - id: workflow
        title: CI workflow changed
        category: oversight
        severity: medium
        paths: {include: ['.github/workflows/**']}
        message: CI checks what lands.
      - id: own-rules
        title: vigil rules changed
        category: oversight
        severity: critical
        paths: {include: ['rules/**/*.yml']}
        claims_paths: true
        message: vigil's own rules decide what is flagged.
    """#

    let engine: RiskEngine

    init() throws {
        engine = RiskEngine(rules: try RiskRuleSet.load(files: [(path: "test.yml", text: Self.yaml)]))
    }

    /// The findings on one modified file whose old side is `removed` and new side `added`
    /// (each after nine unchanged lines, so changed lines start at 10).
    func flags(_ path: String, added: [String] = [], removed: [String] = [], klass: ProvenanceClass = .ai) -> [RiskFlag] {
        let context = (1...9).map { "context_line_\($0) = \($0)" }
        let diff = LineDiff.fileDiff(path: path, old: context + removed, new: context + added)
        return engine.scan([diff.change], klass: klass, review: .unreviewed) { _ in diff }.flags.filter { $0.kind != .file }
    }

    @Test func oneFindingPerRuleAndFileListsEveryLine() {
        let found = flags("trl/ppo_config.py", added: ["    kl_coef: float = 0.0"], removed: ["    kl_coef: float = 0.05"])
        #expect(found.count == 1)
        #expect(found.first?.lines.map(\.side) == [.removed, .added])
        #expect(found.first?.lines.map(\.number) == [10, 10])
        #expect(found.first?.line == 10 && found.first?.side == .added, "outputs point at the line as it now reads")
        #expect(found.first?.excerpt == "kl_coef: float = 0.0")
        #expect(found.allSatisfy { $0.rule == "kl" && $0.severity == .high && $0.category == .reward })
    }

    @Test func pathsAndKeywordsKeepLookAlikesQuiet() {
        #expect(flags("docs/kl.py", added: ["kl_coef = 0"]).isEmpty)
        #expect(flags("notes.md", added: ["kl_coef = 0"]).isEmpty)
        #expect(flags("a.py", added: ["loyalty_reward = 0"]).isEmpty)
    }

    @Test func deletingASafetyCheckIsAFindingForAIMadeWorkOnly() {
        #expect(flags("app/filter.py", removed: ["    if not is_safe(output):"]).map(\.rule) == ["safety-check-removed"])
        #expect(flags("app/filter.py", added: ["    if not is_safe(output):"]).isEmpty)
        #expect(flags("app/filter.py", removed: ["    if not is_safe(output):"], klass: .human).isEmpty)
    }

    @Test func claimingRulesSilenceContentRulesOnTheirPaths() {
        let path = "rules/risk/reward.yml"
        let applicable = engine.rules(for: path, klass: .ai, review: .unreviewed)
        #expect(applicable.map(\.id) == ["own-rules"])
        #expect(engine.rules(for: "cfg/ppo.yaml", klass: .ai, review: .unreviewed).map(\.id) == ["kl"])
    }

    @Test func pathOnlyRulesFireOncePerChangedFile() throws {
        let change = FileChange(status: .modified, oldPath: ".github/workflows/ci.yml", newPath: ".github/workflows/ci.yml",
                                oldID: ObjectID(hex: String(repeating: "a", count: 40)), newID: ObjectID(hex: String(repeating: "b", count: 40)),
                                oldMode: 0o100644, newMode: 0o100644)
        var reads = 0
        let result = engine.scan([change], klass: .human, review: .unreviewed) { change -> FileDiff in
            reads += 1
            return FileDiff(change: change, content: .lines(added: [], removed: []))
        }
        #expect(result.flags.map(\.rule) == ["workflow"])
        #expect(result.flags.first?.side == .file)
        #expect(reads == 0, "a file only path-only rules cover is never read")
    }

    @Test func binaryAndOversizedFilesAreSkippedAndSaid() {
        // Distinct blob ids: equal ones would make this a mode change, which no line rule reads.
        let change = FileChange(status: .modified, oldPath: "model.py", newPath: "model.py",
                                oldID: ObjectID(hex: String(repeating: "a", count: 40)), newID: ObjectID(hex: String(repeating: "b", count: 40)),
                                oldMode: 0o100644, newMode: 0o100644)
        let binary = engine.scan([change], klass: .ai, review: .unreviewed) { FileDiff(change: $0, content: .binary) }
        #expect(binary.skipped == [SkippedFile(path: "model.py", reason: "binary")])
        let large = engine.scan([change], klass: .ai, review: .unreviewed) { FileDiff(change: $0, content: .tooLarge(bytes: 9_000_000)) }
        #expect(large.skipped.first?.reason.contains("9000000") == true)
        #expect(large.flags.isEmpty)
    }

    @Test func fingerprintsFollowContentNotPlace() {
        let a = flags("cfg/ppo.yaml", added: ["kl_coef: 0.0"])
        let b = flags("cfg/ppo.yaml", added: ["kl_coef:   0.0  "])
        #expect(a.first?.fingerprint == b.first?.fingerprint, "re-indenting keeps the fingerprint")
        let c = flags("cfg/other.yaml", added: ["kl_coef: 0.0"])
        #expect(a.first?.fingerprint != c.first?.fingerprint)
    }

    @Test func globsMatchAsDocumented() throws {
        #expect(try PathGlob("**/*.py").matches("x.py"))
        #expect(try PathGlob("**/*.py").matches("a/b/x.py"))
        #expect(try !PathGlob("*.py").matches("a/x.pyc"))
        #expect(try PathGlob("CODEOWNERS").matches(".github/CODEOWNERS"))
        #expect(try PathGlob(".github/workflows/**").matches(".github/workflows/ci.yml"))
        #expect(try !PathGlob(".github/workflows/**").matches("x/.github/workflows/ci.yml"))
        #expect(try PathGlob("src/*/test_?.py").matches("src/a/test_1.py"))
        #expect(try PathGlob("evals/**/*.yaml").matches("evals/x.yaml"))
        #expect(try PathGlob("/vigil.yml").matches("vigil.yml"))
        #expect(try !PathGlob("/vigil.yml").matches(".github/workflows/vigil.yml"), "a leading / anchors at the top")
    }

    @Test func malformedRulesFailWithFileAndLine() {
        let cases: [(String, Int, String)] = [
            ("version: 1\nrules:\n  - id: x\n    title: t\n    category: rewards\n    severity: high\n    paths: {include: ['*']}\n    message: m\n", 5, "unknown value 'rewards'"),
            ("version: 1\nrules:\n  - id: x\n    title: t\n    category: reward\n    severity: high\n    paths: {include: ['*']}\n    added: ['(x']\n    message: m\n", 8, "invalid regular expression"),
            ("version: 1\nrules:\n  - id: x\n    title: t\n    category: reward\n    severity: high\n    paths: {include: []}\n    message: m\n", 7, "at least one glob"),
        ]
        for (yaml, line, message) in cases {
            do {
                _ = try RiskRuleSet.load(files: [(path: "rules/risk/x.yml", text: yaml)])
                Issue.record("expected an error for: \(message)")
            } catch let error as RuleFileError {
                #expect(error.file == "rules/risk/x.yml")
                #expect(error.line == line, "\(error)")
                #expect(error.message.contains(message), "\(error)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }
}
