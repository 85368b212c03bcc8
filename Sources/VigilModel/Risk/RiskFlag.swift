/// What kind of sensitive code a risk rule guards.
public enum RiskCategory: String, Sendable, CaseIterable, Codable {
    case reward, guardrail, eval, training, oversight
}

/// How much a finding matters, lowest first.
public enum Severity: String, Sendable, CaseIterable, Comparable, Codable {
    case low, medium, high, critical

    public var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        case .critical: 3
        }
    }
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    /// The `security-severity` GitHub code scanning reads (critical >= 9, high >= 7, medium >= 4).
    public var securitySeverity: String {
        switch self {
        case .low: return "3.0"
        case .medium: return "5.5"
        case .high: return "8.0"
        case .critical: return "9.5"
        }
    }
}

/// One finding: a changed line (or a changed file, for path-only rules) that a risk rule flags.
public struct RiskFlag: Sendable, Hashable {
    public enum Side: String, Sendable {
        case added, removed
        /// A path-only rule: the file changed at all.
        case file
    }

    public var rule: String
    public var title: String
    public var category: RiskCategory
    public var severity: Severity
    public var path: String
    /// New-file line for added lines, old-file line for removed ones, 0 for path-only findings.
    public var line: Int
    public var side: Side
    public var excerpt: String
    public var message: String
    /// Stable across rebases and cherry-picks: rule, path, side and the line's text (or, for
    /// path-only rules, the file's new content), never the commit id.
    public var fingerprint: String

    public init(rule: String, title: String, category: RiskCategory, severity: Severity, path: String, line: Int,
                side: Side, excerpt: String, message: String, fingerprint: String) {
        self.rule = rule
        self.title = title
        self.category = category
        self.severity = severity
        self.path = path
        self.line = line
        self.side = side
        self.excerpt = excerpt
        self.message = message
        self.fingerprint = fingerprint
    }
}

/// A changed file the engine did not read, and why.
public struct SkippedFile: Sendable, Hashable {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

/// A short, stable, content-based hash (64-bit FNV-1a, hex).
public enum Fingerprint {
    public static func of(_ parts: [String]) -> String { ContentDigest.of(parts) }

    /// A line's text with runs of white space folded, so re-indentation keeps the fingerprint.
    public static func normalise(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}

/// What outputs say about a risk rule (SARIF's rule list, `vigil rules list`).
public struct RuleDescription: Sendable, Hashable {
    public var id: String
    public var title: String
    public var message: String
    public var category: RiskCategory
    public var severity: Severity

    public init(id: String, title: String, message: String, category: RiskCategory, severity: Severity) {
        self.id = id
        self.title = title
        self.message = message
        self.category = category
        self.severity = severity
    }
}
