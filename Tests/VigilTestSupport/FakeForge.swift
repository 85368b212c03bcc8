import Foundation
import Synchronization

/// A forge's API served on loopback, from a small world of requests and reviews, with payloads
/// in each forge's own documented shape (GitHub REST v3, GitLab v4, Gitea v1): pages with `Link`
/// headers, ETags and 304s, and faults a test schedules (a 502, a rate limit, a 401).
public final class FakeForge: @unchecked Sendable {
    public enum Kind: Sendable { case github, gitlab, gitea }

    public struct User: Sendable {
        public var login: String
        public var id: Int
        /// GitHub's `type` (`User`, `Bot`); GitLab's `bot` is true for `Bot`.
        public var type: String
        public init(_ login: String, id: Int, type: String = "User") {
            self.login = login
            self.id = id
            self.type = type
        }
    }

    public struct Review: Sendable {
        public var id: Int
        public var user: User
        /// The forge's own state word (`APPROVED`, `CHANGES_REQUESTED`, `DISMISSED`, Gitea's `REQUEST_CHANGES`...).
        public var state: String
        public var commit: String?
        public var submittedAt: String
        /// Gitea's flags.
        public var dismissed = false
        public var stale = false
        public init(id: Int, user: User, state: String, commit: String?, submittedAt: String, dismissed: Bool = false, stale: Bool = false) {
            self.id = id
            self.user = user
            self.state = state
            self.commit = commit
            self.submittedAt = submittedAt
            self.dismissed = dismissed
            self.stale = stale
        }
    }

    public struct Pull: Sendable {
        public var number: Int
        public var author: User
        public var merged: Bool
        public var updatedAt: String
        public var mergedAt: String?
        public var head: String
        public var base: String
        public var mergeCommit: String?
        /// GitLab's `squash_commit_sha`.
        public var squashCommit: String?
        public var reviews: [Review]
        /// GitLab: when each head was pushed (the merge request's diff versions), newest first.
        public var versions: [(head: String, createdAt: String)] = []
        public init(number: Int, author: User, merged: Bool = true, updatedAt: String, mergedAt: String? = nil, head: String,
                    base: String, mergeCommit: String?, squashCommit: String? = nil, reviews: [Review] = []) {
            self.number = number
            self.author = author
            self.merged = merged
            self.updatedAt = updatedAt
            self.mergedAt = mergedAt ?? (merged ? updatedAt : nil)
            self.head = head
            self.base = base
            self.mergeCommit = mergeCommit
            self.squashCommit = squashCommit
            self.reviews = reviews
        }
    }

    /// A response a test schedules for the next request whose path starts with `path`.
    public struct Fault: Sendable {
        public var path: String
        public var response: LoopbackHTTPServer.Response
        public init(path: String, response: LoopbackHTTPServer.Response) {
            self.path = path
            self.response = response
        }
    }

    public let kind: Kind
    /// `owner/repo`, `group/project`.
    public let project: String
    public let token: String
    public var pageSize: Int
    private let state: Mutex<(pulls: [Pull], faults: [Fault], approvalsMissing: Bool)>
    public private(set) var server: LoopbackHTTPServer!

    public init(_ kind: Kind, project: String, token: String = "test-token-Zq9", pageSize: Int = 2, pulls: [Pull]) throws {
        self.kind = kind
        self.project = project
        self.token = token
        self.pageSize = pageSize
        state = Mutex((pulls, [], false))
        server = try LoopbackHTTPServer { [unowned self] request in self.answer(request) }
    }

    /// The `--api-url` for this forge.
    public var apiURL: String {
        switch kind {
        case .github: server.baseURL
        case .gitlab: server.baseURL + "/api/v4"
        case .gitea: server.baseURL + "/api/v1"
        }
    }

    public var requests: [LoopbackHTTPServer.Request] { server.requests }

    public func schedule(_ fault: Fault) { state.withLock { $0.faults.append(fault) } }

    public func update(_ body: (inout [Pull]) -> Void) { state.withLock { body(&$0.pulls) } }

    /// GitLab without the approvals endpoint (404), as on instances that lack it.
    public func removeApprovalsEndpoint() { state.withLock { $0.approvalsMissing = true } }

    // MARK: Answers

    private func answer(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        if let fault = state.withLock({ s -> Fault? in
            guard let index = s.faults.firstIndex(where: { request.path.hasPrefix($0.path) }) else { return nil }
            return s.faults.remove(at: index)
        }) {
            return fault.response
        }
        guard authorized(request) else {
            return .json(#"{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}"#, status: 401)
        }
        let (pulls, approvalsMissing) = state.withLock { ($0.pulls, $0.approvalsMissing) }
        let body: Any?
        var paged = true
        switch kind {
        case .github: body = github(request, pulls)
        case .gitea: body = gitea(request, pulls)
        case .gitlab:
            if approvalsMissing && request.path.hasSuffix("/approvals") { return .json(#"{"message":"404 Not Found"}"#, status: 404) }
            (body, paged) = gitlab(request, pulls)
        }
        guard let body else { return .json(#"{"message":"Not Found"}"#, status: 404) }
        return respond(body, request: request, paged: paged)
    }

    private func authorized(_ request: LoopbackHTTPServer.Request) -> Bool {
        switch kind {
        case .github: request.header("Authorization") == "Bearer \(token)"
        case .gitlab: request.header("PRIVATE-TOKEN") == token
        case .gitea: request.header("Authorization") == "token \(token)"
        }
    }

    /// Pages a list with `Link` headers (absolute URLs, as forges write them), sets an ETag, and
    /// answers 304 to a matching `If-None-Match`.
    private func respond(_ body: Any, request: LoopbackHTTPServer.Request, paged: Bool) -> LoopbackHTTPServer.Response {
        var value = body
        var headers: [(name: String, value: String)] = []
        if paged, let list = body as? [Any] {
            let sizeKey = kind == .gitea ? "limit" : "per_page"
            let size = min(pageSize, Int(request.query[sizeKey] ?? "") ?? pageSize)
            let page = max(1, Int(request.query["page"] ?? "1") ?? 1)
            let start = min(list.count, (page - 1) * size)
            value = Array(list[start..<min(list.count, start + size)])
            let pages = max(1, (list.count + size - 1) / size)
            func link(_ n: Int) -> String {
                var query = request.query
                query["page"] = String(n)
                let text = query.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0.value)" }
                    .joined(separator: "&")
                return "<\(server.baseURL)\(request.path)?\(text)>"
            }
            var links: [String] = []
            if page < pages { links.append("\(link(page + 1)); rel=\"next\"") }
            if page < pages { links.append("\(link(pages)); rel=\"last\"") }
            if page > 1 { links.append("\(link(1)); rel=\"first\"") }
            if !links.isEmpty { headers.append(("Link", links.joined(separator: ", "))) }
            if kind == .gitea { headers.append(("X-Total-Count", String(list.count))) }
            if kind == .gitlab { headers.append(("X-Total", String(list.count))); headers.append(("X-Page", String(page))) }
        }
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])) ?? Data("null".utf8)
        let text = String(decoding: data, as: UTF8.self)
        let etag = "W/\"\(Self.digest(text))\""
        if request.header("If-None-Match") == etag { return LoopbackHTTPServer.Response(status: 304, headers: [("ETag", etag)]) }
        headers.append(("ETag", etag))
        if kind == .github { headers += [("x-ratelimit-limit", "5000"), ("x-ratelimit-remaining", "4990"), ("x-ratelimit-resource", "core")] }
        return .json(text, headers: headers)
    }

    private static func digest(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return String(hash, radix: 16)
    }

    private var sortedPulls: (([Pull]) -> [Pull]) { { $0.sorted { $0.updatedAt > $1.updatedAt } } }

    // GitHub REST: `pull-request-simple`, `pull-request-review`, `simple-user`.
    private func githubUser(_ user: User) -> [String: Any] {
        ["login": user.login, "id": user.id, "node_id": "U_\(user.id)", "type": user.type, "site_admin": false,
         "html_url": user.type == "Bot" ? "https://github.com/apps/\(user.login.replacingOccurrences(of: "[bot]", with: ""))" : "https://github.com/\(user.login)"]
    }

    private func github(_ request: LoopbackHTTPServer.Request, _ pulls: [Pull]) -> Any? {
        let prefix = "/repos/\(project)/pulls"
        if request.path == prefix {
            let state = request.query["state"] ?? "open"
            return sortedPulls(pulls).filter { _ in state == "all" || state == "closed" }.map { pull -> [String: Any] in
                ["url": "https://api.github.com\(prefix)/\(pull.number)", "number": pull.number, "state": "closed",
                 "html_url": "https://github.com/\(project)/pull/\(pull.number)", "title": "Change \(pull.number)",
                 "user": githubUser(pull.author), "created_at": pull.updatedAt, "updated_at": pull.updatedAt,
                 "closed_at": pull.updatedAt, "merged_at": pull.mergedAt ?? NSNull(), "merge_commit_sha": pull.mergeCommit ?? NSNull(),
                 "head": ["ref": "feature-\(pull.number)", "sha": pull.head], "base": ["ref": "main", "sha": pull.base],
                 "author_association": "CONTRIBUTOR", "draft": false]
            }
        }
        let parts = request.path.dropFirst(prefix.count).split(separator: "/")
        if parts.count == 2, parts[1] == "reviews", let number = Int(parts[0]), let pull = pulls.first(where: { $0.number == number }) {
            return pull.reviews.map { review -> [String: Any] in
                ["id": review.id, "node_id": "PRR_\(review.id)", "user": githubUser(review.user), "body": "", "state": review.state,
                 "html_url": "https://github.com/\(project)/pull/\(number)#pullrequestreview-\(review.id)",
                 "pull_request_url": "https://api.github.com\(prefix)/\(number)", "submitted_at": review.submittedAt,
                 "commit_id": review.commit ?? NSNull(), "author_association": "MEMBER"]
            }
        }
        return nil
    }

    // Gitea v1: `PullRequest`, `PullReview`.
    private func gitea(_ request: LoopbackHTTPServer.Request, _ pulls: [Pull]) -> Any? {
        let prefix = "/api/v1/repos/\(project)/pulls"
        func user(_ u: User) -> [String: Any] { ["id": u.id, "login": u.login, "full_name": u.login, "email": "\(u.login)@noreply.example.org"] }
        if request.path == prefix {
            return sortedPulls(pulls).map { pull -> [String: Any] in
                ["id": 1000 + pull.number, "number": pull.number, "user": user(pull.author), "state": "closed", "merged": pull.merged,
                 "merged_at": pull.mergedAt ?? NSNull(), "merge_commit_sha": pull.mergeCommit ?? NSNull(), "updated_at": pull.updatedAt,
                 "html_url": "https://gitea.example.org/\(project)/pulls/\(pull.number)", "merge_base": pull.base,
                 "head": ["label": "feature", "ref": "feature", "sha": pull.head], "base": ["label": "main", "ref": "main", "sha": pull.base]]
            }
        }
        let parts = request.path.dropFirst(prefix.count).split(separator: "/")
        if parts.count == 2, parts[1] == "reviews", let number = Int(parts[0]), let pull = pulls.first(where: { $0.number == number }) {
            return pull.reviews.map { review -> [String: Any] in
                ["id": review.id, "user": user(review.user), "team": NSNull(), "state": review.state, "body": "",
                 "commit_id": review.commit ?? "", "stale": review.stale, "official": true, "dismissed": review.dismissed,
                 "comments_count": 0, "submitted_at": review.submittedAt, "updated_at": review.submittedAt,
                 "html_url": "https://gitea.example.org/\(project)/pulls/\(number)#issuecomment-\(review.id)",
                 "pull_request_url": "https://gitea.example.org/\(project)/pulls/\(number)"]
            }
        }
        return nil
    }

    // GitLab v4: merge requests, approvals, versions.
    private func gitlab(_ request: LoopbackHTTPServer.Request, _ pulls: [Pull]) -> (Any?, Bool) {
        let encoded = project.replacingOccurrences(of: "/", with: "%2F")
        let prefix = "/api/v4/projects/\(encoded)/merge_requests"
        func user(_ u: User) -> [String: Any] {
            ["id": u.id, "username": u.login, "name": u.login, "state": "active", "bot": u.type == "Bot",
             "avatar_url": "https://gitlab.example.org/avatar/\(u.id)", "web_url": "https://gitlab.example.org/\(u.login)"]
        }
        if request.path == prefix {
            let after = request.query["updated_after"]
            return (sortedPulls(pulls).filter { $0.merged && (after == nil || $0.updatedAt > after!) }.map { pull -> [String: Any] in
                ["id": 5000 + pull.number, "iid": pull.number, "project_id": 1, "title": "Change \(pull.number)", "state": "merged",
                 "author": user(pull.author), "merged_at": pull.mergedAt ?? NSNull(), "updated_at": pull.updatedAt,
                 "sha": pull.head, "merge_commit_sha": pull.mergeCommit ?? NSNull(), "squash_commit_sha": pull.squashCommit ?? NSNull(),
                 "squash": pull.squashCommit != nil, "web_url": "https://gitlab.example.org/\(project)/-/merge_requests/\(pull.number)",
                 "target_branch": "main", "source_branch": "feature-\(pull.number)"]
            }, true)
        }
        let parts = request.path.dropFirst(prefix.count).split(separator: "/")
        guard parts.count == 2, let number = Int(parts[0]), let pull = pulls.first(where: { $0.number == number }) else { return (nil, false) }
        if parts[1] == "approvals" {
            let approvers = pull.reviews.filter { $0.state == "APPROVED" }.map { ["user": user($0.user), "approved_at": $0.submittedAt] }
            return (["id": 5000 + number, "iid": number, "project_id": 1, "title": "Change \(number)", "state": "merged",
                     "merge_status": "can_be_merged", "approvals_required": 1, "approvals_left": approvers.isEmpty ? 1 : 0,
                     "approved_by": approvers, "updated_at": pull.updatedAt] as [String: Any], false)
        }
        if parts[1] == "versions" {
            return (pull.versions.enumerated().map { index, version -> [String: Any] in
                ["id": 100 + index, "head_commit_sha": version.head, "base_commit_sha": pull.base, "start_commit_sha": pull.base,
                 "created_at": version.createdAt, "merge_request_id": 5000 + number, "state": "collected", "real_size": "1"]
            }, true)
        }
        return (nil, false)
    }
}
