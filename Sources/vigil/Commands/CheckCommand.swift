import ArgumentParser
import Foundation
import VigilGate
import VigilGit

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Apply the push policy to a range, in CI or a client-side pre-push hook.",
        usage: "vigil check [<options>] [<path>] [<revision> ...]",
        discussion: """
        The same policy, messages and exit codes as the pre-receive hook, on the commits you name: \
        exit 0 when nothing is rejected, 1 when something is. --ref names the branch the commits are \
        headed for (protected refs reject, others only warn).

        Examples:
          vigil check origin/main..HEAD
          vigil check origin/main..HEAD --ref refs/heads/main \\
              --user "$GITHUB_ACTOR"
        """)

    @OptionGroup var source: SourceOptions
    @OptionGroup var revisionOptions: RevisionOptions
    @OptionGroup var policyOptions: PolicyOptions

    @Argument(help: ArgumentHelp("[PATH] then revisions, as for scan (for example origin/main..HEAD).", valueName: "path-or-revision"))
    var arguments: [String] = []

    @Option(name: .long, help: ArgumentHelp("The ref the commits are pushed to.", valueName: "ref"))
    var ref: String = "refs/heads/main"

    @Option(name: .long, help: ArgumentHelp("The pushing user (approvals naming them do not count).", valueName: "name"))
    var user: String?

    func run() throws {
        let rules = try source.loadRules()
        let policy = try policyOptions.load(rules: rules)
        let target = try PathAndRevisions(arguments, repo: source.repo)
        let gate = PushGate(policy: policy, rules: rules, pusher: Pusher.fromEnvironment(ProcessInfo.processInfo.environment, explicit: user),
                            repositoryPath: target.path)
        let verdict = try gate.check(query: try revisionOptions.query(revisions: target.revisions), ref: ref)
        for line in GateMessages.render(verdict, policy: policy) { FileHandle.standardError.write(Data("\(line)\n".utf8)) }
        let sink = OutputSink.standardOutput()
        sink.write("checked \(verdict.commitsChecked) commit(s): \(verdict.violations.filter { $0.action == .reject }.count) rejection(s), \(verdict.violations.filter { $0.action == .warn }.count) warning(s)\n")
        try sink.finish()
        if verdict.rejects {
            throw CommandFailure(message: "policy rejects \(Set(verdict.violations.map(\.commit)).count) commit(s)", exitCode: ExitStatus.gateFailed)
        }
    }
}
