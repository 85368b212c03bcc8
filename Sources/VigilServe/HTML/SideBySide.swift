import VigilModel

/// A hunk as rows of old and new side by side: context on both sides, a run of removed lines
/// beside the run of added lines that replaces it.
public struct SideBySide: Sendable {
    public struct Row: Sendable {
        public var old: FilePatch.Line?
        public var new: FilePatch.Line?
    }

    public var rows: [Row]

    public init(_ hunk: FilePatch.Hunk) {
        var rows: [Row] = []
        var removed: [FilePatch.Line] = [], added: [FilePatch.Line] = []
        func flush() {
            for i in 0..<max(removed.count, added.count) {
                rows.append(Row(old: i < removed.count ? removed[i] : nil, new: i < added.count ? added[i] : nil))
            }
            removed = []
            added = []
        }
        for line in hunk.lines {
            switch line.origin {
            case .removed:
                if !added.isEmpty { flush() }
                removed.append(line)
            case .added: added.append(line)
            case .context:
                flush()
                rows.append(Row(old: line, new: line))
            }
        }
        flush()
        self.rows = rows
    }

    /// The row holding a side's line number.
    public func row(side: RiskFlag.Side, line: Int) -> Int? {
        rows.firstIndex { side == .removed ? ($0.old?.origin == .removed && $0.old?.oldNumber == line)
                                           : ($0.new?.origin == .added && $0.new?.newNumber == line) }
    }

    /// What a flagged line was and became: the line beside it on the other side, when it changed.
    public func change(side: RiskFlag.Side, line: Int) -> (old: String, new: String)? {
        guard let index = row(side: side, line: line) else { return nil }
        let row = rows[index]
        guard let old = row.old, let new = row.new, old.origin == .removed, new.origin == .added else { return nil }
        return (old.text, new.text)
    }

    /// The rows to show around the flagged ones (`context` either side); gaps between become one
    /// marker each, so a 40,000-line added file shows its flagged lines, not the whole file.
    public func visible(flagged: Set<Int>, context: Int) -> [Int?] {
        guard !flagged.isEmpty, rows.count > 60 else { return Array(rows.indices) }
        var keep = Set<Int>()
        for f in flagged { for i in max(0, f - context)...min(rows.count - 1, f + context) { keep.insert(i) } }
        var out: [Int?] = []
        var last = -1
        for i in keep.sorted() {
            if i > last + 1 { out.append(nil) }
            out.append(i)
            last = i
        }
        if last < rows.count - 1 { out.append(nil) }
        return out
    }
}
