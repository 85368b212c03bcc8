import VigilRules

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
    static func nearest(_ name: String, in known: Set<String>) -> String? { NearestName.nearest(name, in: known) }
}
