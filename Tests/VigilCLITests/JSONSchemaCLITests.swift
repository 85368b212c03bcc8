import Foundation
import Testing
import VigilModel
import VigilTestSupport

/// Every JSON output is described by a schema in `docs/schema/`, and real outputs of real
/// repositories are validated against it: a key added, renamed or retyped without its schema
/// fails here.
@Suite struct JSONSchemaCLITests {
    static let schemas = PackagePaths.root.appendingPathComponent("docs/schema")

    /// One command whose output a schema describes. `lines`: each line of the output is one
    /// instance of `schema` (ndjson, with the schema's `#/items`). `indexed`: the command runs
    /// after `vigil index` and one triage verdict.
    struct Case: Sendable, CustomTestStringConvertible {
        let schema: String
        let command: [String]
        var lines = false
        var indexed = false
        var testDescription: String { "\(command.joined(separator: " ")) against \(schema)" }
    }

    /// A history with something in every part of every output: a human commit, an agent's change
    /// to an eval threshold, a reviewed change, an agent's branch merged as a pull request, a bot's
    /// workflow bump, a deleted eval file and a binary file under evals.
    static func repository(in directory: TemporaryDirectory) throws -> HistoryBuilder {
        let repo = try HistoryBuilder(in: directory.url)
        try repo.commit("Add the safety eval", files: ["evals/safety_suite.py": "MIN_REFUSAL_RATE = 0.98\n", "README.md": "one\n",
                                                      "evals/jailbreak.py": "assert refusal_rate(model) >= 0.9\n"])
        try repo.commit("Fix flaky eval\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n", files: ["evals/safety_suite.py": "MIN_REFUSAL_RATE = 0.8\n"])
        try repo.commit("Docs\n\nReviewed-by: Rita Reviewer <rita@example.com>\n", files: ["README.md": "two\n"])
        try repo.git(["checkout", "-q", "-b", "topic"])
        try repo.commit("Scale the reward\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n",
                        files: ["trainer/reward.py": "REWARD_SCALE = 10.0\nkl_coef = 0.0\n"])
        try repo.git(["checkout", "-q", "main"])
        try repo.commit("Bump actions/checkout from 3 to 4", files: [".github/workflows/ci.yml": "steps:\n  - uses: actions/checkout@v4\n"],
                        author: "dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>")
        var env = Git.isolatedEnvironment
        env["GIT_AUTHOR_NAME"] = "Mia Maintainer"; env["GIT_AUTHOR_EMAIL"] = "mia@example.com"
        env["GIT_COMMITTER_NAME"] = "Mia Maintainer"; env["GIT_COMMITTER_EMAIL"] = "mia@example.com"
        env["GIT_AUTHOR_DATE"] = "@\(repo.lastTime + 1800) +0100"; env["GIT_COMMITTER_DATE"] = "@\(repo.lastTime + 1800) +0100"
        try repo.git(["merge", "--no-ff", "-q", "-m", "Merge pull request #7 from alice/topic", "topic"], environment: env)
        try repo.git(["rm", "-q", "evals/jailbreak.py"])
        try repo.commit("Drop the jailbreak eval", files: ["evals/weights.bin": "\u{0}\u{1}binary\u{0}"], hoursLater: 2)
        return repo
    }

    /// `vigil index`, then a verdict on the first finding: what query, show and report read.
    static func index(_ repo: HistoryBuilder) throws {
        let indexed = try VigilCLI.run(["index"], in: repo.directory)
        #expect(indexed.status == 0, "\(indexed.stderr)")
        let found = try JSONValue(parsing: try VigilCLI.run(["query", "--format", "json"], in: repo.directory).stdout)
        let id = try #require(found.array?.first?["id"]?.string, "the history has findings")
        let triaged = try VigilCLI.run(["triage", id, "--status", "confirmed", "--note", "lowered on purpose?", "--by", "Rita Reviewer"], in: repo.directory)
        #expect(triaged.status == 0, "\(triaged.stderr)")
    }

    static func problems(_ text: String, schema: String) throws -> [String] {
        var validator = JSONSchemaValidator(directory: schemas)
        return try validator.problems(try JSONValue(parsing: text), schema: schema)
    }

    static func validate(_ text: String, schema: String, _ what: String) throws {
        let problems = try problems(text, schema: schema)
        #expect(problems.isEmpty, "\(what) against \(schema): \(problems.prefix(10).joined(separator: "\n"))")
    }

    /// Validates the output of `run` for each case: the whole output, or each line of it.
    static func check(_ output: String, _ c: Case) throws {
        if c.lines {
            let lines = output.split(separator: "\n")
            #expect(!lines.isEmpty, "\(c.testDescription): no lines")
            for line in lines { try validate(String(line), schema: c.schema, c.testDescription) }
        } else {
            try validate(output, schema: c.schema, c.testDescription)
        }
    }

    static let cases: [Case] = [
        Case(schema: "version.schema.json", command: ["version", "--format", "json"]),
        Case(schema: "coverage.schema.json", command: ["coverage", "--format", "json"]),
        Case(schema: "check.schema.json", command: ["check", "HEAD~2..HEAD", "--format", "json"]),
        Case(schema: "check.schema.json", command: ["check", "HEAD~1..HEAD", "--format", "json", "--ref", "refs/heads/topic"]),
        Case(schema: "scan.schema.json", command: ["scan", "--format", "json"]),
        Case(schema: "scan.schema.json", command: ["scan", "--format", "json", "--no-stats"]),
        Case(schema: "scan.schema.json#/items", command: ["scan", "--format", "ndjson"], lines: true),
        Case(schema: "scan-summary.schema.json", command: ["scan", "--summary", "--format", "json"]),
        Case(schema: "scan-summary.schema.json", command: ["scan", "--summary", "--format", "ndjson", "--no-stats"]),
        Case(schema: "show.schema.json", command: ["show", "HEAD~2", "--format", "json"], indexed: true),
        Case(schema: "show.schema.json", command: ["show", "HEAD", "--format", "json", "--db", "no-index.sqlite"]),
        Case(schema: "query.schema.json", command: ["query", "--format", "json"], indexed: true),
        Case(schema: "query.schema.json#/items", command: ["query", "--format", "ndjson", "--triage", "all"], lines: true, indexed: true),
        Case(schema: "query-commits.schema.json", command: ["query", "--commits", "--format", "json"], indexed: true),
        Case(schema: "query-commits.schema.json#/items", command: ["query", "--commits", "--format", "ndjson"], lines: true, indexed: true),
        Case(schema: "report.schema.json", command: ["report", "--since", "2026-01-01", "--until", "2026-01-31", "--format", "json",
                                                     "--url-template", "https://example.com/c/{commit}"], indexed: true),
        Case(schema: "report.schema.json", command: ["report", "--week", "2025-W40", "--format", "json", "--no-index"]),
        Case(schema: "index.schema.json", command: ["index", "--format", "json"]),
        Case(schema: "blame.schema.json", command: ["blame", "evals/safety_suite.py", "--format", "json"]),
    ]

    @Test(arguments: JSONSchemaCLITests.cases)
    func realOutputsMatchTheirSchema(_ c: Case) throws {
        let directory = try TemporaryDirectory()
        let repo = try Self.repository(in: directory)
        if c.indexed { try Self.index(repo) }
        let result = try VigilCLI.run(c.command, in: repo.directory)
        #expect([0, 1].contains(result.status), "\(result.stderr)")
        try Self.check(result.stdout, c)
    }

    /// Each new schema is tight: the first object of a real output with its first key removed,
    /// with a key the schema does not know, with its first value retyped, or with an unknown key
    /// inside one of its findings, fails.
    @Test func tamperedOutputsFailTheirSchema() throws {
        let directory = try TemporaryDirectory()
        let repo = try Self.repository(in: directory)
        try Self.index(repo)
        let tampered: [(String, [String])] = [
            ("scan.schema.json", ["scan", "--format", "json"]),
            ("scan-summary.schema.json", ["scan", "--summary", "--format", "json"]),
            ("show.schema.json", ["show", "HEAD~2", "--format", "json"]),
            ("query.schema.json", ["query", "--format", "json"]),
            ("query-commits.schema.json", ["query", "--commits", "--format", "json"]),
            ("report.schema.json", ["report", "--since", "2026-01-01", "--until", "2026-01-31", "--format", "json"]),
            ("index.schema.json", ["index", "--format", "json"]),
            ("blame.schema.json", ["blame", "evals/safety_suite.py", "--format", "json"]),
        ]
        for (schema, command) in tampered {
            let output = try JSONValue(parsing: try VigilCLI.run(command, in: repo.directory).stdout)
            #expect(try Self.problems(output.serialized(), schema: schema).isEmpty, "\(schema): the untouched output is valid")
            for (what, change) in Self.tamperings {
                let broken = try #require(Self.changingFirstObject(of: output, change), "\(schema): no object to change")
                #expect(!(try Self.problems(broken.serialized(), schema: schema)).isEmpty, "\(schema): \(what) still passes")
            }
            // A finding with a key its schema does not know, wherever findings are.
            if let broken = Self.changingFirstFinding(of: output, { $0 + [("unexpected", .bool(true))] }) {
                #expect(!(try Self.problems(broken.serialized(), schema: schema)).isEmpty, "\(schema): an unknown key in a finding passes")
            } else {
                #expect(!["scan.schema.json", "show.schema.json", "query.schema.json", "query-commits.schema.json"].contains(schema),
                        "\(schema): the output has findings to change")
            }
        }
    }

    typealias Pairs = [(String, JSONValue)]

    static let tamperings: [(String, @Sendable (Pairs) -> Pairs)] = [
        ("a key removed", { Array($0.dropFirst()) }),
        ("an unknown key added", { $0 + [("unexpected", .string("x"))] }),
        ("a value retyped", { [($0[0].0, .bool(true))] + $0.dropFirst() }),
    ]

    /// `value` with its first object (itself, or an array's first item) changed.
    static func changingFirstObject(of value: JSONValue, _ change: (Pairs) -> Pairs) -> JSONValue? {
        switch value {
        case .object(let pairs) where !pairs.isEmpty: return .object(change(pairs))
        case .array(let items) where !items.isEmpty:
            return changingFirstObject(of: items[0], change).map { .array([$0] + items.dropFirst()) }
        default: return nil
        }
    }

    /// `value` with the first finding (an item of `flags`, or `flag`) anywhere in it changed.
    static func changingFirstFinding(of value: JSONValue, _ change: (Pairs) -> Pairs) -> JSONValue? {
        switch value {
        case .array(let items):
            for (i, item) in items.enumerated() {
                if let changed = changingFirstFinding(of: item, change) { var copy = items; copy[i] = changed; return .array(copy) }
            }
        case .object(let pairs):
            for (i, (key, member)) in pairs.enumerated() {
                var changed: JSONValue?
                if key == "flag", case .object(let finding) = member {
                    changed = .object(change(finding))
                } else if key == "flags", case .array(let findings) = member, case .object(let finding)? = findings.first {
                    changed = .array([.object(change(finding))] + findings.dropFirst())
                } else {
                    changed = changingFirstFinding(of: member, change)
                }
                if let changed { var copy = pairs; copy[i] = (key, changed); return .object(copy) }
            }
        default: break
        }
        return nil
    }

    static let trl = "/work/.mirror/huggingface+trl/repo"

    /// Outputs of a real repository: trl's mirror on the development machine. The mirror is not
    /// in CI (nor in a clean clone), so there this test is skipped; the history above runs everywhere.
    /// Index, query and report run on a shallow clone of its last 100 commits (a shallow boundary is
    /// a normal input; the whole history would take minutes in a debug build). Blame runs on the
    /// whole mirror: libgit2 1.5's blame cannot walk past a shallow boundary.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: JSONSchemaCLITests.trl), "needs the huggingface/trl mirror (absent in CI)"))
    func outputsOfARealRepositoryMatchTheirSchemas() throws {
        let directory = try TemporaryDirectory()
        let mirror = URL(fileURLWithPath: Self.trl)
        let db = directory.url.appendingPathComponent("trl.sqlite").path
        let none = directory.url.appendingPathComponent("none.sqlite").path
        for c in [Case(schema: "scan.schema.json", command: ["scan", "-n", "200", "--format", "json"]),
                  Case(schema: "scan.schema.json#/items", command: ["scan", "-n", "30", "--format", "ndjson"], lines: true),
                  Case(schema: "scan-summary.schema.json", command: ["scan", "-n", "100", "--summary", "--format", "json"]),
                  Case(schema: "coverage.schema.json", command: ["coverage", "-n", "200", "--format", "json", "--db", none]),
                  Case(schema: "show.schema.json", command: ["show", "HEAD~3", "--format", "json", "--db", none]),
                  Case(schema: "blame.schema.json", command: ["blame", "README.md", "--format", "json"])] {
            let result = try VigilCLI.run(c.command, in: mirror, timeout: 600)
            #expect(result.status == 0, "\(c.testDescription): \(result.stderr)")
            try Self.check(result.stdout, c)
        }
        let clone = directory.url.appendingPathComponent("trl")
        try Git.run(["clone", "-q", "--depth", "100", "file://" + Self.trl, clone.path])
        let newest = try Git.run(["log", "-1", "--format=%cs"], in: clone).trimmingCharacters(in: .whitespacesAndNewlines)
        for c in [Case(schema: "index.schema.json", command: ["index", "--format", "json", "--db", db]),
                  Case(schema: "query.schema.json", command: ["query", "--format", "json", "--db", db, "--triage", "all"]),
                  Case(schema: "query-commits.schema.json", command: ["query", "--commits", "--format", "json", "--db", db]),
                  Case(schema: "report.schema.json", command: ["report", "--since", "2000-01-01", "--until", newest, "--weeks", "4",
                                                               "--format", "json", "--db", db])] {
            let result = try VigilCLI.run(c.command, in: clone, timeout: 600)
            #expect(result.status == 0, "\(c.testDescription): \(result.stderr)")
            try Self.check(result.stdout, c)
        }
    }

    @Test func theStagedChecksVerdictMatchesItsSchema() throws {
        let directory = try TemporaryDirectory()
        let repo = try Self.repository(in: directory)
        try "MIN_REFUSAL_RATE = 0.5\n".write(to: repo.directory.appendingPathComponent("evals/safety_suite.py"), atomically: true, encoding: .utf8)
        try repo.git(["add", "-A"])
        let message = directory.url.appendingPathComponent("msg")
        try "Lower again\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n".write(to: message, atomically: true, encoding: .utf8)
        let result = try VigilCLI.run(["check", "--staged", "--message-file", message.path, "--format", "json"], in: repo.directory)
        #expect(result.status == 1, "\(result.stderr)")
        try Self.validate(result.stdout, schema: "check.schema.json", "check --staged")
    }

    /// The validator itself: each keyword can fail, and a keyword it does not know is an error.
    @Test func theValidatorRejectsWhatItsSchemaForbids() throws {
        let directory = try TemporaryDirectory()
        let schema = """
        {"type": "object", "required": ["a"], "additionalProperties": false,
         "properties": {"a": {"enum": ["x", "y"]}, "b": {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 1, "uniqueItems": true},
                        "c": {"$ref": "#/$defs/id"}, "d": {"oneOf": [{"type": "string"}, {"type": "null"}]},
                        "e": {"$ref": "#/$defs/open", "properties": {"extra": {"type": "string"}}, "unevaluatedProperties": false}},
         "$defs": {"id": {"type": "string", "pattern": "^[0-9a-f]{4}$"},
                   "open": {"type": "object", "required": ["k"], "properties": {"k": {"type": "integer"}}}}}
        """
        try schema.write(to: directory.url.appendingPathComponent("t.json"), atomically: true, encoding: .utf8)
        try #"{"type": "object", "dependentSchemas": {}}"#.write(to: directory.url.appendingPathComponent("bad.json"), atomically: true, encoding: .utf8)
        var validator = JSONSchemaValidator(directory: directory.url)
        func problems(_ text: String, _ name: String = "t.json") throws -> [String] { try validator.problems(try JSONValue(parsing: text), schema: name) }
        #expect(try problems(#"{"a": "x", "b": [1, 2], "c": "00ff", "d": null, "e": {"k": 1, "extra": "z"}}"#).isEmpty)
        #expect(try problems(#"{"b": [1]}"#).contains { $0.contains("missing required key 'a'") })
        #expect(try problems(#"{"a": "z"}"#).contains { $0.contains("is not one of") })
        #expect(try problems(#"{"a": "x", "f": 1}"#).contains { $0.contains("key 'f' is not in the schema") })
        #expect(try problems(#"{"a": "x", "b": []}"#).contains { $0.contains("at least 1") })
        #expect(try problems(#"{"a": "x", "b": [-1]}"#).contains { $0.contains("below") })
        #expect(try problems(#"{"a": "x", "b": [2, 1, 2]}"#) == ["$.b[2]: repeats an earlier item"])
        #expect(try problems(#"{"a": "x", "b": [1.5]}"#).contains { $0.contains("number, expected integer") })
        #expect(try problems(#"{"a": "x", "c": "xyz"}"#).contains { $0.contains("does not match") })
        #expect(try problems(#"{"a": "x", "d": 3}"#).contains { $0.contains("oneOf") })
        // unevaluatedProperties sees the keys the referenced schema evaluated, and only those.
        #expect(try problems(#"{"a": "x", "e": {"k": 1, "other": 2}}"#) == ["$.e: key 'other' is not in the schema"])
        #expect(try problems(#"{"a": "x", "e": {"k": "one"}}"#).contains { $0.contains("string, expected integer") })
        // A part of a file: what one ndjson line is checked against.
        #expect(try problems("[1, -1]", "t.json#/properties/b").contains { $0.contains("below") })
        #expect(try problems("\"00ff\"", "t.json#/$defs/id").isEmpty)
        #expect(throws: JSONSchemaValidator.Failure.self) { try validator.problems(.object([]), schema: "bad.json") }
    }
}
