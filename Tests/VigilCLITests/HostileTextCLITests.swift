import Foundation
import Testing
import VigilTestSupport

/// Commit text is attacker-controlled: no output lets it act. Terminal escapes are shown, not
/// sent; CSV cells cannot start a formula; Markdown and HTML show text; SARIF URIs are encoded;
/// JSON stays exact.
@Suite struct HostileTextCLITests {
    static let clear = "\u{1B}[2J"
    static let title = "\u{1B}]0;pwned\u{07}"
    static let link = "\u{1B}]8;;https://evil.example\u{1B}\\click\u{1B}]8;;\u{1B}\\"

    /// A repository whose subjects, names and paths carry escapes, markup and formulas.
    static func hostile(in temp: TemporaryDirectory) throws -> HistoryBuilder {
        let b = try HistoryBuilder(in: temp.url)
        // The setting exists first: a new file's values are not changes, lowering one is.
        try b.commit("Add the reward config", files: ["trainer/reward config #1?.py": "kl_coef = 0.05\n"])
        try b.commit("Tune \(clear)the reward \(title)\(link) <script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) ![i](https://evil.example/p.png)\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n",
                     files: ["trainer/reward config #1?.py": "kl_coef = 0.0\n"],
                     author: "=HYPERLINK(\"https://evil.example\") \(clear) <eve@example.com>")
        try b.commit("@SUM(1+1) second", files: ["+plus.py": "x = 1\n"], author: "-2+3 <minus@example.com>")
        return b
    }

    @Test func terminalEscapesNeverReachTheTerminal() throws {
        let temp = try TemporaryDirectory()
        let b = try Self.hostile(in: temp)
        _ = try VigilCLI.run(["index", b.path])
        let outputs = [["scan", b.path], ["show", "-C", b.path, "HEAD~1"], ["coverage", b.path],
                       ["query", "-C", b.path, "--commits"], ["query", "-C", b.path], ["scan", b.path, "--summary"]]
        for arguments in outputs {
            let result = try VigilCLI.run(arguments)
            #expect(result.status == 0, "vigil \(arguments.joined(separator: " ")): \(result.stderr)")
            #expect(!result.stdout.contains("\u{1B}"), "raw ESC in vigil \(arguments.joined(separator: " "))")
            #expect(!result.stdout.contains("\u{07}"), "raw BEL in vigil \(arguments.joined(separator: " "))")
            #expect(!result.stderr.contains("\u{1B}"))
        }
        let scan = try VigilCLI.run(["scan", b.path])
        #expect(scan.stdout.contains("\\x1b[2J"), "the escape is shown, visibly")
        // JSON stays exact: the subject reads back with its escape character.
        let json = try VigilCLI.run(["scan", b.path, "--format", "json"])
        let commits = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(commits.contains { ($0["subject"] as? String)?.contains(Self.clear) == true })
    }

    @Test func csvCellsCannotStartAFormula() throws {
        let temp = try TemporaryDirectory()
        let b = try Self.hostile(in: temp)
        _ = try VigilCLI.run(["index", b.path])
        for arguments in [["query", "-C", b.path, "--commits", "--format", "csv"], ["query", "-C", b.path, "--format", "csv", "--triage", "all"]] {
            let csv = try VigilCLI.run(arguments).stdout
            for row in csv.components(separatedBy: "\r\n").dropFirst() where !row.isEmpty {
                for cell in Self.cells(row) {
                    #expect(!(cell.first.map { "=+-@\t\r".contains($0) } ?? false), "a cell starts a formula: \(cell)")
                }
            }
            #expect(!csv.contains("\u{1B}"))
        }
        let commits = try VigilCLI.run(["query", "-C", b.path, "--commits", "--format", "csv"]).stdout
        #expect(commits.contains("'=HYPERLINK"))
        #expect(commits.contains("'@SUM(1+1) second"))
    }

    /// RFC 4180 cells of one record (quoted cells may hold commas and doubled quotes).
    static func cells(_ row: String) -> [String] {
        var cells: [String] = [], cell = "", quoted = false, iterator = Array(row)[...]
        while let c = iterator.popFirst() {
            if quoted {
                if c == "\"" { if iterator.first == "\"" { cell.append("\""); iterator.removeFirst() } else { quoted = false } } else { cell.append(c) }
            } else if c == "\"" && cell.isEmpty { quoted = true } else if c == "," { cells.append(cell); cell = "" } else { cell.append(c) }
        }
        cells.append(cell)
        return cells
    }

    @Test func markdownAndHTMLReportsShowTextNotMarkup() throws {
        let temp = try TemporaryDirectory()
        let b = try Self.hostile(in: temp)
        let md = try VigilCLI.run(["report", b.path, "--since", "2026-01-01", "--until", "2026-01-31"]).stdout
        #expect(!md.contains("<script"))
        #expect(!md.contains("<img"))
        #expect(!md.contains("](javascript:"))
        #expect(!md.contains("![i]("))
        #expect(!md.contains("\u{1B}"))
        #expect(md.contains("&lt;script&gt;"))
        let html = try VigilCLI.run(["report", b.path, "--since", "2026-01-01", "--until", "2026-01-31", "--format", "html"]).stdout
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img src=x"))
        #expect(html.contains("&lt;img src=x onerror=alert(2)&gt;"))
        #expect(!html.contains("\u{1B}"))
    }

    @Test func sarifURIsArePercentEncoded() throws {
        let temp = try TemporaryDirectory()
        let b = try Self.hostile(in: temp)
        let sarif = try VigilCLI.run(["scan", b.path, "--format", "sarif"]).stdout
        let document = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let runs = try #require(document["runs"] as? [[String: Any]])
        let results = try #require(runs.first?["results"] as? [[String: Any]])
        let uris = results.compactMap { (($0["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            .flatMap { ($0["artifactLocation"] as? [String: Any])?["uri"] as? String } }
        #expect(uris.contains("trainer/reward%20config%20%231%3F.py"), "\(uris)")
        for uri in uris { #expect(!uri.contains(" ") && !uri.contains("#") && !uri.contains("?")) }
    }

    /// A path that is not UTF-8 keeps its bytes: SARIF's URI carries them exactly.
    @Test func aNonUTF8PathKeepsItsBytes() throws {
        let temp = try TemporaryDirectory()
        let b = try HistoryBuilder(in: temp.url)
        // Write the file under a Latin-1 byte name with git's plumbing (the file system is UTF-8-agnostic),
        // first with a value, then lowered (a new file's values are not changes).
        for (value, message) in [("0.05", "Add the KL coefficient\n"), ("0.0", "Lower the KL coefficient\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n")] {
            let blob = try ProcessRunner.run(executable: "/usr/bin/git", arguments: ["-C", b.path, "hash-object", "-w", "--stdin"],
                                             environment: Git.isolatedEnvironment, input: "kl_coef = \(value)\n").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let index = try ProcessRunner.run(executable: "/bin/sh", arguments: ["-c", "printf '100644 blob %s\\ttrainer/ppo_\\377.py\\n' \(blob) | git -C '\(b.path)' update-index --index-info"],
                                              environment: Git.isolatedEnvironment)
            #expect(index.status == 0, "\(index.stderr)")
            try b.commit(message)
        }
        let sarif = try VigilCLI.run(["scan", b.path, "--format", "sarif"]).stdout
        #expect(sarif.contains("trainer/ppo_%FF.py"), "the byte 0xFF is percent-encoded as itself")
        #expect(!sarif.contains("%EF%BF%BD"), "no replacement character")
    }

    @Test func aNulByteDoesNotHideTrailers() throws {
        let temp = try TemporaryDirectory()
        let b = try HistoryBuilder(in: temp.url)
        try b.commit("one", files: ["a.txt": "a\n"])
        let tree = try b.revParse("HEAD^{tree}"), parent = try b.revParse("HEAD")
        let id = try ProcessRunner.run(executable: "/usr/bin/git", arguments: ["-C", b.path, "hash-object", "-t", "commit", "--literally", "-w", "--stdin"],
                                       environment: Git.isolatedEnvironment,
                                       input: "tree \(tree)\nparent \(parent)\nauthor A <a@example.com> 1767225600 +0000\ncommitter A <a@example.com> 1767225600 +0000\n\nFix\n\nA \u{0} byte.\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n")
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try b.git(["update-ref", "refs/heads/main", id])
        let result = try VigilCLI.run(["scan", b.path, "-n", "1", "--format", "json"])
        #expect(result.stdout.contains("\"assisted\""), "the trailer after the NUL byte is read: \(result.stdout)")
    }
}
