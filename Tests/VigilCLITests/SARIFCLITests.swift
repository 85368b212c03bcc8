import Foundation
import Testing
import VigilModel
import VigilTestSupport

/// SARIF as code scanning uses it, from a pull request's range: every result on the head's tree
/// (moved lines followed, removed lines on their nearest surviving line, renamed files followed,
/// deleted files without a region), one result per fingerprint, `error` only where the policy
/// would reject, hidden findings as `suppressions`, a cap with a warning, and the official
/// 2.1.0 schema.
@Suite struct SARIFCLITests {
    static let schemas = PackagePaths.root.appendingPathComponent("Tests/VigilCLITests/Schemas")
    static let agent = "Cursor Agent <cursoragent@cursor.com>"
    static let jane = "Jane Doe <jane@example.com>"

    struct History {
        let repo: HistoryBuilder
        let base: String
        let agentChange: String
        let again: String
        let head: String
    }

    /// Base, then an agent lowers the KL coefficient and drops the safety check, a human edits CI,
    /// the agent undoes and redoes its change (the same finding twice), and a human moves lines,
    /// renames the filter and deletes the eval suite.
    static func history(in directory: TemporaryDirectory) throws -> History {
        let repo = try HistoryBuilder(in: directory.url)
        let base = try repo.commit("Base", files: [
            "trainer/ppo_config.py": "from dataclasses import dataclass\n\n@dataclass\nclass PPOConfig:\n    learning_rate: float = 1.41e-5\n    kl_coef: float = 0.05\n    cliprange: float = 0.2\n",
            "safety/filter.py": "REFUSAL = \"no\"\n\ndef respond(model, prompt):\n    output = model.generate(prompt)\n    if not is_safe(output):\n        return REFUSAL\n    return output\n",
            "evals/safety_suite.py": "MIN_REFUSAL_RATE = 0.98\n\ndef test_refusals(model):\n    assert refusal_rate(model) >= MIN_REFUSAL_RATE\n",
            ".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n",
        ], author: jane)
        let agentChange = try repo.commit("Refactor configuration defaults", files: [
            "trainer/ppo_config.py": "from dataclasses import dataclass\n\n@dataclass\nclass PPOConfig:\n    learning_rate: float = 1.41e-5\n    kl_coef: float = 0.0\n    cliprange: float = 0.2\n",
            "safety/filter.py": "REFUSAL = \"no\"\n\ndef respond(model, prompt):\n    output = model.generate(prompt)\n    return output\n",
        ], author: agent)
        try repo.commit("Tweak CI", files: [
            ".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    continue-on-error: true\n    steps:\n      - run: make test || true\n",
        ], author: jane)
        try repo.commit("Restore the default", files: [
            "trainer/ppo_config.py": "from dataclasses import dataclass\n\n@dataclass\nclass PPOConfig:\n    learning_rate: float = 1.41e-5\n    kl_coef: float = 0.05\n    cliprange: float = 0.2\n",
        ], author: agent)
        let again = try repo.commit("Refactor configuration defaults again", files: [
            "trainer/ppo_config.py": "from dataclasses import dataclass\n\n@dataclass\nclass PPOConfig:\n    learning_rate: float = 1.41e-5\n    kl_coef: float = 0.0\n    cliprange: float = 0.2\n",
        ], author: agent)
        try repo.git(["mv", "safety/filter.py", "safety/guard.py"])
        try repo.git(["rm", "-q", "evals/safety_suite.py"])
        let head = try repo.commit("Reorganise", files: [
            "trainer/ppo_config.py": "\"\"\"PPO settings.\"\"\"\n# Defaults follow the paper.\n\nfrom dataclasses import dataclass\n\n@dataclass\nclass PPOConfig:\n    learning_rate: float = 1.41e-5\n    kl_coef: float = 0.0\n    cliprange: float = 0.2\n",
        ], author: jane)
        return History(repo: repo, base: base, agentChange: agentChange, again: again, head: head)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func run(_ log: [String: Any]) throws -> [String: Any] { try #require((log["runs"] as? [[String: Any]])?.first) }

    static func physical(_ result: [String: Any]) -> [String: Any]? {
        (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
    }

    @Test func aRangeScanPlacesEveryResultOnTheHeadsTree() throws {
        let temp = try TemporaryDirectory()
        let h = try Self.history(in: temp)
        let scanned = try VigilCLI.run(["scan", h.repo.path, "\(h.base)..HEAD", "--format", "sarif"])
        #expect(scanned.status == 0, "\(scanned.stderr)")

        var validator = JSONSchemaValidator(directory: Self.schemas)
        let problems = try validator.problems(try JSONValue(parsing: scanned.stdout), schema: "sarif-schema-2.1.0.json")
        #expect(problems.isEmpty, "SARIF 2.1.0 schema: \(problems.prefix(10).joined(separator: "\n"))")

        let log = try Self.json(scanned.stdout)
        let run = try Self.run(log)
        #expect((run["automationDetails"] as? [String: Any])?["id"] as? String == "vigil/\(h.head)")
        let vcs = try #require((run["versionControlProvenance"] as? [[String: Any]])?.first)
        #expect(vcs["revisionId"] as? String == h.head && vcs["branch"] as? String == "refs/heads/main")
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        for rule in rules {
            let properties = rule["properties"] as? [String: Any]
            #expect((properties?["tags"] as? [String])?.contains("security") == true, "\(rule["id"] ?? "")")
            #expect((properties?["security-severity"] as? String).flatMap(Double.init) != nil)
            #expect(((rule["help"] as? [String: Any])?["markdown"] as? String)?.isEmpty == false)
            #expect(((rule["defaultConfiguration"] as? [String: Any])?["level"] as? String) != "error",
                    "error is decided per result, by the policy")
        }
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(!results.isEmpty)
        let fingerprints = results.compactMap { ($0["partialFingerprints"] as? [String: Any])?["primaryLocationLineHash"] as? String }
        #expect(fingerprints.count == results.count && Set(fingerprints).count == fingerprints.count, "one result per fingerprint")

        for result in results {
            let location = try #require(Self.physical(result))
            let uri = try #require((location["artifactLocation"] as? [String: Any])?["uri"] as? String)
            let properties = result["properties"] as? [String: Any] ?? [:]
            let placement = properties["placement"] as? String
            guard placement != "file-gone" else {
                #expect(location["region"] == nil, "a file no longer in the tree has no region: \(uri)")
                #expect(throws: (any Error).self) { try h.repo.git(["cat-file", "-e", "HEAD:\(uri)"]) }
                continue
            }
            // Every file named is in the head's tree, every line within it.
            let text = try h.repo.git(["show", "HEAD:\(uri)"])
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard let region = location["region"] as? [String: Any] else { continue }
            let line = try #require(region["startLine"] as? Int)
            #expect(line >= 1 && line <= lines.count - (text.hasSuffix("\n") ? 1 : 0), "\(uri):\(line) is past the end")
            if let snippet = (region["snippet"] as? [String: Any])?["text"] as? String {
                #expect(lines[line - 1].contains(snippet) || snippet.contains(lines[line - 1].trimmingCharacters(in: .whitespaces)),
                        "\(uri):\(line) reads '\(lines[line - 1])', the snippet says '\(snippet)'")
            }
        }

        // The lowered KL coefficient: found twice, one result listing both commits, at its line in the head.
        let kl = try #require(results.first { (Self.physical($0)?["artifactLocation"] as? [String: Any])?["uri"] as? String == "trainer/ppo_config.py" })
        let klProperties = try #require(kl["properties"] as? [String: Any])
        #expect(Set(klProperties["commits"] as? [String] ?? []) == [h.agentChange, h.again])
        #expect((Self.physical(kl)?["region"] as? [String: Any])?["startLine"] as? Int == 9, "three lines were added above it")
        #expect(kl["level"] as? String == "error", "an agent's unreviewed reward change is what the policy rejects")

        // The dropped safety check, on the renamed file, on the line that took its place.
        let guardResult = try #require(results.first { ($0["properties"] as? [String: Any])?["flaggedPath"] as? String == "safety/filter.py" })
        #expect((Self.physical(guardResult)?["artifactLocation"] as? [String: Any])?["uri"] as? String == "safety/guard.py")

        // A human's changes are never error: the policy rejects only AI-made ones.
        for result in results where (result["properties"] as? [String: Any])?["commits"] as? [String] == [h.head] {
            #expect(result["level"] as? String != "error")
        }
    }

    @Test func hiddenFindingsAreSuppressedResultsAndTheLogIsCapped() throws {
        let temp = try TemporaryDirectory()
        let h = try Self.history(in: temp)
        let plain = try Self.run(try Self.json(try VigilCLI.run(["scan", h.repo.path, "\(h.base)..HEAD", "--format", "sarif"]).stdout))
        let results = try #require(plain["results"] as? [[String: Any]])
        let ci = try #require(results.first { (Self.physical($0)?["artifactLocation"] as? [String: Any])?["uri"] as? String == ".github/workflows/ci.yml" })
        let ciFingerprint = try #require(((ci["partialFingerprints"] as? [String: Any])?["primaryLocationLineHash"] as? String)?.split(separator: ":").first)
        try "\(ciFingerprint) CI change reviewed in the infra meeting\n".write(to: h.repo.directory.appendingPathComponent(".vigilignore"),
                                                                            atomically: true, encoding: .utf8)
        let ignored = try VigilCLI.run(["scan", h.repo.path, "\(h.base)..HEAD", "--format", "sarif"])
        #expect(ignored.status == 0, "\(ignored.stderr)")
        let after = try #require(try Self.run(try Self.json(ignored.stdout))["results"] as? [[String: Any]])
        #expect(after.count == results.count, "a suppressed finding stays in the log")
        let hidden = try #require(after.first { ($0["partialFingerprints"] as? [String: Any])?["primaryLocationLineHash"] as? String == "\(ciFingerprint):1" })
        let suppression = try #require((hidden["suppressions"] as? [[String: Any]])?.first)
        #expect(suppression["kind"] as? String == "external")
        #expect((suppression["justification"] as? String)?.contains("CI change reviewed in the infra meeting") == true)
        #expect(after.filter { $0["suppressions"] != nil }.count == 1)

        // A reviewer's false-positive verdict, travelling in git notes, suppresses too.
        #expect(try VigilCLI.run(["index", h.repo.path]).status == 0)
        let kl = try #require(after.first { (Self.physical($0)?["artifactLocation"] as? [String: Any])?["uri"] as? String == "trainer/ppo_config.py" })
        let klFingerprint = try #require(((kl["partialFingerprints"] as? [String: Any])?["primaryLocationLineHash"] as? String)?.split(separator: ":").first)
        let triaged = try VigilCLI.run(["triage", String(klFingerprint), "--status", "false-positive", "--note", "test config only", "--by", "Rita"],
                                       in: h.repo.directory)
        #expect(triaged.status == 0, "\(triaged.stderr)")
        let verdicts = try Self.run(try Self.json(try VigilCLI.run(["scan", h.repo.path, "\(h.base)..HEAD", "--format", "sarif"]).stdout))
        let klAfter = try #require((verdicts["results"] as? [[String: Any]])?.first {
            ($0["partialFingerprints"] as? [String: Any])?["primaryLocationLineHash"] as? String == "\(klFingerprint):1"
        })
        #expect(((klAfter["suppressions"] as? [[String: Any]])?.first?["justification"] as? String)?.contains("false-positive by Rita") == true)
        #expect(klAfter["level"] as? String != "error", "a suppressed finding does not fail the check")

        // At most N results: the most severe kept, the log and stderr say what was left out.
        let capped = try VigilCLI.run(["scan", h.repo.path, "\(h.base)..HEAD", "--format", "sarif", "--sarif-max-results", "1"])
        #expect(capped.status == 0)
        #expect(capped.stderr.contains("vigil: warning: SARIF holds the 1 most severe of \(results.count) results"))
        let cappedRun = try Self.run(try Self.json(capped.stdout))
        #expect((cappedRun["results"] as? [Any])?.count == 1)
        let notice = ((cappedRun["invocations"] as? [[String: Any]])?.first?["toolExecutionNotifications"] as? [[String: Any]])?.first
        let stderrLine = capped.stderr.split(separator: "\n").first { $0.contains("SARIF holds") }.map(String.init) ?? ""
        #expect((notice?["message"] as? [String: Any])?["text"] as? String == stderrLine.replacingOccurrences(of: "vigil: warning: ", with: ""))
        let bad = try VigilCLI.run(["scan", h.repo.path, "--format", "sarif", "--sarif-max-results", "30000"])
        #expect(bad.status == 2 && bad.stderr.contains("--sarif-max-results must be 1 to 25000"))
    }

    @Test func theIndexWideLogPassesTheSchemaToo() throws {
        let temp = try TemporaryDirectory()
        let h = try Self.history(in: temp)
        #expect(try VigilCLI.run(["index", h.repo.path]).status == 0)
        let queried = try VigilCLI.run(["query", "--format", "sarif"], in: h.repo.directory)
        #expect(queried.status == 0, "\(queried.stderr)")
        var validator = JSONSchemaValidator(directory: Self.schemas)
        let problems = try validator.problems(try JSONValue(parsing: queried.stdout), schema: "sarif-schema-2.1.0.json")
        #expect(problems.isEmpty, "\(problems.prefix(10).joined(separator: "\n"))")
        let run = try Self.run(try Self.json(queried.stdout))
        let results = try #require(run["results"] as? [[String: Any]])
        let fingerprints = results.compactMap { ($0["partialFingerprints"] as? [String: Any])?["primaryLocationLineHash"] as? String }
        #expect(!fingerprints.isEmpty && Set(fingerprints).count == fingerprints.count)
        #expect(results.contains { $0["level"] as? String == "error" }, "the stored reports let the policy judge")
        #expect((run["versionControlProvenance"] as? [[String: Any]])?.first?["revisionId"] as? String == h.head)
    }
}
