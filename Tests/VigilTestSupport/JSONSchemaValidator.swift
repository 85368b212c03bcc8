import Foundation
import VigilModel

/// Validates JSON against the schemas in `docs/schema/`: the JSON Schema 2020-12 keywords they
/// use (`type`, `properties`, `required`, `additionalProperties`, `items`, `prefixItems`,
/// `minItems`, `uniqueItems`, `propertyNames`, `enum`, `const`, `minimum`, `maximum`, `pattern`, `anyOf`, `oneOf`, `allOf`,
/// `unevaluatedProperties` (so a schema can extend an object another one describes and still close
/// it), `$ref` to `#/$defs/…` (or draft-07's `#/definitions/…`, which the SARIF schema uses) or to
/// another file in the same directory, `$defs`). An unknown keyword
/// is an error, so a schema cannot silently say less than it seems to.
public struct JSONSchemaValidator {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    static let annotations: Set<String> = ["$schema", "$id", "$comment", "title", "description", "examples", "default", "$defs", "definitions", "format",
                                           "deprecated", "readOnly"]
    static let keywords: Set<String> = ["type", "properties", "required", "additionalProperties", "items", "prefixItems", "minItems",
                                        "uniqueItems", "enum", "const", "minimum", "maximum", "pattern", "anyOf", "oneOf", "allOf", "$ref", "propertyNames",
                                        "unevaluatedProperties"]

    let directory: URL
    private var documents: [String: JSONValue] = [:]

    public init(directory: URL) { self.directory = directory }

    /// Every problem `instance` has against the schema file `name`, or a part of it
    /// (`scan.schema.json#/items`: one line of ndjson); empty when it is valid.
    public mutating func problems(_ instance: JSONValue, schema name: String) throws -> [String] {
        let (root, file) = try resolve(name, from: name)
        var found: [String] = []
        try validate(instance, root, file: file, at: "$", into: &found)
        return found
    }

    mutating func document(_ name: String) throws -> JSONValue {
        if let known = documents[name] { return known }
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        let parsed = try JSONValue(parsing: text)
        documents[name] = parsed
        return parsed
    }

    mutating func resolve(_ reference: String, from file: String) throws -> (JSONValue, String) {
        let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let target = parts[0].isEmpty ? file : parts[0]
        var node = try document(target)
        if parts.count == 2, !parts[1].isEmpty {
            for component in parts[1].split(separator: "/") {
                guard let next = node[String(component)] else { throw Failure(description: "\(file): cannot resolve $ref \(reference)") }
                node = next
            }
        }
        return (node, target)
    }

    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .string: "string"
        case .int: "integer"
        case .double(let d): d == d.rounded() ? "integer" : "number"
        case .bool: "boolean"
        case .null: "null"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Appends the problems of `value` to `found`, and returns the keys of `value` (an object)
    /// that this schema and the subschemas it applies in place evaluated, for `unevaluatedProperties`.
    @discardableResult
    mutating func validate(_ value: JSONValue, _ schema: JSONValue, file: String, at path: String, into found: inout [String]) throws -> Set<String> {
        if case .bool(let allowed) = schema {
            if !allowed { found.append("\(path): no value is allowed here") }
            return []
        }
        var evaluated: Set<String> = []
        guard let pairs = schema.objectPairs else { throw Failure(description: "\(file): a schema at \(path) is not an object") }
        for (key, _) in pairs where !Self.keywords.contains(key) && !Self.annotations.contains(key) {
            throw Failure(description: "\(file): unsupported schema keyword '\(key)' (at \(path))")
        }
        if let reference = schema["$ref"]?.string {
            let (target, targetFile) = try resolve(reference, from: file)
            evaluated.formUnion(try validate(value, target, file: targetFile, at: path, into: &found))
        }
        if let types = schema["type"] {
            let allowed = types.array?.compactMap(\.string) ?? [types.string ?? ""]
            let actual = Self.typeName(value)
            if !allowed.contains(actual) && !(actual == "integer" && allowed.contains("number")) {
                found.append("\(path): \(actual), expected \(allowed.joined(separator: " or "))")
                return evaluated
            }
        }
        if let options = schema["enum"]?.array, !options.contains(value) {
            found.append("\(path): \(value.serialized()) is not one of \(JSONValue.array(options).serialized())")
        }
        if let constant = schema["const"], constant != value {
            found.append("\(path): \(value.serialized()) is not \(constant.serialized())")
        }
        if let number = value.double {
            if let minimum = schema["minimum"]?.double, number < minimum { found.append("\(path): \(number) is below \(minimum)") }
            if let maximum = schema["maximum"]?.double, number > maximum { found.append("\(path): \(number) is above \(maximum)") }
        }
        if let text = value.string, let pattern = schema["pattern"]?.string {
            if text.range(of: pattern, options: .regularExpression) == nil { found.append("\(path): \(text.debugDescription) does not match \(pattern)") }
        }
        if let object = value.objectPairs {
            let properties = schema["properties"]?.objectPairs ?? []
            for required in schema["required"]?.array?.compactMap(\.string) ?? [] where !object.contains(where: { $0.0 == required }) {
                found.append("\(path): missing required key '\(required)'")
            }
            for (key, member) in object {
                if let names = schema["propertyNames"] {
                    try validate(.string(key), names, file: file, at: "\(path) key \(key.debugDescription)", into: &found)
                }
                if let property = properties.first(where: { $0.0 == key })?.1 {
                    evaluated.insert(key)
                    try validate(member, property, file: file, at: "\(path).\(key)", into: &found)
                } else if let additional = schema["additionalProperties"] {
                    evaluated.insert(key)
                    if case .bool(false) = additional {
                        found.append("\(path): key '\(key)' is not in the schema")
                    } else {
                        try validate(member, additional, file: file, at: "\(path).\(key)", into: &found)
                    }
                }
            }
        }
        if let items = value.array {
            if let minimum = schema["minItems"]?.int, items.count < minimum { found.append("\(path): \(items.count) item(s), at least \(minimum) expected") }
            if schema["uniqueItems"]?.bool == true {
                for (i, item) in items.enumerated() where items[..<i].contains(item) { found.append("\(path)[\(i)]: repeats an earlier item") }
            }
            let prefix = schema["prefixItems"]?.array ?? []
            for (index, item) in items.enumerated() {
                if index < prefix.count {
                    try validate(item, prefix[index], file: file, at: "\(path)[\(index)]", into: &found)
                } else if let itemSchema = schema["items"] {
                    try validate(item, itemSchema, file: file, at: "\(path)[\(index)]", into: &found)
                }
            }
        }
        for (keyword, needed) in [("anyOf", 1...Int.max), ("oneOf", 1...1)] {
            guard let options = schema[keyword]?.array else { continue }
            var matching = 0
            var reasons: [String] = []
            for option in options {
                var sub: [String] = []
                let keys = try validate(value, option, file: file, at: path, into: &sub)
                if sub.isEmpty { matching += 1; evaluated.formUnion(keys) } else { reasons += sub }
            }
            if !needed.contains(matching) {
                found.append("\(path): matches \(matching) of the \(keyword) schemas" + (matching == 0 ? " (\(reasons.prefix(3).joined(separator: "; ")))" : ""))
            }
        }
        for option in schema["allOf"]?.array ?? [] {
            evaluated.formUnion(try validate(value, option, file: file, at: path, into: &found))
        }
        // Last: it sees what every other keyword here, and every subschema applied here, evaluated.
        if let unevaluated = schema["unevaluatedProperties"], let object = value.objectPairs {
            for (key, member) in object where !evaluated.contains(key) {
                if case .bool(false) = unevaluated {
                    found.append("\(path): key '\(key)' is not in the schema")
                } else {
                    try validate(member, unevaluated, file: file, at: "\(path).\(key)", into: &found)
                }
                evaluated.insert(key)
            }
        }
        return evaluated
    }
}
