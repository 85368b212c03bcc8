// vigil-bench trailer-fixture OUT [--per-repo N] REPO...
//
// Writes the fixture `Tests/VigilModelTests/Fixtures/trailer-structures.jsonl`: commit messages
// sampled from real histories by their trailer structure, with every word replaced. What git's
// trailer parser looks at is kept byte for byte (line breaks, CR, white space, `:`, `-`, `#`, other
// punctuation, NUL, and git's fixed strings: `Signed-off-by: `, `(cherry picked from commit `,
// `Conflicts:`, the scissors line); letters and digits become a fixed cycle, other characters `é`.
// So the fixture holds real structures and no real text. One sample per distinct structure (the
// classes of the last lines) for three quarters of the N per repository, then an even spread.
import Foundation
import VigilGit
import VigilModel

enum MessageSkeleton {
    static let keptPrefixes = ["Signed-off-by: ", "(cherry picked from commit ", "Conflicts:",
                               "# ------------------------ >8 ------------------------"]
    /// Common trailer keys, kept so the fixture reads as trailers (vocabulary, not anyone's text).
    static let keptKeys: Set<String> = ["co-authored-by", "reviewed-by", "acked-by", "tested-by", "reported-by", "helped-by",
                                        "cc", "change-id", "assisted-by", "suggested-by", "fixes", "closes", "link"]
    static let letters = Array("etaoinshrdlucmfwypvbgkjqxz".utf8)

    /// The message with its words replaced (see the file comment).
    static func skeleton(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var letter = 0, digit = 0
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let line = Array(bytes[lineStart..<lineEnd])
            var i = 0
            if let kept = keptPrefixes.first(where: { line.starts(with: Array($0.utf8)) }) {
                out += kept.utf8
                i = kept.utf8.count
            } else if let colon = line.firstIndex(of: 0x3A), colon > 0,
                      keptKeys.contains(String(decoding: line[..<colon], as: UTF8.self).lowercased()) {
                out += line[..<colon]
                i = colon
            }
            while i < line.count {
                let b = line[i]
                switch b {
                case 0x41...0x5A: out.append(letters[letter % letters.count] - 0x20); letter += 1; i += 1
                case 0x61...0x7A: out.append(letters[letter % letters.count]); letter += 1; i += 1
                case 0x30...0x39: out.append(0x30 + UInt8(digit % 10)); digit += 1; i += 1
                case 0x00...0x7F: out.append(b); i += 1
                default:
                    // One non-ASCII character (or stray byte) becomes one é.
                    out += [0xC3, 0xA9]
                    i += 1
                    while i < line.count, (0x80...0xBF).contains(line[i]) { i += 1 }
                }
            }
            if lineEnd < bytes.count { out.append(0x0A) }
            lineStart = lineEnd + 1
        }
        return out
    }

    /// The classes of the last lines git's parser distinguishes, with CRLF and NUL flags.
    static func structure(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func kind(_ line: Substring) -> Character {
            let l = line.hasSuffix("\r") ? line.dropLast() : line
            if l.trimmingCharacters(in: .whitespaces).isEmpty { return "B" }
            if l.hasPrefix("# ------------------------ >8") { return "X" }
            if l.hasPrefix("#") { return "C" }
            if l.hasPrefix("Signed-off-by: ") || l.hasPrefix("(cherry picked from commit ") { return "P" }
            if l.hasPrefix("Conflicts:") { return "K" }
            if l.hasPrefix("---") { return l.count == 3 || l.dropFirst(3).first?.isWhitespace == true ? "D" : "d" }
            if let first = l.first, first == " " || first == "\t" { return "S" }
            if let colon = l.firstIndex(of: ":"), colon > l.startIndex,
               l[..<colon].trimmingCharacters(in: .whitespaces).allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }),
               !l[..<colon].trimmingCharacters(in: .whitespaces).isEmpty { return "T" }
            return "O"
        }
        let tail = String(lines.suffix(12).map(kind))
        return tail + (text.contains("\r\n") ? "+crlf" : "") + (bytes.contains(0) ? "+nul" : "") + (lines.count > 40 ? "+long" : "")
    }
}

func trailerFixture(output: String, repositories: [String], perRepository: Int) throws {
    var lines: [String] = []
    for path in repositories {
        let ids = try runGit(["-C", path, "rev-list", "--all"]).split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) }
        let repository = try Repository(discoveringFrom: path)
        var byStructure: [String: Int] = [:]
        var chosen: [Int] = []
        var messages: [[UInt8]] = []
        for hex in ids {
            guard let id = ObjectID(hex: hex), let raw = try? repository.readCommit(id), raw.message.count <= 2000 else { continue }
            let structure = MessageSkeleton.structure(raw.message)
            messages.append(raw.message)
            if byStructure[structure] == nil, chosen.count < perRepository * 3 / 4 {
                byStructure[structure] = messages.count - 1
                chosen.append(messages.count - 1)
            }
        }
        // The rest evenly spread over the history.
        let remaining = perRepository - chosen.count
        if remaining > 0, !messages.isEmpty {
            let stride = max(messages.count / remaining, 1)
            for index in Swift.stride(from: stride / 2, to: messages.count, by: stride) where !chosen.contains(index) && chosen.count < perRepository {
                chosen.append(index)
            }
        }
        let components = URL(fileURLWithPath: path).pathComponents.filter { $0 != "repo" && $0 != "/" }
        let name = (components.last ?? path).replacingOccurrences(of: "+", with: "/")
        for index in chosen.sorted() {
            let skeleton = MessageSkeleton.skeleton(messages[index])
            let object = JSONValue.object([("from", .string(name)), ("structure", .string(MessageSkeleton.structure(skeleton))),
                                           ("message", .string(String(decoding: skeleton, as: UTF8.self)))])
            lines.append(object.serialized())
        }
        print("\(name): \(messages.count) messages, \(byStructure.count) structures sampled, \(chosen.count) written")
    }
    try (lines.joined(separator: "\n") + "\n").write(toFile: output, atomically: true, encoding: .utf8)
}
