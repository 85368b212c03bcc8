import Foundation
import Testing
import VigilTestSupport

/// A repository config cannot switch the gate off: the pre-receive hook reads configuration only
/// from the server side, and a change to `.vigil.yml` is itself a finding the policy judges.
@Suite struct ConfigHookTests {
    static let disableKL = "version: 1\ndisable: [kl-coefficient]\n"

    /// A server with a work tree that pushes update (receive.denyCurrentBranch=updateInstead):
    /// whatever a push wrote is then in the server's own work tree, where a naive hook would find it.
    static func makeNonBareServer(config: String? = nil) throws -> (PreReceiveHookTests.Server, URL) {
        let bare = try PreReceiveHookTests.makeServer()
        let server = bare.temp.url.appendingPathComponent("srv-work")
        try Git.run(["init", "-q", "-b", "main", server.path])
        try Git.run(["-C", server.path, "config", "receive.denyCurrentBranch", "updateInstead"])
        var args = ["hook", "install", "--repo", server.path, "--rules", bare.rules.path]
        if let config { args += ["--config", config] }
        let install = try ProcessRunner.run(executable: PackagePaths.vigilExecutable.path, arguments: args, environment: Git.isolatedEnvironment)
        guard install.status == 0 else { throw FixtureError("install failed: \(install.stderr)") }
        let first = try ProcessRunner.run(executable: "/usr/bin/git", arguments: ["push", "--porcelain", server.path, "HEAD:refs/heads/main"],
                                          in: bare.work.directory, environment: Git.isolatedEnvironment)
        guard first.status == 0 else { throw FixtureError("first push failed: \(first.stderr)") }
        return (bare, server)
    }

    static func push(_ work: HistoryBuilder, to server: URL) throws -> ProcessRunner.Result {
        try ProcessRunner.run(executable: "/usr/bin/git", arguments: ["push", "--porcelain", server.path, "HEAD:refs/heads/main"],
                              in: work.directory, environment: Git.isolatedEnvironment)
    }

    @Test func aPushedConfigThatDisablesTheRejectingRuleDoesNotLetThePushThrough() throws {
        let (setup, server) = try Self.makeNonBareServer()
        // A human pushes a .vigil.yml that disables the rule; it lands in the server's work tree.
        try setup.commit("Quieter rules", [".vigil.yml": Self.disableKL])
        let landed = try Self.push(setup.work, to: server)
        #expect(landed.status == 0, "\(landed.stderr)")
        #expect(FileManager.default.fileExists(atPath: server.appendingPathComponent(".vigil.yml").path), "the config is in the server's work tree")
        // The AI change the disabled rule would reject is still rejected.
        try setup.commit(PreReceiveHookTests.aiChange, ["trainer/ppo.py": "kl_coef = 0.0\n"])
        let result = try Self.push(setup.work, to: server)
        #expect(result.status != 0)
        #expect(result.stderr.contains("vigil: REJECTED refs/heads/main"))
        #expect(result.stderr.contains("high reward rule kl-coefficient at trainer/ppo.py"), "\(result.stderr)")
    }

    @Test func anAIPushThatChangesTheConfigIsRejectedForThatChangeToo() throws {
        let server = try PreReceiveHookTests.makeServer()
        try server.commit(PreReceiveHookTests.aiChange, [".vigil.yml": Self.disableKL, "trainer/ppo.py": "kl_coef = 0.0\n"])
        let result = try server.push(["HEAD:refs/heads/main"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("high reward rule kl-coefficient at trainer/ppo.py"), "\(result.stderr)")
        #expect(result.stderr.contains("critical oversight rule vigil-rules-changed at .vigil.yml"), "\(result.stderr)")

        // vigil check in the clone reads the work tree's .vigil.yml (the disable applies there),
        // and the change to the config is still a critical finding that the policy rejects.
        let base = try server.work.revParse("HEAD~1")
        let check = try VigilCLI.run(["check", server.work.path, "\(base)..HEAD"], rules: server.rules)
        #expect(check.status == 1, "\(check.stderr)")
        #expect(check.stderr.contains("vigil-rules-changed at .vigil.yml"))
        #expect(!check.stderr.contains("kl-coefficient at"), "the work tree's config is read by check")
    }

    @Test func theServersOwnConfigIsReadAndMustLiveOutsideTheWorkTree() throws {
        let outside = try TemporaryDirectory()
        let config = outside.url.appendingPathComponent("app.vigil.yml")
        try Self.disableKL.write(to: config, atomically: true, encoding: .utf8)
        let (setup, server) = try Self.makeNonBareServer(config: config.path)
        let hook = try String(contentsOf: server.appendingPathComponent(".git/hooks/pre-receive"), encoding: .utf8)
        #expect(hook.contains("--config '\(config.standardizedFileURL.resolvingSymlinksInPath().path)'"))
        try setup.commit(PreReceiveHookTests.aiChange, ["trainer/ppo.py": "kl_coef = 0.0\n"])
        let result = try Self.push(setup.work, to: server)
        #expect(result.status == 0, "the server's config disables the rule: \(result.stderr)")

        let inside = server.appendingPathComponent("vigil.yml")
        try Self.disableKL.write(to: inside, atomically: true, encoding: .utf8)
        let refused = try ProcessRunner.run(executable: PackagePaths.vigilExecutable.path,
                                            arguments: ["hook", "install", "--repo", server.path, "--config", inside.path, "--force"],
                                            environment: Git.isolatedEnvironment)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("keep the hook's config outside the work tree"))
    }
}
