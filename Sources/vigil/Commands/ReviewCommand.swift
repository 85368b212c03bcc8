import ArgumentParser

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review data from forges: pull and merge request approvals.",
        discussion: """
        `vigil review sync` reads the approvals of a repository's merged pull or merge requests \
        from GitHub, GitLab or Gitea into the index. It is the only vigil command that talks to \
        the network; coverage, report, query, show and scan then use what it stored.

        Examples:
          vigil review sync --github huggingface/trl
          vigil review sync /srv/app.git --gitlab acme/platform/app
        """,
        subcommands: [ReviewSyncCommand.self])
}
