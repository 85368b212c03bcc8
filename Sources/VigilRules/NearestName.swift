/// The known name a misspelt one most likely meant, for "did you mean" in errors: a typo in a
/// rule id or a filter must be an error that helps, never a silent no-op.
public enum NearestName {
    /// The known name with the smallest edit distance (ignoring case), when it is close enough to
    /// be a typo.
    public static func nearest(_ name: String, in known: some Sequence<String>) -> String? {
        let candidates = known.map { ($0, distance(name.lowercased(), $0.lowercased())) }
        guard let best = candidates.min(by: { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }) else { return nil }
        return best.1 <= max(2, name.count / 3) ? best.0 : nil
    }

    /// `" (did you mean 'x'?)"`, or nothing when no known name is close.
    public static func hint(_ name: String, in known: some Sequence<String>) -> String {
        nearest(name, in: known).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Levenshtein distance.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
