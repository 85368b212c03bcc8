import ArgumentParser
import VigilScan

struct Vigil: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "Code-provenance scanner: who or what wrote each commit.",
        discussion: """
        vigil reads git history (through libgit2, never the git binary) and tags every commit \
        ai, assisted, human or bot, with the agent and the evidence that decided it.

        Examples:
          vigil scan                         Scan HEAD's history in the current repository
          vigil scan ../repo main..feature   Scan the commits on feature not on main
          vigil scan --all --format ndjson   Every ref, one JSON object per line
          vigil coverage --min-coverage 80   Fail when under 80% of AI-made commits were reviewed
          vigil report --week 2026-W47 --format html -o week.html
          vigil index                        Index every ref's commits (incremental)
          vigil query --severity high --class ai --review unreviewed
          vigil show HEAD~2                  One commit, its findings in context
          vigil triage 3f2a9c0d11e4b7a2 --status false-positive --note "docs only"
          vigil check origin/main..HEAD      Apply the push policy in CI
          vigil hook install --repo X.git    Install the pre-receive approval gate
          vigil rules test                   Run every example in the rule files

        Exit codes: 0 success, 1 a policy or gate failed, 2 bad usage or bad input, \
        3 the repository could not be read, 130 interrupted.
        """,
        version: VigilVersion.current,
        subcommands: [ScanCommand.self, CoverageCommand.self, ReportCommand.self, IndexCommand.self, QueryCommand.self, ShowCommand.self,
                      TriageCommand.self, CheckCommand.self, HookCommand.self, RulesCommand.self],
        defaultSubcommand: nil)
}

enum VigilVersion {
    static let current = VigilBuild.version
}

/// Documented exit statuses.
enum ExitStatus {
    static let success: Int32 = 0
    static let gateFailed: Int32 = 1
    static let badInput: Int32 = 2
    static let unreadable: Int32 = 3
}

/// A failure a command reports in one line, with its exit status.
struct CommandFailure: Error {
    let message: String
    let exitCode: Int32
}
