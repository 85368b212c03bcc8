/// Pairs deleted and added files whose content is mostly the same as renames, as git's rename
/// detection does (at least half alike), so a file moved and edited in one commit is read as an
/// edit, not as a deletion plus a brand-new file.
public enum SimilarRenames {
    /// git's default: a pair at least this alike is a rename.
    public static let threshold = 0.5
    /// Beyond this many candidate pairs only files with the same name are compared.
    static let maxPairs = 2_500

    /// Pairs of (deleted index, added index), each file used once, most alike first.
    public static func pair(deleted: [[UInt8]], added: [[UInt8]], deletedPaths: [String], addedPaths: [String]) -> [(Int, Int)] {
        guard !deleted.isEmpty, !added.isEmpty else { return [] }
        let oldLines = deleted.map(lineCounts)
        let newLines = added.map(lineCounts)
        let sameNameOnly = deleted.count * added.count > maxPairs
        var scored: [(score: Double, old: Int, new: Int)] = []
        for (o, old) in oldLines.enumerated() {
            for (n, new) in newLines.enumerated() {
                if sameNameOnly && baseName(deletedPaths[o]) != baseName(addedPaths[n]) { continue }
                let total = old.total + new.total
                guard total > 0 else { continue }
                // A quick bound: the smaller file cannot share more lines than it has.
                guard Double(2 * min(old.total, new.total)) / Double(total) >= threshold else { continue }
                var common = 0
                let (small, large) = old.counts.count <= new.counts.count ? (old.counts, new.counts) : (new.counts, old.counts)
                for (line, count) in small { common += min(count, large[line] ?? 0) }
                let score = Double(2 * common) / Double(total)
                if score >= threshold { scored.append((score, o, n)) }
            }
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : ($0.old, $0.new) < ($1.old, $1.new) }
        var usedOld = Set<Int>(), usedNew = Set<Int>()
        var pairs: [(Int, Int)] = []
        for candidate in scored where !usedOld.contains(candidate.old) && !usedNew.contains(candidate.new) {
            usedOld.insert(candidate.old)
            usedNew.insert(candidate.new)
            pairs.append((candidate.old, candidate.new))
        }
        return pairs
    }

    /// Each distinct line's count (white space at the ends ignored), and the number of lines.
    static func lineCounts(_ bytes: [UInt8]) -> (counts: [ArraySlice<UInt8>: Int], total: Int) {
        var counts: [ArraySlice<UInt8>: Int] = [:]
        var total = 0
        var start = 0
        func add(_ end: Int) {
            var a = start, b = end
            while a < b, bytes[a] == 0x20 || bytes[a] == 0x09 { a += 1 }
            while b > a, bytes[b - 1] == 0x20 || bytes[b - 1] == 0x09 || bytes[b - 1] == 0x0D { b -= 1 }
            counts[bytes[a..<b], default: 0] += 1
            total += 1
        }
        for i in bytes.indices where bytes[i] == 0x0A {
            add(i)
            start = i + 1
        }
        if start < bytes.count { add(bytes.count) }
        return (counts, total)
    }

    static func baseName(_ path: String) -> Substring { path.split(separator: "/").last ?? Substring(path) }
}
