import Foundation
import Testing
import VigilModel
import VigilTestSupport

/// The message a commit-msg hook judges is cleaned as git cleans it: the same bytes as `git
/// stripspace --strip-comments` on generated messages, and cut at the scissors line.
@Suite struct CommitMessageCleanupTests {
    static func generated(count: Int) -> [String] {
        let pieces = ["Subject line", "", "  ", "\t", "# a comment", "#not a space", " # indented hash", "Body text  ",
                      "Co-Authored-By: Claude <noreply@anthropic.com>", "Signed-off-by: A <a@example.com>\t", "", "",
                      "trailing tab\t", "naïve ünïcode", "\r", "x\r"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        return (0..<count).map { _ in
            let lines = (0..<(next() % 9)).map { _ in pieces[next() % pieces.count] }
            return lines.joined(separator: "\n") + (next() % 2 == 0 ? "\n" : "")
        }
    }

    @Test func matchesGitStripspaceStripComments() throws {
        for message in Self.generated(count: 300) {
            let result = try ProcessRunner.run(executable: "/usr/bin/git", arguments: ["stripspace", "--strip-comments"],
                                               environment: Git.isolatedEnvironment, input: message)
            #expect(result.status == 0)
            let ours = String(decoding: CommitMessageCleanup.clean(Array(message.utf8)), as: UTF8.self)
            #expect(ours == result.stdout, "message: \(message.debugDescription)")
        }
    }

    @Test func cutsAtTheScissorsLineOfCommitVerbose() {
        let message = "Fix\n\nbody\n# Please enter the commit message\n# ------------------------ >8 ------------------------\n"
            + "diff --git a/x b/x\n+Co-Authored-By: Claude <noreply@anthropic.com>\n"
        #expect(CommitMessageCleanup.clean(Array(message.utf8)) == Array("Fix\n\nbody\n".utf8))
    }

    @Test func anotherCommentCharacterIsHonoured() {
        let message = "Fix\n; comment\n# kept\n"
        #expect(CommitMessageCleanup.clean(Array(message.utf8), commentCharacter: UInt8(ascii: ";")) == Array("Fix\n# kept\n".utf8))
    }
}
