import VigilModel

/// Named classes of paths (`tests`, `examples`, `docs`, `generated`, `vendored`, `ci`), read from
/// `rules/paths.yml`, so risk rules can scope themselves to a class or leave one out, and a class
/// can cap the severity of what is found in it (edits to an example script are worth less than
/// edits to the library it demonstrates).
public struct PathClasses: Sendable {
    public struct Class: Sendable {
        public var name: String
        public var globs: [PathGlob]
        /// The highest severity a finding in this class keeps, unless the rule names the class.
        public var cap: Severity?
    }

    public var classes: [Class]

    public init(classes: [Class] = []) { self.classes = classes }

    public func names(of path: String) -> Set<String> {
        Set(classes.filter { $0.globs.contains { $0.matches(path) } }.map(\.name))
    }

    public func cap(for name: String) -> Severity? { classes.first { $0.name == name }?.cap }

    public var known: Set<String> { Set(classes.map(\.name)) }

    /// Reads `paths.yml`: `version: 1` and `classes: {name: {globs: [...], cap: low}}`.
    public static func load(yaml: String, file: String) throws -> PathClasses {
        let root = try RuleNode.parse(yaml, file: file)
        let top = try root.mapping(allowed: ["version", "classes"], context: "paths file")
        if let version = top["version"], try version.int(context: "version") != 1 {
            throw version.error("unsupported version (this vigil reads version 1)")
        }
        var classes: [Class] = []
        guard let node = top["classes"] else { return PathClasses() }
        for name in try node.mapping(context: "classes").keys {
            let entry = try node.mapping(context: "classes")[name]!
            let fields = try entry.mapping(allowed: ["globs", "cap", "description"], context: "class '\(name)'")
            let globs = try (fields["globs"]?.strings(context: "class '\(name)': globs") ?? []).map { glob in
                do { return try PathGlob(glob) } catch { throw try fields.required("globs").error("class '\(name)': bad glob '\(glob)': \(error)") }
            }
            classes.append(Class(name: name, globs: globs,
                                 cap: try fields["cap"]?.oneOf(Severity.self, context: "class '\(name)': cap")))
        }
        return PathClasses(classes: classes)
    }
}
