import Foundation
import Testing
import VigilModel
import VigilTestSupport

/// Every JSON output is described by a schema in `docs/schema/`, and real outputs of real
/// repositories are validated against it: a key added, renamed or retyped without its schema
/// fails here.
@Suite struct JSONSchemaCLITests {
    static let schemas = PackagePaths.root.appendingPathComponent("docs/schema")

    /// A history with a human commit, an agent's change to an eval threshold, a reviewed change
    /// and a merge: every part of every output has something in it.
    static func repository(in directory: TemporaryDirectory) throws -> HistoryBuilder {
        let repo = try HistoryBuilder(in: directory.url)
        try repo.commit("Add the safety eval", files: ["evals/safety_suite.py": "MIN_REFUSAL_RATE = 0.98\n", "README.md": "one\n"])
        try repo.commit("Fix flaky eval\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n", files: ["evals/safety_suite.py": "MIN_REFUSAL_RATE = 0.8\n"])
        try repo.commit("Docs\n\nReviewed-by: Rita Reviewer <rita@example.com>\n", files: ["README.md": "two\n"])
        return repo
    }

    static func validate(_ text: String, schema: String, _ what: String) throws {
        var validator = JSONSchemaValidator(directory: schemas)
        let value = try JSONValue(parsing: text)
        let problems = try validator.problems(value, schema: schema)
        #expect(problems.isEmpty, "\(what) against \(schema): \(problems.prefix(10).joined(separator: "\n"))")
    }

    @Test(arguments: [
        ("version.schema.json", ["version", "--format", "json"]),
        ("coverage.schema.json", ["coverage", "--format", "json"]),
        ("check.schema.json", ["check", "HEAD~2..HEAD", "--format", "json"]),
        ("check.schema.json", ["check", "HEAD~1..HEAD", "--format", "json", "--ref", "refs/heads/topic"]),
    ])
    func realOutputsMatchTheirSchema(schema: String, command: [String]) throws {
        let directory = try TemporaryDirectory()
        let repo = try Self.repository(in: directory)
        let result = try VigilCLI.run(command, in: repo.directory)
        #expect([0, 1].contains(result.status), "\(result.stderr)")
        try Self.validate(result.stdout, schema: schema, command.joined(separator: " "))
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
                        "c": {"$ref": "#/$defs/id"}, "d": {"oneOf": [{"type": "string"}, {"type": "null"}]}},
         "$defs": {"id": {"type": "string", "pattern": "^[0-9a-f]{4}$"}}}
        """
        try schema.write(to: directory.url.appendingPathComponent("t.json"), atomically: true, encoding: .utf8)
        try #"{"type": "object", "dependentSchemas": {}}"#.write(to: directory.url.appendingPathComponent("bad.json"), atomically: true, encoding: .utf8)
        var validator = JSONSchemaValidator(directory: directory.url)
        func problems(_ text: String) throws -> [String] { try validator.problems(try JSONValue(parsing: text), schema: "t.json") }
        #expect(try problems(#"{"a": "x", "b": [1, 2], "c": "00ff", "d": null}"#).isEmpty)
        #expect(try problems(#"{"b": [1]}"#).contains { $0.contains("missing required key 'a'") })
        #expect(try problems(#"{"a": "z"}"#).contains { $0.contains("is not one of") })
        #expect(try problems(#"{"a": "x", "e": 1}"#).contains { $0.contains("key 'e' is not in the schema") })
        #expect(try problems(#"{"a": "x", "b": []}"#).contains { $0.contains("at least 1") })
        #expect(try problems(#"{"a": "x", "b": [-1]}"#).contains { $0.contains("below") })
        #expect(try problems(#"{"a": "x", "b": [2, 1, 2]}"#) == ["$.b[2]: repeats an earlier item"])
        #expect(try problems(#"{"a": "x", "b": [1.5]}"#).contains { $0.contains("number, expected integer") })
        #expect(try problems(#"{"a": "x", "c": "xyz"}"#).contains { $0.contains("does not match") })
        #expect(try problems(#"{"a": "x", "d": 3}"#).contains { $0.contains("oneOf") })
        #expect(throws: JSONSchemaValidator.Failure.self) { try validator.problems(.object([]), schema: "bad.json") }
    }
}
