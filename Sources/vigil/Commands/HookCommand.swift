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
        abstract: "Server-side git hooks: the human approval gate for AI-made changes to sensitive code.",
        subcommands: [PreReceive.self, Install.self])

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
              vigil hook pre-receive                       (as .git/hooks/pre-receive; see 'vigil hook install')
              printf '%s %s refs/heads/main\\n' OLD NEW |
                  vigil hook pre-receive --user alice
            """)

        @OptionGroup var source: SourceOptions
        @OptionGroup var policyOptions: PolicyOptions

        @Option(name: .long, help: ArgumentHelp("The pushing user, when the server's environment does not name one.", valueName: "name"))
        var user: String?

        @Option(name: .long, help: ArgumentHelp("Seconds before the hook gives up (default: the policy's); it then accepts or rejects as the policy says.", valueName: "seconds"))
        var timeout: Double?

        func run() throws {
            let env = ProcessInfo.processInfo.environment
            let prefix = env["GL_ID"] != nil || env["GL_USERNAME"] != nil ? "GL-HOOK-ERR: " : ""
            @Sendable func say(_ line: String) { FileHandle.standardError.write(Data("\(SafeText.terminal(line))\n".utf8)) }
            do {
                let rules = try source.loadRules()
                let policy = try policyOptions.load(rules: rules)
                let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                let updates = try RefUpdate.parse(input)
                let pusher = Pusher.fromEnvironment(env, explicit: user)
                let repository = try Repository(discoveringFrom: source.repo)
                let auditPath = URL(fileURLWithPath: repository.gitDirectory).appendingPathComponent(policy.auditLog).path
                Watchdog.start(seconds: timeout ?? policy.timeoutSeconds) {
                    let accept = policy.onTimeout == .accept
                    say(prefix + "vigil: timed out after \(timeout ?? policy.timeoutSeconds) s; the policy says to \(accept ? "accept (fail open)" : "reject (fail closed)") this push")
                    AuditLog.append(path: auditPath, decision: accept ? "timeout-accepted" : "timeout-rejected", pusher: pusher,
                                    reason: nil, verdict: GateVerdict(), updates: updates)
                    Foundation.exit(accept ? ExitStatus.success : ExitStatus.gateFailed)
                }
                let gate = PushGate(policy: policy, rules: rules, pusher: pusher, repositoryPath: source.repo)
                var verdict = try gate.check(updates: updates)
                let options = PushOptions.fromEnvironment(env)
                if let reason = PushOptions.value(of: policy.overrideOption, in: options), verdict.rejects {
                    guard let pusher, policy.overrideUsers.contains(pusher.name) else {
                        for line in GateMessages.render(verdict, policy: policy, prefix: prefix) { say(line) }
                        say(prefix + "vigil: override refused: \(pusher?.name ?? "an unnamed user") may not override this policy")
                        AuditLog.append(path: auditPath, decision: "override-refused", pusher: pusher, reason: reason, verdict: verdict, updates: updates)
                        throw ExitCode(ExitStatus.gateFailed)
                    }
                    guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                        say(prefix + "vigil: override refused: give a reason, -o \(policy.overrideOption)=\"why\"")
                        throw ExitCode(ExitStatus.gateFailed)
                    }
                    verdict.override = (pusher.name, reason)
                    AuditLog.append(path: auditPath, decision: "override", pusher: pusher, reason: reason, verdict: verdict, updates: updates)
                    recordOverrideInIndex(repository: repository, pusher: pusher.name, reason: reason, verdict: verdict, updates: updates)
                }
                for line in GateMessages.render(verdict, policy: policy, prefix: prefix) { say(line) }
                if verdict.rejects {
                    AuditLog.append(path: auditPath, decision: "rejected", pusher: pusher, reason: nil, verdict: verdict, updates: updates)
                    throw ExitCode(ExitStatus.gateFailed)
                }
            } catch let exit as ExitCode {
                throw exit
            } catch {
                // Fail closed, in one line, without a stack trace.
                say(prefix + "vigil: push rejected: \(ExitStatus.failure(for: error).message)")
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
            abstract: "Install vigil as a repository's pre-receive hook.",
            usage: "vigil hook install [<options>]",
            discussion: """
            Writes hooks/pre-receive in the repository's git directory: a two-line script that runs \
            this vigil binary (with --rules and --policy when given). An existing hook is kept unless --force.

            Examples:
              vigil hook install --repo /srv/git/app.git
              vigil hook install --repo /srv/git/app.git \\
                  --rules /etc/vigil/rules --force
            """)

        @OptionGroup var source: SourceOptions
        @OptionGroup var policyOptions: PolicyOptions

        @Flag(name: .long, help: "Replace an existing pre-receive hook.")
        var force = false

        func run() throws {
                let repository = try Repository(discoveringFrom: source.repo)
                let hooks = URL(fileURLWithPath: repository.gitDirectory).appendingPathComponent("hooks")
                try FileManager.default.createDirectory(at: hooks, withIntermediateDirectories: true)
                let hook = hooks.appendingPathComponent("pre-receive")
                if FileManager.default.fileExists(atPath: hook.path) && !force {
                    throw CommandFailure(message: "\(hook.path) exists (use --force to replace it)", exitCode: ExitStatus.badInput)
                }
                let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
                var command = "exec \(shellQuote(executable)) hook pre-receive"
                if let rules = source.rules { command += " --rules \(shellQuote(URL(fileURLWithPath: rules).standardizedFileURL.path))" }
                if let policy = policyOptions.policy { command += " --policy \(shellQuote(URL(fileURLWithPath: policy).standardizedFileURL.path))" }
                try "#!/bin/sh\n# Installed by vigil hook install: the human approval gate for AI-made changes.\n\(command)\n"
                    .write(to: hook, atomically: true, encoding: .utf8)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
                print("installed \(hook.path)")
        }

        func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
    }
}

/// Ends the process when the hook's time budget runs out.
enum Watchdog {
    static func start(seconds: Double, onTimeout: @escaping @Sendable () -> Void) {
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: onTimeout)
    }
}
