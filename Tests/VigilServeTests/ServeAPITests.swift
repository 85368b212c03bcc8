import Foundation
import Testing
import VigilModel
import VigilRules
import VigilServe
import VigilStore
import VigilTestSupport

/// `vigil serve`'s JSON API over real HTTP on loopback: the queue and its filters, commit pages,
/// exports, and triage with its history, conflicts and git notes.
@Suite(.serialized) struct ServeAPITests {
    @Test func theQueueRanksFiltersAndPages() async throws {
        let served = try await ServedIndex { $0.pageSize = 3 }
        defer { Task { await served.stop() } }
        let all = try await served.json("/api/queue?triage=all")
        let total = try #require(all["total"] as? Int)
        #expect(total >= 8)
        let first = try #require(all["commits"] as? [[String: Any]])
        #expect(first.count == 3 && all["pageSize"] as? Int == 3)
        let risks = first.compactMap { $0["risk"] as? Double }
        #expect(risks.count == first.count && risks == risks.sorted(by: >))
        // The rank is the commit's risk score, as its stored report says.
        for entry in first {
            let detail = try await served.json("/api/commits/\(entry["repositoryId"] ?? 0)/\(entry["commit"] ?? "")")
            let score = (detail["riskScore"] as? Double) ?? ((detail["report"] as? [String: Any])?["riskScore"] as? Double)
            #expect(entry["risk"] as? Double == score, "\(detail.keys.sorted())")
        }
        // The top of the queue is an agent's unreviewed change.
        #expect(((first[0]["provenance"] as? [String: Any])?["class"] as? String) == "ai")
        #expect(((first[0]["review"] as? [String: Any])?["status"] as? String) == "unreviewed")
        // The next page holds other commits, and the pages together hold every one once.
        var seen = Set<String>()
        for page in 1...((total + 2) / 3) {
            let body = try await served.json("/api/queue?triage=all&page=\(page)")
            for c in body["commits"] as? [[String: Any]] ?? [] { #expect(seen.insert(c["commit"] as? String ?? "").inserted) }
        }
        #expect(seen.count == total)

        let critical = try await served.json("/api/queue?triage=all&severity=critical")
        let criticalCommits = try #require(critical["commits"] as? [[String: Any]])
        #expect(!criticalCommits.isEmpty && (critical["total"] as? Int ?? 0) < total)
        #expect(criticalCommits.allSatisfy { $0["topSeverity"] as? String == "critical" })

        // The reviewer filter: only the commit Bob approved.
        let bob = try await served.json("/api/queue?triage=all&reviewer=bob")
        let bobs = try #require(bob["commits"] as? [[String: Any]])
        #expect(bobs.count == 1 && bobs[0]["subject"] as? String == "Raise the learning rate again")

        let human = try await served.json("/api/queue?triage=all&class=human&category=training")
        #expect((human["commits"] as? [[String: Any]] ?? []).allSatisfy {
            ($0["provenance"] as? [String: Any])?["class"] as? String == "human" && ($0["categories"] as? [String] ?? []).contains("training")
        })
        let bad = try await served.client.send("GET", "/api/queue?severity=extreme")
        #expect(bad.status == 400 && bad.body.contains("severity: 'extreme' is not a known value"))
    }

    @Test func aCommitShowsEachFlaggedHunkOnceWithOldAndNew() async throws {
        let served = try await ServedIndex()
        defer { Task { await served.stop() } }
        let queue = try await served.json("/api/queue?triage=all")
        let entries = try #require(queue["commits"] as? [[String: Any]])
        let hostile = try #require(entries.first { ($0["subject"] as? String ?? "").hasPrefix("<script>") })
        let id = try #require(hostile["commit"] as? String), repo = try #require(hostile["repositoryId"] as? Int)
        let commit = try await served.json("/api/commits/\(repo)/\(id)")
        #expect((commit["message"] as? String ?? "").contains("Body <script>alert(6)</script>"))
        let flags = try #require(commit["flags"] as? [[String: Any]])
        let kl = try #require(flags.first { ($0["path"] as? String) == "trainer/ppo_config.py" })
        let change = try #require(kl["change"] as? [String: String])
        #expect(change["old"]?.contains("kl_coef: float = 0.0") == true && change["new"]?.contains("kl_coef: float = 0.001") == true)
        let hunks = try #require(commit["hunks"] as? [[String: Any]])
        // Two rules on the same line: one hunk, both findings in it.
        let headers = hunks.map { "\($0["path"] ?? "") \($0["header"] ?? "")" }
        #expect(Set(headers).count == headers.count)
        #expect(hunks.reduce(0) { $0 + (($1["fingerprints"] as? [String])?.count ?? 0) } == flags.count)
        let missing = try await served.client.send("GET", "/api/commits/\(repo)/\(String(repeating: "0", count: 40))")
        #expect(missing.status == 404)
    }

    @Test func exportsTheCurrentFilter() async throws {
        let served = try await ServedIndex()
        defer { Task { await served.stop() } }
        let json = try await served.client.send("GET", "/api/export?format=json&triage=all&category=guardrail")
        #expect(json.status == 200 && json.header("content-disposition")?.contains("vigil-findings.json") == true)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.body.utf8)) as? [[String: Any]])
        #expect(!rows.isEmpty && rows.allSatisfy { ($0["flag"] as? [String: Any])?["category"] as? String == "guardrail" })
        let csv = try await served.client.send("GET", "/api/export?format=csv&triage=all&category=guardrail")
        let lines = csv.body.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first?.hasPrefix("id,repository,commit,") == true && lines.count == rows.count + 1)
        let sarif = try await served.client.send("GET", "/api/export?format=sarif&triage=all&category=guardrail")
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.body.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let results = ((log["runs"] as? [[String: Any]])?.first?["results"] as? [Any]) ?? []
        #expect(results.count == rows.count)
        #expect(try await served.client.send("GET", "/api/export?format=xml").status == 400)
    }

    @Test func triageRecordsHistoryRefusesSilentOverwritesAndWritesNotes() async throws {
        let served = try await ServedIndex()
        defer { Task { await served.stop() } }
        let (_, cookie, token) = try await served.page()
        #expect(cookie.count == 32 && token.count == 64)
        let queue = try await served.json("/api/queue")
        let entry = try #require((queue["commits"] as? [[String: Any]])?.first)
        let commit = try #require(entry["commit"] as? String), repo = try #require(entry["repositoryId"] as? Int)
        let detail = try await served.json("/api/commits/\(repo)/\(commit)")
        let fingerprint = try #require(((detail["flags"] as? [[String: Any]])?.first)?["fingerprint"] as? String)

        let first = try await served.triage(["repository": repo, "commit": commit, "fingerprints": [fingerprint], "status": "confirmed",
                                       "note": "KL penalty switched off", "by": "Ana Ruiz", "seen": [fingerprint: 0]],
                                      cookie: cookie, token: token)
        #expect(first.status == 200, "\(first.body)")
        #expect(first.body.contains("written to refs/notes/vigil/triage"))
        let afterFirst = try await served.json("/api/commits/\(repo)/\(commit)")
        let history = try #require(((afterFirst["flags"] as? [[String: Any]])?.first { $0["fingerprint"] as? String == fingerprint })?["triage"] as? [[String: Any]])
        #expect(history.count == 1 && history[0]["status"] as? String == "confirmed" && history[0]["by"] as? String == "Ana Ruiz")
        let verdictID = try #require(history[0]["id"] as? Int)

        // Another reviewer, seeing Ana's verdict, is told before replacing it.
        let other = ["repository": repo, "commit": commit, "fingerprints": [fingerprint], "status": "false-positive",
                     "note": "only a default", "by": "Ben Other", "seen": [fingerprint: verdictID]] as [String: Any]
        let refused = try await served.triage(other, cookie: cookie, token: token)
        #expect(refused.status == 409 && refused.body.contains("another-reviewer") && refused.body.contains("Ana Ruiz"))
        // A page loaded before Ana's verdict cannot overwrite it either.
        var stale = other
        stale["seen"] = [fingerprint: 0]
        stale["replaceOthers"] = true
        let staleAnswer = try await served.triage(stale, cookie: cookie, token: token)
        #expect(staleAnswer.status == 409 && staleAnswer.body.contains("changed-since-seen"))
        var chosen = other
        chosen["replaceOthers"] = true
        let replaced = try await served.triage(chosen, cookie: cookie, token: token)
        #expect(replaced.status == 200 && replaced.body.contains("\"replaced\""))
        let final = try await served.json("/api/commits/\(repo)/\(commit)")
        let both = ((final["flags"] as? [[String: Any]])?.first { $0["fingerprint"] as? String == fingerprint })?["triage"] as? [[String: Any]] ?? []
        #expect(both.map { $0["status"] as? String } == ["false-positive", "confirmed"])

        // The note on the commit holds both verdicts, merged by fingerprint.
        let note = try Git.run(["-C", served.repository.path, "notes", "--ref=refs/notes/vigil/triage", "show", commit])
        #expect(note.contains("\"vigil\": \"triage/1\"") && note.contains("Ana Ruiz") && note.contains("Ben Other") && note.contains(fingerprint))

        // A note is required.
        var empty = chosen
        empty["note"] = "  "
        #expect(try await served.triage(empty, cookie: cookie, token: token).status == 400)
    }

    @Test func theFilterChoicesAndTheOpenAPIDocumentMatchTheRoutes() async throws {
        let served = try await ServedIndex()
        defer { Task { await served.stop() } }
        let choices = try await served.json("/api/filters")
        #expect((choices["categories"] as? [String])?.contains("reward") == true)
        #expect((choices["reviewers"] as? [String]) == ["Bob Smith"])
        let text = try String(contentsOf: PackagePaths.root.appendingPathComponent("docs/openapi.json"), encoding: .utf8)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var documented = Set<String>()
        for (path, operations) in paths { for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") } }
        #expect(documented == Set(ServeApp.routes))
    }

    @Test func theFilterChoicesFollowTheIndex() async throws {
        let served = try await ServedIndex()
        defer { Task { await served.stop() } }
        let before = try await served.json("/api/filters")
        #expect((before["rules"] as? [String])?.isEmpty == false)
        #expect((before["agents"] as? [String])?.contains("claude-code") == false)
        // A new agent's commit indexed while the server runs is offered at the next request.
        let repo = HistoryBuilder(existing: served.repository, after: 1_900_000_000)
        try repo.commit("Tune the reward\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n",
                        files: ["notes/extra.txt": "more\n"])
        let db = try IndexDatabase(path: served.databasePath)
        _ = try Indexer(database: db, options: IndexOptions(repositoryPath: served.repository.path,
                                                            rules: try RuleSet.load(directory: PackagePaths.rules.path), workers: 1)).run()
        let after = try await served.json("/api/filters")
        #expect((after["agents"] as? [String])?.contains("claude-code") == true)
    }
}
