/// A `Key: value` line that git parses as a trailer (in the message's last paragraph).
public struct Trailer: Hashable, Sendable, CustomStringConvertible {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    public var description: String { "\(key): \(value)" }

    /// The trailers of a commit message exactly as git reads them from a commit
    /// (`git log --format=%(trailers:only,unfold)`, `git interpret-trailers --parse --no-divider`).
    ///
    /// A port of git's `trailer.c` (`trailer_block_get`, `find_trailer_block_start`,
    /// `find_separator`, `unfold_value`) and `commit.c` (`ignored_log_message_bytes`), with git's
    /// default configuration (separator `:`, comment character `#`). Unlike libgit2 1.5 it does not
    /// stop at a `---------` line (GitHub's squash separator). `divider: true` also cuts at a `---`
    /// line followed by white space, as `interpret-trailers --parse` does for patches; git's own
    /// readers of commits never do. One deliberate difference: a NUL byte does not end the message
    /// (git's C strings stop there, so a NUL could hide the trailers after it).
    public static func parse(message: String, divider: Bool = false) -> [Trailer] {
        var copy = message
        return copy.withUTF8 { TrailerParser(bytes: $0).trailers(divider: divider) }
    }
}

/// git's trailer algorithm over the bytes of one message. Offsets are byte offsets.
struct TrailerParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var count: Int { bytes.count }

    static let newline = UInt8(ascii: "\n")
    static let comment = UInt8(ascii: "#")
    static let separator = UInt8(ascii: ":")
    static let cutLine = Array("\n# ------------------------ >8 ------------------------\n".utf8)
    static let generatedPrefixes = [Array("Signed-off-by: ".utf8), Array("(cherry picked from commit ".utf8)]
    static let conflicts = Array("Conflicts:\n".utf8)
    static let dashes = Array("---".utf8)

    /// C's `isspace` in the "C" locale.
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (0x09...0x0D).contains(b) }
    static func isAlnum(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
    }

    func byte(_ i: Int) -> UInt8? { i < count ? bytes[i] : nil }

    func startsWith(_ prefix: [UInt8], at i: Int, limit: Int? = nil) -> Bool {
        let end = limit ?? count
        guard end - i >= prefix.count else { return false }
        for (k, b) in prefix.enumerated() where bytes[i + k] != b { return false }
        return true
    }

    /// The start of the line after the one at `i` (or the end).
    func nextLine(_ i: Int) -> Int {
        var j = i
        while j < count && bytes[j] != Self.newline { j += 1 }
        return j < count ? j + 1 : j
    }

    /// git's `is_blank_line`: only white space up to the end of the line.
    func isBlankLine(_ i: Int) -> Bool {
        var j = i
        while j < count && bytes[j] != Self.newline && Self.isSpace(bytes[j]) { j += 1 }
        return j == count || bytes[j] == Self.newline
    }

    /// git's `last_line`: the start of the last line of `[0, length)`, or -1 when it is empty.
    func lastLine(_ length: Int) -> Int {
        if length <= 0 { return -1 }
        if length == 1 { return 0 }
        var i = length - 2
        while i >= 0 {
            if bytes[i] == Self.newline { return i + 1 }
            i -= 1
        }
        return 0
    }

    /// git's `find_separator`: the offset of the separator in the line at `i` (relative to `i`), or -1.
    func findSeparator(_ i: Int, end: Int) -> Int {
        var whitespaceFound = false
        var c = i
        while c < end {
            let b = bytes[c]
            if b == Self.separator { return c - i }
            if !whitespaceFound && (Self.isAlnum(b) || b == UInt8(ascii: "-")) { c += 1; continue }
            if c != i && (b == 0x20 || b == 0x09) { whitespaceFound = true; c += 1; continue }
            break
        }
        return -1
    }

    /// git's `wt_status_locate_end`: where the scissors line cuts the message.
    func scissorsEnd(_ length: Int) -> Int {
        let pattern = Self.cutLine
        if startsWith(Array(pattern.dropFirst()), at: 0) { return 0 }
        guard count >= pattern.count else { return length }
        var i = 0
        while i + pattern.count <= count {
            if bytes[i] == Self.newline && startsWith(pattern, at: i) {
                return min(length, i + 1)
            }
            i += 1
        }
        return length
    }

    /// git's `ignored_log_message_bytes`: trailing comments, blank lines, an old `Conflicts:` block
    /// and everything below the scissors line.
    func ignoredBytes(_ length: Int) -> Int {
        var boc = 0, bol = 0
        var inConflicts = false
        let cutoff = scissorsEnd(length)
        while bol < cutoff {
            var next = bol
            while next < length && bytes[next] != Self.newline { next += 1 }
            next = next < length ? next + 1 : length
            if startsWith([Self.comment], at: bol, limit: cutoff) || bytes[bol] == Self.newline {
                if boc == 0 { boc = bol }
            } else if startsWith(Self.conflicts, at: bol) {
                inConflicts = true
                if boc == 0 { boc = bol }
            } else if inConflicts && bytes[bol] == 0x09 {
                // a path in the conflicts block
            } else if boc != 0 {
                boc = 0
                inConflicts = false
            }
            bol = next
        }
        return boc != 0 ? length - boc : length - cutoff
    }

    /// git's `find_end_of_log_message`.
    func endOfMessage(divider: Bool) -> Int {
        var end = count
        if divider {
            var s = 0
            while s < count {
                if startsWith(Self.dashes, at: s), let after = byte(s + 3), Self.isSpace(after) {
                    end = s
                    break
                }
                s = nextLine(s)
            }
        }
        return end - ignoredBytes(end)
    }

    /// git's `find_trailer_block_start`.
    func blockStart(_ length: Int) -> Int {
        var s = 0
        while s < length {
            if startsWith([Self.comment], at: s, limit: length) { s = nextLine(s); continue }
            if isBlankLine(s) { break }
            s = nextLine(s)
        }
        let endOfTitle = s
        var onlySpaces = true
        var recognizedPrefix = false
        var trailerLines = 0, nonTrailerLines = 0, possibleContinuation = 0
        var l = lastLine(length)
        while l >= endOfTitle {
            defer { l = lastLine(l) }
            if startsWith([Self.comment], at: l, limit: length) {
                nonTrailerLines += possibleContinuation
                possibleContinuation = 0
                continue
            }
            if isBlankLine(l) {
                if onlySpaces { continue }
                nonTrailerLines += possibleContinuation
                if recognizedPrefix && trailerLines * 3 >= nonTrailerLines { return nextLine(l) }
                if trailerLines > 0 && nonTrailerLines == 0 { return nextLine(l) }
                return length
            }
            onlySpaces = false
            if Self.generatedPrefixes.contains(where: { startsWith($0, at: l) }) {
                trailerLines += 1
                possibleContinuation = 0
                recognizedPrefix = true
                continue
            }
            let separator = findSeparator(l, end: count)
            if separator >= 1 && !Self.isSpace(bytes[l]) {
                trailerLines += 1
                possibleContinuation = 0
            } else if Self.isSpace(bytes[l]) {
                possibleContinuation += 1
            } else {
                nonTrailerLines += 1 + possibleContinuation
                possibleContinuation = 0
            }
        }
        return length
    }

    func trailers(divider: Bool) -> [Trailer] {
        let end = endOfMessage(divider: divider)
        let start = blockStart(end)
        guard start < end else { return [] }
        // Split into lines (each keeps its newline); a line starting with white space continues
        // the previous entry when that entry has a separator.
        var entries: [[UInt8]] = []
        var lastHasSeparator = false
        var i = start
        while i < end {
            var j = i
            while j < end && bytes[j] != Self.newline { j += 1 }
            let lineEnd = j < end ? j + 1 : end
            let line = Array(bytes[i..<lineEnd])
            if lastHasSeparator, let first = line.first, Self.isSpace(first) {
                entries[entries.count - 1] += line
            } else {
                entries.append(line)
                lastHasSeparator = line.withUnsafeBufferPointer { TrailerParser(bytes: $0).findSeparator(0, end: $0.count) } >= 1
            }
            i = lineEnd
        }
        var result: [Trailer] = []
        for entry in entries {
            if entry.first == Self.comment { continue }
            let separator = entry.withUnsafeBufferPointer { TrailerParser(bytes: $0).findSeparator(0, end: $0.count) }
            guard separator >= 1 else { continue }
            let token = Self.trim(entry[..<separator])
            let value = Self.unfold(Self.trim(entry[(separator + 1)...]))
            result.append(Trailer(key: String(decoding: token, as: UTF8.self), value: String(decoding: value, as: UTF8.self)))
        }
        return result
    }

    static func trim(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, isSpace(first) { slice = slice.dropFirst() }
        while let last = slice.last, isSpace(last) { slice = slice.dropLast() }
        return slice
    }

    /// git's `unfold_value`: each newline and the white space after it become one space.
    static func unfold(_ value: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard value.contains(newline) else { return value }
        var out: [UInt8] = []
        var i = value.startIndex
        while i < value.endIndex {
            var c = value[i]
            i += 1
            if c == newline {
                while i < value.endIndex && isSpace(value[i]) { i += 1 }
                c = 0x20
            }
            out.append(c)
        }
        return trim(out[...])
    }
}
