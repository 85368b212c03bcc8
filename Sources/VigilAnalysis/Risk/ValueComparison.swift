import VigilModel
import VigilRules

/// A setting's value read as a literal where it is one, so `0.0` and `0` are the same value,
/// `True` and `true` too, and a change can be called a weakening.
enum Literal: Equatable {
    case number(Double)
    case bool(Bool)
    case none
    case text(String)
    /// An expression (`args.beta`, `max(1, n)`): only compared as written.
    case expression(String)

    init(_ written: String) {
        var s = written.trimmedSpaces
        while let last = s.last, last == "," || last == ";" { s.removeLast() }
        // `lambda: [0.1]` (a dataclass default_factory) and a one-element list hold the value itself.
        if s.hasPrefix("lambda:") { s = String(s.dropFirst(7)).trimmedSpaces }
        if s.count >= 3, s.first == "[", s.last == "]", !s.dropFirst().dropLast().contains(","), !s.dropFirst().dropLast().contains("[") {
            s = String(s.dropFirst().dropLast()).trimmedSpaces
        }
        // A Python call of a literal (`float("inf")`, `int(2)`) and quoted YAML numbers read through.
        for wrapper in ["float(", "int("] where s.hasPrefix(wrapper) && s.hasSuffix(")") {
            s = String(s.dropFirst(wrapper.count).dropLast())
        }
        let lower = s.lowercased()
        switch lower {
        case "true", "yes", "on": self = .bool(true); return
        case "false", "no", "off": self = .bool(false); return
        case "none", "null", "~", "nil", "undefined": self = .none; return
        case "inf", "\"inf\"", "'inf'", "math.inf", "float('inf')", "+inf", "infinity": self = .number(.infinity); return
        default: break
        }
        if let n = Literal.number(lower) { self = .number(n); return }
        if s.count >= 2, let first = s.first, first == "\"" || first == "'", s.last == first {
            let inner = String(s.dropFirst().dropLast())
            if let n = Literal.number(inner.lowercased()) { self = .number(n) } else { self = .text(inner) }
            return
        }
        if let first = s.first, first.isLetter, s.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) {
            // A bare YAML or shell word (`cosine`, `group`) is text, as a quoted one is.
            self = .text(s)
            return
        }
        self = .expression(String(Fingerprint.normalise(s).map { $0 == "'" ? "\"" : $0 }))
    }

    static func number(_ text: String) -> Double? {
        var t = text.filter { $0 != "_" }
        if t.hasPrefix("+") { t.removeFirst() }
        if t.hasSuffix("f") || t.hasSuffix("l") { t.removeLast() }
        guard let first = t.first, first.isNumber || first == "-" || first == "." else { return nil }
        return Double(t)
    }

    /// True when the value is a setting someone chose (a literal, a name, a list of them), not
    /// code computing one (a call, arithmetic, a condition): code is for line rules to read.
    static func isSetting(_ written: String) -> Bool {
        guard case .expression(let text) = Literal(written) else { return true }
        var previous: Character = " "
        for c in text {
            let afterOperand = previous.isLetter || previous.isNumber || previous == "_" || previous == "]" || previous == ")" || previous == "\"" || previous == "'"
            // A call or a subscript (`f(x)`, `batch["x"]`) computes a value.
            if (c == "(" || c == "[") && afterOperand && !(previous.isNumber && c == "(") { return false }
            if (c == "+" || c == "-") && afterOperand && !(previous == "e" || previous == "E") { return false }
            if "*/%<>=&|~^@".contains(c) { return false }
            if c != " " { previous = c }
        }
        for word in [" if ", " else ", " for ", " and ", " or ", " not ", "lambda", " in "] where text.contains(word) { return false }
        return true
    }

    /// True for a literal (number, boolean, none, text), not a name.
    var isLiteral: Bool {
        if case .expression = self { return false }
        return true
    }

    var truthy: Bool? {
        switch self {
        case .bool(let b): return b
        case .number(let n): return n != 0
        case .none: return false
        case .text(let t): return !t.isEmpty
        case .expression: return nil
        }
    }

    var numeric: Double? {
        switch self {
        case .number(let n): return n
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    /// How outputs print it: as written, white space folded.
    static func display(_ written: String) -> String {
        let t = Fingerprint.normalise(written.trimmedSpaces)
        return t.count > 80 ? String(t.prefix(80)) + "…" : t
    }
}

enum ValueComparison {
    /// nil when the values are the same; otherwise the direction of the change for `spec`.
    static func direction(old: String?, new: String?, spec: RiskRule.ValueSpec) -> RiskFlag.Direction? {
        guard let old, let new else {
            // Removed: the setting falls back to a default nobody wrote here.
            return .changed
        }
        let a = Literal(old), b = Literal(new)
        if a == b { return nil }
        if case .number(let x) = a, case .number(let y) = b, x == y { return nil }
        if !spec.weakValues.isEmpty {
            let weak = { (l: Literal, written: String) -> Bool in
                let w: String
                switch l {
                case .text(let t): w = t.lowercased()
                case .none: w = "none"
                case .bool(let flag): w = flag ? "true" : "false"
                default: w = written.trimmedSpaces.lowercased()
                }
                return spec.weakValues.contains(w) || (l.numeric.map { n in spec.weakValues.contains { Double($0) == n } } ?? false)
            }
            let wasWeak = weak(a, old), isWeak = weak(b, new)
            if isWeak && !wasWeak { return .weakened }
            if wasWeak && !isWeak { return .strengthened }
        }
        switch spec.weaker {
        case .any: return .changed
        case .lower, .higher:
            guard let x = a.numeric, let y = b.numeric else {
                // A number switched off (`None`, `0`) weakens what a lower number weakens.
                if spec.weaker == .lower, a.numeric != nil, b == .none { return .weakened }
                return .changed
            }
            if x == y { return nil }
            return (y < x) == (spec.weaker == .lower) ? .weakened : .strengthened
        case .off, .on:
            guard let x = a.truthy, let y = b.truthy else { return .changed }
            if x == y { return .changed }
            return (x && !y) == (spec.weaker == .off) ? .weakened : .strengthened
        }
    }

    static func severity(_ direction: RiskFlag.Direction, rule: RiskRule) -> Severity {
        guard let spec = rule.value else { return rule.severity }
        switch direction {
        case .weakened: return rule.severity
        case .changed: return spec.changedSeverity
        case .strengthened: return spec.strengthenedSeverity
        }
    }
}
