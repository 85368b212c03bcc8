import VigilModel

/// Changes that alter no behaviour a rule cares about, told apart by comparing the removed and
/// added statements of a hunk: only string literals differ (a message, a help text), or the line
/// only logs.
enum StatementComparison {
    /// The hunks of `file` whose removed and added code differ only inside string literals.
    static func hunksChangingOnlyText(_ file: ChangedFile) -> Set<Int> {
        var removed: [Int: [String]] = [:], added: [Int: [String]] = [:]
        for line in file.removed where line.kind != .blank && line.kind != .comment { removed[line.hunk, default: []].append(line.text) }
        for line in file.added where line.kind != .blank && line.kind != .comment { added[line.hunk, default: []].append(line.text) }
        var result = Set<Int>()
        for (hunk, olds) in removed {
            guard let news = added[hunk] else { continue }
            if withoutStrings(olds.joined(separator: " ")) == withoutStrings(news.joined(separator: " ")) { result.insert(hunk) }
        }
        return result
    }

    /// The text with every quoted string replaced by `""` and white space removed.
    static func withoutStrings(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        var quote: UInt8?
        var escaped = false
        for byte in text.utf8 {
            if let q = quote {
                if escaped { escaped = false; continue }
                if byte == UInt8(ascii: "\\") { escaped = true; continue }
                if byte == q { quote = nil; out.append(q) }
                continue
            }
            if byte == 0x22 || byte == 0x27 { quote = byte; out.append(byte); continue }
            if byte == 0x20 || byte == 0x09 { continue }
            out.append(byte)
        }
        return out
    }

    /// True for a line that only logs or prints.
    static func isLogging(_ text: String) -> Bool {
        let t = text.trimmedSpaces
        for prefix in ["logger.", "logging.", "log.", "print(", "self.logger.", "warnings.warn(", "console.", "tqdm.write(", "rich.print("]
            where t.hasPrefix(prefix) { return true }
        return false
    }
}
