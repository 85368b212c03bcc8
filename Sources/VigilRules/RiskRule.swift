import VigilModel
import VigilPatterns

/// One rule of `rules/risk/*.yml`: a kind of risky change, where to look and how to recognise it
/// (see docs/risk-rules-schema.md).
public struct RiskRule: Sendable {
    /// How the rule finds what it looks for.
    public enum Kind: String, Sendable, CaseIterable {
        /// Regular expressions on changed lines.
        case line
        /// A setting's old and new value compared.
        case value
        /// A check, test or guard weakened (one of `Structure`).
        case structure
        /// The file itself changed (or was deleted, renamed...).
        case file
    }

    /// The structural weakenings the engine recognises.
    public enum Structure: String, Sendable, CaseIterable {
        /// A removed `assert`, `raise`, or early `return`/`continue` under an `if`.
        case removedGuard = "removed-guard"
        /// A `return` line changed.
        case changedReturn = "changed-return"
        /// A skip or xfail added to a test that stays (platform and hardware conditions aside).
        case testSkipped = "test-skipped"
        /// A test function removed (and not moved elsewhere in the commit).
        case testRemoved = "test-removed"
        /// Entries removed from a list (eval tasks, blocked topics, deny lists).
        case entryRemoved = "entry-removed"
        /// A line of code turned into a comment.
        case commentedOut = "commented-out"
        /// The body of a matching function changed.
        case bodyChanged = "body-changed"
        /// A line moved into or out of a block where indentation is meaning.
        case renested
        /// A value written to training metrics, or computed just before being written, changed.
        case loggedValueChanged = "logged-value-changed"
    }

    /// Which way a setting's change weakens what the rule guards.
    public enum Weaker: String, Sendable, CaseIterable {
        /// A smaller number weakens (a KL coefficient, a sample count).
        case lower
        /// A larger number weakens (a clip range, an allowed rate).
        case higher
        /// Switching off weakens (`true` → `false`).
        case off
        /// Switching on weakens (`trust_remote_code: false` → `true`).
        case on
        /// Any change is only a change: no direction.
        case any
    }

    /// What a value rule compares.
    public struct ValueSpec: Sendable {
        /// Regular expressions on a setting's name (its last component, `beta`, `init_kl_coef`).
        public var keys: [Pattern]
        public var weaker: Weaker
        /// New values that weaken whatever the old one was (`none`, `0`), compared in lower case.
        public var weakValues: [String]
        /// True: thresholds in comparisons (`score < 0.7`) count as settings too.
        public var comparisons: Bool
        /// Severity by direction; a weakening has the rule's severity.
        public var changedSeverity: Severity
        public var strengthenedSeverity: Severity
        /// True: a setting that disappears (falls back to a default) is a change too.
        public var removal: Bool
        /// The severity of a setting that disappeared (its value is gone, not changed).
        public var removedSeverity: Severity
    }

    public struct Example: Sendable {
        public var path: String
        /// The old path of a renamed file.
        public var oldPath: String?
        /// The old and new file, whole (nil: absent). `removed:`/`added:` examples are files of
        /// exactly those lines.
        public var old: [String]?
        public var new: [String]?
        public var klass: ProvenanceClass?
        public var review: ReviewStatus?
        public var expectFlag: Bool
        /// When given, the finding must have this severity.
        public var expectSeverity: Severity?
        public var file: String
        public var line: Int
    }

    public var id: String
    public var title: String
    public var category: RiskCategory
    public var severity: Severity
    public var kind: Kind
    public var include: [PathGlob]
    public var exclude: [PathGlob]
    /// Path classes (from `paths.yml`) a file must be in (nil: any) and must not be in.
    public var classes: Set<String>?
    public var notClasses: Set<String>
    /// File statuses the rule reads (`FileStatus` raw values).
    public var statuses: Set<FileStatus>
    /// Lowercased literals; a line must contain one before any regex runs.
    public var keywords: [String]
    /// The keywords' UTF-8, for the byte search the prefilter does on every changed line.
    public var keywordBytes: [[UInt8]]
    public var added: [Pattern]
    public var removed: [Pattern]
    /// True: comments, docstrings and text in strings are read too (prompt files, rule messages).
    public var readsText: Bool
    /// True: a changed line counts only when what it matches is not on the other side of the
    /// same hunk too: added constructs must be new, removed ones gone (not re-wrapped or edited
    /// around).
    public var newOnly: Bool = false
    /// True: a line that only passes values along (no arithmetic, comparison, reduction,
    /// condition or return) is reported at low severity: the rule is about computations.
    public var computation: Bool = false
    /// The enclosing function, flow or key path must match one of these.
    public var scopes: [Pattern]
    public var value: ValueSpec?
    public var structure: Structure?
    /// `when:` the commit's provenance classes and review statuses the rule applies to (nil: any).
    public var whenClasses: Set<ProvenanceClass>?
    public var whenReviews: Set<ReviewStatus>?
    public var claimsPaths: Bool
    public var message: String
    public var examples: [Example]
    public var file: String
    public var line: Int
    /// A digest of the rule's definition (its YAML entry, re-serialised): the index recomputes
    /// this rule's findings when it changes.
    public var digest: String = ""

    /// A file-level rule fires once for any change to a matching file.
    public var isPathOnly: Bool { kind == .file }

    public func appliesTo(path: String) -> Bool {
        include.contains { $0.matches(path) } && !exclude.contains { $0.matches(path) }
    }

    /// True when a file in `classes` (its path classes) is this rule's to read.
    public func appliesTo(classes fileClasses: Set<String>) -> Bool {
        if let classes, classes.isDisjoint(with: fileClasses) { return false }
        return notClasses.isDisjoint(with: fileClasses)
    }

    /// What SARIF and other outputs say about the rule.
    public var ruleDescription: RuleDescription {
        RuleDescription(id: id, title: title, message: message, category: category, severity: severity)
    }

    public func appliesTo(class klass: ProvenanceClass, review: ReviewStatus) -> Bool {
        (whenClasses?.contains(klass) ?? true) && (whenReviews?.contains(review) ?? true)
    }

    /// True when a line (its UTF-8, ASCII-lowercased) passes the keyword prefilter. A byte search:
    /// this runs for every changed line under every rule, and `String.contains` goes through
    /// Foundation's slow path on Linux.
    public func passesKeywords(_ lowercasedLine: UnsafeBufferPointer<UInt8>) -> Bool {
        if keywordBytes.isEmpty { return true }
        return keywordBytes.contains { Self.contains(lowercasedLine, $0) }
    }

    public static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        let n = needle.count
        guard n > 0 else { return true }
        guard haystack.count >= n else { return false }
        let first = needle[0]
        var i = 0
        while i <= haystack.count - n {
            if haystack[i] == first {
                var j = 1
                while j < n && haystack[i + j] == needle[j] { j += 1 }
                if j == n { return true }
            }
            i += 1
        }
        return false
    }

    /// True when a setting named `key` is this value rule's.
    public func wantsKey(_ key: String) -> Bool {
        guard let value else { return false }
        if !keywordBytes.isEmpty {
            let lowered = key.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
            guard lowered.withUnsafeBufferPointer({ passesKeywords($0) }) else { return false }
        }
        return value.keys.contains { $0.matches(key) }
    }
}

/// All risk rules, from every file under `rules/risk/`, and the path classes they use.
public struct RiskRuleSet: Sendable {
    public var rules: [RiskRule]
    public var pathClasses: PathClasses
    /// A digest of `paths.yml`: a change to the path classes makes every stored finding stale.
    public var pathClassesDigest = ""
    /// When set, only these rules report findings; every rule still decides which files are read
    /// (so a partial run sees each commit as a full run does). The index uses it to recompute
    /// the findings of changed rules only.
    public var reporting: Set<String>?

    /// The risk engine's version: stored findings made by another are recomputed. Raise it when
    /// what the engine makes of the same rules changes.
    public static let engineVersion = "2"

    public init(rules: [RiskRule], pathClasses: PathClasses = PathClasses()) {
        self.rules = rules
        self.pathClasses = pathClasses
    }

    public func rule(id: String) -> RiskRule? { rules.first { $0.id == id } }

    /// Reads each file in turn; ids must be unique across files, and every path class a rule
    /// names must be one `pathClasses` defines.
    public static func load(files: [(path: String, text: String)], pathClasses: PathClasses = PathClasses()) throws -> RiskRuleSet {
        var rules: [RiskRule] = []
        var seen: [String: String] = [:]
        for (path, text) in files {
            let root = try RuleNode.parse(text, file: path)
            let top = try root.mapping(allowed: ["version", "rules"], context: "risk rules file")
            if let version = top["version"], try version.int(context: "version") != 1 {
                throw version.error("unsupported version (this vigil reads version 1)")
            }
            for node in try top["rules"]?.sequence(context: "rules") ?? [] {
                let rule = try RiskRuleParser.parse(node, knownClasses: pathClasses.known)
                if let other = seen[rule.id] { throw node.error("duplicate rule id '\(rule.id)' (also in \(other))") }
                seen[rule.id] = path
                rules.append(rule)
            }
        }
        return RiskRuleSet(rules: rules, pathClasses: pathClasses)
    }
}
