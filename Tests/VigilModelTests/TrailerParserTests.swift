import Foundation
import Testing
import VigilModel
import VigilTestSupport

/// vigil parses trailers exactly as git does: compared with `git interpret-trailers --parse`
/// itself on generated messages built from the structures real histories hold (GitHub's
/// `---------` squash separator, continuation lines, comments, cherry-pick lines, prose with
/// colons, CRLF, a `Conflicts:` block, the scissors line).
@Suite struct TrailerParserTests {
    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
        mutating func chance(_ percent: UInt64) -> Bool { next() % 100 < percent }
    }

    static let trailerLines = [
        "Signed-off-by: Jane Doe <jane@example.com>", "Co-authored-by: Claude <noreply@anthropic.com>",
        "Co-Authored-By: Bob <bob@example.com>", "Reviewed-by: Alice <alice@example.com>", "Fixes: #123",
        "Change-Id: I0123456789abcdef", "Assisted-by: Claude:claude-3-opus", "Key : spaced value", "Bug #42",
        "https://example.com/issue/7", "Made-with: Cursor", "X-Tool:", "a-b-c: d", "Not a trailer line",
        "(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)", "Tested-by:nospace",
    ]
    static let bodyLines = [
        "This change fixes the parser.", "It also adds a test: see below.", "* bullet point", "- another bullet",
        "---------", "---", "--- a/file", "---\tx", "# a comment line", "    indented code", "\tTabbed continuation",
        "Conflicts:", "\tpath/one.c", "Note: this looks like a trailer", "", " ", "#", "url: http://x",
        "# ------------------------ >8 ------------------------",
    ]

    /// A message; `divider` leaves the scissors line out (git 2.39 loops forever on a scissors
    /// line below a `---` divider with `--parse`, a bug of its own).
    static func message(_ g: inout Generator, divider: Bool) -> String {
        var lines = [g.pick(["Subject line", "Fix the thing (#123)", "Signed-off-by: only a subject", "Merge pull request #7 from a/b"])]
        if g.chance(85) {
            for _ in 0..<Int(g.next() % 3) {
                lines.append("")
                for _ in 0..<Int(g.next() % 4 + 1) {
                    let line = g.pick(bodyLines)
                    if !(divider && line.contains(">8")) { lines.append(line) }
                }
            }
            if g.chance(80) {
                lines.append(g.pick(["", "", "---------", " "]))
                if lines.last == "---------" { lines.append("") }
                for _ in 0..<Int(g.next() % 5 + 1) {
                    var line = g.chance(80) ? g.pick(trailerLines) : g.pick(bodyLines)
                    if divider && line.contains(">8") { continue }
                    if g.chance(10) { line += "  " }
                    lines.append(line)
                    if g.chance(15) { lines.append(g.pick([" continued", "\tmore", "  and more"])) }
                }
            }
            if g.chance(10) { lines += ["", "# Please enter the commit message"] }
        }
        var text = lines.joined(separator: "\n") + (g.chance(95) ? "\n" : "")
        if g.chance(8) { text = text.replacingOccurrences(of: "\n", with: "\r\n") }
        return text
    }

    static func git(_ message: String, divider: Bool) throws -> [String] {
        let result = try ProcessRunner.run(executable: "/usr/bin/git",
                                           arguments: ["interpret-trailers", "--parse"] + (divider ? [] : ["--no-divider"]),
                                           environment: Git.isolatedEnvironment, input: message, timeout: 20)
        guard result.status == 0, !result.timedOut else { throw FixtureError("git interpret-trailers failed on \(message.debugDescription): \(result.stderr)") }
        return result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
    }

    @Test func agreesWithGitOnGeneratedMessages() throws {
        var g = Generator(state: 0x5EED_1234)
        var disagreements: [String] = []
        for _ in 0..<500 {
            let divider = g.chance(30)
            let message = Self.message(&g, divider: divider)
            let expected = try Self.git(message, divider: divider)
            let got = Trailer.parse(message: message, divider: divider).map { "\($0.key): \($0.value)" }
            if got != expected {
                disagreements.append("divider=\(divider) \(message.debugDescription)\n  git:   \(expected)\n  vigil: \(got)")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreement(s):\n\(disagreements.prefix(5).joined(separator: "\n"))")
    }

    /// The cases that used to lose AI marks, each checked against git too.
    @Test(arguments: [
        // GitHub's multi-commit squash: the separator line is not a patch divider.
        "Add feature (#12)\n\n* one\n\n* two\n\n---------\n\nCo-authored-by: Claude <noreply@anthropic.com>\nSigned-off-by: A <a@x>\n",
        // A real patch divider, only cut when asked to (git's commit readers never cut).
        "Body\n\n---\nReviewed-by: X <x@y>\n\nApproved-by: Y <y@z>\n",
        // 25% rule with a git-generated prefix.
        "T\n\nBody one\nl2\nl3\n(cherry picked from commit abc)\nnot a trailer\nFoo: bar\n",
        // No recognised prefix and one non-trailer: no block.
        "T\n\nhttps://e.com/x\nKey: v\n  continued\n\tmore\nBug #42\n",
        // Comment lines inside the block.
        "T\n\nA: 1\n# comment\nB: 2\n",
        // Only a subject.
        "Only-Subject: yes\n",
        // Continuation lines with tabs are unfolded.
        "T\n\nCo-authored-by: Very Long\n\tName <long@example.com>\n",
    ])
    func matchesGitOnKnownStructures(_ message: String) throws {
        for divider in [false, true] {
            let expected = try Self.git(message, divider: divider)
            #expect(Trailer.parse(message: message, divider: divider).map { "\($0.key): \($0.value)" } == expected,
                    "divider=\(divider): \(message.debugDescription)")
        }
    }

    @Test func theSquashSeparatorKeepsItsTrailers() {
        let message = "Add feature (#12)\n\n* one\n\n---------\n\nCo-authored-by: Claude <noreply@anthropic.com>\n"
        #expect(Trailer.parse(message: message) == [Trailer(key: "Co-authored-by", value: "Claude <noreply@anthropic.com>")])
    }

    /// Unlike git's C strings, a NUL byte does not end the message: trailers after it stay visible.
    @Test func aNulByteDoesNotHideTrailers() {
        let message = "Fix\n\nBody with a \u{0} byte.\n\nCo-authored-by: Claude <noreply@anthropic.com>\n"
        #expect(Trailer.parse(message: message).map(\.key) == ["Co-authored-by"])
    }
}
