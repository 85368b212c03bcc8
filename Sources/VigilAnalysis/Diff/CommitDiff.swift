import VigilModel

/// A commit's changed files as the rules see them: each file analysed (`ChangedFile`), and the
/// lines that only moved found across the whole commit.
///
/// A removed and an added line that are equal once white space is removed are a move, not a
/// change, wherever they are in the commit (a function moved to another file, a block
/// re-indented). Two exceptions keep meaning: where indentation is meaning (Python, YAML, Colang)
/// a line whose enclosing blocks differ on the two sides is `renested`, a change; and a short
/// line (`return False`, `stop`) pairs only within the same function, so a guard removed in one
/// place is not hidden by an unrelated one added elsewhere. A Python statement re-wrapped over
/// other lines (black, a new trailing comma) is `reflowed`, not changed.
public final class CommitDiff: @unchecked Sendable {
    // @unchecked: built and read by the one thread that owns the commit's analysis.
    public let files: [ChangedFile]

    /// Lines shorter than this (white space removed) pair only within the same function.
    static let trivialLength = 12

    public init(files: [ChangedFile]) {
        self.files = files
        pairReflowedStatements()
        pairMovedLines()
    }

    private struct Place: Hashable { var file: Int; var side: RiskFlag.Side; var index: Int }

    /// Hunks whose removed and added lines read the same once white space and trailing commas
    /// are removed: a re-wrap (black, a new trailing comma). Found without parsing. Where
    /// indentation is meaning, only when the number of lines changed: a block re-indented line
    /// for line may have moved into another block (see `renested`).
    private func pairReflowedStatements() {
        for (f, file) in files.enumerated() where file.hasLines {
            var removed: [Int: [Int]] = [:], added: [Int: [Int]] = [:]
            for (i, line) in file.removed.enumerated() { removed[line.hunk, default: []].append(i) }
            for (i, line) in file.added.enumerated() { added[line.hunk, default: []].append(i) }
            for (hunk, olds) in removed {
                guard let news = added[hunk] else { continue }
                if file.language.indentationIsMeaning && olds.count == news.count { continue }
                let a = Self.withoutTrailingCommas(olds.flatMap { Self.squeezed(file.removed[$0].text) })
                let b = Self.withoutTrailingCommas(news.flatMap { Self.squeezed(file.added[$0].text) })
                guard a == b, !a.isEmpty else { continue }
                for i in olds { files[f].setMove(.reflowed, side: .removed, index: i) }
                for i in news { files[f].setMove(.reflowed, side: .added, index: i) }
            }
        }
    }

    /// A trailing comma before a closing bracket is layout, not meaning.
    static func withoutTrailingCommas(_ bytes: [UInt8]) -> [UInt8] {
        var cleaned: [UInt8] = []
        cleaned.reserveCapacity(bytes.count)
        for (i, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: ","), i + 1 < bytes.count, [UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}")].contains(bytes[i + 1]) { continue }
            cleaned.append(byte)
        }
        if cleaned.last == UInt8(ascii: ",") { cleaned.removeLast() }
        return cleaned
    }

    /// The line's bytes without white space.
    static func squeezed(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 where byte != 0x20 && byte != 0x09 && byte != 0x0D && byte != 0x0B && byte != 0x0C { out.append(byte) }
        return out
    }

    /// Removed and added lines equal once white space is removed, anywhere in the commit.
    private func pairMovedLines() {
        var removedByKey: [[UInt8]: [Place]] = [:]
        for (f, file) in files.enumerated() {
            for (i, line) in file.removed.enumerated() where line.move == .none {
                let key = Self.squeezed(line.text)
                guard !key.isEmpty else { continue }
                removedByKey[key, default: []].append(Place(file: f, side: .removed, index: i))
            }
        }
        guard !removedByKey.isEmpty else { return }
        for (f, file) in files.enumerated() {
            for (i, line) in file.added.enumerated() where line.move == .none {
                let key = Self.squeezed(line.text)
                guard !key.isEmpty, var candidates = removedByKey[key], !candidates.isEmpty else { continue }
                let trivial = key.count < Self.trivialLength
                let here = Place(file: f, side: .added, index: i)
                guard let pick = bestPartner(for: here, among: candidates, trivial: trivial) else { continue }
                let partner = candidates.remove(at: pick)
                removedByKey[key] = candidates
                let move: LineMove = changesNesting(removed: partner, added: here) ? .renested : .moved
                files[partner.file].setMove(move, side: .removed, index: partner.index)
                files[f].setMove(move, side: .added, index: i)
            }
        }
    }

    /// The removed line to pair with: in the same file and hunk first, then the same file, then
    /// anywhere; a short line only within the same function of the same file.
    private func bestPartner(for added: Place, among candidates: [Place], trivial: Bool) -> Int? {
        let file = files[added.file]
        let line = file.added[added.index]
        if let same = candidates.firstIndex(where: { $0.file == added.file && files[$0.file].removed[$0.index].hunk == line.hunk }) {
            return same
        }
        if trivial {
            let function = Self.enclosingHeader(file.rawLines(.added), line.number)
            return candidates.firstIndex { $0.file == added.file && Self.enclosingHeader(file.rawLines(.removed), files[$0.file].removed[$0.index].number) == function }
        }
        return candidates.firstIndex { $0.file == added.file } ?? candidates.indices.first
    }

    /// True when the pair moved into or out of a block where indentation is meaning.
    private func changesNesting(removed: Place, added: Place) -> Bool {
        let oldFile = files[removed.file], newFile = files[added.file]
        guard oldFile.language.indentationIsMeaning || newFile.language.indentationIsMeaning else { return false }
        let oldLine = oldFile.removed[removed.index], newLine = newFile.added[added.index]
        // The same indentation on both sides: a move, not a re-indent (and no parsing needed).
        if SourceText.indentWidth(oldLine.text) == SourceText.indentWidth(newLine.text) { return false }
        guard let oldText = oldFile.old, let newText = newFile.new else { return false }
        return oldText.scope(oldLine.number).control != newText.scope(newLine.number).control
    }

    /// The nearest definition header above a line (`def`, `function`, a Colang `define`/`flow`),
    /// read from the raw lines: which function a short line belongs to, without parsing.
    static func enclosingHeader(_ lines: [String], _ number: Int) -> String {
        var n = min(number, lines.count) - 1
        while n >= 0 {
            let t = lines[n].trimmedSpaces
            for prefix in ["def ", "async def ", "class ", "function ", "func ", "fn ", "define ", "flow "] where t.hasPrefix(prefix) {
                return t
            }
            n -= 1
        }
        return ""
    }

    /// The file at `path` (the new path, or the old for a deletion).
    public func file(at path: String) -> ChangedFile? { files.first { $0.path == path } }
}
