/// Names given in filters (`--agent`, `--rule`, `--repository`) must name something: a typo is an
/// error with the nearest known name, never a silent empty result.
enum NameCheck {
    /// Throws when `given` is none of `known` (case-insensitively when `ignoringCase`), suggesting
    /// the closest one.
    static func require(_ given: [String], in known: Set<String>, option: String, ignoringCase: Bool = false) throws {
        let lookup = ignoringCase ? Set(known.map { $0.lowercased() }) : known
        for name in given where !lookup.contains(ignoringCase ? name.lowercased() : name) {
            var message = "\(option): unknown '\(name)'"
            if let near = nearest(name, in: known) { message += " (did you mean '\(near)'?)" }
            throw CommandFailure(message: message, exitCode: ExitStatus.badInput)
        }
    }

    /// The known name with the smallest edit distance, when it is close enough to be a typo.
    static func nearest(_ name: String, in known: Set<String>) -> String? {
        let candidates = known.map { ($0, distance(name.lowercased(), $0.lowercased())) }
        guard let best = candidates.min(by: { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }) else { return nil }
        return best.1 <= max(2, name.count / 3) ? best.0 : nil
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
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
