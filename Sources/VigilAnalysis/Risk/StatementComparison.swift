import VigilModel

/// Changes that alter no behaviour a rule cares about, told apart by comparing the removed and
/// added statements of a hunk: only string literals differ (a message, a help text), only names
/// were renamed, or the line only logs.
enum StatementComparison {
    /// Hunks that change no behaviour: only text in strings, or only a rename.
    static func inertHunks(_ file: ChangedFile) -> Set<Int> {
        if let cached = file.inertHunksCache { return cached }
        let hunks = hunksChangingOnlyText(file).union(hunksOnlyRenaming(file))
        file.inertHunksCache = hunks
        return hunks
    }

    static let keywords: Set<String> = ["and", "or", "not", "if", "else", "elif", "while", "for", "in", "is", "return", "True", "False",
                                        "None", "lambda", "yield", "await", "async", "def", "class", "with", "as", "try", "except",
                                        "raise", "assert", "del", "pass", "break", "continue", "import", "from", "global", "nonlocal",
                                        "true", "false", "null", "const", "let", "var", "function", "new", "this", "self"]

    /// The hunks whose removed and added lines pair one for one and differ only in names, each
    /// old name mapped to one new name that the old file did not use (a rename introduces a
    /// name; `reward_funcs=reward_model` → `reward_funcs=reward_funcs` swaps one existing name
    /// for another, a change).
    static func hunksOnlyRenaming(_ file: ChangedFile) -> Set<Int> {
        var removed: [Int: [ChangedLine]] = [:], added: [Int: [ChangedLine]] = [:]
        for line in file.removed where line.kind == .code && line.move == .none { removed[line.hunk, default: []].append(line) }
        for line in file.added where line.kind == .code && line.move == .none { added[line.hunk, default: []].append(line) }
        var candidates: [Int: [(String, String)]] = [:]
        for (hunk, olds) in removed {
            guard let news = added[hunk], news.count == olds.count else { continue }
            var pairs: [(String, String)] = []
            var ok = true
            for (a, b) in zip(olds, news) {
                let ta = tokens(a.text), tb = tokens(b.text)
                guard ta.count == tb.count else { ok = false; break }
                for (x, y) in zip(ta, tb) where x != y {
                    guard isName(x), isName(y), !keywords.contains(x), !keywords.contains(y) else { ok = false; break }
                    pairs.append((x, y))
                }
                if !ok { break }
            }
            if ok && !pairs.isEmpty { candidates[hunk] = pairs }
        }
        guard !candidates.isEmpty else { return [] }
        var mapping: [String: Set<String>] = [:]
        for pairs in candidates.values { for (x, y) in pairs { mapping[x, default: []].insert(y) } }
        var newToOld: [String: Bool] = [:]
        return Set(candidates.compactMap { hunk, pairs in
            pairs.allSatisfy { pair in
                guard mapping[pair.0]?.count == 1 else { return false }
                if let known = newToOld[pair.1] { return !known }
                let used = file.oldSideMentions(pair.1)
                newToOld[pair.1] = used
                return !used
            } ? hunk : nil
        })
    }

    /// `inertHunks` where any string is text, not only prose: for metrics, whose names are strings.
    static func inertHunksForMetrics(_ file: ChangedFile) -> Set<Int> {
        hunksChangingOnlyText(file, anyString: true).union(inertHunks(file))
    }

    /// Names, numbers, strings and single punctuation characters of a line (bytes: a name is
    /// ASCII letters, digits, `_` and any non-ASCII byte).
    static func tokens(_ text: String) -> [String] {
        var out: [String] = []
        let bytes = Array(text.utf8)
        func isNameByte(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b >= 0x80 }
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x20 || c == 0x09 { i += 1; continue }
            if isNameByte(c) {
                var j = i + 1
                while j < bytes.count, isNameByte(bytes[j]) { j += 1 }
                out.append(String(decoding: bytes[i..<j], as: UTF8.self))
                i = j
                continue
            }
            if c == 0x22 || c == 0x27 {
                var j = i + 1
                while j < bytes.count, bytes[j] != c { j += bytes[j] == 0x5C ? 2 : 1 }
                out.append(String(decoding: bytes[i..<min(j + 1, bytes.count)], as: UTF8.self))
                i = j + 1
                continue
            }
            out.append(String(UnicodeScalar(c)))
            i += 1
        }
        return out
    }

    static func isName(_ token: String) -> Bool {
        guard let first = token.utf8.first else { return false }
        return (first >= 0x41 && first <= 0x5A) || (first >= 0x61 && first <= 0x7A) || first == 0x5F || first >= 0x80
    }

    /// The hunks of `file` whose removed and added code differ only inside string literals.
    static func hunksChangingOnlyText(_ file: ChangedFile, anyString: Bool = false) -> Set<Int> {
        var removed: [Int: [String]] = [:], added: [Int: [String]] = [:]
        for line in file.removed where line.kind != .blank && line.kind != .comment { removed[line.hunk, default: []].append(line.text) }
        for line in file.added where line.kind != .blank && line.kind != .comment { added[line.hunk, default: []].append(line.text) }
        var result = Set<Int>()
        for (hunk, olds) in removed {
            guard let news = added[hunk] else { continue }
            if withoutStrings(olds.joined(separator: " "), anyString: anyString) == withoutStrings(news.joined(separator: " "), anyString: anyString) {
                result.insert(hunk)
            }
        }
        return result
    }

    /// The text with every quoted string that reads as prose (it holds a space: a message, a
    /// help text) replaced by `""`, and white space removed. Strings without a space (`"docker"`,
    /// `"train"`) are values and stay.
    static func withoutStrings(_ text: String, anyString: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        var quote: UInt8?
        var escaped = false
        var literal: [UInt8] = []
        for byte in text.utf8 {
            if let q = quote {
                if escaped { escaped = false; literal.append(byte); continue }
                if byte == UInt8(ascii: "\\") { escaped = true; literal.append(byte); continue }
                if byte == q {
                    quote = nil
                    if !anyString && !literal.contains(0x20) { out += literal }
                    out.append(q)
                    continue
                }
                literal.append(byte)
                continue
            }
            if byte == 0x22 || byte == 0x27 { quote = byte; literal = []; out.append(byte); continue }
            if byte == 0x20 || byte == 0x09 { continue }
            out.append(byte)
        }
        if quote != nil && !anyString && !literal.contains(0x20) { out += literal }
        return out
    }

    static let reductions: [String] = ["mean(", "sum(", "nanmean(", "nansum(", "std(", "nanstd(", "var(", "clamp(", "clip(", "exp(", "log(",
                                       "log_softmax(", "softmax(", "sigmoid(", "logsigmoid(", "masked_mean(", "masked_sum(", "whiten(",
                                       "normalize(", "min(", "max(", "abs(", "sqrt(", "pow(", "where(", "gather(", "unsqueeze(", "squeeze(",
                                       "view(", "reshape(", "expand(", "flatten(", "cumsum(", "topk(", "detach(", "mul(", "div(", "add(",
                                       "sub(", "neg(", "maximum(", "minimum(", "any(", "all(", "isnan(", "nan_to_num(", "masked_fill(",
                                       "div_(", "mul_(", "add_(", "sub_(", "clamp_(", "masked_fill_(", "update(", "repeat_interleave(",
                                       "expand_as(", "chunk(", "split(", "cat(", "stack(", "zeros_like(", "ones_like(", "full_like("]

    /// True when a line computes something (arithmetic, a comparison, a reduction or reshape, a
    /// condition, a return), not only passes values along (`foo(x=x)`, `self.x = args.x`, an
    /// import, a signature): the lines where a sensitive quantity's value is decided.
    static func isComputation(_ text: String) -> Bool {
        let t = text.trimmedSpaces
        for word in ["if ", "elif ", "while ", "return", "assert ", "yield"] where t.hasPrefix(word) { return true }
        for prefix in ["def ", "async def ", "class ", "import ", "from ", "@"] where t.hasPrefix(prefix) { return false }
        // Strings out (a metric's name holds `/` and `-`), white space kept around operators.
        var code = ""
        var quote: Character?
        for c in t {
            if let q = quote { if c == q { quote = nil }; continue }
            if c == "\"" || c == "'" { quote = c; continue }
            if c == "#" { break }
            code.append(c)
        }
        // Byte searches: this runs on every changed code line of every file a computation rule reads.
        let bytes = Array(code.utf8)
        for op in operatorBytes where contains(bytes, op) { return true }
        let lowered = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        for call in reductionBytes {
            if lowered.starts(with: call) { return true }
            for lead: UInt8 in [0x2E, 0x20, 0x28] where contains(lowered, [lead] + call) { return true }  // . space (
        }
        return false
    }

    static let operatorBytes: [[UInt8]] = [" + ", " - ", " * ", " / ", " // ", " ** ", " @ ", " % ", " < ", " > ", " <= ", " >= ", " == ",
                                           " != ", " and ", " or ", "not ", " & ", " | ", "~", "+=", "-=", "*=", "/=", "[:,", "[...", ":]",
                                           "**"].map { Array($0.utf8) }
    static let reductionBytes: [[UInt8]] = reductions.map { Array($0.lowercased().utf8) }

    /// True when `needle` occurs in `haystack`.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty }
        let first = needle[0]
        var i = 0
        while i + needle.count <= haystack.count {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }

    /// True when a line recomputes a quantity from itself (`kl = kl * w`, `loss /= n`,
    /// `adv = adv.clamp(-5, 5)`): an existing value's computation changes even in a hunk that
    /// removes nothing.
    static func updatesItself(_ text: String) -> Bool {
        let t = text.trimmedSpaces
        for op in [" += ", " -= ", " *= ", " /= ", " //= ", " **= "] where t.contains(op) { return true }
        guard let eq = t.range(of: " = ") else { return false }
        let target = t[..<eq.lowerBound]
        guard !target.isEmpty, target.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else { return false }
        let value = t[eq.upperBound...]
        var from = value.startIndex
        while let found = value.range(of: target, range: from..<value.endIndex) {
            let before = found.lowerBound == value.startIndex ? nil : value[value.index(before: found.lowerBound)]
            let after = found.upperBound == value.endIndex ? nil : value[found.upperBound]
            let isWord = { (c: Character?) in c.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." } ?? false }
            if !isWord(before) && !isWord(after) { return true }
            from = found.upperBound
        }
        return false
    }

    /// True when a computation rule's line only passes values along, or sits in a hunk that does
    /// not replace one computation with another and does not recompute a quantity from itself:
    /// such a line is reported at low severity.
    static func isPlumbing(_ line: ChangedLine, editedHunks: Set<Int>) -> Bool {
        guard isComputation(line.text) else { return true }
        return !editedHunks.contains(line.hunk) && !updatesItself(line.text)
    }

    /// Hunks that replace a computation with another: a computing code line removed and one added.
    static func hunksEditingComputation(_ file: ChangedFile) -> Set<Int> {
        var removed = Set<Int>(), added = Set<Int>()
        for line in file.removed where line.kind == .code && !line.move.isNoOp && isComputation(line.text) { removed.insert(line.hunk) }
        for line in file.added where line.kind == .code && !line.move.isNoOp && isComputation(line.text) { added.insert(line.hunk) }
        return removed.intersection(added)
    }

    /// True for a line that only logs or prints.
    static func isLogging(_ text: String) -> Bool {
        let t = text.trimmedSpaces
        for prefix in ["logger.", "logging.", "log.", "print(", "self.logger.", "warnings.warn(", "console.", "tqdm.write(", "rich.print("]
            where t.hasPrefix(prefix) { return true }
        return false
    }
}
