import ArgumentParser
import Foundation
import VigilGit
import VigilSignatures
import VigilModel
import VigilPipeline
import VigilRender
import VigilStore

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Everything vigil knows about one commit, with each flagged hunk in context.",
        usage: "vigil show [<options>] [<path>] <commit>",
        discussion: """
        Provenance and its evidence, review and its evidence, line statistics, and every finding \
        with its rule's message, its triage history and the hunk that holds the flagged line \
        (coloured on a terminal, the flagged line marked with >). Reads the index when the \
        commit is in it; otherwise scans the commit now (then a pull-request merge later in \
        history is not seen, and review may read lower than `vigil index` would record).

        Examples:
          vigil show HEAD
          vigil show ../app 1a2b3c4d --context 6
          vigil show v2.1~3 --format json | jq '.flags[].triage'
        """)

    @Argument(help: ArgumentHelp("[PATH] then the commit: an id, a prefix, a ref, HEAD~2.", valueName: "path-or-commit"))
    var arguments: [String] = []

    /// The commit asked for (the last argument).
    var commit: String { arguments.last ?? "HEAD" }

    @OptionGroup var source: SourceOptions
    @OptionGroup var database: DatabaseOptions

    @OptionGroup var signers: SignerOptions

    @Option(name: .long, help: ArgumentHelp("Context lines around each flagged line.", valueName: "n"))
    var context: Int = 3

    @Option(name: .long, help: ArgumentHelp("Output: table (text) or json.", valueName: "format"))
    var format: Format = .table

    @OptionGroup var outputOptions: OutputOptions

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    func validate() throws {
        guard context >= 0 else { throw ValidationError("--context must not be negative") }
        guard (1...2).contains(arguments.count) else { throw ValidationError("give one commit, after the repository's path if you like") }
    }

    func run() throws {
        let target = try PathAndRevisions(arguments, repo: source.repo)
        guard target.revisions.count == 1 else {
            throw CommandFailure(message: "give one commit (got \(target.revisions.count))", exitCode: ExitStatus.badInput)
        }
        let path = target.path
        let repository = try Repository(discoveringFrom: path)
        let id = try repository.resolveCommit(commit)
        let db = try database.openIfPresent(repositoryPath: path)
        let indexed = try db?.lookup(repository)
        let rules = try source.loadRules(repositoryPath: path)
        var origin = CommitShowText.Origin.scan
        var report: CommitReport
        // Forge approvals the index holds (`vigil review sync`): a stored report made before the
        // last sync changed them is stale; a commit scanned now gets them.
        let forgeRequests = ForgeReviews.requests(in: db, repository: repository)
        let graph = CommitGraph(repository: repository)
        let forge = forgeRequests.isEmpty ? ForgeLandingMap.empty : ForgeLandingMap.build(requests: forgeRequests, graph: graph)
        if let db, let indexed, let stored = try db.storedReport(id.hex, repository: indexed) {
            report = stored
            origin = try db.currentReports([id], repository: indexed, rules: rules, forge: forge).isEmpty ? .staleIndex : .index
        } else {
            var live: CommitReport?
            var configuration = ScanConfiguration(repositoryPath: path, rules: rules, workers: 1)
            configuration.forge = forge
            let outcome = try CommitScanner(configuration: configuration, commits: [id], graph: graph)
                .run { live = $0.report; return false }
            guard let scanned = live else {
                throw CommandFailure(message: "\(commit): cannot read this commit: \(outcome.walkProblems.joined(separator: "; "))", exitCode: ExitStatus.unreadable)
            }
            report = scanned
        }
        // The full message and trailers come from the repository, whatever the source.
        let full = CommitDecoder(mailmap: try? Mailmap(repository: repository)).decode(try repository.readCommit(id))
        report.commit = full
        // The signature is checked now, whatever the source, against the file given or git's own.
        let (allowedSigners, revoked) = try signers.load(policy: nil)
        report.signature = ScanWorkerSignatures.verifier(CommitSignatureVerifier(allowedSigners: allowedSigners, revoked: revoked), repository: repository)
            .state(of: full.signature, committedAt: full.committer.time)
        var history: [String: [TriageRecord]] = [:]
        if let db, let indexed {
            for fingerprint in Set(report.flags.map(\.fingerprint)) {
                history[fingerprint] = try db.triageHistory(fingerprint: fingerprint, repository: indexed)
            }
        }
        let sink = try outputOptions.sink(repository: repository, indexPath: try? database.path(repositoryPath: path), rules: rules)
        switch format {
        case .table:
            // The hunks come with git's three lines of context; the window shown around each
            // flagged line is --context wide.
            let patches = try CommitPatches(repository: repository, commit: full, contextLines: max(context, 3))
            CommitShowText.write(report: report, origin: origin, triage: history, context: context, hunk: patches.hunk(for:),
                                 style: outputOptions.style, to: sink)
        case .json:
            sink.write(CommitShowText.json(report: report, origin: origin, triage: history).pretty() + "\n")
        }
        try sink.finish()
        if report.isDamaged {
            throw CommandFailure(message: "results are incomplete: \(report.commit.id.abbreviated()) could not be read or parsed in full",
                                 exitCode: ExitStatus.unreadable)
        }
    }
}
