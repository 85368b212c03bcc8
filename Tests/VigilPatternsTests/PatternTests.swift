import Testing
@testable import VigilPatterns

@Suite struct PatternTests {
    @Test func findsTheFirstMatchAsUTF8Offsets() throws {
        let pattern = try Pattern(#"reward_\w+"#)
        #expect(pattern.firstMatch(in: "x = reward_scale * 2") == .match(4..<16))
        #expect(pattern.firstMatchText(in: "x = reward_scale * 2") == "reward_scale")
        #expect(pattern.firstMatch(in: "nothing here") == .noMatch)
    }

    @Test func caseInsensitiveOptionAndUnicodeSubjects() throws {
        let pattern = try Pattern("claude", options: .caseInsensitive)
        #expect(pattern.matches("Co-Authored-By: CLAUDE"))
        let marker = try Pattern(#"^🤖 Generated with \[Claude Code\]"#)
        #expect(marker.matches("🤖 Generated with [Claude Code](https://claude.com/claude-code)"))
        #expect(!marker.matches("See: 🤖 Generated with [Claude Code]"))
    }

    @Test func aBadPatternFailsWithPCRE2sMessageAndOffset() {
        #expect(throws: PatternError.self) { try Pattern("(unclosed") }
        do {
            _ = try Pattern("a{2,1}")
            Issue.record("expected a compile error")
        } catch let error as PatternError {
            #expect(error.message.contains("out of order"))
            #expect(error.offset > 0)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func aCatastrophicPatternGivesUpInsteadOfHanging() throws {
        // Exponential backtracking: without a match limit this runs for ages on 40 characters.
        let pattern = try Pattern("^(a|a)+$", matchLimit: 100_000)
        let subject = String(repeating: "a", count: 40) + "b"
        #expect(pattern.firstMatch(in: subject) == .limitExceeded)
        #expect(!pattern.matches(subject))
    }

    @Test func invalidUTF8BytesDoNotBreakMatching() throws {
        let pattern = try Pattern("caf")
        let bytes: [UInt8] = [0x63, 0x61, 0x66, 0xE9, 0x20, 0xFF]
        let outcome = bytes.withUnsafeBufferPointer { pattern.firstMatch(inUTF8: $0) }
        #expect(outcome == .match(0..<3))
    }
}
