import Foundation
import Synchronization
import VigilGit
import VigilModel
import VigilRender
import VigilRules
import VigilStore

/// The reviewers' workspace as a function from a request to a response: the pages, the JSON
/// API they use, exports, and the guard in front of all of it. The HTTP server (`VigilServer`)
/// only carries bytes to and from here.
public final class ServeApp: Sendable {
    public let configuration: ServeConfiguration
    public let guardian: RequestGuard
    let db: IndexDatabase
    let rules: [RuleDescription]
    let choices: FilterChoices
    /// One verdict (index row and git note) written at a time.
    private let writing = Mutex<Void>(())

    /// The routes this server answers, as `METHOD path` (docs/openapi.json describes each; a test holds them equal).
    public static let routes = ["GET /", "GET /commit/{repository}/{commit}", "GET /static/vigil.css", "GET /static/vigil.js",
                                "GET /api/queue", "GET /api/filters", "GET /api/commits/{repository}/{commit}",
                                "GET /api/export", "POST /api/triage"]

    public init(configuration: ServeConfiguration) throws {
        self.configuration = configuration
        guardian = RequestGuard(configuration: configuration)
        db = configuration.readOnly ? try IndexDatabase(readingFrom: configuration.databasePath)
            : try IndexDatabase(path: configuration.databasePath, create: false)
        rules = try RuleSet.locate(explicit: configuration.rulesDirectory).risk.rules.map(\.ruleDescription)
        choices = FilterChoices(db: db, databasePath: configuration.databasePath)
    }

    public func respond(to request: WebRequest) -> WebResponse {
        let api = request.path.hasPrefix("/api/")
        var response: WebResponse
        switch guardian.admit(request) {
        case .refuse(let status, let reason): response = .error(status, reason, api: api)
        case .allow:
            do {
                response = try route(request, api: api)
            } catch let error as QueueFilter.Invalid {
                response = .error(400, error.description, api: api)
            } catch let error as IndexError {
                response = .error(500, error.message, api: api)
            } catch {
                response = .error(500, "\(error)", api: api)
            }
        }
        response.headers += RequestGuard.securityHeaders
        return response
    }

    private func route(_ request: WebRequest, api: Bool) throws -> WebResponse {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        switch (request.method, parts.first ?? "") {
        case ("GET", _) where parts.isEmpty: return try withLogin(request) { try queuePage(request, $0) }
        case ("GET", "commit") where parts.count == 3: return try withLogin(request) { try commitPage(request, parts[1], parts[2], $0) }
        case ("GET", "static") where parts == ["static", "vigil.css"]:
            return WebResponse.text(Assets.css, status: 200, type: "text/css; charset=utf-8")
        case ("GET", "static") where parts == ["static", "vigil.js"]:
            return WebResponse.text(Assets.js, status: 200, type: "text/javascript; charset=utf-8")
        case ("GET", "api") where parts == ["api", "queue"]:
            let filter = try QueueFilter(request)
            let page = try db.queue(filter.query, offset: filter.page * configuration.pageSize, limit: configuration.pageSize)
            return .json(APIJSON.queue(page, filter: filter).pretty() + "\n")
        case ("GET", "api") where parts == ["api", "filters"]:
            return .json(try filterChoicesJSON().pretty() + "\n")
        case ("GET", "api") where parts.count == 4 && parts[1] == "commits":
            guard let view = try commitView(parts[2], parts[3]) else { return .error(404, "no such indexed commit", api: true) }
            return .json(APIJSON.commit(view).pretty() + "\n")
        case ("GET", "api") where parts == ["api", "export"]:
            return try export(request)
        case ("POST", "api") where parts == ["api", "triage"]:
            return triage(request)
        case (let method, _) where method != "GET" && method != "HEAD" && method != "POST":
            return .error(405, "method not allowed", api: api)
        default:
            return .error(404, "not found", api: api)
        }
    }

    // MARK: Pages

    /// A page: `?token=` logs in (a cookie, then the same address without the token), and the
    /// CSRF cookie is set when the browser has none.
    private func withLogin(_ request: WebRequest, _ render: (PageLayout.Context) throws -> WebResponse) throws -> WebResponse {
        if let token = configuration.token, !token.isEmpty, request.value("token") != nil {
            let rest = request.query.filter { $0.0 != "token" }
            let location = request.path + (rest.isEmpty ? "" : "?" + rest.map { URLText.component($0.0) + "=" + URLText.component($0.1) }.joined(separator: "&"))
            return WebResponse(status: 303, headers: [("Location", location),
                                                      ("Set-Cookie", "\(RequestGuard.tokenCookie)=\(token); Path=/; HttpOnly; SameSite=Strict")])
        }
        var nonce = request.cookie(RequestGuard.csrfCookie) ?? ""
        let fresh = nonce.count != 32 || !nonce.allSatisfy(\.isHexDigit)
        if fresh { nonce = RequestGuard.newNonce() }
        let proxyUser = configuration.proxyUserHeader.flatMap { request.header($0) }
        let context = PageLayout.Context(csrfToken: guardian.csrfToken(for: nonce), reviewer: proxyUser ?? configuration.reviewer,
                                         reviewerFixed: proxyUser != nil, readOnly: configuration.readOnly)
        var response = try render(context)
        if fresh { response.headers.append(("Set-Cookie", "\(RequestGuard.csrfCookie)=\(nonce); Path=/; HttpOnly; SameSite=Strict")) }
        return response
    }

    private func queuePage(_ request: WebRequest, _ context: PageLayout.Context) throws -> WebResponse {
        let filter: QueueFilter
        do { filter = try QueueFilter(request) } catch let error as QueueFilter.Invalid { return .error(400, error.description, api: false) }
        let page = try db.queue(filter.query, offset: filter.page * configuration.pageSize, limit: configuration.pageSize)
        return .html(QueuePageHTML.render(page, filter: filter, choices: try choices.values(), context: context))
    }

    private func commitPage(_ request: WebRequest, _ repository: String, _ commit: String, _ context: PageLayout.Context) throws -> WebResponse {
        guard let view = try commitView(repository, commit) else { return .error(404, "no such indexed commit", api: false) }
        let back = (try? QueueFilter(request))?.queryString() ?? ""
        let links = CommitPageHTML.Links(commit: configuration.commitURLTemplate, file: configuration.fileURLTemplate)
        return .html(CommitPageHTML.render(view, backQuery: back, links: links, context: context))
    }

    private func commitView(_ repository: String, _ commit: String) throws -> CommitView? {
        guard let id = Int64(repository), let indexed = try db.repositories().first(where: { $0.id == id }),
              commit.count == 40, commit.allSatisfy(\.isHexDigit) else { return nil }
        return try CommitView.load(db: db, repository: indexed, id: commit.lowercased())
    }

    private func filterChoicesJSON() throws -> JSONValue {
        let seen = try choices.values()
        return .object([
            ("repositories", .array(seen.repositories.map { r in
                guard case .object(var fields) = r.json else { return r.json }
                fields.insert(("id", .int(Int(r.id))), at: 0)
                return .object(fields)
            })),
            ("categories", .array(RiskCategory.allCases.map { .string($0.rawValue) })),
            ("severities", .array(Severity.allCases.map { .string($0.rawValue) })),
            ("classes", .array(ProvenanceClass.allCases.map { .string($0.rawValue) })),
            ("reviews", .array(ReviewStatus.allCases.map { .string($0.rawValue) })),
            ("triage", .array(QueueFilter.triageChoices.map { .string($0) })),
            ("rules", .array(seen.rules.map { .string($0) })),
            ("agents", .array(seen.agents.map { .string($0) })),
            ("reviewers", .array(seen.reviewers.map { .string($0) })),
            ("readOnly", .bool(configuration.readOnly)),
        ])
    }

    // MARK: Export

    /// Every finding the filter keeps (all pages), as `vigil query` writes it.
    private func export(_ request: WebRequest) throws -> WebResponse {
        let filter = try QueueFilter(request)
        let format: QueryFormat
        switch request.value("format") ?? "json" {
        case "csv": format = .csv
        case "sarif": format = .sarif
        case "json": format = .json
        case let other: return .error(400, "format: '\(other)' is not one of csv, sarif, json", api: true)
        }
        let records = try db.flags(filter.query)
        let body = QueryOutput.render(records, format: format, style: .plain, rules: rules)
        let (type, ext) = switch format {
        case .csv: ("text/csv; charset=utf-8", "csv")
        case .sarif: ("application/sarif+json", "sarif")
        default: ("application/json; charset=utf-8", "json")
        }
        return WebResponse.text(body, status: 200, type: type)
            .adding("Content-Disposition", "attachment; filename=\"vigil-findings.\(ext)\"")
    }

    // MARK: Triage

    private func triage(_ request: WebRequest) -> WebResponse {
        if case .refuse(let status, let reason) = guardian.admitChange(request) { return .error(status, reason, api: true) }
        guard request.body.count <= 64 << 10 else { return .error(413, "the request body is larger than 64 KiB", api: true) }
        let body: JSONValue
        do { body = try JSONValue(parsing: String(decoding: request.body, as: UTF8.self)) } catch {
            return .error(400, "the body is not JSON: \(error)", api: true)
        }
        guard let repositoryID = body["repository"]?.int, let commit = body["commit"]?.string?.lowercased(),
              commit.count == 40, commit.allSatisfy(\.isHexDigit) else {
            return .error(400, "give repository (its id) and commit (40 hex digits)", api: true)
        }
        guard let fingerprints = body["fingerprints"]?.array?.compactMap(\.string), !fingerprints.isEmpty, fingerprints.count <= 10_000 else {
            return .error(400, "give fingerprints: the findings to triage", api: true)
        }
        guard let status = body["status"]?.string.flatMap(TriageStatus.init(rawValue:)) else {
            return .error(400, "status: one of confirmed, false-positive, accepted-risk, open", api: true)
        }
        let note = (body["note"]?.string ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if note.isEmpty && status != .open { return .error(400, "note: say why (a verdict without a reason cannot be audited)", api: true) }
        guard note.utf8.count <= 8192 else { return .error(400, "note: at most 8 KiB", api: true) }
        let by: String
        switch reviewer(request, body) {
        case .success(let name): by = name
        case .failure(let error): return .error(400, error.description, api: true)
        }
        var seen: [String: Int64] = [:]
        for (fingerprint, value) in body["seen"]?.objectPairs ?? [] { seen[fingerprint.lowercased()] = Int64(value.int ?? 0) }
        let replaceOthers = body["replaceOthers"]?.bool ?? false
        do {
            guard let repository = try db.repositories().first(where: { $0.id == Int64(repositoryID) }) else {
                return .error(404, "no indexed repository \(repositoryID)", api: true)
            }
            let (outcome, notes) = try writing.withLock { _ -> (TriageOutcome, String?) in
                let outcome = try db.triage(fingerprints: fingerprints, commit: commit, repository: repository, status: status, note: note,
                                            by: by, at: Int64(Date().timeIntervalSince1970),
                                            replacement: .expecting(seen: seen, replaceOthers: replaceOthers))
                guard outcome.conflicts.isEmpty, !outcome.recorded.isEmpty, configuration.writeNotes else { return (outcome, nil) }
                do {
                    try TriageNotes.append(outcome.recorded, to: try Repository(discoveringFrom: repository.path), by: by)
                    return (outcome, "written to \(TriageNotes.ref)")
                } catch {
                    return (outcome, "kept in the index only: cannot write \(TriageNotes.ref) (\(error))")
                }
            }
            return .json(APIJSON.triage(outcome, notes: notes).pretty() + "\n", status: outcome.conflicts.isEmpty ? 200 : 409)
        } catch let error as IndexError {
            return .error(outcome(error), error.message, api: true)
        } catch {
            return .error(500, "\(error)", api: true)
        }
    }

    private func outcome(_ error: IndexError) -> Int { error.message.contains("has no finding") ? 404 : 500 }

    /// Who records the verdict: the proxy's authenticated user, else the name the page sends,
    /// else the server's reviewer.
    private func reviewer(_ request: WebRequest, _ body: JSONValue) -> Result<String, QueueFilter.Invalid> {
        if let header = configuration.proxyUserHeader, let user = request.header(header) {
            return .success(user.trimmingCharacters(in: .whitespaces))
        }
        let named = (body["by"]?.string ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if named.isEmpty { return .success(configuration.reviewer) }
        guard named.utf8.count <= 256, !named.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            return .failure(QueueFilter.Invalid(description: "by: a reviewer name of at most 256 characters, on one line"))
        }
        return .success(named)
    }
}
