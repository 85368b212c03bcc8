import Foundation
import Testing
import VigilTestSupport

/// `.vigil.yml` in the work tree and `--config FILE`, end to end; `--rules DIR` with one file.
@Suite struct ConfigCLITests {
    /// A repository whose second commit lowers the KL coefficient (reward-kl-coefficient, high).
    static func repository(in temp: TemporaryDirectory) throws -> HistoryBuilder {
        let repo = try HistoryBuilder(in: temp.url)
        try repo.commit("Add the trainer", files: ["trainer/ppo.py": "kl_coef = 0.05\n"])
        try repo.commit("Lower the penalty", files: ["trainer/ppo.py": "kl_coef = 0.0\n"])
        return repo
    }

    /// Rule id → severity of every finding of the scan, in order.
    static func findings(_ stdout: String) throws -> [String: String] {
        let commits = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [[String: Any]])
        var out: [String: String] = [:]
        for commit in commits {
            for flag in commit["flags"] as? [[String: Any]] ?? [] { out[flag["rule"] as? String ?? ""] = flag["severity"] as? String }
        }
        return out
    }

    /// A config or risk file holding one file-level rule, and `extra` lines under it.
    static func oneRule(_ id: String, category: String, severity: String, include: String, extra: String = "") -> String {
        "version: 1\nrules:\n  - id: \(id)\n    title: \(id)\n    category: \(category)\n    severity: \(severity)\n"
            + "    paths: {include: ['\(include)']}\n    message: m\n" + extra
    }

    static func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    @Test func theWorkTreesConfigIsFoundAndOptionsOverrideIt() throws {
        let temp = try TemporaryDirectory()
        let repo = try Self.repository(in: temp)
        let before = try VigilCLI.run(["scan", repo.path, "--format", "json"])
        #expect(before.status == 0, "\(before.stderr)")
        #expect(try Self.findings(before.stdout)["reward-kl-coefficient"] == "high")

        // Found at the top of the work tree, from a subdirectory too, without being committed.
        try Self.write("version: 1\nseverity:\n  reward-kl-coefficient: critical\n", to: repo.directory.appendingPathComponent(".vigil.yml"))
        let raised = try VigilCLI.run(["scan", "--format", "json"], in: repo.directory.appendingPathComponent("trainer"))
        #expect(raised.status == 0, "\(raised.stderr)")
        #expect(try Self.findings(raised.stdout)["reward-kl-coefficient"] == "critical")

        let ignored = try VigilCLI.run(["scan", repo.path, "--format", "json", "--no-config"])
        #expect(try Self.findings(ignored.stdout)["reward-kl-coefficient"] == "high")

        let other = temp.url.appendingPathComponent("ci.vigil.yml")
        try Self.write("version: 1\ndisable: [reward-kl-coefficient]\n", to: other)
        let explicit = try VigilCLI.run(["scan", repo.path, "--format", "json", "--config", other.path])
        #expect(explicit.status == 0, "\(explicit.stderr)")
        #expect(try Self.findings(explicit.stdout)["reward-kl-coefficient"] == nil, "--config replaces the work tree's config")

        let both = try VigilCLI.run(["scan", repo.path, "--config", other.path, "--no-config"])
        #expect(both.status == 2 && both.stderr.contains("--config and --no-config"))

        // The same config applies to the other commands that load rules.
        let check = try VigilCLI.run(["rules", "list", "-C", repo.path])
        #expect(check.stdout.contains("config: \(repo.directory.appendingPathComponent(".vigil.yml").path)"))
        #expect(check.stdout.range(of: #"risk   reward\s+critical\s+reward-kl-coefficient"#, options: .regularExpression) != nil)
    }

    @Test func aFaultyConfigIsOneLineNamingFileAndLineAndExitsTwo() throws {
        let temp = try TemporaryDirectory()
        let repo = try Self.repository(in: temp)
        let config = repo.directory.appendingPathComponent(".vigil.yml")
        for (yaml, message) in [
            ("version: 1\ndisable:\n  - reward-kl-coeficient\n", ":3: disable: no risk rule 'reward-kl-coeficient' (did you mean 'reward-kl-coefficient'?)"),
            ("version: 1\nseverty: {}\n", ":2: config file: unknown key 'severty'"),
            ("version: 1\ndisable: [vigil-rules-changed]\n", ":2: disable: rule 'vigil-rules-changed' is locked"),
        ] {
            try Self.write(yaml, to: config)
            for command in [["scan", repo.path], ["coverage", repo.path], ["index", repo.path], ["rules", "test", "-C", repo.path]] {
                let result = try VigilCLI.run(command)
                #expect(result.status == 2, "\(command): \(result.stderr)")
                let lines = result.stderr.split(separator: "\n")
                #expect(lines.count == 1 && lines.first?.hasPrefix("vigil: \(config.path)\(message)") == true, "\(command): \(result.stderr)")
            }
        }
        let missing = try VigilCLI.run(["scan", repo.path, "--config", temp.url.appendingPathComponent("nope.yml").path])
        #expect(missing.status == 2 && missing.stderr.contains("nope.yml: cannot read config file"))
    }

    @Test func rulesTestRunsTheConfigsExamples() throws {
        let temp = try TemporaryDirectory()
        let repo = try Self.repository(in: temp)
        let rule = Self.oneRule("acme-grader-changed", category: "eval", severity: "high", include: "grading/**", extra: """
            examples:
              - path: grading/score.py
                expect: flag
              - path: EXPECTATION
                expect: pass

        """)
        let config = repo.directory.appendingPathComponent(".vigil.yml")
        try Self.write(rule.replacingOccurrences(of: "EXPECTATION", with: "docs/grading.md"), to: config)
        let shipped = try VigilCLI.run(["rules", "test", "--no-config", "-C", repo.path])
        let good = try VigilCLI.run(["rules", "test", "-C", repo.path])
        #expect(good.status == 0, "\(good.stdout)")
        let count = { (r: ProcessRunner.Result) in Int(r.stdout.split(separator: "\n").last?.split(separator: " ").first ?? "") ?? 0 }
        #expect(count(good) == count(shipped) + 2, "the config's two examples run too")
        // A wrong example in the config fails the run, naming the config's line.
        try Self.write(rule.replacingOccurrences(of: "EXPECTATION", with: "grading/other.py"), to: config)
        let bad = try VigilCLI.run(["rules", "test", "-C", repo.path])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("FAIL \(config.path):12"), "\(bad.stdout)")
    }

    @Test func indexingWithAChangedConfigRecomputesWhatItChanges() throws {
        let temp = try TemporaryDirectory()
        let repo = try Self.repository(in: temp)
        let db = temp.url.appendingPathComponent("index.sqlite").path
        func query() throws -> [String: String] {
            let result = try VigilCLI.run(["query", "--db", db, "--format", "json"])
            #expect(result.status == 0, "\(result.stderr)")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
            let flags = rows.compactMap { $0["flag"] as? [String: Any] }
            #expect(flags.count == rows.count)
            return Dictionary(flags.map { ($0["rule"] as? String ?? "", $0["severity"] as? String ?? "") }, uniquingKeysWith: { a, _ in a })
        }
        #expect(try VigilCLI.run(["index", repo.path, "--db", db]).status == 0)
        #expect(try query()["reward-kl-coefficient"] == "high")
        try Self.write("version: 1\nseverity: {reward-kl-coefficient: medium}\n", to: repo.directory.appendingPathComponent(".vigil.yml"))
        let lowered = try VigilCLI.run(["index", repo.path, "--db", db])
        #expect(lowered.status == 0, "\(lowered.stderr)")
        #expect(try query()["reward-kl-coefficient"] == "medium")
        try Self.write("version: 1\ndisable: [reward-kl-coefficient]\n", to: repo.directory.appendingPathComponent(".vigil.yml"))
        #expect(try VigilCLI.run(["index", repo.path, "--db", db]).status == 0)
        let after = try query()
        #expect(after["reward-kl-coefficient"] == nil, "a disabled rule's stored findings go")
        #expect(after["reward-computation-changed"] != nil, "other rules' findings stay")
    }

    @Test func theRulesDigestIncludesTheConfig() throws {
        let temp = try TemporaryDirectory()
        let repo = try Self.repository(in: temp)
        func digest() throws -> String {
            let result = try VigilCLI.run(["version", "--format", "json", "-C", repo.path])
            #expect(result.status == 0, "\(result.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            return try #require(object["rulesDigest"] as? String)
        }
        let plain = try digest()
        try Self.write("version: 1\ndisable: [reward-gae-discount]\n", to: repo.directory.appendingPathComponent(".vigil.yml"))
        let configured = try digest()
        #expect(configured != plain)
        try Self.write("# same content\nversion: 1\ndisable:\n  - reward-gae-discount\n", to: repo.directory.appendingPathComponent(".vigil.yml"))
        #expect(try digest() == configured, "layout and comments are not content")
    }

    @Test func aRulesDirectoryWithOneRiskFileTakesTheRestBuiltIn() throws {
        let temp = try TemporaryDirectory()
        let repo = try Self.repository(in: temp)
        let rules = temp.url.appendingPathComponent("my-rules")
        try Self.write(Self.oneRule("acme-trainer-touched", category: "training", severity: "medium", include: "trainer/**"),
                       to: rules.appendingPathComponent("risk/acme.yml"))
        let result = try VigilCLI.run(["scan", repo.path, "--rules", rules.path, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let found = try Self.findings(result.stdout)
        #expect(found["acme-trainer-touched"] == "medium")
        #expect(found["reward-kl-coefficient"] == "high", "the built-in risk files stay")
        let listed = try VigilCLI.run(["rules", "list", "--rules", rules.path, "--no-config"])
        #expect(listed.stdout.contains("built-in: agents.yml, "), "\(listed.stdout)")
    }
}
