import CLibgit2

/// Where the lines of one version of a file are in another: the hunks of the diff between them
/// (no context), so an unchanged line moves by what changed above it, and a changed or removed
/// line lands on the nearest line that survives.
public struct LineMap: Sendable {
    struct Range: Sendable {
        var oldStart: Int, oldCount: Int, newStart: Int, newCount: Int
    }
    let ranges: [Range]
    /// Lines in the new version.
    public let newLineCount: Int

    public enum Place: Sendable, Equatable {
        /// The same line, unchanged, at this line of the new version.
        case same(Int)
        /// The line was changed or removed; this is the nearest line of the new version.
        case nearest(Int)
        /// The new version has no lines.
        case none
    }

    public init(old: [UInt8], new: [UInt8]) throws {
        let patch = try Patch(old: old, new: new, contextLines: 0, path: "")
        ranges = patch.hunkRanges().map { Range(oldStart: $0.oldStart, oldCount: $0.oldCount, newStart: $0.newStart, newCount: $0.newCount) }
        newLineCount = DiffReader.lineCount(new)
    }

    /// Where line `line` (1-based) of the old version is in the new one.
    public func place(of line: Int) -> Place {
        guard newLineCount > 0 else { return .none }
        var shift = 0
        for range in ranges {
            // A pure insertion (oldCount 0) sits after old line oldStart.
            let end = range.oldCount == 0 ? range.oldStart : range.oldStart + range.oldCount - 1
            if range.oldCount > 0 && line >= range.oldStart && line <= end {
                // Replaced or removed: the first new line of the replacement, or the line the
                // removal left in its place (the one after, when there is one).
                let nearest = range.newCount > 0 ? range.newStart : range.newStart + 1
                return .nearest(min(max(nearest, 1), newLineCount))
            }
            if end < line || (range.oldCount == 0 && range.oldStart < line) {
                shift += range.newCount - range.oldCount
            } else {
                break
            }
        }
        let moved = line + shift
        return moved >= 1 && moved <= newLineCount ? .same(moved) : .nearest(min(max(moved, 1), newLineCount))
    }
}
