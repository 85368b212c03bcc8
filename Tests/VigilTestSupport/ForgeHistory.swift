import Foundation

/// A repository whose history a forge made: a squash merge, a merge commit, a rebase merge of two
/// commits, a fast-forward, and a direct push whose subject names a request it did not come from.
/// Each request's head stays fetched as `refs/pull/N/head`, as GitHub serves it.
public struct ForgeHistory: Sendable {
    public let path: String
    /// Root commit on main.
    public let root: String
    /// #1 squash: the request's commits and head, and the squashed commit on main.
    public let squashOwn: [String]
    public let squash: String
    /// #2 merge commit, the commits it brought in (the request's head last).
    public let merge: String
    public let mergeOwn: [String]
    /// #3 rebase merge: the request's own commits, then their rebased copies on main (newest last).
    public let rebaseOwn: [String]
    public let rebased: [String]
    /// #4 fast-forward: main's tip before, and the request's commits now on main.
    public let fastForwardBase: String
    public let fastForward: [String]
    /// A direct push whose subject ends `(#1)`.
    public let claimed: String

    public static func build(in directory: URL) throws -> ForgeHistory {
        let repo = try HistoryBuilder(in: directory, name: "forge-history")
        let dev = "dev1 <1001+dev1@users.noreply.github.com>"
        let web = "GitHub <noreply@github.com>"
        let root = try repo.commit("Initial layout", files: ["README": "app\n"], author: "Alice <alice@example.com>")

        // #1: two commits squashed into one on main.
        try repo.git(["checkout", "-q", "-b", "pr1", root])
        let a1 = try repo.commit("Parser: first cut", files: ["parser.py": "def parse(): pass\n"], author: dev)
        let a2 = try repo.commit("Parser: handle empty input", files: ["parser.py": "def parse(x=''): return x\n"], author: dev)
        try repo.git(["checkout", "-q", "main"])
        let squash = try repo.commit("Add the parser (#1)\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n",
                                     files: ["parser.py": "def parse(x=''): return x\n"], author: dev, committer: web)

        // #2: a merge commit bringing in two commits.
        try repo.git(["checkout", "-q", "-b", "pr2", squash])
        let b1 = try repo.commit("Exporter: CSV", files: ["export.py": "csv\n"], author: dev)
        let b2 = try repo.commit("Exporter: JSON", files: ["export.py": "csv\njson\n"], author: dev)
        try repo.git(["checkout", "-q", "main"])
        var env = Git.isolatedEnvironment
        env["GIT_AUTHOR_NAME"] = "Maintainer"; env["GIT_AUTHOR_EMAIL"] = "maint@example.com"
        env["GIT_COMMITTER_NAME"] = "GitHub"; env["GIT_COMMITTER_EMAIL"] = "noreply@github.com"
        env["GIT_AUTHOR_DATE"] = "@\(repo.lastTime + 3600) +0000"; env["GIT_COMMITTER_DATE"] = "@\(repo.lastTime + 3600) +0000"
        try repo.git(["merge", "-q", "--no-ff", "-m", "Merge pull request #2 from dev1/exporter", "pr2"], environment: env)
        let merge = try repo.revParse("HEAD")

        // #3: two commits made on an old base, rebased onto main (authors, times, messages kept).
        try repo.git(["checkout", "-q", "-b", "pr3", root])
        let r1 = try repo.commit("Docs: usage", files: ["USAGE": "run it\n"], author: dev)
        let r2 = try repo.commit("Docs: options", files: ["OPTIONS": "--fast\n"], author: dev)
        try repo.git(["checkout", "-q", "main"])
        env["GIT_COMMITTER_DATE"] = "@\(repo.lastTime + 7200) +0000"
        try repo.git(["cherry-pick", r1, r2], environment: env)
        let c2 = try repo.revParse("HEAD")
        let c1 = try repo.revParse("HEAD~1")

        // #4: fast-forward.
        let before = c2
        try repo.git(["checkout", "-q", "-b", "pr4", before])
        let q1 = try repo.commit("Config: defaults", files: ["config.toml": "a = 1\n"], author: dev)
        let q2 = try repo.commit("Config: comments", files: ["config.toml": "# a\na = 1\n"], author: dev)
        try repo.git(["checkout", "-q", "main"])
        try repo.git(["merge", "-q", "--ff-only", "pr4"])

        // A direct push that claims #1.
        let claimed = try repo.commit("Tweak the parser (#1)", files: ["parser.py": "def parse(x=''): return x.strip()\n"],
                                      author: "Mallory <mallory@example.com>")
        for (number, head) in [(1, a2), (2, b2), (3, r2), (4, q2)] {
            try repo.git(["update-ref", "refs/pull/\(number)/head", head])
        }
        for branch in ["pr1", "pr2", "pr3", "pr4"] { try repo.git(["branch", "-q", "-D", branch]) }
        return ForgeHistory(path: repo.path, root: root, squashOwn: [a1, a2], squash: squash, merge: merge, mergeOwn: [b1, b2],
                            rebaseOwn: [r1, r2], rebased: [c1, c2], fastForwardBase: before, fastForward: [q1, q2], claimed: claimed)
    }
}
