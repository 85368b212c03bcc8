import ArgumentParser
import Foundation
import VigilGate
import VigilGit
import VigilModel
import VigilSignatures

struct ApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Sign an approval of commits' exact changes (for a reviewer; the gate verifies it).",
        usage: "vigil approve [<options>] [<path>] [<revision> ...]",
        discussion: """
        For each commit (a revision names that one commit; A..B every commit in the range), signs \
        its exact change (git's patch-id --verbatim, or for merges and binary files its parents' \
        trees and its tree), your identity, the time and the note with your SSH key, as git signs \
        commits (user.signingkey, gpg.ssh.program; ssh-agent and hardware keys work), in the \
        namespace vigil-approval. The approval goes into the note on the commit under \
        refs/notes/vigil/approvals; push it with the branch. A rebase that keeps the diff keeps \
        the approval (set notes.rewriteRef so git copies the note); any change to the diff voids it.

        Examples:
          vigil approve HEAD --note "checked the KL schedule"
          vigil approve origin/main..feature
          git push origin feature refs/notes/vigil/approvals
        """)

    @OptionGroup var source: SourceOptions

    @Argument(help: ArgumentHelp("[PATH] then the commits to approve (default HEAD).", valueName: "revision"))
    var arguments: [String] = []

    @Option(name: .long, help: ArgumentHelp("What you checked (one line, part of what is signed).", valueName: "text"))
    var note: String?

    @Option(name: .long, help: ArgumentHelp("Signing key file or literal public key (default: git's user.signingkey).", valueName: "key"))
    var key: String?

    @Option(name: .long, help: ArgumentHelp("Who approves, 'Name <email>' (default: git's user.name and user.email); the email must be yours in the server's allowed-signers file.", valueName: "identity"))
    var reviewer: String?

    func run() throws {
        let target = try PathAndRevisions(arguments, repo: source.repo)
        let repository = try Repository(discoveringFrom: target.path)
        let identity = try reviewerIdentity(repository)
        guard let signingKey = key ?? repository.configValue("user.signingkey"), !signingKey.isEmpty else {
            throw CommandFailure(message: "no signing key: set user.signingkey (with gpg.format=ssh) as for signing commits, or pass --key FILE",
                                 exitCode: ExitStatus.badInput)
        }
        if key == nil, let format = repository.configValue("gpg.format"), format != "ssh" {
            throw CommandFailure(message: "gpg.format is '\(format)': vigil approvals are SSH signatures (set gpg.format=ssh, or pass --key FILE)",
                                 exitCode: ExitStatus.badInput)
        }
        let signer = SSHKeygenSigner(program: repository.configValue("gpg.ssh.program") ?? "ssh-keygen", signingKey: signingKey)
        let commits = try selectedCommits(repository, revisions: target.revisions.isEmpty ? ["HEAD"] : target.revisions)
        let graph = CommitGraph(repository: repository)
        let diffs = DiffReader(repository: repository)
        let mailmap = try? Mailmap(repository: repository)
        let sink = OutputSink.standardOutput()
        let now = Int64(Date().timeIntervalSince1970)
        for raw in commits {
            let parentTrees = try raw.parents.map { parent -> ObjectID in
                let node = graph.node(parent)
                if let problem = node.problem { throw GitError(.notFound, problem) }
                return node.tree
            }
            let binding = try diffs.changeBinding(tree: raw.tree, parentTrees: parentTrees)
            let payload = ApprovalPayload(change: binding, reviewer: identity, time: now, note: note)
            let signature: String
            do {
                signature = try signer.sign(Array(payload.text.utf8), namespace: ApprovalPayload.namespace)
            } catch let error as SignerFileError {
                throw CommandFailure(message: error.description, exitCode: ExitStatus.badInput)
            }
            let entry = ApprovalNote.Entry(payload: payload.text, signature: signature)
            let updated = ApprovalNote.appending(entry, to: repository.note(on: raw.id, ref: ApprovalNote.ref))
            try repository.writeNote(updated, on: raw.id, ref: ApprovalNote.ref, by: identity)
            let commit = CommitDecoder(mailmap: mailmap).decode(raw)
            sink.write("approved \(raw.id.abbreviated(10)) \(GateMessages.safe(commit.subject)) (\(binding.description.prefix(21)))\n")
            if commit.author.isSamePerson(as: identity) {
                FileHandle.standardError.write(Data("vigil: warning: you are the author of \(raw.id.abbreviated(10)); the gate does not count an author's approval\n".utf8))
            }
        }
        sink.write("push the approvals with the branch: git push <remote> <branch> \(ApprovalNote.ref)\n")
        try sink.finish()
    }

    /// `--reviewer`, else git's user.name and user.email.
    func reviewerIdentity(_ repository: Repository) throws -> Identity {
        if let reviewer {
            guard let identity = Identity(parsing: reviewer), !identity.email.isEmpty else {
                throw CommandFailure(message: "--reviewer must be 'Name <email>'", exitCode: ExitStatus.badInput)
            }
            return identity
        }
        guard let email = repository.configValue("user.email"), !email.isEmpty else {
            throw CommandFailure(message: "no reviewer: set user.name and user.email, or pass --reviewer 'Name <email>'", exitCode: ExitStatus.badInput)
        }
        return Identity(name: repository.configValue("user.name") ?? "", email: email)
    }

    /// A plain revision is that one commit; a range (`A..B`, `^A B`) is every commit in it.
    func selectedCommits(_ repository: Repository, revisions: [String]) throws -> [RawCommit] {
        let isRange = revisions.contains { $0.contains("..") || $0.hasPrefix("^") }
        if isRange {
            var query = RevisionQuery(revisions: revisions)
            query.order = .reverse
            return try RevisionWalk(repository: repository, query: query).collect()
        }
        return try revisions.map { try repository.readCommit(try repository.resolveCommit($0)) }
    }
}
