import VigilModel
import VigilPatterns

/// Reads one risk rule from its YAML entry, refusing what it does not understand with the file
/// and line (docs/risk-rules-schema.md is the schema).
enum RiskRuleParser {
    static let keys: Set<String> = ["id", "title", "category", "severity", "kind", "paths", "status", "keywords", "added", "removed",
                                    "text", "scope", "value", "structure", "when", "claims_paths", "message", "examples", "new_only",
                                    "computation"]

    static func parse(_ node: RuleNode, knownClasses: Set<String>) throws -> RiskRule {
        let f = try node.mapping(allowed: keys, context: "risk rule")
        let id = try f.required("id").string(context: "id")
        guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw try f.required("id").error("id '\(id)' must be letters, digits, '-' or '_'")
        }
        let c = "rule '\(id)'"
        let paths = try f.required("paths").mapping(allowed: ["include", "exclude", "classes", "not_classes"], context: "\(c): paths")
        func globs(_ key: String) throws -> [PathGlob] {
            try (paths[key]?.strings(context: "\(c): paths.\(key)") ?? []).map { glob in
                do { return try PathGlob(glob) } catch { throw try paths.required(key).error("\(c): bad glob '\(glob)': \(error)") }
            }
        }
        func classNames(_ key: String) throws -> Set<String>? {
            guard let node = paths[key] else { return nil }
            let names = try node.strings(context: "\(c): paths.\(key)")
            for name in names where !knownClasses.contains(name) {
                throw node.error("\(c): paths.\(key): unknown path class '\(name)' (paths.yml defines: \(knownClasses.sorted().joined(separator: ", ")))")
            }
            return Set(names)
        }
        let include = try globs("include")
        if include.isEmpty { throw try f.required("paths").error("\(c): paths.include must list at least one glob") }
        var whenClasses: Set<ProvenanceClass>?, whenReviews: Set<ReviewStatus>?
        if let when = f["when"] {
            let w = try when.mapping(allowed: ["class", "review"], context: "\(c): when")
            if let node = w["class"] {
                whenClasses = Set(try node.sequence(context: "\(c): when.class").map { try $0.oneOf(ProvenanceClass.self, context: "\(c): when.class") })
            }
            if let node = w["review"] {
                whenReviews = Set(try node.sequence(context: "\(c): when.review").map { try $0.oneOf(ReviewStatus.self, context: "\(c): when.review") })
            }
        }
        let added = try (f["added"]?.sequence(context: "\(c): added") ?? []).map { try $0.pattern(context: "\(c): added") }
        let removed = try (f["removed"]?.sequence(context: "\(c): removed") ?? []).map { try $0.pattern(context: "\(c): removed") }
        let severity = try f.required("severity").oneOf(Severity.self, context: "\(c): severity")
        let value = try f["value"].map { try valueSpec($0, severity: severity, context: c) }
        let structure = try f["structure"]?.oneOf(RiskRule.Structure.self, context: "\(c): structure")
        let inferred: RiskRule.Kind = value != nil ? .value : structure != nil ? .structure : (added.isEmpty && removed.isEmpty) ? .file : .line
        let kind = try f["kind"]?.oneOf(RiskRule.Kind.self, context: "\(c): kind") ?? inferred
        if kind != inferred {
            throw try f.required("kind").error("\(c): kind '\(kind.rawValue)' does not fit the rule (it reads as '\(inferred.rawValue)')")
        }
        let defaultStatuses: Set<FileStatus> = kind == .file ? Set(FileStatus.allCases).subtracting([.renamed, .modeChanged])
                                                             : [.modified, .renamedEdited]
        let statuses = try f["status"].map { node in
            Set(try node.strings(context: "\(c): status").map { text in
                guard let status = FileStatus(rawValue: text) else {
                    throw node.error("\(c): status: unknown value '\(text)' (expected one of: \(FileStatus.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return status
            })
        } ?? defaultStatuses
        let scopes = try f["scope"].map { node -> [Pattern] in
            let s = try node.mapping(allowed: ["functions"], context: "\(c): scope")
            return try (s["functions"]?.sequence(context: "\(c): scope.functions") ?? []).map { try $0.pattern(context: "\(c): scope.functions") }
        } ?? []
        let keywords = try (f["keywords"]?.strings(context: "\(c): keywords") ?? []).map { $0.lowercased() }
        return RiskRule(
            id: id,
            title: try f.required("title").string(context: "\(c): title"),
            category: try f.required("category").oneOf(RiskCategory.self, context: "\(c): category"),
            severity: severity, kind: kind,
            include: include, exclude: try globs("exclude"),
            classes: try classNames("classes"), notClasses: try classNames("not_classes") ?? [],
            statuses: statuses,
            keywords: keywords, keywordBytes: keywords.map { Array($0.utf8) },
            added: added, removed: removed,
            readsText: try f["text"]?.bool(context: "\(c): text") ?? false,
            newOnly: try f["new_only"]?.bool(context: "\(c): new_only") ?? false,
            computation: try f["computation"]?.bool(context: "\(c): computation") ?? false,
            scopes: scopes, value: value, structure: structure,
            whenClasses: whenClasses, whenReviews: whenReviews,
            claimsPaths: try f["claims_paths"]?.bool(context: "\(c): claims_paths") ?? false,
            message: try f.required("message").string(context: "\(c): message"),
            examples: try (f["examples"]?.sequence(context: "\(c): examples") ?? []).map { try example($0, context: c) },
            file: node.file, line: node.line, digest: node.digest)
    }

    static func valueSpec(_ node: RuleNode, severity: Severity, context c: String) throws -> RiskRule.ValueSpec {
        let v = try node.mapping(allowed: ["keys", "weaker", "weak", "comparisons", "changed", "strengthened", "removal", "removed"],
                                 context: "\(c): value")
        let changed = try v["changed"]?.oneOf(Severity.self, context: "\(c): value.changed") ?? severity.lowered(by: 1)
        let keys = try v.required("keys").sequence(context: "\(c): value.keys").map { try $0.pattern(context: "\(c): value.keys") }
        if keys.isEmpty { throw try v.required("keys").error("\(c): value.keys must list at least one pattern") }
        return RiskRule.ValueSpec(
            keys: keys,
            weaker: try v["weaker"]?.oneOf(RiskRule.Weaker.self, context: "\(c): value.weaker") ?? .any,
            weakValues: try (v["weak"]?.strings(context: "\(c): value.weak") ?? []).map { $0.lowercased() },
            comparisons: try v["comparisons"]?.bool(context: "\(c): value.comparisons") ?? false,
            changedSeverity: changed,
            strengthenedSeverity: try v["strengthened"]?.oneOf(Severity.self, context: "\(c): value.strengthened") ?? severity.lowered(by: 2),
            removal: try v["removal"]?.bool(context: "\(c): value.removal") ?? true,
            removedSeverity: try v["removed"]?.oneOf(Severity.self, context: "\(c): value.removed") ?? changed.lowered(by: 1))
    }

    static func example(_ item: RuleNode, context c: String) throws -> RiskRule.Example {
        let e = try item.mapping(allowed: ["path", "old_path", "added", "removed", "old", "new", "status", "class", "review", "expect", "severity"],
                                 context: "\(c): example")
        let expect = try e.required("expect").string(context: "\(c): expect")
        guard expect == "flag" || expect == "pass" else { throw try e.required("expect").error("\(c): expect must be flag or pass") }
        func lines(_ key: String) throws -> [String]? {
            guard let text = try e[key]?.string(context: "\(c): \(key)") else { return nil }
            var split = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if split.last == "" { split.removeLast() }
            return split
        }
        let hasWhole = e["old"] != nil || e["new"] != nil
        if hasWhole && (e["added"] != nil || e["removed"] != nil) {
            throw e.owner.error("\(c): an example gives either old/new (whole files) or removed/added (changed lines), not both")
        }
        var old = try hasWhole ? lines("old") : lines("removed")
        var new = try hasWhole ? lines("new") : lines("added")
        switch try e["status"]?.string(context: "\(c): status") {
        case nil, "modified", "renamed-edited": old = old ?? []; new = new ?? []
        case "added": old = nil; new = new ?? []
        case "deleted": new = nil; old = old ?? []
        case let other?: throw try e.required("status").error("\(c): example status '\(other)' must be modified, added, deleted or renamed-edited")
        }
        return RiskRule.Example(path: try e.required("path").string(context: "\(c): path"),
                                oldPath: try e["old_path"]?.string(context: "\(c): old_path"),
                                old: old, new: new,
                                klass: try e["class"]?.oneOf(ProvenanceClass.self, context: "\(c): class"),
                                review: try e["review"]?.oneOf(ReviewStatus.self, context: "\(c): review"),
                                expectFlag: expect == "flag",
                                expectSeverity: try e["severity"]?.oneOf(Severity.self, context: "\(c): severity"),
                                file: item.file, line: item.line)
    }
}
