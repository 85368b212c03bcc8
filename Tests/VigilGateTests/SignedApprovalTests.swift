import Foundation
import Testing
import VigilTestSupport

/// Signed approvals end to end: keys made with ssh-keygen, `vigil approve` in the work repository,
/// the approvals note pushed with the branch, verified by the hook against the server's
/// allowed-signers file. Jane (an agent's co-author) writes, Bob pushes, Alice reviews.
@Suite struct SignedApprovalTests {
    typealias Hook = PreReceiveHookTests

    static let policy = """
    version: 1
    protected_refs: ['refs/heads/main']
    rules:
      - name: signed-approval-for-ai-changes
        action: reject
        class: [ai, assisted]
        min_severity: high
        approvals: {require: signed}
    override:
      users: []
    timeout:
      seconds: 30
    """

    struct Setup {
        let server: Hook.Server
        /// Holds the keys and the allowed-signers file (outside the repository) for the test's life.
        let keysDirectory: TemporaryDirectory
        let keys: [String: SSHKeyPair]
        let allowedSigners: URL

        /// `vigil approve` in the work repository with `key`, as `reviewer`.
        @discardableResult
        func approve(_ revision: String = "HEAD", key: String, as reviewer: String, note: String = "checked the KL schedule") throws -> ProcessRunner.Result {
            let result = try VigilCLI.run(["approve", "-C", server.work.path, revision, "--key", keys[key]!.privateKey.path,
                                           "--reviewer", reviewer, "--note", note], rules: server.rules)
            guard result.status == 0 else { throw FixtureError("vigil approve failed: \(result.stderr)") }
            return result
        }

        func pushWithApprovals(pusher: String = "bob") throws -> ProcessRunner.Result {
            try server.push(["HEAD:refs/heads/main", "+refs/notes/vigil/approvals:refs/notes/vigil/approvals"],
                            env: ["GITEA_PUSHER_NAME": pusher])
        }
    }

    static func setUp() throws -> Setup {
        let keysDirectory = try TemporaryDirectory(prefix: "vigil-keys")
        var keys: [String: SSHKeyPair] = [:]
        for (name, type) in [("alice", "ed25519"), ("erin", "ecdsa"), ("rita", "rsa"), ("jane", "ed25519"), ("bob", "ed25519"),
                             ("claude", "ed25519"), ("carol", "ed25519"), ("dave", "ed25519")] {
            keys[name] = try SSHKeyPair.generate(name, type: type, in: keysDirectory.url)
        }
        let signers = """
        # reviewers: approval keys only
        alice@example.com namespaces="vigil-approval" \(keys["alice"]!.publicKey)
        erin@example.com namespaces="vigil-approval" \(keys["erin"]!.publicKey)
        rita@example.com namespaces="vigil-approval" \(keys["rita"]!.publicKey)
        jane@example.com \(keys["jane"]!.publicKey)
        bob@example.com \(keys["bob"]!.publicKey)
        noreply@anthropic.com \(keys["claude"]!.publicKey)
        carol@example.com valid-before="20200101Z" \(keys["carol"]!.publicKey)
        """
        let file = keysDirectory.url.appendingPathComponent("allowed_signers")
        try signers.write(to: file, atomically: true, encoding: .utf8)
        let server = try Hook.makeServer(policy: policy, install: ["--allowed-signers", file.path, "--force"])
        try server.commit(Hook.aiChange, ["trainer/ppo.py": "kl_coef = 0.0\n"])
        return Setup(server: server, keysDirectory: keysDirectory, keys: keys, allowedSigners: file)
    }

    @Test(arguments: [("alice", "Alice Liddell <alice@example.com>"), ("erin", "Erin Ng <erin@example.com>"),
                      ("rita", "Rita Moreno <rita@example.com>")])
    func anApprovalSignedByAnIndependentReviewerIsAccepted(key: String, reviewer: String) throws {
        let setup = try Self.setUp()
        let approved = try setup.approve(key: key, as: reviewer)
        #expect(approved.stdout.contains("approved "))
        #expect(approved.stdout.contains("git push <remote> <branch> refs/notes/vigil/approvals"))
        let result = try setup.pushWithApprovals()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("REJECTED"))
    }

    @Test func withoutASignedApprovalTheMessageSaysToRunVigilApproveNeverToTypeATrailer() throws {
        let setup = try Self.setUp()
        try setup.server.work.git(["commit", "-q", "--amend", "-m", Hook.aiChange + "Reviewed-by: Alice Liddell <alice@example.com>\n"])
        let result = try setup.server.push(["HEAD:refs/heads/main"], env: ["GITEA_PUSHER_NAME": "bob"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("missing: a signed approval (vigil approve) of this exact change"))
        #expect(result.stderr.contains("'vigil approve <commit>...'"))
        #expect(!result.stderr.contains("add 'Reviewed-by"))
    }

    @Test(arguments: [
        ("dave", "Alice Liddell <alice@example.com>", "is not in the allowed-signers file"),
        ("dave", "Dave Jones <dave@example.com>", "is not in the allowed-signers file"),
        ("alice", "Carol King <carol@example.com>", "belongs to alice@example.com, not carol@example.com"),
        ("jane", "Jane Doe <jane@example.com>", "signed with the author's key"),
        ("bob", "Bob Smith <bob@example.com>", "signed with the pusher's key"),
        ("claude", "Claude <noreply@anthropic.com>", "the key belongs to an agent (claude-code), which never approves"),
        ("carol", "Carol King <carol@example.com>", "has expired"),
    ])
    func anApprovalIsRefused(key: String, reviewer: String, because reason: String) throws {
        let setup = try Self.setUp()
        try setup.approve(key: key, as: reviewer)
        let result = try setup.pushWithApprovals()
        #expect(result.status != 0)
        #expect(result.stderr.contains("REJECTED refs/heads/main"))
        #expect(result.stderr.contains(reason), "\(result.stderr)")
    }

    @Test func anApprovalOfADifferentDiffIsRefused() throws {
        let setup = try Self.setUp()
        try setup.approve(key: "alice", as: "Alice Liddell <alice@example.com>")
        let approved = try setup.server.work.revParse("HEAD")
        // The change is altered after the review; the approval is carried over by hand.
        try "kl_coef = 0.01\n".write(to: setup.server.work.directory.appendingPathComponent("trainer/ppo.py"), atomically: true, encoding: .utf8)
        try setup.server.work.git(["commit", "-q", "-a", "--amend", "--no-edit"])
        try setup.server.work.git(["notes", "--ref", "vigil/approvals", "copy", approved, "HEAD"])
        let result = try setup.pushWithApprovals()
        #expect(result.status != 0)
        #expect(result.stderr.contains("is for another change (patch-id"))
    }

    @Test func aRebaseThatKeepsTheDiffKeepsTheApproval() throws {
        let setup = try Self.setUp()
        try setup.approve(key: "alice", as: "Alice Liddell <alice@example.com>")
        let approved = try setup.server.work.revParse("HEAD")
        // Someone else lands a change first; the approved commit is rebased over it.
        try setup.server.work.git(["checkout", "-q", "-b", "other", "HEAD~1"])
        try setup.server.commit("Update README", ["README.md": "demo\nmore\n"])
        #expect(try setup.server.push(["HEAD:refs/heads/main"], env: ["GITEA_PUSHER_NAME": "bob"]).status == 0)
        try setup.server.work.git(["checkout", "-q", "main"])
        try setup.server.work.git(["config", "notes.rewriteRef", "refs/notes/vigil/approvals"])
        try setup.server.work.git(["rebase", "-q", "other"])
        #expect(try setup.server.work.revParse("HEAD") != approved)
        let result = try setup.pushWithApprovals()
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func aTamperedNoteIsRefused() throws {
        let setup = try Self.setUp()
        try setup.approve(key: "alice", as: "Alice Liddell <alice@example.com>")
        let note = try setup.server.work.git(["notes", "--ref", "vigil/approvals", "show", "HEAD"])
        #expect(note.contains("note checked the KL schedule"))
        let tampered = note.replacingOccurrences(of: "note checked the KL schedule", with: "note LGTM, ship it")
        try setup.server.work.git(["notes", "--ref", "vigil/approvals", "add", "-f", "-m", tampered, "HEAD"])
        let result = try setup.pushWithApprovals()
        #expect(result.status != 0)
        #expect(result.stderr.contains("bad SSH signature"))
    }

    @Test func anApprovalPushedBeforeTheBranchCountsToo() throws {
        let setup = try Self.setUp()
        try setup.approve(key: "alice", as: "Alice Liddell <alice@example.com>")
        #expect(try setup.server.push(["refs/notes/vigil/approvals:refs/notes/vigil/approvals"], env: ["GITEA_PUSHER_NAME": "bob"]).status == 0)
        let result = try setup.server.push(["HEAD:refs/heads/main"], env: ["GITEA_PUSHER_NAME": "bob"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func vigilCheckVerifiesTheSameApprovalsInCI() throws {
        let setup = try Self.setUp()
        let base = try setup.server.work.revParse("HEAD~1")
        let run = { try VigilCLI.run(["check", setup.server.work.path, "\(base)..HEAD", "--user", "bob",
                                      "--allowed-signers", setup.allowedSigners.path], rules: setup.server.rules) }
        let before = try run()
        #expect(before.status == 1)
        try setup.approve(key: "alice", as: "Alice Liddell <alice@example.com>")
        let after = try run()
        #expect(after.status == 0, "\(after.stderr)")
    }

    /// Signs HEAD again with `key` as its commit signature (git's own SSH signing).
    static func resign(_ setup: Setup, key: String, message: String) throws {
        let work = setup.server.work
        try work.git(["config", "gpg.format", "ssh"])
        try work.git(["config", "user.signingkey", setup.keys[key]!.privateKey.path])
        try work.git(["commit", "-q", "--amend", "-S", "-m", message])
    }

    @Test func aCommitSignedByAKnownAgentKeyIsTheAgentsWithoutAnyTrailer() throws {
        let setup = try Self.setUp()
        // No co-author trailer: the message alone says a human wrote it.
        try Self.resign(setup, key: "claude", message: "Refactor defaults\n")
        let result = try setup.server.push(["HEAD:refs/heads/main"], env: ["GITEA_PUSHER_NAME": "bob"])
        #expect(result.status != 0, "the agent's signature names the agent: \(result.stderr)")
        #expect(result.stderr.contains("(ai: claude-code, risk "))
        let scan = try VigilCLI.run(["show", "-C", setup.server.work.path, "HEAD", "--allowed-signers", setup.allowedSigners.path], rules: setup.server.rules)
        #expect(scan.stdout.contains("Signature: good by noreply@anthropic.com (SHA256:"), "\(scan.stdout)")
    }

    @Test func policyCanDemandThatAgentCommitsAreSignedByAKnownAgentKey() throws {
        let policy = Self.policy.replacingOccurrences(of: "approvals: {require: signed}", with: "approvals: {require: signed}\n    require_agent_signature: true")
        let keys = try Self.setUp()
        let server = try Hook.makeServer(policy: policy, install: ["--allowed-signers", keys.allowedSigners.path])
        try server.commit(Hook.aiChange, ["trainer/ppo.py": "kl_coef = 0.0\n"])
        let setup = Setup(server: server, keysDirectory: keys.keysDirectory, keys: keys.keys, allowedSigners: keys.allowedSigners)
        try setup.approve(key: "alice", as: "Alice Liddell <alice@example.com>")
        let unsigned = try setup.pushWithApprovals()
        #expect(unsigned.status != 0)
        #expect(unsigned.stderr.contains("missing: a good commit signature by a known agent key"))
        #expect(unsigned.stderr.contains("not counted: commit signature: none"))
        try Self.resign(setup, key: "claude", message: Hook.aiChange)
        try setup.approve(key: "alice", as: "Alice Liddell <alice@example.com>")
        let signed = try setup.pushWithApprovals()
        #expect(signed.status == 0, "\(signed.stderr)")
    }

    @Test func installRefusesAnAllowedSignersFileAPushCouldChange() throws {
        let setup = try Self.setUp()
        let inside = setup.server.bare.appendingPathComponent("allowed_signers")
        try FileManager.default.copyItem(at: setup.allowedSigners, to: inside)
        let result = try VigilCLI.run(["hook", "install", "--repo", setup.server.bare.path, "--allowed-signers", inside.path, "--force"],
                                      rules: setup.server.rules)
        #expect(result.status == 2)
        #expect(result.stderr.contains("keep the allowed-signers file outside the repository"))
        let missing = try VigilCLI.run(["hook", "install", "--repo", setup.server.bare.path, "--allowed-signers", "/nonexistent/signers", "--force"],
                                       rules: setup.server.rules)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/signers: cannot read the allowed-signers file"))
    }
}
