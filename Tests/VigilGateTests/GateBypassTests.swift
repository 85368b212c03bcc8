import Foundation
import Testing
import VigilTestSupport

/// The gate tried as an attacker would: every way a commit can reach a protected ref without
/// being judged, and every input it cannot read, with real pushes into a bare repository.
@Suite struct GateBypassTests {
    typealias Hook = PreReceiveHookTests

    static func head(_ server: Hook.Server, _ ref: String = "main") throws -> String {
        try Git.run(["-C", server.bare.path, "rev-parse", ref]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs the installed hook's command by hand in the bare repository, with `input` on stdin.
    static func runHook(_ server: Hook.Server, input: String, arguments: [String] = [], env extra: [String: String] = [:]) throws -> ProcessRunner.Result {
        var env = Git.isolatedEnvironment
        env["GIT_DIR"] = server.bare.path
        env.merge(extra) { $1 }
        return try ProcessRunner.run(executable: PackagePaths.vigilExecutable.path,
                                     arguments: ["hook", "pre-receive", "--rules", server.rules.path] + arguments,
                                     environment: env, input: input)
    }

    @Test func aCommitStagedOnAFeatureBranchIsJudgedWhenFastForwardedToMain() throws {
        let server = try Hook.makeServer()
        try server.commit(Hook.aiChange, ["trainer/ppo.py": "kl_coef = 0.0\n"])
        let staged = try server.push(["HEAD:refs/heads/feature"], env: ["GITEA_PUSHER_NAME": "jane"])
        #expect(staged.status == 0, "\(staged.stderr)")
        #expect(staged.stderr.contains("WARNING refs/heads/feature"))
        let id = try server.work.revParse("HEAD")
        let promoted = try server.push(["\(id):refs/heads/main"], env: ["GITEA_PUSHER_NAME": "jane"])
        #expect(promoted.status != 0, "an earlier warning elsewhere is no approval")
        #expect(promoted.stderr.contains("REJECTED refs/heads/main \(id.prefix(10))"))
        #expect(try Self.head(server) != id)
        // Judged again from the cache: the same verdict.
        let again = try server.push(["\(id):refs/heads/main"], env: ["GITEA_PUSHER_NAME": "jane"])
        #expect(again.status != 0)
        #expect(again.stderr.contains("high reward rule kl-coefficient at trainer/ppo.py -1 +1"))
        let cache = server.bare.appendingPathComponent("vigil/gate-cache")
        #expect(FileManager.default.fileExists(atPath: cache.path), "reports are kept for re-judging")
    }

    @Test func aPushOfOneCommitToTenThousandProtectedRefsIsJudgedOnce() throws {
        let policy = Hook.policy.replacingOccurrences(of: "protected_refs: ['refs/heads/main']",
                                                      with: "protected_refs: ['refs/heads/main', 'refs/heads/release/*']")
        let server = try Hook.makeServer(policy: policy)
        try server.commit(Hook.aiChange, ["trainer/ppo.py": "kl_coef = 0.0\n"])
        #expect(try server.push(["HEAD:refs/heads/feature"], env: ["GITEA_PUSHER_NAME": "jane"]).status == 0)
        let id = try server.work.revParse("HEAD")
        let zero = String(repeating: "0", count: 40)
        let input = (0..<10_000).map { "\(zero) \(id) refs/heads/release/r\($0)\n" }.joined()
        let result = try Self.runHook(server, input: input, arguments: ["--user", "jane"])
        #expect(result.status == 1)
        let verdicts = result.stderr.split(separator: "\n").filter { $0.contains("REJECTED refs/heads/release/") }
        #expect(verdicts.count == 1, "one verdict for the one commit")
        #expect(verdicts.first?.contains("REJECTED refs/heads/release/r0 (and 9999 more ref(s) to the same commits: "
                                         + "refs/heads/release/r1, refs/heads/release/r2, refs/heads/release/r3, …) \(id.prefix(10))") == true,
                "\(verdicts.first ?? "")")
        #expect(result.stderr.utf8.count < 4_000, "\(result.stderr.utf8.count) bytes of messages")
    }

    @Test func aHumansNoFastForwardMergeOfAStagedBranchIsJudgedForWhatItBrings() throws {
        let server = try Hook.makeServer()
        try server.work.git(["checkout", "-q", "-b", "feature"])
        try server.commit(Hook.aiChange, ["trainer/ppo.py": "kl_coef = 0.0\n"])
        let aiCommit = try server.work.revParse("HEAD")
        #expect(try server.push(["feature:refs/heads/feature"], env: ["GITEA_PUSHER_NAME": "jane"]).status == 0)
        try server.work.git(["checkout", "-q", "main"])
        try server.commit("Update README", ["README.md": "demo\nmore\n"])
        var env = Git.isolatedEnvironment
        env["GIT_COMMITTER_NAME"] = "Jane Doe"
        env["GIT_COMMITTER_EMAIL"] = "jane@example.com"
        try server.work.git(["merge", "--no-ff", "-q", "-m", "Merge branch 'feature'", "feature"], environment: env)
        let result = try server.push(["main:refs/heads/main"], env: ["GITEA_PUSHER_NAME": "jane"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("REJECTED refs/heads/main \(aiCommit.prefix(10))"))
        #expect(!result.stderr.contains("REJECTED refs/heads/main \(try server.work.revParse("HEAD").prefix(10))"),
                "the merge itself changes nothing of its own")
    }

    @Test func anEvilMergeIsJudgedOnTheLinesNeitherParentHad() throws {
        let server = try Hook.makeServer()
        try server.work.git(["checkout", "-q", "-b", "docs"])
        try server.commit("Write docs", ["docs.md": "docs\n"])
        try server.work.git(["checkout", "-q", "main"])
        try server.commit("Update README", ["README.md": "demo\nmore\n"])
        try server.work.git(["merge", "--no-ff", "--no-commit", "-q", "docs"])
        // The merge resolution slips in a change neither side made.
        try "kl_coef = 0.0\n".write(to: server.work.directory.appendingPathComponent("trainer/ppo.py"), atomically: true, encoding: .utf8)
        try server.work.git(["add", "trainer/ppo.py"])
        try server.work.git(["commit", "-q", "-m", "Merge branch 'docs'\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n"])
        let merge = try server.work.revParse("HEAD")
        let result = try server.push(["main:refs/heads/main"], env: ["GITEA_PUSHER_NAME": "jane"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("REJECTED refs/heads/main \(merge.prefix(10)) \"Merge branch 'docs'\" (assisted: claude-code, risk "))
        #expect(result.stderr.contains("high reward rule kl-coefficient at trainer/ppo.py -1 +1"))

        // scan sees it too, on the merge, and only the line in neither parent.
        let scan = try VigilCLI.run(["scan", server.work.path, "-n", "1", "--format", "ndjson"], rules: server.rules)
        #expect(scan.status == 0, "\(scan.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(scan.stdout.utf8)) as? [String: Any])
        let flags = try #require(object["flags"] as? [[String: Any]])
        // One finding for the rule and file, listing the removed and the added kl_coef line.
        #expect(flags.count == 1, "\(flags)")
        let lines = try #require(flags.first?["lines"] as? [[String: Any]])
        #expect(Set(lines.compactMap { $0["side"] as? String }) == ["added", "removed"])
        #expect(flags.allSatisfy { $0["path"] as? String == "trainer/ppo.py" })
    }

    @Test func aCleanMergeByAnAgentOfHarmlessWorkIsAccepted() throws {
        let server = try Hook.makeServer()
        try server.work.git(["checkout", "-q", "-b", "docs"])
        try server.commit("Write docs", ["docs.md": "docs\n"])
        try server.work.git(["checkout", "-q", "main"])
        try server.commit("Tune the trainer", ["trainer/ppo.py": "kl_coef = 0.05\nlr = 1\n"])
        try server.work.git(["merge", "--no-ff", "-q", "-m", "Merge docs\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n", "docs"])
        let result = try server.push(["main:refs/heads/main"], env: ["GITEA_PUSHER_NAME": "jane"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// A commit object git's own porcelain would never write, made with `hash-object --literally`.
    static func malformedCommit(_ server: Hook.Server, headers: String) throws -> String {
        try server.work.git(["add", "-A"])
        let tree = try server.work.git(["write-tree"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let parent = try server.work.revParse("HEAD")
        let object = "tree \(tree)\nparent \(parent)\n\(headers)\nRefactor defaults\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n"
        let file = server.temp.url.appendingPathComponent("commit-\(UUID().uuidString)")
        try object.write(to: file, atomically: true, encoding: .utf8)
        return try server.work.git(["hash-object", "-t", "commit", "--literally", "-w", file.path]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(arguments: [
        ("committer Jane Doe <jane@example.com> 1767225600 +0000\n", "no author header"),
        ("author Jane Doe <jane@example.com> tomorrow +0000\ncommitter Jane Doe <jane@example.com> 1767225600 +0000\n", "author date is not a number"),
    ])
    func aMalformedCommitIsRejectedAndTheRepositoryStillAcceptsGoodPushes(headers: String, reason: String) throws {
        let server = try Hook.makeServer()
        let base = try server.work.revParse("HEAD")
        try "kl_coef = 0.0\n".write(to: server.work.directory.appendingPathComponent("trainer/ppo.py"), atomically: true, encoding: .utf8)
        let bad = try Self.malformedCommit(server, headers: headers)
        let result = try server.push(["\(bad):refs/heads/main"], env: ["GITEA_PUSHER_NAME": "jane"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("REJECTED refs/heads/main: commit \(bad.prefix(10)) cannot be judged: malformed commit: \(reason)"))
        #expect(try Self.head(server) == base)
        let audit = try String(contentsOf: server.bare.appendingPathComponent("vigil-audit.log"), encoding: .utf8)
        #expect(audit.contains("\"decision\":\"fail-closed\""))

        // The repository is not locked: a good push still goes through.
        try server.work.git(["checkout", "-q", "--", "."])
        try server.commit("Update README", ["README.md": "demo\nmore\n"])
        let good = try server.push(["HEAD:refs/heads/main"], env: ["GITEA_PUSHER_NAME": "jane"])
        #expect(good.status == 0, "\(good.stderr)")
    }

    @Test func aMalformedCommitAlreadyInHistoryNeverBreaksLaterPushes() throws {
        let server = try Hook.makeServer()
        try "kl_coef = 0.0\n".write(to: server.work.directory.appendingPathComponent("trainer/ppo.py"), atomically: true, encoding: .utf8)
        let bad = try Self.malformedCommit(server, headers: "committer Jane Doe <jane@example.com> 1767225600 +0000\n")
        // It landed before the gate was installed.
        try FileManager.default.removeItem(at: server.bare.appendingPathComponent("hooks/pre-receive"))
        #expect(try server.push(["\(bad):refs/heads/main"]).status == 0)
        let install = try VigilCLI.run(["hook", "install", "--repo", server.bare.path, "--rules", server.rules.path], rules: server.rules)
        #expect(install.status == 0, "\(install.stderr)")
        try server.work.git(["reset", "-q", "--hard", bad])
        try server.commit("Update README", ["README.md": "demo\nmore\n"])
        let result = try server.push(["HEAD:refs/heads/main"], env: ["GITEA_PUSHER_NAME": "jane"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("cannot"))
    }

    @Test func aNewIdThatDoesNotExistIsRejected() throws {
        let server = try Hook.makeServer()
        let old = try Self.head(server)
        let missing = String(repeating: "1", count: 40)
        let result = try Self.runHook(server, input: "\(old) \(missing) refs/heads/main\n", arguments: ["--user", "jane"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("vigil: REJECTED refs/heads/main: the new id \(missing) is not in the repository"))
        let elsewhere = try Self.runHook(server, input: "\(old) \(missing) refs/heads/feature\n", arguments: ["--user", "jane"])
        #expect(elsewhere.status == 0, "an unprotected ref only warns: \(elsewhere.stderr)")
        #expect(elsewhere.stderr.contains("WARNING refs/heads/feature"))
    }

    @Test func aPushWhosePackIsTruncatedIsRejected() throws {
        let server = try Hook.makeServer()
        // Keep the push as a pack, and cut it short before vigil reads it (a damaged disk, a
        // broken transfer layer): the hook must fail closed, not wave the push through.
        try Git.run(["-C", server.bare.path, "config", "receive.unpackLimit", "1"])
        let hook = server.bare.appendingPathComponent("hooks/pre-receive")
        let installed = try String(contentsOf: hook, encoding: .utf8)
        let truncating = installed.replacingOccurrences(of: "exec ", with: """
            for pack in "$GIT_QUARANTINE_PATH"/pack/*.pack; do head -c 40 "$pack" > "$pack.cut" && mv -f "$pack.cut" "$pack"; done
            exec 
            """)
        try truncating.write(to: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
        try server.commit("Update README", ["README.md": "demo\nmore\n", "big.txt": String(repeating: "line\n", count: 2000)])
        let result = try server.push(["HEAD:refs/heads/main"], env: ["GITEA_PUSHER_NAME": "jane"])
        #expect(result.status != 0, "\(result.stderr)")
        #expect(result.stderr.contains("vigil: REJECTED refs/heads/main"))
    }

    @Test func withNoPusherKnownApprovalsThatMustNotBeThePushersDoNotCount() throws {
        let server = try Hook.makeServer()
        try server.commit(Hook.aiChange + "Reviewed-by: Bob Smith <bob@example.com>\n", ["trainer/ppo.py": "kl_coef = 0.0\n"])
        let result = try server.push(["HEAD:refs/heads/main"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("not counted: Bob Smith <bob@example.com> cannot be told apart from the pusher: the pusher is unknown"))
        #expect(result.stderr.contains("note: the pusher is unknown"))
        #expect(result.stderr.contains("--user NAME"))
        // Named by a wrapper, the same push passes.
        let named = try server.push(["HEAD:refs/heads/main"], env: ["VIGIL_PUSHER": "jane"])
        #expect(named.status == 0, "\(named.stderr)")
    }

    @Test func pusherOptionalCountsApprovalsAndLogsTheUnknownPusher() throws {
        let policy = Hook.policy + "\npusher: optional\n"
        let server = try Hook.makeServer(policy: policy)
        try server.commit(Hook.aiChange + "Reviewed-by: Bob Smith <bob@example.com>\n", ["trainer/ppo.py": "kl_coef = 0.0\n"])
        let result = try server.push(["HEAD:refs/heads/main"])
        #expect(result.status == 0, "\(result.stderr)")
        let audit = try String(contentsOf: server.bare.appendingPathComponent("vigil-audit.log"), encoding: .utf8)
        #expect(audit.contains("\"decision\":\"accepted-unknown-pusher\""))
        #expect(audit.contains("\"pusherKnown\":false"))
    }

    @Test func anAuditLogThatCannotBeWrittenRejectsAPushToAProtectedRef() throws {
        let server = try Hook.makeServer()
        try FileManager.default.createDirectory(at: server.bare.appendingPathComponent("vigil-audit.log"), withIntermediateDirectories: true)
        try server.commit(Hook.aiChange, ["trainer/ppo.py": "kl_coef = 0.0\n"])
        let feature = try server.push(["HEAD:refs/heads/feature"], env: ["GITEA_PUSHER_NAME": "jane"])
        #expect(feature.status == 0, "an unprotected ref: the failure is reported, not fatal: \(feature.stderr)")
        #expect(feature.stderr.contains("cannot open the audit log"))
        let main = try server.push(["HEAD:refs/heads/main"], env: ["GITEA_PUSHER_NAME": "alice"], options: ["vigil.override=hotfix"])
        #expect(main.status != 0, "an override that cannot be logged is not granted")
        #expect(main.stderr.contains("push rejected: cannot open the audit log"))
    }

    @Test(arguments: ["reject", "accept"])
    func aTimeoutDoesWhatThePolicySaysAndIsLogged(onTimeout: String) throws {
        let server = try Hook.makeServer(policy: Hook.policy.replacingOccurrences(of: "on_timeout: reject", with: "on_timeout: \(onTimeout)"))
        try server.commit("Update README", ["README.md": "demo\nmore\n"])
        try server.work.git(["push", "-q", server.bare.path, "HEAD:refs/heads/staging-area"], environment: {
            var env = Git.isolatedEnvironment
            env["GIT_DIR"] = nil
            return env
        }())
        let old = try Self.head(server)
        let new = try server.work.revParse("HEAD")
        // Enough work (a thousand ref updates) that the gate cannot finish within the deadline.
        let input = "\(old) \(new) refs/heads/main\n" + (1...1000).map { "\(String(repeating: "0", count: 40)) \(new) refs/heads/b\($0)\n" }.joined()
        let result = try Self.runHook(server, input: input, arguments: ["--user", "jane", "--timeout", "0.000001"])
        #expect(result.status == (onTimeout == "accept" ? 0 : 1), "\(result.stderr)")
        #expect(result.stderr.contains("timed out after"))
        let audit = try String(contentsOf: server.bare.appendingPathComponent("vigil-audit.log"), encoding: .utf8)
        #expect(audit.contains("\"decision\":\"timeout-\(onTimeout)ed\""))
    }
}
