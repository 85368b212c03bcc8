import ArgumentParser
import VigilRender

struct Vigil: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "Code-provenance scanner: who or what wrote each commit.",
        discussion: """
        vigil reads git history (through libgit2, never the git binary) and tags every commit \
        ai, assisted, human or bot, with the agent and the evidence that decided it.

        Examples:
          vigil scan                       HEAD's history, here
          vigil scan ../repo main..feature commits on feature, not main
          vigil scan --all --format ndjson every ref, a JSON object a line
          vigil coverage --min-coverage 80 fail under 80% reviewed
          vigil report --week 2026-W47 --format html -o week.html
          vigil index                      index every ref (incremental)
          vigil query --severity high --class ai --review unreviewed
          vigil show HEAD~2                one commit, findings in context
          vigil serve                      the triage queue in a browser
          vigil blame train/reward.py      each line's commit, class, agent
          vigil triage 3f2a9c0d11e4b7a2 --status false-positive \\
              --note "docs only"
          vigil review sync --github acme/app
                                           forge approvals into the index
          vigil check origin/main..HEAD    the push policy, in CI
          vigil approve HEAD               sign an approval (reviewers)
          vigil hook install --repo X.git  the pre-receive approval gate
          vigil rules test                 every example in the rules

        Exit codes: 0 success, 1 a policy or gate failed, 2 bad usage or \
        bad input, 3 the repository could not be read (results \
        incomplete), 4 the results could not be written, 130 interrupted.
        """,
        version: VigilBuild.version,
        subcommands: [ScanCommand.self, CoverageCommand.self, ReportCommand.self, IndexCommand.self, QueryCommand.self, ShowCommand.self,
                      ServeCommand.self,
                      BlameCommand.self, TriageCommand.self, ReviewCommand.self, CheckCommand.self, ApproveCommand.self,
                      HookCommand.self, RulesCommand.self, VersionCommand.self],
        defaultSubcommand: nil)

    /// True for ArgumentParser's own usage errors (unknown option, bad value, failed validation).
    static func isParserError(_ error: Error) -> Bool {
        exitCode(for: error) == .validationFailure
    }
}
