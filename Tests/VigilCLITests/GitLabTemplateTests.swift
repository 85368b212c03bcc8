import Foundation
import Testing
import VigilTestSupport
import Yams

/// The GitLab CI template, run as a runner would run it: its variables and script lines in one
/// shell that stops at the first failing line, in a clone, with the variables GitLab sets for a
/// merge request pipeline.
@Suite struct GitLabTemplateTests {
    static let template = PackagePaths.root.appendingPathComponent("ci/gitlab/vigil.gitlab-ci.yml")

    static func job() throws -> (variables: [String: String], script: [String], report: String) {
        let text = try String(contentsOf: template, encoding: .utf8)
        let root = try #require(try Yams.load(yaml: text) as? [String: Any])
        let job = try #require(root["vigil"] as? [String: Any])
        let variables = try #require(job["variables"] as? [String: Any]).mapValues { "\($0)" }
        let script = try #require(job["script"] as? [String])
        let reports = (job["artifacts"] as? [String: Any])?["reports"] as? [String: Any]
        return (variables, script, try #require(reports?["codequality"] as? String))
    }

    static func run(in repo: HistoryBuilder, base: String, head: String, overrides: [String: String] = [:]) throws -> ProcessRunner.Result {
        let (variables, script, _) = try job()
        var env = Git.isolatedEnvironment
        env.merge(variables) { _, new in new }
        env["VIGIL"] = PackagePaths.vigilExecutable.path
        env["CI_PIPELINE_SOURCE"] = "merge_request_event"
        env["CI_MERGE_REQUEST_DIFF_BASE_SHA"] = base
        env["CI_COMMIT_SHA"] = head
        env["CI_MERGE_REQUEST_TARGET_BRANCH_NAME"] = "main"
        env["GITLAB_USER_LOGIN"] = "jane"
        env["VIGIL_RULES"] = PackagePaths.rules.path
        env.merge(overrides) { _, new in new }
        return try ProcessRunner.run(executable: "/bin/bash", arguments: ["-e", "-c", script.joined(separator: "\n")],
                                     in: repo.directory, environment: env)
    }

    @Test func aMergeRequestWithAnAgentsRiskyChangeFailsAndReportsCodeQuality() throws {
        let temp = try TemporaryDirectory()
        let h = try SARIFCLITests.history(in: temp)
        let (_, _, reportName) = try Self.job()
        let rejected = try Self.run(in: h.repo, base: h.base, head: h.head)
        #expect(rejected.status == 1, "the policy rejects the agent's unapproved change: \(rejected.stderr)")
        #expect(rejected.stdout.contains("reject"), "the verdict is printed in the job log")

        let data = try Data(contentsOf: h.repo.directory.appendingPathComponent(reportName))
        let issues = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(!issues.isEmpty)
        let severities: Set<String> = ["info", "minor", "major", "critical", "blocker"]
        for issue in issues {
            #expect(issue["description"] is String && issue["check_name"] is String && issue["fingerprint"] is String)
            #expect(severities.contains(issue["severity"] as? String ?? ""))
            let location = try #require(issue["location"] as? [String: Any])
            #expect(location["path"] is String && ((location["lines"] as? [String: Any])?["begin"] as? Int ?? 0) >= 1)
        }
        #expect(Set(issues.compactMap { $0["fingerprint"] as? String }).count == issues.count)
        let kl = try #require(issues.first { ($0["location"] as? [String: Any])?["path"] as? String == "trainer/ppo_config.py" })
        #expect(kl["severity"] as? String == "blocker")
        #expect(((kl["location"] as? [String: Any])?["lines"] as? [String: Any])?["begin"] as? Int == 9, "placed on the merge request's head")

        let warned = try Self.run(in: h.repo, base: h.base, head: h.head, overrides: ["VIGIL_FAIL": "false"])
        #expect(warned.status == 0, "VIGIL_FAIL=false reports and passes: \(warned.stderr)")

        let broken = try Self.run(in: h.repo, base: h.base, head: h.head, overrides: ["VIGIL_FAIL": "false", "CI_COMMIT_SHA": String(repeating: "1", count: 40)])
        #expect(broken.status != 0, "an unreadable range fails the job whatever VIGIL_FAIL says")
    }
}
