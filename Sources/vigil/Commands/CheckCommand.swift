import ArgumentParser
import Foundation
import VigilGate
import VigilGit
import VigilModel

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Apply the push policy to a range or to the staged changes (CI, pre-commit).",
        usage: "vigil check [<options>] [<path>] [<revision> ...]\n       vigil check --staged [--message-file <file>] [<options>] [<path>]",
        discussion: """
        The same policy, messages and exit codes as the pre-receive hook, on the commits you name: \
        exit 0 when nothing is rejected, 1 when something is. --ref names the branch the commits are \
        headed for (protected refs reject, others only warn).

        --staged judges the commit 'git commit' would make now: the index against HEAD, the \
        author and committer git would record, and the message in --message-file (the commit-msg \
        stage; without it the message is empty, as at the pre-commit stage). Nothing is written \
        to the repository.

        Examples:
          vigil check origin/main..HEAD
          vigil check origin/main..HEAD --ref refs/heads/main \\
              --user "$GITHUB_ACTOR"
          vigil check --staged                 (a pre-commit hook)
          vigil check --staged --message-file .git/COMMIT_EDITMSG
          vigil check origin/main..HEAD --format md >> "$GITHUB_STEP_SUMMARY"
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

    @Flag(name: .long, help: "Judge the staged changes as the commit they would make.")
    var staged = false

    @Option(name: .long, help: ArgumentHelp("With --staged: the commit message file (cleaned as git cleans it).", valueName: "file"))
    var messageFile: String?

    @Flag(name: .long, help: "Report what the policy would reject, but exit 0.")
    var warnOnly = false

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, md }

    @Option(name: .long, help: ArgumentHelp("Output: table (one line; the findings on stderr), json, or md (a job summary).", valueName: "format"))
    var format: Format = .table

    @OptionGroup var outputOptions: OutputOptions

    @OptionGroup var signers: SignerOptions

    func validate() throws {
        if messageFile != nil && !staged { throw ValidationError("--message-file needs --staged") }
    }

    func run() throws {
        let target = try PathAndRevisions(arguments, repo: source.repo)
        // The work tree's .vigil.yml applies here (a client check); a change to it is itself a finding.
        let rules = try source.loadRules(repositoryPath: target.path)
        let policy = try policyOptions.load(rules: rules)
        let (allowedSigners, revoked) = try signers.load(policy: policy)
        var pusher = Pusher.fromEnvironment(ProcessInfo.processInfo.environment, explicit: user)
        if staged, pusher == nil {
            // Whoever commits here will push it: the identity this clone commits with.
            pusher = Pusher.committing(in: try Repository(discoveringFrom: target.path))
        }
        let gate = PushGate(policy: policy, rules: rules, pusher: pusher,
                            repositoryPath: target.path, allowedSigners: allowedSigners, revoked: revoked)
        let verdict: GateVerdict
        var names: [ObjectID: String] = [:]
        if staged {
            guard target.revisions.isEmpty else {
                throw ValidationError("--staged judges the index: give no revisions (\(target.revisions.joined(separator: " ")))")
            }
            let pending = try StagedChanges.commit(repositoryPath: target.path, messageFile: messageFile)
            names[pending.commit.id] = "(staged changes)"
            var query = RevisionQuery()
            query.tips = [pending.commit.id]
            query.hidden = pending.parent.map { [$0] } ?? []
            verdict = try gate.check(query: query, ref: ref, pending: pending.objects)
        } else {
            verdict = try gate.check(query: try revisionOptions.query(revisions: target.revisions), ref: ref)
        }
        for line in GateMessages.render(verdict, policy: policy, names: names) { FileHandle.standardError.write(Data("\(line)\n".utf8)) }
        let sink = try outputOptions.sink(repository: try Repository(discoveringFrom: target.path), rules: rules)
        switch format {
        case .table:
            let what = staged ? "the staged changes" : "\(verdict.commitsChecked) commit(s)"
            sink.write("checked \(what): \(verdict.violations.filter { $0.action == .reject }.count) rejection(s), "
                       + "\(verdict.violations.filter { $0.action == .warn }.count) warning(s)\n")
        case .json: sink.write(verdict.json(ref: ref, names: names).pretty() + "\n")
        case .md: sink.write(verdict.markdown(ref: ref, policy: policy, names: names))
        }
        try sink.finish()
        if verdict.rejects && !warnOnly {
            let count = Set(verdict.rejectingViolations.map(\.commit.hex) + verdict.failures.compactMap(\.commit)).count
            throw CommandFailure(message: staged ? "policy rejects the staged changes" : "policy rejects \(count) commit(s)",
                                 exitCode: ExitStatus.gateFailed)
        }
    }
}

/// The pending commit of `vigil check --staged`, as git would make it in this hook's environment.
enum StagedChanges {
    static func commit(repositoryPath: String?, messageFile: String?) throws -> StagedCommit {
        let environment = ProcessInfo.processInfo.environment
        let repository = try Repository(discoveringFrom: repositoryPath)
        var message: [UInt8] = []
        if let messageFile {
            guard let data = FileManager.default.contents(atPath: messageFile) else {
                throw CommandFailure(message: "\(messageFile): cannot read the commit message file", exitCode: ExitStatus.badInput)
            }
            let comment = repository.configValue("core.commentChar").flatMap { $0.utf8.count == 1 ? $0.utf8.first : nil } ?? 0x23
            message = CommitMessageCleanup.clean(Array(data), commentCharacter: comment)
        }
        // git points hooks at a temporary index for 'git commit -a' and 'git commit PATH'.
        let indexFile = environment["GIT_INDEX_FILE"].map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        return try repository.stagedCommit(message: message, identities: repository.commitIdentities(environment: environment),
                                           indexFile: indexFile)
    }
}
