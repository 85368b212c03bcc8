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

    /// `steps` lower, never below low.
    public func lowered(by steps: Int) -> Severity {
        Severity.allCases[max(0, rank - steps)]
    }

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

/// One finding: what one rule saw in one file of one commit, with every line it concerns.
public struct RiskFlag: Sendable, Hashable {
    /// Which side of the diff a line is on.
    public enum Side: String, Sendable {
        case added, removed
        /// The file as a whole (a file-level finding).
        case file
    }

    /// How the finding was made.
    public enum Kind: String, Sendable, CaseIterable {
        /// Changed lines matched the rule's patterns.
        case line
        /// A sensitive setting's value changed (`beta: 0.04 → 0.0`).
        case value
        /// A check, test or guard was weakened (a removed assert, an added skip...).
        case structure
        /// The file itself: a sensitive file changed, was deleted or renamed.
        case file
        /// The rule could not be evaluated (a bounded pattern gave up): treated as a finding.
        case unevaluated
    }

    /// Whether a changed value weakens what the rule guards.
    public enum Direction: String, Sendable, CaseIterable {
        case weakened, strengthened, changed
    }

    /// One line a finding concerns.
    public struct Line: Sendable, Hashable {
        public var side: Side
        /// New-file line for added lines, old-file line for removed ones.
        public var number: Int
        /// The line, trimmed (at most 200 characters).
        public var text: String
        /// The per-line fingerprint earlier vigil versions gave a finding on this line alone
        /// (rule, path, side, text): what keeps older triage verdicts and baselines meaningful.
        public var fingerprint: String

        public init(side: Side, number: Int, text: String, fingerprint: String) {
            self.side = side
            self.number = number
            self.text = text
            self.fingerprint = fingerprint
        }
    }

    /// A setting's old and new value.
    public struct ValueChange: Sendable, Hashable {
        /// The setting, as written (`beta`, `trainer.kl_coef`, `--init_kl_coef`).
        public var key: String
        /// nil when the setting was removed or added.
        public var old: String?
        public var new: String?
        public var direction: Direction

        public init(key: String, old: String?, new: String?, direction: Direction) {
            self.key = key
            self.old = old
            self.new = new
            self.direction = direction
        }

        /// `beta: 0.04 → 0.0`.
        public var summary: String { "\(key): \(old ?? "(unset)") → \(new ?? "(removed)")" }
    }

    public var rule: String
    public var title: String
    public var category: RiskCategory
    public var severity: Severity
    public var kind: Kind
    public var path: String
    /// Every line the finding concerns, removed lines first, in order.
    public var lines: [Line]
    /// Where the change sits: the enclosing class and function, or a key path (`GRPOConfig.beta`).
    public var scope: String?
    /// For value findings: the old and new value and the direction.
    public var value: ValueChange?
    /// A one-line summary: the value change, the first line's text, or what happened to the file.
    public var excerpt: String
    public var message: String
    /// Why this finding is what it is when that is not obvious (`could not be evaluated: ...`).
    public var note: String?
    /// Stable across rebases and cherry-picks, never the commit id: the rule, the path and what
    /// changed (the value change, the lines' texts with white space folded, or the file's content).
    public var fingerprint: String

    public init(rule: String, title: String, category: RiskCategory, severity: Severity, kind: Kind = .line, path: String,
                lines: [Line], scope: String? = nil, value: ValueChange? = nil, excerpt: String, message: String,
                note: String? = nil, fingerprint: String) {
        self.rule = rule
        self.title = title
        self.category = category
        self.severity = severity
        self.kind = kind
        self.path = path
        self.lines = lines
        self.scope = scope
        self.value = value
        self.excerpt = excerpt
        self.message = message
        self.note = note
        self.fingerprint = fingerprint
    }

    /// A finding on one line (`side` `.file` and line 0: a file-level finding), for callers that
    /// have a single place, as findings had before they were grouped.
    public init(rule: String, title: String, category: RiskCategory, severity: Severity, path: String, line: Int, side: Side,
                excerpt: String, message: String, fingerprint: String) {
        let lines = side == .file ? [] : [Line(side: side, number: line, text: excerpt, fingerprint: fingerprint)]
        self.init(rule: rule, title: title, category: category, severity: severity, kind: side == .file ? .file : .line, path: path,
                  lines: lines, excerpt: excerpt, message: message, fingerprint: fingerprint)
    }

    /// The line outputs point at: the first added line (the change as it now reads), else the
    /// first removed one; nil for a file-level finding.
    public var primaryLine: Line? { lines.first { $0.side == .added } ?? lines.first }
    /// That line's number (0 for a file-level finding).
    public var line: Int { primaryLine?.number ?? 0 }
    /// That line's side (`file` for a file-level finding).
    public var side: Side { primaryLine?.side ?? .file }

    /// Where a person should look: `path:line`, or the path for a file-level finding.
    public var place: String { line > 0 ? "\(path):\(line)" : path }

    /// The lines as `-12 +14-16`: removed then added numbers, runs joined.
    public var lineSummary: String {
        var parts: [String] = []
        for (side, mark) in [(Side.removed, "-"), (.added, "+")] {
            let numbers = lines.filter { $0.side == side }.map(\.number).sorted()
            guard !numbers.isEmpty else { continue }
            var runs: [String] = []
            var start = numbers[0], end = numbers[0]
            for n in numbers.dropFirst() {
                if n == end + 1 { end = n; continue }
                runs.append(start == end ? "\(start)" : "\(start)-\(end)")
                (start, end) = (n, n)
            }
            runs.append(start == end ? "\(start)" : "\(start)-\(end)")
            parts.append(mark + runs.joined(separator: ","))
        }
        return parts.joined(separator: " ")
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

    /// The fingerprint a finding on this one line had before findings were grouped by file.
    public static func ofLine(rule: String, path: String, side: RiskFlag.Side, text: String) -> String {
        of([rule, path, side.rawValue, normalise(text)])
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
