import VigilModel
import VigilPatterns

/// One rule of `rules/risk/*.yml`: a kind of risky change, where to look and how to recognise it.
public struct RiskRule: Sendable {
    public struct Example: Sendable {
        public var path: String
        public var added: [String]
        public var removed: [String]
        public var klass: ProvenanceClass?
        public var review: ReviewStatus?
        public var expectFlag: Bool
        public var file: String
        public var line: Int
    }

    public var id: String
    public var title: String
    public var category: RiskCategory
    public var severity: Severity
    public var include: [PathGlob]
    public var exclude: [PathGlob]
    /// Lowercased literals; a line must contain one before any regex runs.
    public var keywords: [String]
    /// The keywords' UTF-8, for the byte search the prefilter does on every changed line.
    public var keywordBytes: [[UInt8]]
    public var added: [Pattern]
    public var removed: [Pattern]
    public var classes: Set<ProvenanceClass>?
    public var reviews: Set<ReviewStatus>?
    public var claimsPaths: Bool
    public var message: String
    public var examples: [Example]
    public var file: String
    public var line: Int
    /// A digest of the rule's definition (its YAML entry, re-serialised): the index recomputes
    /// this rule's findings when it changes.
    public var digest: String = ""

    /// A rule with no line patterns fires once for any change to a matching file.
    public var isPathOnly: Bool { added.isEmpty && removed.isEmpty }

    public func appliesTo(path: String) -> Bool {
        include.contains { $0.matches(path) } && !exclude.contains { $0.matches(path) }
    }

    /// What SARIF and other outputs say about the rule.
    public var ruleDescription: RuleDescription {
        RuleDescription(id: id, title: title, message: message, category: category, severity: severity)
    }

    public func appliesTo(class klass: ProvenanceClass, review: ReviewStatus) -> Bool {
        (classes?.contains(klass) ?? true) && (reviews?.contains(review) ?? true)
    }

    /// True when a line (its UTF-8, ASCII-lowercased) passes the keyword prefilter. A byte search:
    /// this runs for every changed line under every rule, and `String.contains` goes through
    /// Foundation's slow path on Linux.
    public func passesKeywords(_ lowercasedLine: UnsafeBufferPointer<UInt8>) -> Bool {
        if keywordBytes.isEmpty { return true }
        return keywordBytes.contains { Self.contains(lowercasedLine, $0) }
    }

    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
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
}

/// All risk rules, from every file under `rules/risk/`.
public struct RiskRuleSet: Sendable {
    public var rules: [RiskRule]

    public init(rules: [RiskRule]) { self.rules = rules }

    public func rule(id: String) -> RiskRule? { rules.first { $0.id == id } }

    /// Reads each file in turn; ids must be unique across files.
    public static func load(files: [(path: String, text: String)]) throws -> RiskRuleSet {
        var rules: [RiskRule] = []
        var seen: [String: String] = [:]
        for (path, text) in files {
            let root = try RuleNode.parse(text, file: path)
            let top = try root.mapping(allowed: ["version", "rules"], context: "risk rules file")
            if let version = top["version"], try version.int(context: "version") != 1 {
                throw version.error("unsupported version (this vigil reads version 1)")
            }
            for node in try top["rules"]?.sequence(context: "rules") ?? [] {
                let rule = try parse(node)
                if let other = seen[rule.id] { throw node.error("duplicate rule id '\(rule.id)' (also in \(other))") }
                seen[rule.id] = path
                rules.append(rule)
            }
        }
        return RiskRuleSet(rules: rules)
    }

    static func parse(_ node: RuleNode) throws -> RiskRule {
        let f = try node.mapping(allowed: ["id", "title", "category", "severity", "paths", "keywords", "added", "removed",
                                           "when", "claims_paths", "message", "examples"], context: "risk rule")
        let id = try f.required("id").string(context: "id")
        guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw try f.required("id").error("id '\(id)' must be letters, digits, '-' or '_'")
        }
        let c = "rule '\(id)'"
        let paths = try f.required("paths").mapping(allowed: ["include", "exclude"], context: "\(c): paths")
        func globs(_ key: String) throws -> [PathGlob] {
            try (paths[key]?.strings(context: "\(c): paths.\(key)") ?? []).map { glob in
                do { return try PathGlob(glob) } catch { throw try paths.required(key).error("\(c): bad glob '\(glob)': \(error)") }
            }
        }
        let include = try globs("include")
        if include.isEmpty { throw try f.required("paths").error("\(c): paths.include must list at least one glob") }
        var classes: Set<ProvenanceClass>?, reviews: Set<ReviewStatus>?
        if let when = f["when"] {
            let w = try when.mapping(allowed: ["class", "review"], context: "\(c): when")
            if let node = w["class"] {
                classes = Set(try node.sequence(context: "\(c): when.class").map { try $0.oneOf(ProvenanceClass.self, context: "\(c): when.class") })
            }
            if let node = w["review"] {
                reviews = Set(try node.sequence(context: "\(c): when.review").map { try $0.oneOf(ReviewStatus.self, context: "\(c): when.review") })
            }
        }
        let examples = try (f["examples"]?.sequence(context: "\(c): examples") ?? []).map { item in
            let e = try item.mapping(allowed: ["path", "added", "removed", "class", "review", "expect"], context: "\(c): example")
            let expect = try e.required("expect").string(context: "\(c): expect")
            guard expect == "flag" || expect == "pass" else { throw try e.required("expect").error("\(c): expect must be flag or pass") }
            func lines(_ key: String) throws -> [String] {
                guard let text = try e[key]?.string(context: "\(c): \(key)") else { return [] }
                var split = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                if split.last == "" { split.removeLast() }
                return split
            }
            return RiskRule.Example(path: try e.required("path").string(context: "\(c): path"), added: try lines("added"), removed: try lines("removed"),
                                    klass: try e["class"]?.oneOf(ProvenanceClass.self, context: "\(c): class"),
                                    review: try e["review"]?.oneOf(ReviewStatus.self, context: "\(c): review"),
                                    expectFlag: expect == "flag", file: item.file, line: item.line)
        }
        let keywords = try (f["keywords"]?.strings(context: "\(c): keywords") ?? []).map { $0.lowercased() }
        return RiskRule(
            id: id,
            title: try f.required("title").string(context: "\(c): title"),
            category: try f.required("category").oneOf(RiskCategory.self, context: "\(c): category"),
            severity: try f.required("severity").oneOf(Severity.self, context: "\(c): severity"),
            include: include, exclude: try globs("exclude"),
            keywords: keywords, keywordBytes: keywords.map { Array($0.utf8) },
            added: try (f["added"]?.sequence(context: "\(c): added") ?? []).map { try $0.pattern(context: "\(c): added") },
            removed: try (f["removed"]?.sequence(context: "\(c): removed") ?? []).map { try $0.pattern(context: "\(c): removed") },
            classes: classes, reviews: reviews,
            claimsPaths: try f["claims_paths"]?.bool(context: "\(c): claims_paths") ?? false,
            message: try f.required("message").string(context: "\(c): message"),
            examples: examples, file: node.file, line: node.line, digest: node.digest)
    }
}
