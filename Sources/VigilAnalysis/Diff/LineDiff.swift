import VigilModel

/// A line diff in Swift (longest common subsequence), for what has no repository behind it:
/// the rule files' examples and tests that give an old and a new file as text. Hunks are
/// numbered as a zero-context diff numbers them.
public enum LineDiff {
    /// Past this many line pairs every line counts as changed (examples are small).
    static let limit = 4_000_000

    public static func diff(old: [String], new: [String]) -> (added: [FileDiff.Line], removed: [FileDiff.Line]) {
        let n = old.count, m = new.count
        var keep = [[Int]]()
        if n * m <= limit && n > 0 && m > 0 {
            // lengths[i][j]: LCS of old[i...] and new[j...]
            var lengths = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    lengths[i][j] = old[i] == new[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
                }
            }
            keep = lengths
        }
        var added: [FileDiff.Line] = [], removed: [FileDiff.Line] = []
        var i = 0, j = 0, hunk = -1, inHunk = false
        func open() { if !inHunk { hunk += 1; inHunk = true } }
        while i < n || j < m {
            let same = i < n && j < m && !keep.isEmpty && old[i] == new[j]
            var takeAdded = false
            if !same && j < m {
                if i >= n || keep.isEmpty { takeAdded = true } else { takeAdded = keep[i][j + 1] >= keep[i + 1][j] }
            }
            if same {
                inHunk = false
                i += 1
                j += 1
            } else if takeAdded {
                open()
                added.append(FileDiff.Line(number: j + 1, text: new[j], hunk: hunk))
                j += 1
            } else {
                open()
                removed.append(FileDiff.Line(number: i + 1, text: old[i], hunk: hunk))
                i += 1
            }
        }
        return (added, removed)
    }

    /// A file diff of two texts given as lines (nil: the side is absent), for the engine.
    public static func fileDiff(path: String, oldPath: String? = nil, old: [String]?, new: [String]?) -> FileDiff {
        func bytes(_ lines: [String]?) -> [UInt8]? { lines.map { Array($0.map { $0 + "\n" }.joined().utf8) } }
        func id(_ lines: [String]?, _ salt: String) -> ObjectID? {
            guard let lines else { return nil }
            let digest = ContentDigest.of([salt] + lines)
            return ObjectID(hex: String((digest + digest + digest).prefix(40)))
        }
        let status: FileChange.Status = old == nil ? .added : new == nil ? .deleted : oldPath != nil && oldPath != path ? .renamed : .modified
        let change = FileChange(status: status, oldPath: old == nil ? nil : (oldPath ?? path), newPath: new == nil ? nil : path,
                                oldID: id(old, "old"), newID: id(new, "new"), oldMode: old == nil ? 0 : 0o100644,
                                newMode: new == nil ? 0 : 0o100644)
        let (added, removed) = diff(old: old ?? [], new: new ?? [])
        return FileDiff(change: change, content: .lines(added: added, removed: removed), oldBytes: bytes(old), newBytes: bytes(new))
    }
}
