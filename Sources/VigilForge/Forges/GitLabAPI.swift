import VigilModel

/// GitLab's REST API v4: `GET /projects/:id/merge_requests?state=merged&order_by=updated_at&updated_after=…`
/// for the merged requests, `GET …/merge_requests/:iid/approvals` for who approved, and, where
/// approvals carry `approved_at`, `GET …/merge_requests/:iid/versions` for when the merged head was
/// pushed (an approval older than that push came before it).
public struct GitLabAPI: ForgeAPI {
    public let kind = ForgeKind.gitlab
    public let project: String
    public let api: APIURL
    public let tokenVariable = "GITLAB_TOKEN"
    let noreplyDomain: String

    public static let defaultURL = "https://gitlab.com/api/v4"

    public init(project: String, api: APIURL) throws {
        self.project = try checkedProject(project, segments: 2...20, flag: "--gitlab")
        self.api = api
        noreplyDomain = "users.noreply.\(api.host.lowercased())"
    }

    public var acceptHeaders: [(String, String)] { [("Accept", "application/json")] }

    public func authorization(token: String) -> (String, String) { ("PRIVATE-TOKEN", token) }

    /// `:id` is the URL-encoded path (`group%2Fproject`).
    private var projectPath: String { "/projects/" + APIURL.encode(project) }

    public func listTarget(updatedAfter: Int64?) -> String {
        var query = [("state", "merged"), ("order_by", "updated_at"), ("sort", "desc"), ("per_page", "100")]
        // A second of overlap: GitLab's times have fractions the index does not keep.
        if let updatedAfter { query.append(("updated_after", ForgeTime.iso8601(updatedAfter - 1))) }
        return api.target(projectPath + "/merge_requests", query: query)
    }

    func user(_ json: JSONValue?) -> ForgeUser? {
        guard let json, let login = json["username"]?.string, !login.isEmpty else { return nil }
        let id = json["id"]?.int.map(Int64.init)
        // Project and group access tokens act as bot users named `project_<id>_bot…`/`group_<id>_bot…`.
        let botName = (login.hasPrefix("project_") || login.hasPrefix("group_")) && login.contains("_bot")
        let email = id.map { "\($0)-\(login)@\(noreplyDomain)" } ?? ""
        return ForgeUser(login: login, id: id, isBot: json["bot"]?.bool == true || botName, email: email)
    }

    public func decodeList(_ json: JSONValue) throws -> [ListedRequest] {
        guard let items = json.array else { throw ForgeError(.unavailable, "GitLab's merge request list is not a list") }
        return items.compactMap { item in
            guard let number = item["iid"]?.int, let updated = ForgeTime.parse(item["updated_at"]?.string) else { return nil }
            let merged = item["state"]?.string == "merged" ? ForgeTime.parse(item["merged_at"]?.string) ?? updated : nil
            let request = ForgeRequest(
                forge: .gitlab, project: project, number: number, url: item["web_url"]?.string ?? "",
                author: user(item["author"]) ?? ForgeUser(login: "ghost"), mergedAt: merged,
                head: objectID(item["sha"]), base: objectID(item["diff_refs"]?["base_sha"]),
                mergeCommit: objectID(item["merge_commit_sha"]), squashCommit: objectID(item["squash_commit_sha"]),
                updatedAt: updated)
            return ListedRequest(request: request, merged: merged != nil)
        }
    }

    public func reviews(of request: ForgeRequest, etag: String?, http: ForgeHTTP) throws -> ReviewFetch {
        let base = projectPath + "/merge_requests/\(request.number)"
        let response = try http.get(api.target(base + "/approvals"), etag: etag)
        if response.status == 304 { return .notModified }
        // An instance without the approvals endpoint: no verdict either way.
        if response.status == 404 { return .unavailable }
        let json = try JSONValueReader.parse(response, what: "the approvals of \(request.name)")
        guard let approved = json["approved_by"]?.array else { return .unavailable }
        var reviews: [ForgeReview] = []
        for entry in approved {
            guard let reviewer = user(entry["user"]) else { continue }
            reviews.append(ForgeReview(id: "approval-\(reviewer.id.map(String.init) ?? reviewer.login)", reviewer: reviewer, state: .approved,
                                       submittedAt: ForgeTime.parse(entry["approved_at"]?.string)))
        }
        // GitLab lists the approvals it still holds (a push can reset them). When they carry
        // their time, one older than the push of the merged head came before a later push.
        if reviews.contains(where: { $0.submittedAt != nil }), let head = request.head {
            let pushed = try headPushTime(base, head: head, http: http, request: request)
            for index in reviews.indices {
                if let at = reviews[index].submittedAt, let pushed { reviews[index].stale = at < pushed } else { reviews[index].stale = false }
            }
        } else {
            for index in reviews.indices { reviews[index].stale = false }
        }
        return .fetched(reviews, etag: response.header("ETag"))
    }

    /// When the merged head was pushed: the creation time of the diff version with that head.
    private func headPushTime(_ base: String, head: ObjectID, http: ForgeHTTP, request: ForgeRequest) throws -> Int64? {
        guard let (versions, _) = try allPages(api.target(base + "/versions", query: [("per_page", "100")]), etag: nil, http: http,
                                                what: "the versions of \(request.name)") else { return nil }
        return versions.filter { objectID($0["head_commit_sha"]) == head }.compactMap { ForgeTime.parse($0["created_at"]?.string) }.min()
    }

    /// 429 with `Retry-After` or `RateLimit-Reset` (often missing: then a minute).
    public func rateLimitWait(_ response: HTTPResponse, now: Int64) -> RateLimitWait? {
        guard response.status == 429 else { return nil }
        if let seconds = retryAfter(response) {
            return RateLimitWait(seconds: max(1, seconds), until: now + seconds, reason: "GitLab asks to retry after \(seconds) s")
        }
        if let reset = response.header("RateLimit-Reset").flatMap({ Int64($0) }) {
            return RateLimitWait(seconds: max(1, reset - now + 1), until: reset, reason: "GitLab's rate limit is used up")
        }
        return RateLimitWait(seconds: 60, until: nil, reason: "GitLab answered 429 Too Many Requests")
    }

    public func denial(_ response: HTTPResponse, hasToken: Bool) -> String {
        let json = try? JSONValueReader.parse(response.text)
        if response.status == 401 {
            return hasToken
                ? "GitLab refused the token in GITLAB_TOKEN (401 \(ForgeHTTP.serverMessage(response))): it is wrong, expired or revoked"
                : "GitLab asks for a token (401): set GITLAB_TOKEN to an access token with the read_api scope"
        }
        if json?["error"]?.string == "insufficient_scope" {
            let scope = json?["scope"]?.string ?? "read_api"
            return "GitLab refused the token in GITLAB_TOKEN (403 insufficient_scope): it needs the \(scope) scope"
        }
        return "GitLab refused the token in GITLAB_TOKEN (403 \(ForgeHTTP.serverMessage(response))): it needs the read_api scope, and its user at least the Reporter role on \(project)"
    }

    public var notFound: String {
        "GitLab has no project \(project) at \(api), or GITLAB_TOKEN cannot see it (it needs the read_api scope and the Reporter role)"
    }
}
