import ArgumentParser
import Foundation
import VigilForge
import VigilGit
import VigilModel
import VigilRender
import VigilStore

struct ReviewSyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Read merged requests and their approvals from a forge into the index.",
        discussion: """
        Reads the merged pull requests (GitHub, GitHub Enterprise, Gitea) or merge requests \
        (GitLab) of one project and who approved them, at which head, and whether the approval \
        was dismissed or came before a later push, and stores them in the index. Commits join \
        their request by what the forge says landed (the merge or squash commit) and, where the \
        request's head is in the repository, its rebased commits. Then the index's stored \
        reviews are refreshed.

        The token comes from the environment only: GITHUB_TOKEN, GITLAB_TOKEN or GITEA_TOKEN. \
        A second sync asks only for requests updated since the last one (and ETags spare \
        unchanged reviews). Rate limits are waited out until the forge's announced reset (up \
        to --max-wait); 5xx answers are retried with back-off; 401 and 403 stop the sync \
        (exit 2) naming the missing scope. What was read before a stop is kept.

        Examples:
          vigil review sync --github huggingface/trl
          vigil review sync --github acme/app \\
              --api-url https://ghe.example.com/api/v3
          vigil review sync --gitlab acme/platform/app
          vigil review sync --gitea ops/infra \\
              --api-url https://git.example.com/api/v1
          vigil review sync --github acme/app --since 2026-06-01
        """)

    @OptionGroup var source: SourceOptions
    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The repository (any path inside it). Default: the current directory.", valueName: "path"))
    var path: String?

    @Option(name: .long, help: ArgumentHelp("A GitHub (or GitHub Enterprise) repository.", valueName: "owner/repo"))
    var github: String?

    @Option(name: .long, help: ArgumentHelp("A GitLab project (subgroups allowed).", valueName: "group/project"))
    var gitlab: String?

    @Option(name: .long, help: ArgumentHelp("A Gitea or Forgejo repository (needs --api-url).", valueName: "owner/repo"))
    var gitea: String?

    @Option(name: .long, help: ArgumentHelp("The forge's API (default https://api.github.com, https://gitlab.com/api/v4).", valueName: "url"))
    var apiURL: String?

    @Option(name: .long, help: ArgumentHelp("Only requests updated at or after this date (a first sync of a long history).", valueName: "date"))
    var since: String?

    @Flag(name: .long, help: "Read every request again, not only those updated since the last sync.")
    var full = false

    @Option(name: .long, help: ArgumentHelp("The longest wait for a rate limit, in seconds.", valueName: "seconds"))
    var maxWait: Int64 = 3600

    @Flag(name: .long, help: "Do not refresh the index's stored reviews afterwards (`vigil index` does).")
    var noRefresh = false

    @Option(name: .long, help: ArgumentHelp("Output: table (one line) or json.", valueName: "format"))
    var format: Format = .table

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    func validate() throws {
        let given = [github, gitlab, gitea].compactMap { $0 }
        guard given.count == 1 else { throw ValidationError("give one of --github, --gitlab or --gitea") }
        if gitea != nil && apiURL == nil { throw ValidationError("--gitea needs --api-url (e.g. https://git.example.com/api/v1)") }
        guard maxWait >= 0 else { throw ValidationError("--max-wait must not be negative") }
        _ = try DateOption.seconds(since, "--since")
    }

    func run() throws {
        let repositoryPath = source.repo ?? path
        if let repositoryPath { try PathAndRevisions.requireExisting(repositoryPath) }
        let repository = try Repository(discoveringFrom: repositoryPath)
        let api = try forgeAPI()
        let environment = ProcessInfo.processInfo.environment
        let token = environment[api.tokenVariable].flatMap { $0.isEmpty ? nil : $0 }
        if token == nil {
            let limit = api.kind == .github ? "; GitHub allows 60 an hour" : ""
            Diagnostics.note("\(api.tokenVariable) is not set: unauthenticated requests (public projects only\(limit))")
        }
        let db = try database.open(repositoryPath: repositoryPath, create: true)
        let indexed = try db.register(repository)
        let forgeSource = try db.forgeSource(repository: indexed, forge: api.kind, apiURL: api.api.description, project: api.project)
        let state = try db.forgeSyncState(forgeSource)

        let status = SyncStatus(forge: api.kind.displayName)
        var options = ForgeHTTPOptions()
        options.maxWait = maxWait
        options.userAgent = "vigil/\(VigilBuild.version)"
        let http = try ForgeHTTP(api: api.api, forge: api, token: token, options: options, events: status.show)
        var delivered = 0
        let outcome: ForgeSync.Outcome
        do {
            outcome = try ForgeSync(api: api, http: http).run(from: state, since: try DateOption.seconds(since, "--since"), full: full) { request, reviews in
                switch reviews {
                case .keep: try db.saveForgeRequest(request, reviewsETag: nil, keepReviews: true, source: forgeSource)
                case .replace(_, let etag): try db.saveForgeRequest(request, reviewsETag: etag, source: forgeSource)
                }
                delivered += 1
                status.progress(delivered)
            }
        } catch {
            status.finish()
            if delivered > 0 { Diagnostics.note("kept the \(delivered) request(s) read before the sync stopped; the next sync resumes") }
            throw error
        }
        status.finish()
        try db.finishForgeSync(forgeSource, highWater: outcome.state.highWater, listETag: outcome.state.listETag,
                               at: Int64(Date().timeIntervalSince1970))
        let holdings = try db.forgeHoldings(forgeSource)

        // The stored reviews the new approvals change, as `vigil index` would refresh them.
        var refreshed: IndexRunSummary?
        if !noRefresh, try db.commitCount(repository: indexed) > 0 {
            let rules = try source.loadRules(repositoryPath: repositoryPath)
            let indexOptions = IndexOptions(repositoryPath: repositoryPath, rules: rules, committerIsReviewer: analysis.committerIsReviewer,
                                            workers: analysis.workers)
            let summary = try Indexer(database: db, options: indexOptions).run(waiting: {
                Diagnostics.note("waiting for another index run on \(db.path)")
            })
            for problem in summary.problems + summary.damaged { Diagnostics.warn(problem) }
            refreshed = summary
        }

        let sink = OutputSink.standardOutput()
        switch format {
        case .json:
            var fields: [(String, JSONValue)] = [
                ("forge", .string(api.kind.rawValue)), ("project", .string(api.project)), ("apiURL", .string(api.api.description)),
                ("database", .string(db.path)),
                ("listed", .int(outcome.listed)), ("fetched", .int(outcome.fetched)), ("unchanged", .int(outcome.unchanged)),
                ("listNotModified", .bool(outcome.listNotModified)),
                ("httpRequests", .int(http.requests)), ("notModified", .int(http.notModified)),
                ("requests", .int(holdings.requests)), ("reviews", .int(holdings.reviews)), ("approvals", .int(holdings.approvals)),
            ]
            fields.append(("reReviewed", refreshed.map { .int($0.forgeReviewed) } ?? .null))
            fields.append(("notInRepository", refreshed.map { .int($0.forgeUnlanded) } ?? .null))
            sink.write(JSONValue.object(fields).serialized() + "\n")
        case .table:
            var line = "\(api.kind.rawValue) \(api.project): "
            line += outcome.listNotModified ? "nothing changed since the last sync" : "\(outcome.listed) merged request(s) new or updated, \(outcome.fetched) read (\(outcome.unchanged) unchanged)"
            line += "; \(http.requests) request(s) to the API (\(http.notModified) not modified)"
            line += "; the index holds \(holdings.requests) request(s), \(holdings.reviews) review(s), \(holdings.approvals) approval(s)"
            if let refreshed { line += "; \(refreshed.forgeReviewed) stored commit(s) re-reviewed" }
            sink.write(line + "\n")
        }
        try sink.finish()
        if let refreshed, refreshed.forgeUnlanded > 0 {
            Diagnostics.note("\(refreshed.forgeUnlanded) merged request(s) landed as commits this repository does not have; fetch them, then run `vigil index`")
        }
    }

    private func forgeAPI() throws -> any ForgeAPI {
        if let github { return try GitHubAPI(project: github, api: try APIURL(apiURL ?? GitHubAPI.defaultURL)) }
        if let gitlab { return try GitLabAPI(project: gitlab, api: try APIURL(apiURL ?? GitLabAPI.defaultURL)) }
        guard let gitea, let apiURL else { throw ValidationError("give one of --github, --gitlab or --gitea") }
        return try GiteaAPI(project: gitea, api: try APIURL(apiURL))
    }
}

/// What a sync shows while it works: a line of progress and rate-limit countdowns on a terminal
/// only; rate-limit waits and retries also as one note each on stderr (for CI logs).
final class SyncStatus {
    private let forge: String
    private let terminal = isatty(STDERR_FILENO) == 1
    private var drew = false
    private var lastDraw = Date.distantPast

    init(forge: String) { self.forge = forge }

    func show(_ event: ForgeEvent) {
        switch event {
        case .rateLimited(let wait):
            clear()
            let until = wait.until.map { ", until \(Self.clock($0))" } ?? ""
            Diagnostics.note("\(forge) rate limit: \(wait.reason); waiting \(wait.seconds) s\(until)")
        case .waiting(let remaining):
            draw("waiting for \(forge)'s rate limit: \(remaining) s left")
        case .retrying(let reason, let attempt, let delay):
            clear()
            Diagnostics.note("\(forge): \(reason); trying again in \(String(format: "%.1f", delay)) s (retry \(attempt))")
        }
    }

    func progress(_ requests: Int) {
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.2 else { return }
        lastDraw = now
        draw("syncing \(forge): \(requests) request(s) read")
    }

    func finish() { clear() }

    private func draw(_ text: String) {
        guard terminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        drew = true
    }

    private func clear() {
        guard terminal, drew else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drew = false
    }

    static func clock(_ seconds: Int64) -> String {
        let iso = Timestamp.iso8601(seconds: seconds, offsetMinutes: 0)
        return String(iso.dropFirst(11).prefix(8)) + " UTC"
    }
}
