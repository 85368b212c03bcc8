import VigilModel
import Yams
import VigilPatterns

/// A node of a YAML rule file that remembers where it stands, so every fault names file and line.
public struct RuleNode {
    let node: Node
    public let file: String

    public var line: Int { node.mark?.line ?? 0 }

    /// A digest of this node's content, independent of layout and comments.
    public var digest: String {
        ContentDigest.of([(try? Yams.serialize(node: node)) ?? "\(file):\(line)"])
    }

    /// Parses `text` (the contents of `file`). An empty document is an empty mapping.
    public static func parse(_ text: String, file: String) throws -> RuleNode {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                return RuleNode(node: .mapping(Node.Mapping([])), file: file)
            }
            return RuleNode(node: node, file: file)
        } catch let error as YamlError {
            throw RuleFileError(file: file, line: Self.line(of: error), message: "invalid YAML: \(Self.problem(of: error))")
        }
    }

    public func error(_ message: String) -> RuleFileError { RuleFileError(file: file, line: line, message: message) }

    /// The entries of a mapping, refusing keys outside `allowed` (a typo must not silently disable a rule).
    public func mapping(allowed: Set<String>? = nil, context: String) throws -> Fields {
        guard case .mapping(let mapping) = node else { throw error("\(context) must be a mapping") }
        var fields: [(String, RuleNode)] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else { throw RuleNode(node: key, file: file).error("\(context): keys must be plain text") }
            if let allowed, !allowed.contains(scalar.string) {
                let known = allowed.sorted().joined(separator: ", ")
                throw RuleNode(node: key, file: file).error("\(context): unknown key '\(scalar.string)' (known: \(known))")
            }
            fields.append((scalar.string, RuleNode(node: value, file: file)))
        }
        return Fields(owner: self, context: context, entries: fields)
    }

    public func sequence(context: String) throws -> [RuleNode] {
        switch node {
        case .sequence(let sequence): return sequence.map { RuleNode(node: $0, file: file) }
        case .scalar(let scalar) where scalar.string.isEmpty && scalar.tag.description.hasSuffix("null"): return []
        default: throw error("\(context) must be a list")
        }
    }

    public func string(context: String) throws -> String {
        guard case .scalar(let scalar) = node else { throw error("\(context) must be text") }
        return scalar.string
    }

    public func bool(context: String) throws -> Bool {
        switch try string(context: context).lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("\(context) must be true or false")
        }
    }

    public func int(context: String) throws -> Int {
        guard let value = Int(try string(context: context)) else { throw error("\(context) must be a whole number") }
        return value
    }

    /// A list of strings; a single string is taken as a list of one.
    public func strings(context: String) throws -> [String] {
        if case .scalar = node { return [try string(context: context)] }
        return try sequence(context: context).map { try $0.string(context: context) }
    }

    /// A regular expression, compiled; a fault names this line.
    public func pattern(context: String, options: Pattern.Options = []) throws -> Pattern {
        let source = try string(context: context)
        do {
            return try Pattern(source, options: options)
        } catch let fault as PatternError {
            throw error("\(context): \(fault)")
        }
    }

    /// One of a closed set of words.
    public func oneOf<T: RawRepresentable & CaseIterable>(_ type: T.Type, context: String) throws -> T where T.RawValue == String {
        let text = try string(context: context)
        guard let value = T(rawValue: text) else {
            let known = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw error("\(context): unknown value '\(text)' (expected one of: \(known))")
        }
        return value
    }

    /// The fields of a mapping, looked up by key.
    public struct Fields {
        public let owner: RuleNode
        let context: String
        let entries: [(String, RuleNode)]

        public subscript(key: String) -> RuleNode? { entries.first(where: { $0.0 == key })?.1 }

        public func required(_ key: String) throws -> RuleNode {
            guard let node = self[key] else { throw owner.error("\(context): missing required key '\(key)'") }
            return node
        }

        public var keys: [String] { entries.map(\.0) }
    }

    static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        case .duplicatedKeysInMapping(_, let context): return context.mark.line
        default: return 0
        }
    }

    static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _), .composer(let context, let problem, _, _):
            if let context { return "\(problem) \(context.text)" }
            return problem
        case .duplicatedKeysInMapping(let duplicates, _):
            return "duplicated keys: \(duplicates.joined(separator: ", "))"
        default:
            return String(describing: error)
        }
    }
}
