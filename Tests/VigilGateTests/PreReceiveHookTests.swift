import Foundation
import Testing
import VigilModel
import VigilTestSupport
@testable import VigilGate

/// The hook inside a real receive-pack: pushes into a bare repository with the hook installed.
/// The server's path holds a ':' so git C-quotes the quarantine's alternates, which libgit2 alone cannot read.
@Suite struct PreReceiveHookTests {
    static let riskRule = #"""
    version: 1
    rules:
      - id: kl-coefficient
        title: KL coefficient changed
        category: reward
        severity: high
        paths: {include: ['**/*.py']}
        keywords: [kl_coef]
        added: ['\bkl_coef\s*[:=]']
        removed: ['\bkl_coef\s*[:=]']
        message: The KL penalty keeps the policy near the reference model.
    """#

    static let policy = """
    version: 1
    protected_refs: ['refs/heads/main']
    rules:
      - name: human-approval-for-ai-changes
        action: reject
        class: [ai, assisted]
        min_severity: high
    approvals:
      not_the_pusher: true
    override:
      push_option: vigil.override
      users: [alice]
      audit_log: vigil-audit.log
    timeout:
      seconds: 30
      on_timeout: reject
    """

    struct Server {
        let temp: TemporaryDirectory
        let bare: URL
        let work: HistoryBuilder
        let rules: URL

        func push(_ refspecs: [String], env extra: [String: String] = [:], options: [String] = []) throws -> ProcessRunner.Result {
            var env = Git.isolatedEnvironment
            env.merge(extra) { $1 }
            let args = ["push", "--porcelain", bare.path] + options.flatMap { ["-o", $0] } + refspecs
            return try ProcessRunner.run(executable: "/usr/bin/git", arguments: args, in: work.directory, environment: env)
        }

        func commit(_ message: String, _ files: [String: String], author: String = "Jane Doe <jane@example.com>") throws {
            try work.commit(message, files: files, author: author)
        }
    }

    static func makeServer(policy: String = Self.policy, install extra: [String] = [], riskRule: String = Self.riskRule) throws -> Server {
        let temp = try TemporaryDirectory()
        let rules = temp.url.appendingPathComponent("rules")
        try FileManager.default.createDirectory(at: rules.appendingPathComponent("risk"), withIntermediateDirectories: true)
        for file in ["agents.yml", "review.yml"] {
            try FileManager.default.copyItem(at: PackagePaths.rules.appendingPathComponent(file), to: rules.appendingPathComponent(file))
        }
        try riskRule.write(to: rules.appendingPathComponent("risk/reward.yml"), atomically: true, encoding: .utf8)
        try policy.write(to: rules.appendingPathComponent("policy.yml"), atomically: true, encoding: .utf8)

        let parent = temp.url.appendingPathComponent("srv:repos")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let bare = parent.appendingPathComponent("server.git")
        try Git.run(["init", "-q", "--bare", "-b", "main", bare.path])
        try Git.run(["-C", bare.path, "config", "receive.advertisePushOptions", "true"])
        let install = try ProcessRunner.run(executable: PackagePaths.vigilExecutable.path,
                                            arguments: ["hook", "install", "--repo", bare.path, "--rules", rules.path] + extra,
                                            environment: Git.isolatedEnvironment)
        guard install.status == 0 else { throw FixtureError("install failed: \(install.stderr)") }

        let work = try HistoryBuilder(in: temp.url, name: "work")
        try work.commit("Add the trainer", files: ["trainer/ppo.py": "kl_coef = 0.05\n", "README.md": "demo\n"])
        let server = Server(temp: temp, bare: bare, work: work, rules: rules)
        let first = try server.push(["HEAD:refs/heads/main"])
        guard first.status == 0 else { throw FixtureError("first push failed: \(first.stderr)") }
        return server
    }

    static let aiChange = "Refactor defaults\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n"

    @Test func aHumanChangeIsAccepted() throws {
        let server = try Self.makeServer()
        try server.commit("Update README", ["README.md": "demo\nmore\n"])
        let result = try server.push(["HEAD:refs/heads/main"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("REJECTED"))
    }

    @Test func anUnapprovedAIChangeToSensitiveCodeIsRejectedWithWhatIsMissing() throws {
        let server = try Self.makeServer()
        try server.commit(Self.aiChange, ["trainer/ppo.py": "kl_coef = 0.0\n"])
        let result = try server.push(["HEAD:refs/heads/main"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("vigil: REJECTED refs/heads/main"))
        #expect(result.stderr.contains("\"Refactor defaults\" (assisted: claude-code, risk "))
        #expect(result.stderr.contains("breaks policy rule 'human-approval-for-ai-changes'"))
        #expect(result.stderr.contains("high reward rule kl-coefficient at trainer/ppo.py -1 +1"))
        #expect(result.stderr.contains("missing: an approval by a reviewer other than the author and the pusher"))
        #expect(result.stderr.contains("fix: ask a reviewer (not the author or the pusher) to run 'vigil approve <commit>...'"))
        #expect(!result.stderr.contains("Fatal error"), "no stack traces")
        let head = try Git.run(["-C", server.bare.path, "rev-parse", "main"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(head != (try server.work.revParse("HEAD")), "the ref must not move")
        let audit = try String(contentsOf: server.bare.appendingPathComponent("vigil-audit.log"), encoding: .utf8)
        #expect(audit.contains("\"decision\":\"rejected\""))
    }

    @Test func anUnprotectedRefOnlyWarns() throws {
        let server = try Self.makeServer()
        try server.commit(Self.aiChange, ["trainer/ppo.py": "kl_coef = 0.0\n"])
        let result = try server.push(["HEAD:refs/heads/feature"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("vigil: WARNING refs/heads/feature"))
    }

    @Test func anIndependentApprovalLetsItThrough() throws {
        let server = try Self.makeServer()
        try server.commit(Self.aiChange + "Reviewed-by: Bob Smith <bob@example.com>\n", ["trainer/ppo.py": "kl_coef = 0.0\n"])
        let result = try server.push(["HEAD:refs/heads/main"], env: ["GITEA_PUSHER_NAME": "jane"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func anApprovalThePusherAddedHimselfIsRefused() throws {
        let server = try Self.makeServer()
        try server.commit(Self.aiChange + "Reviewed-by: Bob Smith <bob@example.com>\n", ["trainer/ppo.py": "kl_coef = 0.0\n"])
        // On GitLab the pusher is GL_USERNAME, and lines carry GL-HOOK-ERR: for the web UI.
        let result = try server.push(["HEAD:refs/heads/main"], env: ["GL_USERNAME": "bob", "GL_ID": "user-7"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("GL-HOOK-ERR: vigil: REJECTED refs/heads/main"))
        #expect(result.stderr.contains("Bob Smith <bob@example.com> is the pusher"))
    }

    @Test func aPushOfSeveralRefsIsJudgedWhole() throws {
        let server = try Self.makeServer()
        try server.work.git(["checkout", "-q", "-b", "docs"])
        try server.commit("Write docs", ["docs.md": "docs\n"])
        try server.work.git(["checkout", "-q", "main"])
        try server.commit(Self.aiChange, ["trainer/ppo.py": "kl_coef = 0.0\n"])
        let result = try server.push(["main:refs/heads/main", "docs:refs/heads/docs"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("REJECTED refs/heads/main"))
        #expect(!result.stderr.contains("refs/heads/docs \""), "the docs commit breaks nothing")
        let refs = try Git.run(["-C", server.bare.path, "for-each-ref", "--format=%(refname)"])
        #expect(!refs.contains("refs/heads/docs"), "a rejected push updates no ref")
    }

    @Test func anOverrideIsHonouredOnlyForAllowedUsersAndAlwaysLogged() throws {
        let server = try Self.makeServer()
        // The server keeps an index: overrides are recorded there too.
        let indexed = try VigilCLI.run(["index", server.bare.path], rules: server.rules)
        #expect(indexed.status == 0, "\(indexed.stderr)")
        try server.commit(Self.aiChange, ["trainer/ppo.py": "kl_coef = 0.0\n"])
        let refused = try server.push(["HEAD:refs/heads/main"], env: ["GITEA_PUSHER_NAME": "bob"], options: ["vigil.override=urgent fix"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("override refused: bob may not override this policy"))
        let allowed = try server.push(["HEAD:refs/heads/main"], env: ["GITEA_PUSHER_NAME": "alice"], options: ["vigil.override=incident 42 hotfix"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stderr.contains("override by alice: incident 42 hotfix (logged)"))
        let audit = try String(contentsOf: server.bare.appendingPathComponent("vigil-audit.log"), encoding: .utf8)
        #expect(audit.contains("\"decision\":\"override\""))
        #expect(audit.contains("\"reason\":\"incident 42 hotfix\""))
        #expect(audit.contains("\"decision\":\"override-refused\""))
        let recorded = try VigilCLI.run(["query", "-C", server.bare.path, "--overrides", "--format", "ndjson"], rules: server.rules)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let lines = recorded.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(record["pusher"] as? String == "alice" && record["reason"] as? String == "incident 42 hotfix")
        #expect(record["refs"] as? [String] == ["refs/heads/main"])
        #expect((record["commits"] as? [String])?.count == 1)
        // The line matches its schema, and the schema is closed: a key it does not know fails.
        var validator = JSONSchemaValidator(directory: PackagePaths.root.appendingPathComponent("docs/schema"))
        let line = try JSONValue(parsing: String(lines[0]))
        let problems = try validator.problems(line, schema: "query-overrides.schema.json#/items")
        #expect(problems.isEmpty, "\(problems)")
        guard case .object(let pairs) = line else { Issue.record("an override is an object"); return }
        #expect(!(try validator.problems(.object(pairs + [("unexpected", .int(1))]), schema: "query-overrides.schema.json#/items")).isEmpty)
        #expect(!(try validator.problems(.object(Array(pairs.dropFirst())), schema: "query-overrides.schema.json#/items")).isEmpty)
    }

    @Test func aMalformedPolicyFailsClosed() throws {
        let server = try Self.makeServer()
        try "version: 1\nrules:\n  - name: x\n    action: maybe\n".write(to: server.rules.appendingPathComponent("policy.yml"), atomically: true, encoding: .utf8)
        try server.commit("Update README", ["README.md": "demo\nmore\n"])
        let result = try server.push(["HEAD:refs/heads/main"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("vigil: push rejected: \(server.rules.path)/policy.yml:4: policy rule 'x': action: unknown value 'maybe'"))
    }

    @Test func parsesEveryInputLineAndBothHashLengths() throws {
        let zero64 = String(repeating: "0", count: 64)
        let input = "\(String(repeating: "0", count: 40)) \(String(repeating: "a", count: 40)) refs/heads/new\n"
            + "\(String(repeating: "b", count: 40)) \(String(repeating: "0", count: 40)) refs/heads/gone\n"
            + "\(zero64) \(String(repeating: "c", count: 64)) refs/tags/v1\n"
        let updates = try RefUpdate.parse(input)
        #expect(updates.map(\.ref) == ["refs/heads/new", "refs/heads/gone", "refs/tags/v1"])
        #expect(updates.map(\.isCreation) == [true, false, true])
        #expect(updates.map(\.isDeletion) == [false, true, false])
        #expect(throws: GateError.self) { try RefUpdate.parse("nonsense\n") }
    }
}

/// `vigil check`: the same policy on a range, for CI and pre-push hooks.
@Suite struct CheckCommandTests {
    @Test func rejectsWhatTheHookWouldAndNamesIt() throws {
        let server = try PreReceiveHookTests.makeServer()
        let base = try server.work.revParse("HEAD")
        try server.commit(PreReceiveHookTests.aiChange, ["trainer/ppo.py": "kl_coef = 0.0\n"])
        let run = { (args: [String]) in try VigilCLI.run(["check", server.work.path] + args, rules: server.rules) }
        let main = try run(["\(base)..HEAD"])
        #expect(main.status == 1)
        #expect(main.stderr.contains("vigil: REJECTED refs/heads/main"))
        #expect(main.stdout.contains("checked 1 commit(s): 1 rejection(s), 0 warning(s)"))
        let feature = try run(["\(base)..HEAD", "--ref", "refs/heads/feature"])
        #expect(feature.status == 0)
        #expect(feature.stderr.contains("WARNING refs/heads/feature"))
        let clean = try run(["\(base)~0..\(base)"])
        #expect(clean.status == 0)
    }
}
