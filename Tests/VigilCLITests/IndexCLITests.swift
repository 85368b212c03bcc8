import Foundation
import Testing
import VigilTestSupport

/// `vigil index`, `query`, `show`, `triage` and the report's triage column, end to end.
@Suite struct IndexCLITests {
    func json(_ line: Substring) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func indexQueryShowAndTriage() throws {
        let tmp = try TemporaryDirectory()
        let repo = try FixtureRepository.fresh("risk.sh", in: tmp.url)
        let first = try VigilCLI.run(["index"], in: repo)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("risk-sh: 12 new commit(s) scanned; the index holds 12 commit(s) and "))
        #expect(FileManager.default.fileExists(atPath: repo.appendingPathComponent(".git/vigil/index.sqlite").path))
        let again = try VigilCLI.run(["index", "--format", "json"], in: repo)
        let summary = try json(again.stdout.split(separator: "\n")[0])
        #expect(summary["scanned"] as? Int == 0 && summary["indexedCommits"] as? Int == 12)

        // Findings as ndjson: the documented shape.
        let critical = try VigilCLI.run(["query", "--severity", "critical", "--format", "ndjson"], in: repo)
        #expect(critical.status == 0)
        let rows = try critical.stdout.split(separator: "\n").map(json)
        #expect(rows.count >= 2)
        for row in rows {
            #expect(Set(row.keys) == ["id", "repository", "commit", "subject", "author", "committer", "provenance", "review", "flag", "triage"])
            let flag = try #require(row["flag"] as? [String: Any])
            #expect(flag["severity"] as? String == "critical")
            #expect(flag["fingerprint"] as? String == row["id"] as? String)
        }
        let removal = try #require(rows.first { ($0["flag"] as? [String: Any])?["rule"] as? String == "guardrail-safety-check-removed" })
        let id = try #require(removal["id"] as? String)
        let commit = try #require(removal["commit"] as? String)

        let csv = try VigilCLI.run(["query", "--rule", "guardrail-safety-check-removed", "--format", "csv"], in: repo)
        let lines = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first == "id,repository,commit,date,class,agents,review,severity,category,rule,path,line,side,triage,excerpt,kind,lines,scope,key,old,new,direction")
        #expect(lines.count == 2, "one finding per commit, rule and file")

        let sarif = try VigilCLI.run(["query", "--category", "guardrail", "--format", "sarif"], in: repo)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")

        // show: the flagged line marked in its hunk, with context.
        let show = try VigilCLI.run(["show", String(commit.prefix(10))], in: repo)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("Provenance: ai (cursor)"))
        #expect(show.stdout.contains("Source:    the index"))
        #expect(show.stdout.contains("> -    if not is_safe(output):"))
        #expect(show.stdout.contains("       output = model.generate(prompt)"))

        // triage: hidden from default queries, shown on request and by show and the report.
        let triage = try VigilCLI.run(["triage", id, "--status", "false-positive", "--note", "moved to middleware", "--by", "Tess Reviewer"], in: repo)
        #expect(triage.status == 0, "\(triage.stderr)")
        #expect(triage.stdout == "risk-sh: 1 finding(s) of \(commit.prefix(12)) marked false-positive by Tess Reviewer\n")
        let hidden = try VigilCLI.run(["query", "--format", "ndjson"], in: repo)
        #expect(!hidden.stdout.contains(id))
        let shown = try VigilCLI.run(["query", "--triage", "false-positive", "--format", "ndjson"], in: repo)
        let verdict = try #require(try json(shown.stdout.split(separator: "\n")[0])["triage"] as? [String: Any])
        #expect(verdict["status"] as? String == "false-positive" && verdict["by"] as? String == "Tess Reviewer")
        let showAgain = try VigilCLI.run(["show", commit], in: repo)
        #expect(showAgain.stdout.contains("triage: false-positive by Tess Reviewer"))
        let report = try VigilCLI.run(["report", "--week", "2026-W01", "--format", "json"], in: repo)
        #expect(report.status == 0, "\(report.stderr)")
        let flagged = try #require((try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])?["flaggedCommits"] as? [[String: Any]])
        let entry = try #require(flagged.first { $0["commit"] as? String == commit })
        #expect(entry["triage"] as? String == "false-positive")

        // Under other rules, show says the stored results are stale.
        let otherRules = tmp.url.appendingPathComponent("rules")
        try FileManager.default.copyItem(at: PackagePaths.rules, to: otherRules)
        let agents = otherRules.appendingPathComponent("agents.yml")
        try (try String(contentsOf: agents, encoding: .utf8) + "\n# edited\n").write(to: agents, atomically: true, encoding: .utf8)
        let stale = try VigilCLI.run(["show", commit], in: repo, rules: otherRules)
        #expect(stale.stdout.contains("Source:    the index, made under other rules (`vigil index` refreshes it)"))
    }

    @Test func aReportFromTheIndexMatchesAScannedOne() throws {
        let tmp = try TemporaryDirectory()
        let repo = try FixtureRepository.fresh("weeks.sh", in: tmp.url)
        #expect(try VigilCLI.run(["index"], in: repo).status == 0)
        for format in ["md", "html", "json"] {
            let scanned = try VigilCLI.run(["report", "main", "--week", "2026-W04", "--format", format, "--no-index"], in: repo)
            #expect(scanned.status == 0, "\(scanned.stderr)")
            let fromIndex = try VigilCLI.run(["report", "main", "--week", "2026-W04", "--format", format], in: repo)
            #expect(fromIndex.stdout == scanned.stdout, "\(format)")
        }
    }

    @Test func badInputExitsTwoWithOneLine() throws {
        let tmp = try TemporaryDirectory()
        let repo = try FixtureRepository.fresh("risk.sh", in: tmp.url)
        let none = try VigilCLI.run(["query"], in: repo)
        #expect(none.status == 2)
        #expect(none.stderr == "vigil: \(repo.appendingPathComponent(".git/vigil/index.sqlite").path): no index here; build one with `vigil index`\n")
        _ = try VigilCLI.run(["index"], in: repo)
        let noNote = try VigilCLI.run(["triage", "HEAD", "--status", "confirmed"], in: repo)
        #expect(noNote.status == 2 && noNote.stderr == "vigil: --note: say why (a verdict without a reason cannot be audited)\n")
        let badTriage = try VigilCLI.run(["query", "--triage", "maybe"], in: repo)
        #expect(badTriage.status == 2 && badTriage.stderr.hasPrefix("vigil: --triage: 'maybe' is not one of"))
        let unknown = try VigilCLI.run(["triage", "no-such-thing", "--status", "confirmed", "--note", "x"], in: repo)
        #expect(unknown.status == 2 && unknown.stderr.hasPrefix("vigil: no-such-thing: no such finding or indexed commit"))
        let badShow = try VigilCLI.run(["show", "no-such-rev"], in: repo)
        #expect(badShow.status == 2 && badShow.stderr.split(separator: "\n").count == 1)
        let negative = try VigilCLI.run(["query", "--limit=-1"], in: repo)
        #expect(negative.status == 2 && negative.stderr == "vigil: --limit must not be negative (see --help)\n")
        let badDate = try VigilCLI.run(["query", "--since", "nonsense"], in: repo)
        #expect(badDate.status == 2 && badDate.stderr.hasPrefix("vigil: --since: cannot read date 'nonsense'"))
        let badGlob = try VigilCLI.run(["query", "--path", "[]"], in: repo)
        #expect(badGlob.status == 2 && badGlob.stderr.hasPrefix("vigil: --path: bad glob '[]':") && badGlob.stderr.split(separator: "\n").count == 1)
        let noRepo = try VigilCLI.run(["triage", "HEAD", "--status", "confirmed", "--note", "x", "--repository", "nosuch"], in: repo)
        #expect(noRepo.status == 2 && noRepo.stderr == "vigil: --repository: unknown 'nosuch'\n")
        // Typos in name filters are errors with the nearest name, not empty results.
        let typo = try VigilCLI.run(["query", "--agent", "claude-cod"], in: repo)
        #expect(typo.status == 2 && typo.stderr == "vigil: --agent: unknown 'claude-cod' (did you mean 'claude-code'?)\n")
        let noRule = try VigilCLI.run(["query", "--rule", "no-such-rule"], in: repo)
        #expect(noRule.status == 2 && noRule.stderr.hasPrefix("vigil: --rule: unknown 'no-such-rule'"))
        // -C/--repo is a path in every command.
        let path = try VigilCLI.run(["query", "--repo", repo.path, "--commits", "--limit", "1"])
        #expect(path.status == 0, "\(path.stderr)")
        let missing = try VigilCLI.run(["scan", "/nonexistent/path"])
        #expect(missing.status == 2 && missing.stderr == "vigil: /nonexistent/path: no such file or directory\n")
        let plain = tmp.url.appendingPathComponent("not-a-repo")
        try FileManager.default.createDirectory(at: plain, withIntermediateDirectories: true)
        let notRepo = try VigilCLI.run(["index", plain.path])
        #expect(notRepo.status == 2 && notRepo.stderr.hasPrefix("vigil: \(plain.path): not a git repository") && !notRepo.stderr.contains("--db"))
        let junk = tmp.url.appendingPathComponent("junk.sqlite")
        try Data(repeating: 0x41, count: 4096).write(to: junk)
        let bad = try VigilCLI.run(["query", "--db", junk.path], in: repo)
        #expect(bad.status == 2 && bad.stderr.hasPrefix("vigil: \(junk.path): not a usable vigil index"))
    }

    @Test func aKilledRunKeepsWhatItWroteAndTheNextResumes() throws {
        let tmp = try TemporaryDirectory()
        // 3,000 commits, each changing one line of one of 50 files.
        let repo = tmp.url.appendingPathComponent("big.git")
        try Git.run(["init", "--bare", "-q", "-b", "main", repo.path])
        var stream = ""
        for i in 1...3000 {
            let content = "value = \(i)\n"
            stream += "commit refs/heads/main\nmark :\(i)\ncommitter Bench <bench@example.com> \(1_767_225_600 + 60 * i) +0000\n"
            stream += "data \("commit \(i)".utf8.count)\ncommit \(i)\n"
            stream += "M 100644 inline src/file\(i % 50).py\ndata \(content.utf8.count)\n\(content)\n"
        }
        let streamFile = tmp.url.appendingPathComponent("stream.fi")
        try stream.write(to: streamFile, atomically: true, encoding: .utf8)
        try Git.run(["-C", repo.path, "fast-import", "--quiet"], stdin: FileHandle(forReadingFrom: streamFile))

        let process = Process()
        process.executableURL = PackagePaths.vigilExecutable
        process.arguments = ["index", repo.path, "--workers", "1"]
        var env = Git.isolatedEnvironment
        env["VIGIL_RULES"] = PackagePaths.rules.path
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Kill it, hard, once a first batch is committed and before it ends.
        var killedMidway = false
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline && process.isRunning {
            let probe = try VigilCLI.run(["query", "--db", repo.appendingPathComponent("vigil/index.sqlite").path, "--commits", "--limit", "1", "--format", "ndjson"])
            if probe.status == 0 && !probe.stdout.isEmpty {
                killedMidway = process.isRunning
                kill(process.processIdentifier, SIGKILL)
                break
            }
            usleep(20_000)
        }
        process.waitUntilExit()

        let resume = try VigilCLI.run(["index", repo.path, "--format", "json"])
        #expect(resume.status == 0, "\(resume.stderr)")
        let summary = try json(resume.stdout.split(separator: "\n")[0])
        #expect(summary["indexedCommits"] as? Int == 3000)
        // The test is only worth something when the kill landed mid-run: it fails otherwise.
        #expect(killedMidway, "the first run ended before it could be killed mid-run")
        let scanned = try #require(summary["scanned"] as? Int)
        #expect(scanned > 0 && scanned < 3000, "the killed run kept what it had committed (the resumed run scanned \(scanned))")
        let all = try VigilCLI.run(["query", "--db", repo.appendingPathComponent("vigil/index.sqlite").path, "--commits", "--format", "csv"])
        let ids = all.stdout.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }.map { $0.split(separator: ",")[1] }
        #expect(ids.count == 3000 && Set(ids).count == 3000)
    }
}
