import Foundation
import Testing
import VigilTestSupport
import Yams

/// The integrations shipped in the repository, run as their hosts run them: the pre-commit
/// manifest's hooks inside real `git commit`s, the client pre-push hook inside a real `git push`,
/// and the GitHub Action's scripts with the environment a runner gives them.
@Suite struct IntegrationCLITests {
    static let evalPath = "evals/safety_suite.py"
    static let agentTrailer = "Co-Authored-By: Claude <noreply@anthropic.com>"

    /// A work tree with an eval threshold committed by a human.
    static func repository(in directory: TemporaryDirectory) throws -> HistoryBuilder {
        let repo = try HistoryBuilder(in: directory.url)
        try repo.commit("Add the safety eval", files: [evalPath: "MIN_REFUSAL_RATE = 0.98\n"])
        return repo
    }

    static func write(_ text: String, to path: String, in repo: HistoryBuilder) throws {
        let url = repo.directory.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    static func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// The environment git and its hooks run in: isolated from this machine, vigil's rules.
    static var hookEnvironment: [String: String] {
        var env = Git.isolatedEnvironment
        env["VIGIL_RULES"] = PackagePaths.rules.path
        return env
    }

    static func gitCommit(_ arguments: [String], in repo: HistoryBuilder) throws -> ProcessRunner.Result {
        try ProcessRunner.run(executable: "/usr/bin/git", arguments: ["commit"] + arguments, in: repo.directory, environment: hookEnvironment)
    }

    // MARK: pre-commit

    /// Installs each hook of `.pre-commit-hooks.yaml` as the pre-commit framework runs a
    /// `language: system` hook: the entry's words, then the file names when it passes them
    /// (at the commit-msg stage, the message file).
    static func installManifestHooks(in repo: HistoryBuilder) throws -> [[String: Any]] {
        let text = try String(contentsOf: PackagePaths.root.appendingPathComponent(".pre-commit-hooks.yaml"), encoding: .utf8)
        let hooks = try #require(try Yams.load(yaml: text) as? [[String: Any]])
        for hook in hooks {
            let entry = try #require(hook["entry"] as? String).split(separator: " ").map(String.init)
            #expect(entry.first == "vigil")
            #expect(hook["language"] as? String == "system")
            let stages = try #require(hook["stages"] as? [String])
            #expect(stages.count == 1)
            let passesFiles = hook["pass_filenames"] as? Bool ?? true
            let command = ([PackagePaths.vigilExecutable.path] + entry.dropFirst()).map(shellQuote).joined(separator: " ")
            let script = "#!/bin/sh\nexec \(command)\(passesFiles ? " \"$@\"" : "")\n"
            let url = repo.directory.appendingPathComponent(".git/hooks/\(stages[0])")
            try script.write(to: url, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        }
        return hooks
    }

    @Test func preCommitManifestHooksStopAnAgentsCommitToAnEvalThreshold() throws {
        let directory = try TemporaryDirectory()
        let repo = try Self.repository(in: directory)
        let hooks = try Self.installManifestHooks(in: repo)
        #expect(Set(hooks.compactMap { $0["id"] as? String }) == ["vigil", "vigil-commit-msg"])
        let head = try repo.revParse("HEAD")

        // The agent's trailer is in the message: the commit-msg stage sees it and stops the commit.
        try Self.write("MIN_REFUSAL_RATE = 0.8\n", to: Self.evalPath, in: repo)
        try repo.git(["add", Self.evalPath])
        let agent = try Self.gitCommit(["-m", "Fix flaky eval\n\n\(Self.agentTrailer)"], in: repo)
        #expect(agent.status != 0)
        #expect(agent.stderr.contains("vigil: REJECTED refs/heads/main (staged changes) \"Fix flaky eval\" (assisted: claude-code, risk "), "\(agent.stderr)")
        #expect(agent.stderr.contains("eval-threshold-lowered at evals/safety_suite.py -1 +1"))
        #expect(agent.stderr.contains("once committed, this commit needs a reviewer"))
        #expect(try repo.revParse("HEAD") == head)

        // `git commit -a` judges git's temporary index: the unstaged change is seen too.
        try repo.git(["reset", "-q"])
        let all = try Self.gitCommit(["-a", "-m", "Fix flaky eval\n\n\(Self.agentTrailer)"], in: repo)
        #expect(all.status != 0, "\(all.stderr)")
        #expect(try repo.revParse("HEAD") == head)

        // A human's own commit passes both stages.
        try repo.git(["add", Self.evalPath])
        let human = try Self.gitCommit(["-m", "Lower the refusal bar after review"], in: repo)
        #expect(human.status == 0, "\(human.stderr)")
        #expect(try repo.revParse("HEAD") != head)
    }

    @Test func stagedCheckReportsWithoutBlockingWhenAskedAndRefusesRevisions() throws {
        let directory = try TemporaryDirectory()
        let repo = try Self.repository(in: directory)
        try Self.write("MIN_REFUSAL_RATE = 0.8\n", to: Self.evalPath, in: repo)
        try repo.git(["add", Self.evalPath])
        let message = directory.url.appendingPathComponent("COMMIT_EDITMSG")
        try "Fix flaky eval\n# Please enter the commit message for your changes.\n\n\(Self.agentTrailer)\n".write(to: message, atomically: true, encoding: .utf8)
        let blocked = try VigilCLI.run(["check", "--staged", "--message-file", message.path, "--format", "json"], in: repo.directory)
        #expect(blocked.status == 1, "\(blocked.stderr)")
        let verdict = try #require(try JSONSerialization.jsonObject(with: Data(blocked.stdout.utf8)) as? [String: Any])
        #expect(verdict["decision"] as? String == "reject")
        let violations = try #require(verdict["violations"] as? [[String: Any]])
        #expect(violations.first?["label"] as? String == "(staged changes)")
        #expect(violations.first?["subject"] as? String == "Fix flaky eval")
        let warned = try VigilCLI.run(["check", "--staged", "--message-file", message.path, "--warn-only"], in: repo.directory)
        #expect(warned.status == 0)
        #expect(warned.stdout.contains("checked the staged changes: 1 rejection(s)"))
        // Without the message (the pre-commit stage) the human author is all vigil knows.
        let early = try VigilCLI.run(["check", "--staged"], in: repo.directory)
        #expect(early.status == 0, "\(early.stderr)")
        let withRevision = try VigilCLI.run(["check", "--staged", "HEAD"], in: repo.directory)
        #expect(withRevision.status == 2)
        #expect(withRevision.stderr.hasPrefix("vigil: "))
        let messageAlone = try VigilCLI.run(["check", "--message-file", message.path], in: repo.directory)
        #expect(messageAlone.status == 2)
        // Nothing was committed or written.
        #expect(try repo.git(["status", "--porcelain"]).contains("M  evals/safety_suite.py"))
    }

    // MARK: pre-push

    @Test func prePushHookStopsAPushTheServerWouldRejectAndJudgesProtectedRefsFully() throws {
        let directory = try TemporaryDirectory()
        let remote = try HistoryBuilder(in: directory.url, name: "remote.git", bare: true)
        let repo = try Self.repository(in: directory)
        try repo.git(["remote", "add", "origin", remote.path])
        try repo.git(["push", "-q", "origin", "main"])
        let install = try VigilCLI.run(["hook", "install", "--pre-push", "--repo", repo.path])
        #expect(install.status == 0, "\(install.stderr)")
        let hook = try String(contentsOfFile: repo.directory.appendingPathComponent(".git/hooks/pre-push").path, encoding: .utf8)
        #expect(hook.contains("hook pre-push \"$@\""))
        try repo.commit("Fix flaky eval\n\n\(Self.agentTrailer)\n", files: [Self.evalPath: "MIN_REFUSAL_RATE = 0.8\n"])
        let remoteMain = try remote.revParse("main")

        func push(_ refspec: String) throws -> ProcessRunner.Result {
            try ProcessRunner.run(executable: "/usr/bin/git", arguments: ["push", "origin", refspec], in: repo.directory,
                                  environment: Self.hookEnvironment)
        }
        let toMain = try push("HEAD:main")
        #expect(toMain.status != 0)
        #expect(toMain.stderr.contains("vigil: REJECTED refs/heads/main"), "\(toMain.stderr)")
        #expect(try remote.revParse("main") == remoteMain)
        // An unprotected branch only warns, and the push goes through.
        let toFeature = try push("HEAD:feature")
        #expect(toFeature.status == 0, "\(toFeature.stderr)")
        #expect(toFeature.stderr.contains("vigil: WARNING refs/heads/feature"))
        // The remote now has the commit on a feature branch: main still judges it.
        try repo.git(["fetch", "-q", "origin"])
        let again = try push("HEAD:main")
        #expect(again.status != 0, "\(again.stderr)")
        #expect(try remote.revParse("main") == remoteMain)
    }

    @Test func hooksGoWhereGitRunsThemFrom() throws {
        let directory = try TemporaryDirectory()
        let repo = try Self.repository(in: directory)
        try repo.git(["config", "core.hooksPath", "githooks"])
        let install = try VigilCLI.run(["hook", "install", "--pre-push", "--repo", repo.path])
        #expect(install.status == 0, "\(install.stderr)")
        #expect(FileManager.default.isExecutableFile(atPath: repo.directory.appendingPathComponent("githooks/pre-push").path))
        let again = try VigilCLI.run(["hook", "install", "--pre-push", "--repo", repo.path])
        #expect(again.status == 2)
        #expect(again.stderr.contains("exists (use --force"))
    }

    // MARK: GitHub Action

    @Test func actionJudgesAPullRequestWritesASummaryAndSARIF() throws {
        let directory = try TemporaryDirectory()
        let repo = try Self.repository(in: directory)
        let base = try repo.revParse("HEAD")
        let head = try repo.commit("<script>alert(1)</script> [x](javascript:alert(1)) | fix\n\n\(Self.agentTrailer)\n",
                                   files: [Self.evalPath: "MIN_REFUSAL_RATE = 0.8\n"])

        // The action's own file: each step's script exists, and no script splices event text.
        let action = try #require(try Yams.load(yaml: String(contentsOf: PackagePaths.root.appendingPathComponent("action.yml"), encoding: .utf8)) as? [String: Any])
        let runs = try #require(action["runs"] as? [String: Any])
        #expect(runs["using"] as? String == "composite")
        let declared = Set(try #require(action["inputs"] as? [String: Any]).keys)
        for step in try #require(runs["steps"] as? [[String: Any]]) {
            if let run = step["run"] as? String {
                #expect(!run.contains("${{"), "a run script splices an expression: \(run)")
                if let script = run.split(separator: "/").last.map({ String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) }),
                   script.hasSuffix(".sh") {
                    #expect(FileManager.default.isExecutableFile(atPath: PackagePaths.root.appendingPathComponent("scripts/action/\(script)").path))
                }
            }
            let values = Array((step["env"] as? [String: String] ?? [:]).values) + Array((step["with"] as? [String: String] ?? [:]).values)
                + [step["if"] as? String ?? ""]
            for value in values {
                for match in value.matches(of: /inputs\.([a-z-]+)/) {
                    let name = String(match.output.1)
                    #expect(declared.contains(name), "action.yml uses an undeclared input: \(name)")
                }
            }
        }

        let output = directory.url.appendingPathComponent("github_output")
        let summary = directory.url.appendingPathComponent("step_summary")
        let temp = directory.url.appendingPathComponent("runner_temp")
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
        for file in [output, summary] { try "".write(to: file, atomically: true, encoding: .utf8) }
        var env = Self.hookEnvironment
        env["GITHUB_OUTPUT"] = output.path
        env["GITHUB_STEP_SUMMARY"] = summary.path
        env["RUNNER_TEMP"] = temp.path
        env["GITHUB_ACTOR"] = "octocat"
        env["INPUT_VIGIL"] = PackagePaths.vigilExecutable.path
        let setup = try ProcessRunner.run(executable: PackagePaths.root.appendingPathComponent("scripts/action/setup.sh").path, arguments: [],
                                          in: repo.directory, environment: env)
        #expect(setup.status == 0, "\(setup.stderr)")
        let path = try String(contentsOf: output, encoding: .utf8).split(separator: "\n").first { $0.hasPrefix("path=") }
        env["VIGIL_BIN"] = String(try #require(path).dropFirst(5))
        env["PR_BASE_SHA"] = base
        env["PR_HEAD_SHA"] = head
        env["PR_BASE_REF"] = "main"
        env["INPUT_SARIF"] = "true"
        let check = try ProcessRunner.run(executable: PackagePaths.root.appendingPathComponent("scripts/action/check.sh").path, arguments: [],
                                          in: repo.directory, environment: env)
        #expect(check.status == 0, "\(check.stderr)")
        let outputs = try String(contentsOf: output, encoding: .utf8)
        #expect(outputs.contains("decision=reject"))
        let markdown = try String(contentsOf: summary, encoding: .utf8)
        #expect(markdown.contains("## vigil: the policy rejects this change"))
        #expect(markdown.contains("human-approval-for-ai-changes"))
        #expect(!markdown.contains("<script>"))
        #expect(!markdown.contains("](javascript"))
        #expect(!markdown.contains(" | fix"), "a subject's pipe would split the table")
        let sarifLine = try #require(outputs.split(separator: "\n").first { $0.hasPrefix("sarif-file=") })
        let sarif = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: String(sarifLine.dropFirst(11))))) as? [String: Any])
        #expect(sarif["version"] as? String == "2.1.0")
        let results = try #require((sarif["runs"] as? [[String: Any]])?.first?["results"] as? [Any])
        #expect(!results.isEmpty)

        // A push to a branch judges before..after; an unknown range is a one-line error.
        env["PR_BASE_SHA"] = nil
        env["PR_HEAD_SHA"] = nil
        env["PR_BASE_REF"] = nil
        env["INPUT_SARIF"] = "false"
        env["GITHUB_REF"] = "refs/heads/feature"
        env["PUSH_BEFORE"] = base
        env["PUSH_AFTER"] = head
        try "".write(to: output, atomically: true, encoding: .utf8)
        let pushed = try ProcessRunner.run(executable: PackagePaths.root.appendingPathComponent("scripts/action/check.sh").path, arguments: [],
                                           in: repo.directory, environment: env)
        #expect(pushed.status == 0, "\(pushed.stderr)")
        #expect(try String(contentsOf: output, encoding: .utf8).contains("decision=warn"))
        env["PUSH_BEFORE"] = nil
        env["PUSH_AFTER"] = nil
        let nothing = try ProcessRunner.run(executable: PackagePaths.root.appendingPathComponent("scripts/action/check.sh").path, arguments: [],
                                            in: repo.directory, environment: env)
        #expect(nothing.status == 2)
        #expect(nothing.stdout.contains("::error title=vigil::no range to judge"))
    }
}
