import ArgumentParser
import Foundation
import VigilGate
import VigilGit
import VigilModel
import VigilStore
import VigilRules

struct HookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "git hooks: the human approval gate for AI-made changes to sensitive code.",
        subcommands: [PreReceive.self, PrePush.self, Install.self])

    struct PreReceive: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pre-receive",
            abstract: "Check a push against the policy (run by git as the pre-receive hook).",
        usage: "vigil hook pre-receive [<options>]",
            discussion: """
            Reads every '<old-oid> <new-oid> <ref>' line git gives the hook, finds exactly the commits \
            the push introduces (reachable from the new tips and from no existing ref; they sit in the \
            push's quarantine), and applies provenance, review, the risk rules and rules/policy.yml to \
            them, however many there are. Exit 0 accepts the push, 1 rejects it; a malformed policy or \
            input rejects it too (fails closed). Messages go to the pusher, prefixed GL-HOOK-ERR: on GitLab.

            Examples:
              vigil hook pre-receive        (as hooks/pre-receive: vigil hook install)
              printf '%s %s refs/heads/main\\n' OLD NEW |
                  vigil hook pre-receive --user alice
            """)

        @OptionGroup var source: SourceOptions
        @OptionGroup var policyOptions: PolicyOptions

        @Option(name: .long, help: ArgumentHelp("The pushing user, when the server's environment does not name one.", valueName: "name"))
        var user: String?

        @Option(name: .long, help: ArgumentHelp("Seconds before the hook gives up (default: the policy's); it then accepts or rejects as the policy says.", valueName: "seconds"))
        var timeout: Double?

        @OptionGroup var signers: SignerOptions

        func run() throws {
            let env = ProcessInfo.processInfo.environment
            let prefix = env["GL_ID"] != nil || env["GL_USERNAME"] != nil ? "GL-HOOK-ERR: " : ""
            @Sendable func say(_ line: String) { FileHandle.standardError.write(Data("\(SafeText.terminal(line))\n".utf8)) }
            do {
                // Server-side configuration only: never a .vigil.yml the push could have written.
                let rules = try source.loadServerRules()
                let policy = try policyOptions.load(rules: rules)
                let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                let updates = try RefUpdate.parse(input)
                let pusher = Pusher.fromEnvironment(env, explicit: user)
                let repository = try Repository(discoveringFrom: source.repo)
                let auditPath = URL(fileURLWithPath: repository.gitDirectory).appendingPathComponent(policy.auditLog).path
                let touchesProtected = updates.contains { policy.isProtected($0.ref) }
                /// Records a decision; a record that cannot be written fails a push to a protected ref.
                func audit(_ decision: String, reason: String?, verdict: GateVerdict) throws {
                    do {
                        try AuditLog.append(path: auditPath, decision: decision, pusher: pusher, reason: reason, verdict: verdict, updates: updates)
                    } catch {
                        if touchesProtected { throw error }
                        say(prefix + "vigil: note: \(error)")
                    }
                }
                let (allowedSigners, revoked) = try signers.load(policy: policy)
                let seconds = timeout ?? policy.timeoutSeconds
                let gate = PushGate(policy: policy, rules: rules, pusher: pusher, repositoryPath: source.repo,
                                    allowedSigners: allowedSigners, revoked: revoked, useCache: true)
                let outcome = DeadlineRun.run(seconds: seconds) { try gate.check(updates: updates) }
                guard case .finished(let result) = outcome else {
                    let accept = policy.onTimeout == .accept
                    say(prefix + "vigil: timed out after \(seconds) s; the policy says to \(accept ? "accept (fail open)" : "reject (fail closed)") this push")
                    var status = accept ? ExitStatus.success : ExitStatus.gateFailed
                    do {
                        try audit(accept ? "timeout-accepted" : "timeout-rejected", reason: nil, verdict: GateVerdict())
                    } catch {
                        say(prefix + "vigil: push rejected: \(error)")
                        status = ExitStatus.gateFailed
                    }
                    // The gate's thread is still inside libgit2: end the process at once, running no
                    // exit handlers under it (this thread holds no lock and no open transaction).
                    DeadlineRun.endProcess(status)
                }
                var verdict = try result.get()
                let options = PushOptions.fromEnvironment(env)
                if let reason = PushOptions.value(of: policy.overrideOption, in: options), verdict.rejects,
                   !verdict.rejectingViolations.isEmpty, !verdict.failures.contains(where: \.isProtected) {
                    guard let pusher, policy.overrideUsers.contains(pusher.name) else {
                        for line in GateMessages.render(verdict, policy: policy, prefix: prefix) { say(line) }
                        say(prefix + "vigil: override refused: \(GateMessages.safe(pusher?.name ?? "an unnamed user")) may not override this policy")
                        try audit("override-refused", reason: reason, verdict: verdict)
                        throw ExitCode(ExitStatus.gateFailed)
                    }
                    guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                        say(prefix + "vigil: override refused: give a reason, -o \(policy.overrideOption)=\"why\"")
                        try audit("override-refused", reason: reason, verdict: verdict)
                        throw ExitCode(ExitStatus.gateFailed)
                    }
                    verdict.override = (pusher.name, reason)
                    try audit("override", reason: reason, verdict: verdict)
                    recordOverrideInIndex(repository: repository, pusher: pusher.name, reason: reason, verdict: verdict, updates: updates)
                } else if let decision = AuditLog.decision(for: verdict) {
                    try audit(decision, reason: nil, verdict: verdict)
                }
                for line in GateMessages.render(verdict, policy: policy, prefix: prefix) { say(line) }
                if verdict.rejects { throw ExitCode(ExitStatus.gateFailed) }
            } catch let exit as ExitCode {
                throw exit
            } catch {
                // Fail closed, in one line, without a stack trace.
                say(prefix + "vigil: push rejected: \(GateMessages.safe(ExitStatus.failure(for: error).message))")
                throw ExitCode(ExitStatus.gateFailed)
            }
        }

        /// Also keeps the override in the repository's index, when it has one (the audit log stays the record of truth).
        func recordOverrideInIndex(repository: Repository, pusher: String, reason: String, verdict: GateVerdict, updates: [RefUpdate]) {
            let path = IndexDatabase.defaultPath(for: repository)
            guard FileManager.default.fileExists(atPath: path) else { return }
            let record = OverrideRecord(at: Int64(Date().timeIntervalSince1970), pusher: pusher, reason: reason,
                                        refs: updates.map(\.ref),
                                        commits: Array(Set(verdict.violations.filter { $0.action == .reject }.map(\.commit.hex))).sorted())
            do {
                try IndexDatabase(path: path, create: false).recordOverride(record, repository: repository)
            } catch {
                FileHandle.standardError.write(Data("vigil: note: override not recorded in the index: \(error)\n".utf8))
            }
        }
    }

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install vigil as a repository's pre-receive hook (or a client's pre-push hook).",
            usage: "vigil hook install [--pre-push] [<options>]",
            discussion: """
            Writes hooks/pre-receive in the repository's git directory (core.hooksPath when set): a \
            two-line script that runs this vigil binary (with --rules, --policy, --allowed-signers \
            --revoked-keys and --config when given). An existing hook is kept unless --force. On a \
            server, the allowed-signers file and the config must live outside the repository's work \
            tree, where no push can change them: the pre-receive hook never reads a .vigil.yml.

            --pre-push installs the client's hook instead: 'git push' then runs the same policy on \
            what it is about to send and stops a push the server would reject (advice: \
            'git push --no-verify' skips it; the server's hook is the gate).

            Examples:
              vigil hook install --repo /srv/git/app.git
              vigil hook install --repo /srv/git/app.git \\
                  --allowed-signers /etc/vigil/allowed_signers
              vigil hook install --pre-push       (in a clone)
              vigil hook install --repo /srv/git/app.git \\
                  --config /srv/vigil/app.vigil.yml
            """)

        @OptionGroup var source: SourceOptions
        @OptionGroup var policyOptions: PolicyOptions

        @Flag(name: .long, help: "Install the client-side pre-push hook.")
        var prePush = false

        @Flag(name: .long, help: "Replace an existing hook.")
        var force = false

        @OptionGroup var signers: SignerOptions

        func run() throws {
            let repository = try Repository(discoveringFrom: source.repo)
            let name = prePush ? "pre-push" : "pre-receive"
            let hooks = Self.hooksDirectory(of: repository)
            try FileManager.default.createDirectory(at: hooks, withIntermediateDirectories: true)
            let hook = hooks.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: hook.path) && !force {
                throw CommandFailure(message: "\(hook.path) exists (use --force to replace it)", exitCode: ExitStatus.badInput)
            }
            let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
            var command = "exec \(shellQuote(executable)) hook \(name)"
            if let rules = source.rules { command += " --rules \(shellQuote(URL(fileURLWithPath: rules).standardizedFileURL.path))" }
            if let policy = policyOptions.policy { command += " --policy \(shellQuote(URL(fileURLWithPath: policy).standardizedFileURL.path))" }
            for (flag, file) in [("--allowed-signers", signers.allowedSigners), ("--revoked-keys", signers.revokedKeys)] {
                guard let file else { continue }
                let path = URL(fileURLWithPath: file).standardizedFileURL.resolvingSymlinksInPath().path
                let inside = [repository.gitDirectory, repository.workingDirectory].compactMap { $0 }.map {
                    URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path + "/"
                }
                if !prePush, inside.contains(where: { path.hasPrefix($0) }) {
                    throw CommandFailure(message: "\(file): keep the \(flag.dropFirst(2)) file outside the repository, where no push can change it",
                                         exitCode: ExitStatus.badInput)
                }
                command += " \(flag) \(shellQuote(path))"
            }
            if let config = source.repositoryConfig.config {
                let path = URL(fileURLWithPath: config).standardizedFileURL.resolvingSymlinksInPath().path
                // A server's config in the work tree is one a push can change.
                if !prePush, let workTree = repository.workingDirectory,
                   path.hasPrefix(URL(fileURLWithPath: workTree).standardizedFileURL.resolvingSymlinksInPath().path + "/") {
                    throw CommandFailure(message: "\(config): keep the hook's config outside the work tree, where no push can change it",
                                         exitCode: ExitStatus.badInput)
                }
                // Refuse a config the hook could not use, now rather than at the first push.
                _ = try RuleSet.locate(explicit: source.rules).extended(byConfigAt: path)
                command += " --config \(shellQuote(path))"
            }
            // git gives a pre-push hook the remote's name and URL.
            if prePush { command += " \"$@\"" }
            // Refuse a file the hook could not use, now rather than at the first push.
            let loaded = try signers.load(policy: nil)
            for problem in loaded.0?.problems ?? [] { FileHandle.standardError.write(Data("vigil: warning: \(problem)\n".utf8)) }
            let purpose = prePush ? "the approval policy, checked before git push sends anything" : "the human approval gate for AI-made changes"
            try "#!/bin/sh\n# Installed by vigil hook install: \(purpose).\n\(command)\n"
                .write(to: hook, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
            print("installed \(hook.path)")
        }

        /// Where git runs hooks from: core.hooksPath (relative to the work tree, or to the git
        /// directory of a bare repository), else `hooks` in the common git directory.
        static func hooksDirectory(of repository: Repository) -> URL {
            if let configured = repository.configValue("core.hooksPath"), !configured.isEmpty {
                let expanded = NSString(string: configured).expandingTildeInPath
                if expanded.hasPrefix("/") { return URL(fileURLWithPath: expanded) }
                return URL(fileURLWithPath: repository.workingDirectory ?? repository.gitDirectory).appendingPathComponent(expanded)
            }
            return URL(fileURLWithPath: repository.commonDirectory).appendingPathComponent("hooks")
        }

        func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
    }
}
