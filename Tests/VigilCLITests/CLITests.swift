import Foundation
import Testing
import VigilTestSupport

/// The `vigil` executable end to end: output shapes, exit codes, one-line errors.
@Suite struct CLITests {
    func vigil(_ arguments: [String], in directory: URL? = nil, environment extra: [String: String] = [:]) throws -> ProcessRunner.Result {
        try VigilCLI.run(arguments, in: directory, environment: extra)
    }

    func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    @Test func jsonIsAnArrayOfCommitsWithTheDocumentedShape() throws {
        let repo = try FixtureRepository.shared("agents.fi")
        let result = try vigil(["scan", repo.path, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let commits = try #require(try json(result.stdout) as? [[String: Any]])
        let count = try Git.run(["-C", repo.path, "rev-list", "--count", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(commits.count == Int(count))
        let first = try #require(commits.first)
        for key in ["commit", "parents", "author", "committer", "subject", "provenance", "stats"] {
            #expect(first[key] != nil, "missing \(key)")
        }
        let author = try #require(first["author"] as? [String: Any])
        #expect(Set(author.keys) == ["name", "email", "time"])
        let provenance = try #require(first["provenance"] as? [String: Any])
        #expect(Set(provenance.keys) == ["class", "agents", "evidence"])
        let stats = try #require(first["stats"] as? [String: Any])
        #expect(Set(["files", "added", "removed"]).isSubset(of: Set(stats.keys)))
        let withEvidence = try #require(commits.first { (($0["provenance"] as? [String: Any])?["evidence"] as? [Any])?.isEmpty == false })
        let evidence = try #require(((withEvidence["provenance"] as? [String: Any])?["evidence"] as? [[String: Any]])?.first)
        #expect(Set(["signal", "text", "agent"]).isSubset(of: Set(evidence.keys)))
    }

    @Test func ndjsonIsOneObjectPerLineAndMatchesJSON() throws {
        let repo = try FixtureRepository.shared("agents.fi")
        let nd = try vigil(["scan", repo.path, "--format", "ndjson"])
        let array = try vigil(["scan", repo.path, "--format", "json"])
        let lines = nd.stdout.split(separator: "\n")
        let objects = try lines.map { try json(String($0)) as? [String: Any] }
        let fromArray = try #require(try json(array.stdout) as? [[String: Any]])
        #expect(objects.count == fromArray.count)
        #expect(objects.compactMap { $0?["commit"] as? String } == fromArray.compactMap { $0["commit"] as? String })
    }

    @Test func summaryAsJSON() throws {
        let repo = try FixtureRepository.shared("agents.fi")
        let result = try vigil(["scan", repo.path, "--summary", "--format", "json"])
        let summary = try #require(try json(result.stdout) as? [String: Any])
        let byClass = try #require(summary["byClass"] as? [String: Int])
        #expect(byClass.values.reduce(0, +) == summary["commits"] as? Int)
        #expect((summary["aiCommits"] as? Int ?? 0) > 0)
        #expect(summary["aiLineShare"] is Double || summary["aiLineShare"] is Int)
    }

    @Test func pipedTableIsPlainWithASummary() throws {
        let repo = try FixtureRepository.shared("agents.fi")
        let result = try vigil(["scan", repo.path, "-n", "5"], environment: ["TERM": "xterm-256color"])
        #expect(result.status == 0)
        #expect(!result.stdout.contains("\u{1B}["), "no colour when piped")
        #expect(result.stdout.hasPrefix("COMMIT"))
        #expect(result.stdout.contains("Commits: 5 ("))
        #expect(result.stderr.isEmpty, "no progress when stderr is not a terminal: \(result.stderr)")
    }

    @Test func notARepositoryExitsTwoWithOneLine() throws {
        let temp = try TemporaryDirectory()
        let result = try vigil(["scan", "--repo", temp.path])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("vigil: \(temp.path)"))
        #expect(result.stderr.contains("not a git repository"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stdout.isEmpty)
    }

    @Test func anUnknownRevisionExitsTwo() throws {
        let repo = try FixtureRepository.shared("agents.fi")
        let result = try vigil(["scan", repo.path, "no-such-branch"])
        #expect(result.status == 2)
        #expect(result.stderr == "vigil: unknown revision 'no-such-branch'\n")
    }

    @Test func aMalformedRulesFileExitsTwoNamingFileAndLine() throws {
        let temp = try TemporaryDirectory()
        let file = temp.url.appendingPathComponent("agents.yml")
        try "version: 1\nagents:\n  - id: x\n    markers:\n      - regex: '[z-a]'\n        class: ai\n".write(to: file, atomically: true, encoding: .utf8)
        let repo = try FixtureRepository.shared("agents.fi")
        let result = try vigil(["scan", repo.path, "--rules", temp.path])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("vigil: \(file.path):5: agent 'x': regex: invalid regular expression"))
    }

    @Test func badUsageExitsTwo() throws {
        let result = try vigil(["scan", "--format", "xml"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("xml"))
        let date = try vigil(["scan", "--since", "someday"])
        #expect(date.status == 2)
        #expect(date.stderr.contains("--since: cannot read date 'someday'"))
    }

    @Test func helpShowsExamples() throws {
        let result = try vigil(["scan", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Examples:"))
        #expect(result.stdout.contains("vigil scan main..feature --format json"))
    }

    @Test func rulesTestRunsEveryExample() throws {
        let result = try vigil(["rules", "test", PackagePaths.rules.path])
        #expect(result.status == 0, "\(result.stdout)")
        // "N passed, 0 failed" with N the number of examples in the files: none may be skipped.
        let last = try #require(result.stdout.split(separator: "\n").last)
        let passed = try #require(Int(last.split(separator: " ").first ?? ""))
        #expect(last.hasSuffix(" passed, 0 failed"))
        #expect(passed >= 300, "too few examples ran: \(last)")
        // Rules with no examples are a failure, not a pass. Files a rules directory lacks are the
        // built-in ones: an empty file of the same name is how a built-in file is dropped.
        let empty = try TemporaryDirectory()
        try "version: 1\nagents: []\n".write(to: empty.url.appendingPathComponent("agents.yml"), atomically: true, encoding: .utf8)
        try "version: 1\n".write(to: empty.url.appendingPathComponent("review.yml"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: empty.url.appendingPathComponent("risk"), withIntermediateDirectories: true)
        for file in try FileManager.default.contentsOfDirectory(atPath: PackagePaths.rules.appendingPathComponent("risk").path) {
            try "version: 1\nrules: []\n".write(to: empty.url.appendingPathComponent("risk/\(file)"), atomically: true, encoding: .utf8)
        }
        let none = try vigil(["rules", "test", empty.path])
        #expect(none.status == 1)
        #expect(none.stderr.contains("no rule examples"))
    }

    @Test func opensTheRepositoryFromGitsHookEnvironment() throws {
        // As in a quarantined push: the objects live elsewhere, named by GIT_ALTERNATE_OBJECT_DIRECTORIES,
        // C-quoted because the path holds a colon (libgit2 alone cannot read that entry).
        let temp = try TemporaryDirectory()
        let odd = temp.url.appendingPathComponent("srv:repos")
        try FileManager.default.createDirectory(at: odd, withIntermediateDirectories: true)
        let source = try FixtureRepository.fresh("agents.fi", in: odd)
        let head = try Git.run(["-C", source.path, "rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let empty = temp.url.appendingPathComponent("empty.git")
        try Git.run(["init", "-q", "--bare", empty.path])
        let quoted = "\"\(source.appendingPathComponent("objects").path)\""
        let result = try vigil(["scan", head, "-n", "1", "--format", "ndjson"], in: temp.url,
                               environment: ["GIT_DIR": empty.path, "GIT_ALTERNATE_OBJECT_DIRECTORIES": quoted])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"commit\":\"\(head)\""))
    }
}

/// `vigil coverage` end to end on the review fixture.
@Suite struct CoverageCLITests {
    func vigil(_ arguments: [String]) throws -> ProcessRunner.Result { try VigilCLI.run(arguments) }

    @Test func reportsTheSharesAndListsUnreviewedAIWork() throws {
        let repo = try FixtureRepository.shared("review.sh")
        let result = try vigil(["coverage", repo.path, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let ai = try #require(json["aiCommits"] as? [String: Any])
        #expect(ai["reviewed"] as? Int == 2)
        #expect(ai["total"] as? Int == 4)
        let commits = try #require(json["commits"] as? [String: Any])
        #expect(commits["reviewed"] as? Int == 3)
        #expect(commits["total"] as? Int == 12)
        let unreviewed = try #require(json["unreviewedAICommits"] as? [[String: Any]])
        #expect(Set(unreviewed.compactMap { $0["subject"] as? String }) == ["Simplify the CI workflow", "Tune the reward scale (#14)"])
        let byAgent = try #require(json["byAgent"] as? [String: [String: [String: Any]]])
        #expect(byAgent["cursor"]?["commits"]?["ratio"] as? Double == 1)
    }

    @Test func minCoverageGatesWithExitOne() throws {
        let repo = try FixtureRepository.shared("review.sh")
        let pass = try vigil(["coverage", repo.path, "--min-coverage", "50"])
        #expect(pass.status == 0, "\(pass.stderr)")
        #expect(pass.stdout.contains("AI-made commits reviewed:  50.0% (2 of 4"))
        let fail = try vigil(["coverage", repo.path, "--min-coverage", "75"])
        #expect(fail.status == 1)
        #expect(fail.stderr == "vigil: AI-made review coverage 50.0% is below --min-coverage 75.0% (2 unreviewed AI-made commits)\n")
        let bad = try vigil(["coverage", repo.path, "--min-coverage", "150"])
        #expect(bad.status == 2)
    }

    @Test func committerReviewCountsAMaintainerApplyingPatches() throws {
        let temp = try TemporaryDirectory()
        let b = try HistoryBuilder(in: temp.url)
        try b.commit("Add feature\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n", files: ["a.txt": "a\n"],
                     author: "Jane Doe <jane@example.com>", committer: "Maint Ainer <maint@example.com>")
        let plain = try vigil(["coverage", b.path, "--format", "json"])
        let counted = try vigil(["coverage", b.path, "--format", "json", "--committer-review"])
        func reviewed(_ r: ProcessRunner.Result) throws -> Int? {
            let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            return (json?["aiCommits"] as? [String: Any])?["reviewed"] as? Int
        }
        #expect(try reviewed(plain) == 0)
        #expect(try reviewed(counted) == 1)
    }
}

/// Risk findings through the CLI: SARIF, --fail-on, baseline and ignore file.
@Suite struct RiskCLITests {
    func vigil(_ arguments: [String]) throws -> ProcessRunner.Result { try VigilCLI.run(arguments) }

    @Test func sarifHasWhatCodeScanningNeeds() throws {
        let repo = try FixtureRepository.shared("risk.sh")
        let result = try vigil(["scan", repo.path, "--format", "sarif"])
        #expect(result.status == 0, "\(result.stderr)")
        let sarif = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(sarif["version"] as? String == "2.1.0")
        let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(!rules.isEmpty)
        for rule in rules {
            #expect(rule["id"] is String && rule["shortDescription"] != nil && rule["fullDescription"] != nil && rule["help"] != nil)
            let severity = (rule["properties"] as? [String: Any])?["security-severity"] as? String
            #expect(severity.flatMap(Double.init) != nil)
        }
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(!results.isEmpty)
        let ruleIDs = Set(rules.compactMap { $0["id"] as? String })
        for r in results {
            #expect(ruleIDs.contains(r["ruleId"] as? String ?? ""))
            #expect(["error", "warning", "note"].contains(r["level"] as? String ?? ""))
            let location = ((r["locations"] as? [[String: Any]])?.first?["physicalLocation"]) as? [String: Any]
            let uri = (location?["artifactLocation"] as? [String: Any])?["uri"] as? String
            #expect(uri.map { !$0.hasPrefix("/") } == true, "repository-relative uri")
            // A line finding names its line; a file-level one has no region (it is about no line).
            if let region = location?["region"] as? [String: Any] {
                #expect((region["startLine"] as? Int ?? 0) >= 1)
            } else {
                #expect((r["properties"] as? [String: Any])?["side"] as? String == "file")
            }
            #expect((r["partialFingerprints"] as? [String: Any])?["primaryLocationLineHash"] is String)
        }
    }

    @Test func failOnExitsOneOnlyAtOrAboveTheSeverity() throws {
        let repo = try FixtureRepository.shared("risk.sh")
        let high = try vigil(["scan", repo.path, "--summary", "--fail-on", "high"])
        #expect(high.status == 1)
        #expect(high.stderr.hasPrefix("vigil: "))
        #expect(high.stderr.contains("finding(s) at or above high"))
        let root = try Git.run(["-C", repo.path, "rev-list", "--max-parents=0", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let quiet = try vigil(["scan", repo.path, root, "--summary", "--fail-on", "low"])
        #expect(quiet.status == 0, "the root commit adds only a README: \(quiet.stdout)")
    }

    @Test func aBaselineHidesKnownFindingsAndAnIgnoreFileNeedsReasons() throws {
        let repo = try FixtureRepository.shared("risk.sh")
        let temp = try TemporaryDirectory()
        let first = try vigil(["scan", repo.path, "--format", "json"])
        let report = temp.url.appendingPathComponent("report.json")
        try first.stdout.write(to: report, atomically: true, encoding: .utf8)
        let again = try vigil(["scan", repo.path, "--summary", "--format", "json", "--baseline", report.path])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect(summary["flags"] as? Int == 0)
        #expect((summary["suppressedFlags"] as? Int ?? 0) > 0)

        let ignore = temp.url.appendingPathComponent("ignore")
        try "rule=no-such-rule\n".write(to: ignore, atomically: true, encoding: .utf8)
        let bad = try vigil(["scan", repo.path, "--summary", "--ignore-file", ignore.path])
        #expect(bad.status == 2)
        #expect(bad.stderr == "vigil: \(ignore.path):1: an ignore entry needs a reason\n")
        try "# accepted\nrule=no-such-rule kept for the demo\n".write(to: ignore, atomically: true, encoding: .utf8)
        let stale = try vigil(["scan", repo.path, "--summary", "--ignore-file", ignore.path])
        #expect(stale.status == 0)
        #expect(stale.stderr.contains("\(ignore.path):2: ignore entry matched no finding"))
    }
}
