import Foundation
import Testing
import VigilServe
import VigilTestSupport

/// The workspace shows attacker-written text and can change verdicts: every page escapes it,
/// every change needs this server's CSRF token and origin, and nothing is reachable from
/// elsewhere without a token.
@Suite(.serialized) struct ServeSecurityTests {
    static let hostile = ["<script>alert(", "<img src=x", "onerror=alert", "href=\"javascript:", "<a href=\"javascript"]

    func expectInert(_ html: String, _ page: String) {
        for needle in Self.hostile where needle != "onerror=alert" {
            #expect(!html.contains(needle), "\(page) holds \(needle)")
        }
        // The only scripts and styles are this server's own.
        #expect(!html.contains("src=\"http") && !html.contains("href=\"//") && !html.contains("@import"))
        #expect(html.components(separatedBy: "<script").count == 2, "\(page): one script tag, the server's own")
    }

    @Test func hostileSubjectsNamesAndPathsRenderAsText() async throws {
        let served = try await ServedIndex()
        defer { Task { await served.stop() } }
        let queue = try await served.client.send("GET", "/?triage=all")
        #expect(queue.status == 200)
        expectInert(queue.body, "the queue")
        #expect(queue.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"))
        #expect(queue.body.contains("&lt;a href=&quot;javascript:alert(3)&quot;&gt;click&lt;/a&gt;"))
        #expect(queue.header("content-security-policy")?.contains("script-src 'self'") == true)
        #expect(queue.header("x-frame-options") == "DENY" && queue.header("x-content-type-options") == "nosniff")

        let api = try await served.json("/api/queue?triage=all")
        for entry in api["commits"] as? [[String: Any]] ?? [] {
            let id = entry["commit"] as? String ?? "", repo = entry["repositoryId"] as? Int ?? 0
            let page = try await served.client.send("GET", "/commit/\(repo)/\(id)")
            #expect(page.status == 200)
            expectInert(page.body, "commit \(id)")
            if (entry["subject"] as? String ?? "").hasPrefix("<script>") {
                #expect(page.body.contains("Body &lt;script&gt;alert(6)&lt;/script&gt;"))
                // The forge link comes from the operator's template, the id from the index.
                #expect(page.body.contains("href=\"https://forge.example/acme/app/commit/\(id)\""))
            }
            if (entry["subject"] as? String) == "Add a workflow" {
                #expect(page.body.contains(".github/workflows/&lt;img src=x onerror=alert(5)&gt;.yml"))
            }
        }
        // The script itself only ever writes text.
        let script = try await served.client.send("GET", "/static/vigil.js")
        #expect(script.status == 200 && script.header("content-type")?.hasPrefix("text/javascript") == true)
        #expect(!script.body.contains("innerHTML") && !script.body.contains("outerHTML") && !script.body.contains("insertAdjacentHTML"))
    }

    @Test func stateChangesNeedTheTokenAndThisOrigin() async throws {
        let served = try await ServedIndex()
        defer { Task { await served.stop() } }
        let (_, cookie, token) = try await served.page()
        let queue = try await served.json("/api/queue")
        let entry = try #require((queue["commits"] as? [[String: Any]])?.first)
        let commit = try #require(entry["commit"] as? String), repo = try #require(entry["repositoryId"] as? Int)
        let detail = try await served.json("/api/commits/\(repo)/\(commit)")
        let fingerprint = try #require(((detail["flags"] as? [[String: Any]])?.first)?["fingerprint"] as? String)
        let body: [String: Any] = ["repository": repo, "commit": commit, "fingerprints": [fingerprint], "status": "false-positive",
                                   "note": "sneaky", "seen": [fingerprint: 0]]

        let noToken = try await served.triage(body, cookie: cookie, token: "")
        #expect(noToken.status == 403 && noToken.body.contains("CSRF"))
        let wrongToken = try await served.triage(body, cookie: cookie, token: String(repeating: "a", count: 64))
        #expect(wrongToken.status == 403)
        // A cookie planted by another page on this host, with its own guess at a token.
        let planted = try await served.triage(body, cookie: String(repeating: "b", count: 32), token: token)
        #expect(planted.status == 403)
        let crossOrigin = try await served.triage(body, cookie: cookie, token: token, origin: "http://evil.example")
        #expect(crossOrigin.status == 403 && crossOrigin.body.contains("cross-origin"))
        let data = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        let noOrigin = try await served.client.send("POST", "/api/triage", headers: [("Content-Type", "application/json"),
            ("Cookie", "vigil_csrf=\(cookie)"), ("X-Vigil-CSRF", token)], body: data)
        #expect(noOrigin.status == 403)
        let asForm = try await served.client.send("POST", "/api/triage", headers: [("Content-Type", "application/x-www-form-urlencoded"),
            ("Cookie", "vigil_csrf=\(cookie)"), ("X-Vigil-CSRF", token), ("Origin", "http://127.0.0.1:\(served.client.port)")], body: data)
        #expect(asForm.status == 415)
        let crossSite = try await served.client.send("POST", "/api/triage", headers: [("Content-Type", "application/json"),
            ("Cookie", "vigil_csrf=\(cookie)"), ("X-Vigil-CSRF", token), ("Origin", "http://127.0.0.1:\(served.client.port)"),
            ("Sec-Fetch-Site", "cross-site")], body: data)
        #expect(crossSite.status == 403)
        // None of them changed anything.
        let unchanged = try await served.json("/api/commits/\(repo)/\(commit)")
        #expect(((unchanged["flags"] as? [[String: Any]])?.first?["triage"] as? [Any])?.isEmpty == true)
        // GET never changes state.
        #expect(try await served.client.send("GET", "/api/triage").status == 404)
        #expect(try await served.triage(body, cookie: cookie, token: token).status == 200)
    }

    @Test func anotherHostNameIsRefusedOnLoopback() async throws {
        let served = try await ServedIndex()
        defer { Task { await served.stop() } }
        // DNS rebinding: a page on attacker.example resolved to 127.0.0.1 sends its own Host.
        let rebound = try await served.client.send("GET", "/api/queue", host: "attacker.example:\(served.client.port)")
        #expect(rebound.status == 421)
        #expect(try await served.client.send("GET", "/api/queue", host: "localhost:\(served.client.port)").status == 200)
    }

    @Test func readOnlyOffersAndAcceptsNoChange() async throws {
        let served = try await ServedIndex { $0.readOnly = true }
        defer { Task { await served.stop() } }
        let queue = try await served.json("/api/queue")
        let entry = try #require((queue["commits"] as? [[String: Any]])?.first)
        let commit = try #require(entry["commit"] as? String), repo = try #require(entry["repositoryId"] as? Int)
        let (page, cookie, token) = try await served.page("/commit/\(repo)/\(commit)")
        #expect(page.status == 200 && !page.body.contains("data-status=\"confirmed\""))
        let answer = try await served.triage(["repository": repo, "commit": commit, "fingerprints": ["0"], "status": "confirmed", "note": "x"],
                                       cookie: cookie, token: token)
        #expect(answer.status == 403 && answer.body.contains("read-only"))
    }

    @Test func aTokenGuardsEveryRequest() async throws {
        let token = "s3cret-token-for-tests-0123456789"
        let served = try await ServedIndex { $0.token = token }
        defer { Task { await served.stop() } }
        #expect(try await served.client.send("GET", "/").status == 401)
        #expect(try await served.client.send("GET", "/api/queue", headers: [("Authorization", "Bearer wrong")]).status == 401)
        #expect(try await served.client.send("GET", "/api/queue", headers: [("Authorization", "Bearer \(token)")]).status == 200)
        let login = try await served.client.send("GET", "/?token=\(token)&severity=high")
        #expect(login.status == 303 && login.header("location") == "/?severity=high")
        let cookie = try #require(login.cookie("vigil_token"))
        #expect(login.setCookies.first { $0.hasPrefix("vigil_token=") }?.contains("HttpOnly; SameSite=Strict") == true)
        #expect(try await served.client.send("GET", "/", headers: [("Cookie", "vigil_token=\(cookie)")]).status == 200)
    }

    @Test func addressesOthersCanReachNeedAToken() throws {
        func configuration(_ listen: String, token: String? = nil, proxy: String? = nil) throws -> ServeConfiguration {
            ServeConfiguration(databasePath: "/nonexistent", listen: try #require(ListenAddress(parsing: listen)), token: token,
                               proxyUserHeader: proxy, reviewer: "r")
        }
        #expect(try configuration("0.0.0.0:8080").refusal()?.contains("needs --token") == true)
        #expect(try configuration("[::]:8080").refusal() != nil)
        #expect(try configuration("192.168.1.5:8080").refusal() != nil)
        #expect(try configuration("0.0.0.0:8080", token: "short").refusal()?.contains("16 characters") == true)
        #expect(try configuration("0.0.0.0:8080", token: "0123456789abcdef0123").refusal() == nil)
        #expect(try configuration("0.0.0.0:8080", proxy: "X-Forwarded-User").refusal() == nil)
        #expect(try configuration("127.0.0.1:8080").refusal() == nil)
        #expect(try configuration("[::1]:0").refusal() == nil)
        #expect(try configuration("localhost:9000").refusal() == nil)
        #expect(ListenAddress(parsing: "127.0.0.1") == nil)
        #expect(ListenAddress(parsing: "8080") == ListenAddress(host: "127.0.0.1", port: 8080))
        #expect(ListenAddress(parsing: "127.0.0.1:70000") == nil && ListenAddress(parsing: "::1:80") == nil)
        #expect(ListenAddress(parsing: "127.0.0.300:80")?.isLoopback == false)
        var template = try configuration("127.0.0.1:0")
        template.commitURLTemplate = "javascript:alert(1)//{commit}"
        #expect(template.refusal()?.contains("https://") == true)
    }
}
