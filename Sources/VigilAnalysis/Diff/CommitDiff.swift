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

    /// Python statements changed on both sides that read the same once white space and trailing
    /// commas are removed: a re-wrap.
    private func pairReflowedStatements() {
        var removed: [[UInt8]: [(file: Int, lines: [Int])]] = [:]
        var added: [[UInt8]: [(file: Int, lines: [Int])]] = [:]
        for (f, file) in files.enumerated() where file.language == .python && file.hasLines {
            for side in [RiskFlag.Side.removed, .added] {
                guard let text = file.side(side) else { continue }
                var byStatement: [Int: [Int]] = [:]
                for (i, line) in file.lines(side).enumerated() {
                    byStatement[text.statement(line.number).first, default: []].append(i)
                }
                for (first, indices) in byStatement {
                    let statement = text.statement(first)
                    let key = Self.squeezedStatement(text, statement)
                    if side == .removed { removed[key, default: []].append((f, indices)) } else { added[key, default: []].append((f, indices)) }
                }
            }
        }
        for (key, olds) in removed {
            guard var news = added[key], !news.isEmpty else { continue }
            // One line for one line is left to the line pairing, which knows about nesting.
            for old in olds where !(old.lines.count == 1 && news.allSatisfy { $0.lines.count == 1 }) {
                guard let match = news.firstIndex(where: { $0.file == old.file }) ?? news.indices.first else { break }
                let new = news.remove(at: match)
                for i in old.lines { files[old.file].setMove(.reflowed, side: .removed, index: i) }
                for i in new.lines { files[new.file].setMove(.reflowed, side: .added, index: i) }
                if news.isEmpty { break }
            }
            added[key] = news
        }
    }

    static func squeezedStatement(_ text: SourceText, _ statement: Statement) -> [UInt8] {
        var out: [UInt8] = []
        for n in statement.first...statement.last { out += squeezed(text.line(n)) }
        // A trailing comma before a closing bracket is layout, not meaning.
        var cleaned: [UInt8] = []
        cleaned.reserveCapacity(out.count)
        for (i, byte) in out.enumerated() {
            if byte == UInt8(ascii: ","), i + 1 < out.count, [UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}")].contains(out[i + 1]) { continue }
            cleaned.append(byte)
        }
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
            guard let newText = file.new, let oldText = file.old else { return nil }
            let function = newText.scope(line.number).name
            return candidates.firstIndex { $0.file == added.file && oldText.scope(files[$0.file].removed[$0.index].number).name == function }
        }
        return candidates.firstIndex { $0.file == added.file } ?? candidates.indices.first
    }

    /// True when the pair moved into or out of a block where indentation is meaning.
    private func changesNesting(removed: Place, added: Place) -> Bool {
        let oldFile = files[removed.file], newFile = files[added.file]
        guard oldFile.language.indentationIsMeaning || newFile.language.indentationIsMeaning else { return false }
        let oldLine = oldFile.removed[removed.index], newLine = newFile.added[added.index]
        guard let oldText = oldFile.old, let newText = newFile.new else { return false }
        // Same indentation on both sides in the same file: nothing around it can have changed.
        if removed.file == added.file && oldText.indent(oldLine.number) == newText.indent(newLine.number)
            && oldText.scope(oldLine.number) == newText.scope(newLine.number) { return false }
        return oldText.scope(oldLine.number).control != newText.scope(newLine.number).control
    }

    /// The file at `path` (the new path, or the old for a deletion).
    public func file(at path: String) -> ChangedFile? { files.first { $0.path == path } }
}
