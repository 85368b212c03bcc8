import ArgumentParser
import Foundation
import VigilGate
import VigilGit

extension HookCommand {
    struct PrePush: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pre-push",
            abstract: "Check what 'git push' is about to send (run by git as the client's pre-push hook).",
            usage: "vigil hook pre-push [<options>] [<remote>] [<url>]",
            discussion: """
            Reads the '<local-ref> <local-oid> <remote-ref> <remote-oid>' lines git gives the hook \
            and judges, for each ref, the commits the remote does not have yet (by its \
            remote-tracking refs) as the server's pre-receive hook would: exit 1 stops the push. \
            Install it with 'vigil hook install --pre-push'.

            Examples:
              vigil hook pre-push origin git@example.com:app.git
            """)

        @OptionGroup var source: SourceOptions
        @OptionGroup var policyOptions: PolicyOptions

        @Argument(help: ArgumentHelp("The remote's name (git passes it).", valueName: "remote"))
        var remote: String = "origin"

        @Argument(help: ArgumentHelp("The remote's URL (git passes it; not used).", valueName: "url"))
        var url: String?

        @Option(name: .long, help: ArgumentHelp("The pushing user (default: user.email).", valueName: "name"))
        var user: String?

        @OptionGroup var signers: SignerOptions

        func run() throws {
            let rules = try source.loadRules()
            let policy = try policyOptions.load(rules: rules)
            let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            let updates = try PrePushUpdate.parse(input)
            let repository = try Repository(discoveringFrom: source.repo)
            let environment = ProcessInfo.processInfo.environment
            // The one pushing is the one whose git identity this clone uses.
            let pusher = Pusher.fromEnvironment(environment, explicit: user) ?? Pusher.committing(in: repository)
            let (allowedSigners, revoked) = try signers.load(policy: policy)
            let gate = PushGate(policy: policy, rules: rules, pusher: pusher, repositoryPath: source.repo,
                                allowedSigners: allowedSigners, revoked: revoked)
            let verdict = try gate.check(prePush: updates, remote: remote)
            for line in GateMessages.render(verdict, policy: policy) { FileHandle.standardError.write(Data("\(line)\n".utf8)) }
            if verdict.rejects {
                throw CommandFailure(message: "push stopped: the server's policy would reject it (git push --no-verify skips this check)",
                                     exitCode: ExitStatus.gateFailed)
            }
        }
    }
}
