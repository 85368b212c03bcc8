import VigilModel

/// Gitea's (and Forgejo's) REST API v1: `GET /repos/{owner}/{repo}/pulls?state=closed&sort=recentupdate`
/// for the requests, `GET /repos/{owner}/{repo}/pulls/{n}/reviews` for their reviews, whose
/// `dismissed` and `stale` flags are the forge's own word on whether an approval still holds.
public struct GiteaAPI: ForgeAPI {
    public let kind = ForgeKind.gitea
    public let project: String
    public let api: APIURL
    public let tokenVariable = "GITEA_TOKEN"

    public init(project: String, api: APIURL) throws {
        self.project = try checkedProject(project, segments: 2...2, flag: "--gitea")
        self.api = api
    }

    public var acceptHeaders: [(String, String)] { [("Accept", "application/json")] }

    public func authorization(token: String) -> (String, String) { ("Authorization", "token \(token)") }

    private var repoPath: String { APIURL.repositoryPath(project) }

    public func listTarget(updatedAfter: Int64?) -> String {
        api.target(repoPath + "/pulls", query: [("state", "closed"), ("sort", "recentupdate"), ("limit", "50"), ("page", "1")])
    }

    func user(_ json: JSONValue?) -> ForgeUser? {
        guard let json, let login = json["login"]?.string ?? json["username"]?.string, !login.isEmpty else { return nil }
        // Gitea's noreply domain is the instance's setting: no address is assumed.
        return ForgeUser(login: login, id: json["id"]?.int.map(Int64.init), isBot: login.hasSuffix("[bot]"), email: "")
    }

    public func decodeList(_ json: JSONValue) throws -> [ListedRequest] {
        guard let items = json.array else { throw ForgeError(.unavailable, "Gitea's pull request list is not a list") }
        return items.compactMap { item in
            guard let number = item["number"]?.int, let updated = ForgeTime.parse(item["updated_at"]?.string) else { return nil }
            let merged = item["merged"]?.bool == true ? ForgeTime.parse(item["merged_at"]?.string) ?? updated : nil
            let request = ForgeRequest(
                forge: .gitea, project: project, number: number, url: item["html_url"]?.string ?? "",
                author: user(item["user"]) ?? ForgeUser(login: "ghost"), mergedAt: merged,
                head: objectID(item["head"]?["sha"]), base: objectID(item["merge_base"]),
                mergeCommit: objectID(item["merge_commit_sha"]), updatedAt: updated)
            return ListedRequest(request: request, merged: merged != nil)
        }
    }

    public func reviews(of request: ForgeRequest, etag: String?, http: ForgeHTTP) throws -> ReviewFetch {
        let target = api.target(repoPath + "/pulls/\(request.number)/reviews", query: [("limit", "50"), ("page", "1")])
        guard let (items, newETag) = try allPages(target, etag: etag, http: http, what: "the reviews of \(request.name)") else {
            return .notModified
        }
        let reviews: [ForgeReview] = items.compactMap { item in
            guard let reviewer = user(item["user"]), let id = item["id"]?.int else { return nil }
            let state: ForgeReview.State = switch item["state"]?.string?.uppercased() {
            case "APPROVED": .approved
            case "REQUEST_CHANGES": .changesRequested
            case "PENDING", "REQUEST_REVIEW": .pending
            default: .commented
            }
            return ForgeReview(id: String(id), reviewer: reviewer, state: state, commit: objectID(item["commit_id"]),
                               submittedAt: ForgeTime.parse(item["submitted_at"]?.string), dismissed: item["dismissed"]?.bool == true,
                               stale: item["stale"]?.bool)
        }
        return .fetched(reviews, etag: newETag)
    }

    public func rateLimitWait(_ response: HTTPResponse, now: Int64) -> RateLimitWait? {
        guard response.status == 429 else { return nil }
        let seconds = retryAfter(response) ?? 60
        return RateLimitWait(seconds: max(1, seconds), until: now + seconds, reason: "Gitea answered 429 Too Many Requests")
    }

    public func denial(_ response: HTTPResponse, hasToken: Bool) -> String {
        let said = ForgeHTTP.serverMessage(response)
        if response.status == 401 {
            return hasToken
                ? "Gitea refused the token in GITEA_TOKEN (401 \(said)): it is wrong or revoked"
                : "Gitea asks for a token (401): set GITEA_TOKEN to a token with the read:repository scope"
        }
        return "Gitea refused the token in GITEA_TOKEN (403 \(said)): it needs the read:repository scope, and its user read access to \(project)"
    }

    public var notFound: String { "Gitea has no repository \(project) at \(api), or GITEA_TOKEN cannot see it (it needs read:repository)" }
}
