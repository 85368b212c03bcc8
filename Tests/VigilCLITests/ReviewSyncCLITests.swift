import Foundation
import Testing
import VigilTestSupport

/// `vigil review sync` end to end: the built binary against a loopback server answering as
/// GitHub's REST API documents, then coverage, query, show and scan reading what it stored.
@Suite struct ReviewSyncCLITests {
    static let dev = FakeForge.User("dev1", id: 1001)

    /// The forge's view of `history`: who approved which request, at which head.
    static func pulls(_ history: ForgeHistory) -> [FakeForge.Pull] {
        let octocat = FakeForge.User("octocat", id: 1)
        return [
            // #1 squash: approved by a human on the head that was merged.
            FakeForge.Pull(number: 1, author: dev, updatedAt: "2026-11-20T10:00:00Z", head: history.squashOwn[1], base: history.root,
                           mergeCommit: history.squash, reviews: [
                               FakeForge.Review(id: 11, user: octocat, state: "APPROVED", commit: history.squashOwn[1], submittedAt: "2026-11-20T09:00:00Z"),
                           ]),
            // #2 merge commit: approved on its head; the merger is nobody's reviewer.
            FakeForge.Pull(number: 2, author: dev, updatedAt: "2026-11-21T10:00:00Z", head: history.mergeOwn[1], base: history.squash,
                           mergeCommit: history.merge, reviews: [
                               FakeForge.Review(id: 21, user: octocat, state: "APPROVED", commit: history.mergeOwn[1], submittedAt: "2026-11-21T09:00:00Z"),
                           ]),
            // #3 rebase: approved before a later push.
            FakeForge.Pull(number: 3, author: dev, updatedAt: "2026-11-22T10:00:00Z", head: history.rebaseOwn[1], base: history.root,
                           mergeCommit: history.rebased[1], reviews: [
                               FakeForge.Review(id: 31, user: octocat, state: "APPROVED", commit: history.rebaseOwn[0], submittedAt: "2026-11-22T09:00:00Z"),
                           ]),
            // #4 fast-forward: approved by its author, a bot and an AI agent only.
            FakeForge.Pull(number: 4, author: dev, updatedAt: "2026-11-23T10:00:00Z", head: history.fastForward[1], base: history.fastForwardBase,
                           mergeCommit: history.fastForward[1], reviews: [
                               FakeForge.Review(id: 41, user: dev, state: "APPROVED", commit: history.fastForward[1], submittedAt: "2026-11-23T09:00:00Z"),
                               FakeForge.Review(id: 42, user: FakeForge.User("github-actions[bot]", id: 41_898_282, type: "Bot"), state: "APPROVED",
                                                commit: history.fastForward[1], submittedAt: "2026-11-23T09:10:00Z"),
                               FakeForge.Review(id: 43, user: FakeForge.User("claude[bot]", id: 209_825_114, type: "Bot"), state: "APPROVED",
                                                commit: history.fastForward[1], submittedAt: "2026-11-23T09:20:00Z"),
                           ]),
        ]
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func status(_ path: String, _ commit: String) throws -> String? {
        let shown = try VigilCLI.run(["show", path, commit, "--format", "json"])
        return (try json(shown.stdout)["review"] as? [String: Any])?["status"] as? String
    }

    @Test func syncStoresApprovalsThatCoverageQueryAndShowUse() throws {
        let temp = try TemporaryDirectory()
        let history = try ForgeHistory.build(in: temp.url)
        let forge = try FakeForge(.github, project: "acme/app", pageSize: 2, pulls: Self.pulls(history))
        let env = ["GITHUB_TOKEN": forge.token]

        #expect(try VigilCLI.run(["index", history.path]).status == 0)
        let before = try Self.json(try VigilCLI.run(["coverage", history.path, "--format", "json"]).stdout)
        #expect((before["aiCommits"] as? [String: Any])?["reviewed"] as? Int == 0, "git alone cannot see the squash merge's review")

        let sync = try VigilCLI.run(["review", "sync", history.path, "--github", "acme/app", "--api-url", forge.apiURL, "--format", "json"],
                                    environment: env)
        #expect(sync.status == 0, "\(sync.stderr)")
        let summary = try Self.json(sync.stdout)
        #expect(summary["requests"] as? Int == 4 && summary["approvals"] as? Int == 6)
        #expect((summary["reReviewed"] as? Int ?? 0) >= 6)
        #expect(summary["notInRepository"] as? Int == 0, "every merged request landed on a commit this clone has")
        #expect(!sync.stdout.contains(forge.token) && !sync.stderr.contains(forge.token))

        // Coverage scans and reads the forge data from the index: the AI-assisted squash commit is reviewed.
        let after = try Self.json(try VigilCLI.run(["coverage", history.path, "--format", "json"]).stdout)
        let ai = try #require(after["aiCommits"] as? [String: Any])
        #expect(ai["reviewed"] as? Int == 1 && ai["total"] as? Int == 1)

        #expect(try Self.status(history.path, history.squash) == "reviewed")
        #expect(try Self.status(history.path, history.merge) == "reviewed")
        for commit in history.mergeOwn { #expect(try Self.status(history.path, commit) == "reviewed", "brought in by #2") }
        for commit in history.rebased { #expect(try Self.status(history.path, commit) == "unreviewed", "approved before a later push") }
        for commit in history.fastForward { #expect(try Self.status(history.path, commit) == "self-reviewed", "author, bot and agent only") }
        #expect(try Self.status(history.path, history.claimed) == "unreviewed", "names #1, which the forge says landed elsewhere")

        // The stored report says why, with the forge request it came from.
        let shown = try Self.json(try VigilCLI.run(["show", history.path, history.fastForward[1], "--format", "json"]).stdout)
        #expect(shown["source"] as? String == "index")
        let evidence = try #require((shown["review"] as? [String: Any])?["evidence"] as? [[String: Any]]).filter { $0["signal"] as? String == "forge" }
        #expect(evidence.compactMap { $0["discount"] as? String } == ["author", "bot", "ai"])
        let request = try #require(evidence.first?["request"] as? [String: Any])
        #expect(request["number"] as? Int == 4 && request["landing"] as? String == "fast-forward" && request["forge"] as? String == "github")

        // query --review reads the refreshed index.
        let reviewed = try VigilCLI.run(["query", "--db", history.path + "/.git/vigil/index.sqlite", "--commits", "--review", "reviewed",
                                         "--format", "ndjson"])
        let ids = Set(reviewed.stdout.split(separator: "\n").compactMap { try? Self.json(String($0))["commit"] as? String })
        #expect(ids == Set([history.squash, history.merge] + history.mergeOwn))

        // scan reads the same forge data.
        let scanned = try VigilCLI.run(["scan", history.path, "--format", "json", "--no-stats"])
        #expect(scanned.stdout.contains("github acme/app#1 (squash): approved by @octocat"))

        // The token is nowhere in the index.
        let database = try Data(contentsOf: URL(fileURLWithPath: history.path + "/.git/vigil/index.sqlite"))
        #expect(database.range(of: Data(forge.token.utf8)) == nil)
    }

    @Test func aSecondSyncAsksOnlyWhetherAnythingChanged() throws {
        let temp = try TemporaryDirectory()
        let history = try ForgeHistory.build(in: temp.url)
        let forge = try FakeForge(.github, project: "acme/app", pageSize: 10, pulls: Self.pulls(history))
        let env = ["GITHUB_TOKEN": forge.token]
        let arguments = ["review", "sync", history.path, "--github", "acme/app", "--api-url", forge.apiURL]
        #expect(try VigilCLI.run(arguments, environment: env).status == 0)
        let mark = forge.requests.count
        let second = try VigilCLI.run(arguments, environment: env)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("nothing changed since the last sync"))
        let asked = Array(forge.requests.dropFirst(mark))
        #expect(asked.count == 1 && asked.first?.header("If-None-Match") != nil)
    }

    @Test func rateLimitsAndServerErrorsAreWaitedOut() throws {
        let temp = try TemporaryDirectory()
        let history = try ForgeHistory.build(in: temp.url)
        let forge = try FakeForge(.github, project: "acme/app", pulls: Self.pulls(history))
        forge.schedule(.init(path: "/repos/acme/app/pulls", response: .json(#"{"message":"Server Error"}"#, status: 502)))
        let reset = Int(Date().timeIntervalSince1970) + 1
        forge.schedule(.init(path: "/repos/acme/app/pulls/1/reviews", response: .json(#"{"message":"API rate limit exceeded"}"#, status: 403,
            headers: [("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", String(reset)), ("x-ratelimit-resource", "core")])))
        let result = try VigilCLI.run(["review", "sync", history.path, "--github", "acme/app", "--api-url", forge.apiURL],
                                      environment: ["GITHUB_TOKEN": forge.token], timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("502; trying again in 1.0 s"))
        #expect(result.stderr.contains("rate limit: the request limit (core) is used up; waiting"))
        #expect(!result.stderr.contains("\r"), "no countdown when stderr is not a terminal")
        #expect(result.stdout.contains("the index holds 4 request(s)"))
    }

    @Test func aRefusedTokenStopsWithExit2AndNamesTheVariable() throws {
        let temp = try TemporaryDirectory()
        let history = try ForgeHistory.build(in: temp.url)
        let forge = try FakeForge(.github, project: "acme/app", pulls: Self.pulls(history))
        let secret = "ghp_not-the-right-one-4242"
        let result = try VigilCLI.run(["review", "sync", history.path, "--github", "acme/app", "--api-url", forge.apiURL],
                                      environment: ["GITHUB_TOKEN": secret])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("vigil: GitHub refused the token in GITHUB_TOKEN (401"))
        #expect(!result.stderr.contains(secret) && !result.stdout.contains(secret))

        // Plain http to a remote host, credentials in the URL, or two forges at once: bad usage.
        for bad in [["--github", "acme/app", "--api-url", "http://api.example.com"],
                    ["--github", "acme/app", "--api-url", "https://x:\(secret)@api.example.com"],
                    ["--github", "acme/app", "--gitlab", "acme/app"], ["--gitea", "ops/infra"], ["--github", "acme"]] {
            let refused = try VigilCLI.run(["review", "sync", history.path] + bad, environment: ["GITHUB_TOKEN": secret])
            #expect(refused.status == 2, "\(bad): \(refused.stderr)")
            #expect(!refused.stderr.contains(secret), "\(bad)")
        }
    }

    /// Offline by default: only `review sync` links the forge client.
    @Test func onlyReviewSyncUsesTheForgeClient() throws {
        let commands = PackagePaths.root.appendingPathComponent("Sources/vigil")
        var users: [String] = []
        let files = try #require(FileManager.default.subpathsOfDirectory(atPath: commands.path) as [String]?)
        for file in files where file.hasSuffix(".swift") {
            let url = commands.appendingPathComponent(file)
            if try String(contentsOf: url, encoding: .utf8).contains("import VigilForge") { users.append(url.lastPathComponent) }
        }
        // ExitStatus maps its errors to exit codes; it sends nothing.
        #expect(users.sorted() == ["ExitStatus.swift", "ReviewSyncCommand.swift"])
        let manifest = try String(contentsOf: PackagePaths.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let dependents = manifest.split(separator: "\n").filter { $0.contains("\"VigilForge\"") && !$0.contains("name: \"VigilForge\"") }
        #expect(dependents.count == 2, "the vigil executable and the forge tests: \(dependents)")
    }
}
