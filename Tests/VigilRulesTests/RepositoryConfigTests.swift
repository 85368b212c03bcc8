import Foundation
import Testing
import VigilModel
import VigilTestSupport
@testable import VigilRules

/// `.vigil.yml` extends the rules in effect; a fault names the config file and line.
@Suite struct RepositoryConfigTests {
    static func shipped() throws -> RuleSet { try RuleSet.load(directory: PackagePaths.rules.path) }

    func apply(_ yaml: String) throws -> RuleSet {
        try RepositoryConfig.apply(yaml, file: "/repo/.vigil.yml", to: try Self.shipped())
    }

    func fault(_ yaml: String) -> RuleFileError? {
        ruleFileError(expectingFailure: true) { _ = try apply(yaml) }
    }

    static let full = """
    version: 1
    path_classes:
      tests:
        globs: ['qa/**']
      fixtures:
        cap: low
        globs: ['fixtures/**']
    agents:
      - id: acme-agent
        name: ACME coding agent
        identities:
          - email: agent@acme.example
        examples:
          - author: ACME Agent <agent@acme.example>
            message: Fix the loader
            expect: ai
    rules:
      - id: acme-grader-changed
        title: Grader changed
        category: eval
        severity: high
        paths: {include: ['grading/**'], not_classes: [fixtures]}
        message: The grader decides what passes.
        examples:
          - path: grading/score.py
            expect: flag
          - path: fixtures/grading/score.py
            expect: pass
    severity:
      reward-kl-coefficient: critical
      oversight-ci-workflow-changed: medium
    disable: [reward-gae-discount]
    """

    @Test func everyKindOfExtensionApplies() throws {
        let set = try apply(Self.full)
        let base = try Self.shipped()
        #expect(set.configs == ["/repo/.vigil.yml"])
        // Path classes: globs added to a shipped class, and a new class with its cap.
        #expect(set.risk.pathClasses.names(of: "qa/x.py") == ["tests"])
        #expect(set.risk.pathClasses.names(of: "tests/x.py").contains("tests"), "the shipped globs stay")
        #expect(set.risk.pathClasses.cap(for: "fixtures") == .low)
        // Agents are appended after the shipped ones.
        #expect(set.agents.signatures.count == base.agents.signatures.count + 1)
        #expect(set.agents.signatures.last?.id == "acme-agent")
        #expect(set.agents.signatures.last?.file == "/repo/.vigil.yml")
        // A rule added, with its examples, naming a class the config defined.
        let added = try #require(set.risk.rule(id: "acme-grader-changed"))
        #expect(added.examples.count == 2 && added.file == "/repo/.vigil.yml" && added.line == 18)
        #expect(added.notClasses == ["fixtures"])
        // Severities: the rule's findings move by the difference; its examples keep flag/pass only.
        let kl = try #require(set.risk.rule(id: "reward-kl-coefficient"))
        let klBase = try #require(base.risk.rule(id: "reward-kl-coefficient"))
        #expect(kl.effectiveSeverity == .critical && kl.severity == klBase.severity)
        #expect(kl.severityShift == Severity.critical.rank - klBase.severity.rank)
        #expect(kl.ruleDescription.severity == .critical)
        #expect(kl.examples.allSatisfy { $0.expectSeverity == nil })
        #expect(kl.digest != klBase.digest, "a changed severity makes the rule's stored findings stale")
        #expect(set.risk.rule(id: "oversight-ci-workflow-changed")?.effectiveSeverity == .medium)
        // Disabled rules are gone; everything else is untouched.
        #expect(set.risk.rule(id: "reward-gae-discount") == nil)
        #expect(set.risk.rules.count == base.risk.rules.count)  // one added, one disabled
        let untouched = try #require(set.risk.rule(id: "reward-source-changed"))
        #expect(untouched.digest == base.risk.rule(id: "reward-source-changed")?.digest && untouched.severityShift == 0)
        // What the config changes is in the digests the index compares.
        #expect(set.classificationDigest != base.classificationDigest)
        #expect(set.risk.pathClassesDigest != base.risk.pathClassesDigest)
    }

    @Test func aConfigOnlyChangesTheDigestsOfWhatItTouches() throws {
        let set = try apply("version: 1\ndisable: [reward-gae-discount]\n")
        #expect(set.classificationDigest == (try Self.shipped()).classificationDigest, "no agent change: no re-classification")
        #expect(set.risk.pathClassesDigest == (try Self.shipped()).risk.pathClassesDigest, "no class change: not every finding is stale")
        // Layout and comments are not content.
        let a = try apply("version: 1\nseverity: {reward-kl-coefficient: low}\n")
        let b = try apply("# lower\nversion: 1\nseverity:\n  reward-kl-coefficient:   low\n")
        #expect(a.risk.rule(id: "reward-kl-coefficient")?.digest == b.risk.rule(id: "reward-kl-coefficient")?.digest)
    }

    @Test func anUnknownRuleIdIsAnErrorWithTheNearestId() throws {
        let disabled = try #require(fault("version: 1\ndisable:\n  - reward-kl-coeficient\n"))
        #expect(disabled.description == "/repo/.vigil.yml:3: disable: no risk rule 'reward-kl-coeficient' (did you mean 'reward-kl-coefficient'?)")
        let severity = try #require(fault("version: 1\nseverity:\n  reward-gae-discont: low\n"))
        #expect(severity.line == 3)
        #expect(severity.message.contains("no risk rule 'reward-gae-discont' (did you mean 'reward-gae-discount'?)"))
        let far = try #require(fault("version: 1\ndisable: [nothing-like-it-at-all]\n"))
        #expect(!far.message.contains("did you mean"), "no suggestion when nothing is close")
        let twice = try #require(fault("version: 1\ndisable: [reward-gae-discount, reward-gae-discount]\n"))
        #expect(twice.message.contains("no risk rule 'reward-gae-discount'"))
    }

    @Test func unknownKeysBadValuesAndVersionsAreRefusedWithTheLine() throws {
        let key = try #require(fault("version: 1\ndisabled: [x]\n"))
        #expect(key.line == 2 && key.message.contains("unknown key 'disabled'"))
        let missing = try #require(fault("disable: []\n"))
        #expect(missing.message.contains("missing required key 'version'"))
        let version = try #require(fault("version: 2\n"))
        #expect(version.line == 1 && version.message.contains("unsupported version"))
        let severity = try #require(fault("version: 1\nseverity:\n  reward-kl-coefficient: severe\n"))
        #expect(severity.line == 3 && severity.message.contains("unknown value 'severe'"))
        let ruleKey = try #require(fault("version: 1\nrules:\n  - id: x\n    titel: y\n"))
        #expect(ruleKey.line == 4 && ruleKey.message.contains("unknown key 'titel'"))
        let yaml = try #require(fault("version: 1\nrules: [\n"))
        #expect(yaml.file == "/repo/.vigil.yml" && yaml.message.hasPrefix("invalid YAML"))
        let glob = try #require(fault("version: 1\npath_classes:\n  tests:\n    globs: ['[']\n"))
        #expect(glob.message.contains("bad glob"))
    }

    @Test func anAddedRuleMayNotTakeAnIdInUse() throws {
        let rule = try #require(fault("""
        version: 1
        rules:
          - id: reward-kl-coefficient
            title: mine
            category: reward
            severity: low
            paths: {include: ['**']}
            message: m
        """))
        #expect(rule.line == 3)
        #expect(rule.message.contains("rule id 'reward-kl-coefficient' is already defined (\(PackagePaths.rules.path)/risk/reward.yml:19)"))
        let agent = try #require(fault("version: 1\nagents:\n  - id: claude-code\n    identities: [{email: a@b.c}]\n"))
        #expect(agent.line == 3 && agent.message.contains("agent id 'claude-code' is already defined"))
        let unknownClass = try #require(fault("version: 1\nrules:\n  - id: x\n    title: t\n    category: eval\n    severity: low\n    paths: {include: ['a/**'], classes: [nope]}\n    message: m\n"))
        #expect(unknownClass.message.contains("unknown path class 'nope'"))
    }

    @Test func theRuleWatchingTheConfigCannotBeWeakenedByIt() throws {
        let watcher = try #require((try Self.shipped()).risk.rule(id: "vigil-rules-changed"))
        #expect(watcher.locked && watcher.appliesTo(path: ".vigil.yml"))
        let disabled = try #require(fault("version: 1\ndisable: [vigil-rules-changed]\n"))
        #expect(disabled.line == 2 && disabled.message.contains("rule 'vigil-rules-changed' is locked"))
        let lowered = try #require(fault("version: 1\nseverity: {vigil-rules-changed: low}\n"))
        #expect(lowered.message.contains("locked: a config cannot lower it"))
        // Raising it is no weakening.
        let raised = try apply("version: 1\nseverity: {vigil-rules-changed: critical}\n")
        #expect(raised.risk.rule(id: "vigil-rules-changed")?.effectiveSeverity == .critical)
    }

    @Test func aRulesDirectoryWithOneRiskFileKeepsTheRestBuiltIn() throws {
        let dir = try TemporaryDirectory()
        let risk = dir.url.appendingPathComponent("risk")
        try FileManager.default.createDirectory(at: risk, withIntermediateDirectories: true)
        // Same name as a built-in file: replaces it. A new name: added. The extension does not count.
        try "version: 1\nrules:\n  - id: only-mine\n    title: t\n    category: reward\n    severity: high\n    paths: {include: ['r/**']}\n    message: m\n"
            .write(to: risk.appendingPathComponent("reward.yaml"), atomically: true, encoding: .utf8)
        try "version: 1\nrules: []\n".write(to: risk.appendingPathComponent("eval.yml"), atomically: true, encoding: .utf8)
        let set = try RuleSet.load(directory: dir.path)
        let builtIn = try RuleSet.builtIn()
        #expect(set.risk.rule(id: "only-mine")?.file == risk.appendingPathComponent("reward.yaml").path)
        #expect(set.risk.rule(id: "reward-kl-coefficient") == nil, "reward.yaml replaces the built-in reward.yml")
        #expect(!set.risk.rules.contains { $0.category == .eval }, "an empty eval.yml drops the built-in eval rules")
        let kept = builtIn.risk.rules.filter { $0.category != .reward && $0.category != .eval }
        #expect(!kept.isEmpty)
        for rule in kept { #expect(set.risk.rule(id: rule.id)?.file == rule.file && rule.file.hasPrefix("built-in:rules/risk/")) }
        #expect(set.agents.signatures.count == builtIn.agents.signatures.count)
        #expect(set.policy != nil)
        #expect(set.inherited.contains("agents.yml") && set.inherited.contains("risk/oversight.yml") && !set.inherited.contains("risk/reward.yml"))
        // A fault in an inherited file would name the built-in copy; a fault in the directory names it.
        try "version: 1\nagents:\n  - id: x\n    kind: robot\n".write(to: dir.url.appendingPathComponent("agents.yml"), atomically: true, encoding: .utf8)
        #expect(throws: RuleFileError.self) { try RuleSet.load(directory: dir.path) }
        do {
            _ = try RuleSet.load(directory: dir.path)
        } catch let error as RuleFileError {
            #expect(error.file == dir.url.appendingPathComponent("agents.yml").path && error.line == 4)
        }
    }
}

/// The copy-paste example in README "Repository configuration" is a config this vigil accepts,
/// and its examples hold.
@Suite struct ReadmeConfigExampleTests {
    @Test func theReadmeExampleLoads() throws {
        let readme = try String(contentsOf: PackagePaths.root.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "```yaml\n# .vigil.yml\n"))
        let end = try #require(readme.range(of: "\n```", range: start.upperBound..<readme.endIndex))
        let set = try RepositoryConfig.apply(String(readme[start.upperBound..<end.lowerBound]), file: "README.md",
                                             to: try RuleSet.load(directory: PackagePaths.rules.path))
        #expect(set.risk.rule(id: "acme-grader-changed")?.examples.count == 2)
        #expect(set.agents.signature(id: "acme-agent") != nil)
        #expect(set.risk.rule(id: "oversight-ci-workflow-changed") == nil)
        #expect(set.risk.rule(id: "eval-threshold-lowered")?.effectiveSeverity == .critical)
    }
}
