import VigilModel

/// GitHub's and GitHub Enterprise Server's REST API (v3, `X-GitHub-Api-Version: 2022-11-28`):
/// `GET /repos/{owner}/{repo}/pulls?state=closed&sort=updated&direction=desc` for the merged
/// requests, `GET /repos/{owner}/{repo}/pulls/{n}/reviews` for their reviews (chronological).
public struct GitHubAPI: ForgeAPI {
    public let kind = ForgeKind.github
    public let project: String
    public let api: APIURL
    public let tokenVariable = "GITHUB_TOKEN"
    /// The domain of the accounts' noreply addresses (`ID+login@users.noreply.github.com`).
    let noreplyDomain: String

    public static let defaultURL = "https://api.github.com"

    public init(project: String, api: APIURL) throws {
        self.project = try checkedProject(project, segments: 2...2, flag: "--github")
        self.api = api
        // GitHub Enterprise Server gives its accounts addresses under its own host; an API on
        // this machine (a tunnel, a test server) stands in for github.com.
        let host = api.host.lowercased()
        noreplyDomain = host == "api.github.com" || APIURL.isLoopback(host) ? "users.noreply.github.com" : "users.noreply.\(host)"
    }

    public var acceptHeaders: [(String, String)] {
        [("Accept", "application/vnd.github+json"), ("X-GitHub-Api-Version", "2022-11-28")]
    }

    public func authorization(token: String) -> (String, String) { ("Authorization", "Bearer \(token)") }

    private var repoPath: String { APIURL.repositoryPath(project) }

    public func listTarget(updatedAfter: Int64?) -> String {
        // GitHub cannot filter pulls by update time: sorted newest-updated first, the sync stops
        // at the first request older than the last sync.
        api.target(repoPath + "/pulls", query: [("state", "closed"), ("sort", "updated"), ("direction", "desc"), ("per_page", "100")])
    }

    func user(_ json: JSONValue?) -> ForgeUser? {
        guard let json, let login = json["login"]?.string, !login.isEmpty else { return nil }
        let id = json["id"]?.int.map(Int64.init)
        let email = id.map { "\($0)+\(login)@\(noreplyDomain)" } ?? "\(login)@\(noreplyDomain)"
        return ForgeUser(login: login, id: id, isBot: json["type"]?.string == "Bot", email: email)
    }

    public func decodeList(_ json: JSONValue) throws -> [ListedRequest] {
        guard let items = json.array else { throw ForgeError(.unavailable, "GitHub's pull request list is not a list") }
        return items.compactMap { item in
            guard let number = item["number"]?.int, let updated = ForgeTime.parse(item["updated_at"]?.string) else { return nil }
            let merged = ForgeTime.parse(item["merged_at"]?.string)
            let request = ForgeRequest(
                forge: .github, project: project, number: number, url: item["html_url"]?.string ?? "",
                author: user(item["user"]) ?? ForgeUser(login: "ghost"), mergedAt: merged,
                head: objectID(item["head"]?["sha"]), base: objectID(item["base"]?["sha"]),
                mergeCommit: objectID(item["merge_commit_sha"]), updatedAt: updated)
            return ListedRequest(request: request, merged: merged != nil)
        }
    }

    public func reviews(of request: ForgeRequest, etag: String?, http: ForgeHTTP) throws -> ReviewFetch {
        let target = api.target(repoPath + "/pulls/\(request.number)/reviews", query: [("per_page", "100")])
        guard let (items, newETag) = try allPages(target, etag: etag, http: http, what: "the reviews of \(request.name)") else {
            return .notModified
        }
        let reviews: [ForgeReview] = items.compactMap { item in
            // A review whose account is gone names nobody who could count.
            guard let reviewer = user(item["user"]), let id = item["id"]?.int else { return nil }
            let state: ForgeReview.State = switch item["state"]?.string?.uppercased() {
            case "APPROVED": .approved
            case "CHANGES_REQUESTED": .changesRequested
            case "DISMISSED": .dismissed
            case "PENDING": .pending
            default: .commented
            }
            return ForgeReview(id: String(id), reviewer: reviewer, state: state, commit: objectID(item["commit_id"]),
                               submittedAt: ForgeTime.parse(item["submitted_at"]?.string), dismissed: state == .dismissed)
        }
        return .fetched(reviews, etag: newETag)
    }

    /// GitHub's primary limit (403 or 429 with `x-ratelimit-remaining: 0`: wait for
    /// `x-ratelimit-reset`) and secondary limits (`retry-after`, else a minute).
    public func rateLimitWait(_ response: HTTPResponse, now: Int64) -> RateLimitWait? {
        guard response.status == 403 || response.status == 429 else { return nil }
        if let seconds = retryAfter(response) {
            return RateLimitWait(seconds: max(1, seconds), until: now + seconds, reason: "GitHub asks to retry after \(seconds) s")
        }
        if response.header("x-ratelimit-remaining") == "0", let reset = response.header("x-ratelimit-reset").flatMap({ Int64($0) }) {
            let seconds = max(1, reset - now + 1)
            let resource = response.header("x-ratelimit-resource").map { " (\($0))" } ?? ""
            return RateLimitWait(seconds: seconds, until: reset, reason: "the request limit\(resource) is used up")
        }
        if response.status == 429 || response.text.lowercased().contains("secondary rate limit") {
            return RateLimitWait(seconds: 60, until: nil, reason: "GitHub's secondary rate limit")
        }
        return nil
    }

    public func denial(_ response: HTTPResponse, hasToken: Bool) -> String {
        if response.status == 401 {
            return hasToken
                ? "GitHub refused the token in GITHUB_TOKEN (401 \(ForgeHTTP.serverMessage(response))): it is wrong, expired or revoked"
                : "GitHub asks for a token (401): set GITHUB_TOKEN to a token that can read \(project)'s pull requests"
        }
        var needs = "a fine-grained token needs the repository permission 'Pull requests: Read-only' (with 'Metadata: Read-only') on \(project); a classic token needs the 'repo' scope for a private repository"
        if let accepted = response.header("x-accepted-github-permissions"), !accepted.isEmpty {
            needs = "the token lacks a permission GitHub asks for: \(accepted) (a fine-grained token's 'Pull requests: Read-only' is pull_requests=read)"
        } else if let accepted = response.header("x-accepted-oauth-scopes"), !accepted.isEmpty {
            let has = response.header("x-oauth-scopes").map { $0.isEmpty ? "none" : $0 } ?? "unknown"
            needs = "the classic token's scopes (\(has)) lack one of: \(accepted)"
        }
        let what = hasToken ? "GitHub refused the token in GITHUB_TOKEN" : "GitHub refused an unauthenticated request (set GITHUB_TOKEN)"
        return "\(what) (403 \(ForgeHTTP.serverMessage(response))): \(needs)"
    }

    public var notFound: String {
        "GitHub has no repository \(project) at \(api), or GITHUB_TOKEN cannot see it (a private repository needs 'Pull requests: Read-only' or the classic 'repo' scope)"
    }
}
