import VigilModel
import VigilPatterns

/// Every agent and bot signature, in file order (the first to match an identity wins).
public struct AgentCatalog: Sendable {
    public var signatures: [AgentSignature]

    public init(signatures: [AgentSignature]) { self.signatures = signatures }

    /// The notes refs any signature reads, so a scan looks up notes only where they can matter.
    public var notesRefs: [String] {
        var seen = Set<String>()
        return signatures.flatMap { $0.notes.map(\.ref) }.filter { seen.insert($0).inserted }
    }

    public func signature(id: String) -> AgentSignature? { signatures.first { $0.id == id } }

    /// Reads `agents.yml`. Every fault names the file and line.
    public static func load(yaml text: String, file: String) throws -> AgentCatalog {
        let root = try RuleNode.parse(text, file: file)
        let top = try root.mapping(allowed: ["version", "agents"], context: "agents file")
        if let version = top["version"], try version.int(context: "version") != 1 {
            throw version.error("unsupported version (this vigil reads version 1)")
        }
        var signatures: [AgentSignature] = []
        var ids = Set<String>()
        for entry in try top.required("agents").sequence(context: "agents") {
            let signature = try parseSignature(entry)
            guard ids.insert(signature.id).inserted else { throw entry.error("duplicate agent id '\(signature.id)'") }
            signatures.append(signature)
        }
        return AgentCatalog(signatures: signatures)
    }

    /// `YYYY-MM-DD` as the Unix time of that day's start in UTC.
    static func utcMidnight(_ text: String) -> Int64? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int64(parts[0]), let m = Int64(parts[1]), let d = Int64(parts[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        return Timestamp.daysFromCivil(year: y, month: m, day: d) * 86_400
    }

    static func parseSignature(_ node: RuleNode) throws -> AgentSignature {
        let fields = try node.mapping(
            allowed: ["id", "name", "kind", "aliases", "identities", "trailers", "markers", "notes", "examples", "description"],
            context: "agent")
        let id = try fields.required("id").string(context: "id")
        guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw try fields.required("id").error("id '\(id)' must be letters, digits, '-' or '_'")
        }
        let context = "agent '\(id)'"
        let kind = try fields["kind"]?.oneOf(AgentSignature.Kind.self, context: "\(context): kind") ?? .agent
        let defaultRoles: [AgentSignature.Role: AgentSignature.Meaning] =
            kind == .agent ? [.author: .implies(.ai), .committer: .implies(.ai), .coauthor: .implies(.assisted)]
                           : [.author: .implies(.bot)]

        let identities = try (fields["identities"]?.sequence(context: "\(context): identities") ?? []).map { item in
            let f = try item.mapping(allowed: ["email", "email_regex", "name_regex", "as", "before"], context: "\(context): identity")
            var roles = defaultRoles
            if let asNode = f["as"] {
                roles = [:]
                let roleFields = try asNode.mapping(allowed: Set(AgentSignature.Role.allCases.map(\.rawValue)), context: "\(context): as")
                for key in roleFields.keys {
                    guard let role = AgentSignature.Role(rawValue: key) else { continue }
                    let node = try roleFields.required(key)
                    let word = try node.string(context: "\(context): as.\(key)")
                    guard let meaning = AgentSignature.Meaning.parse(word) else {
                        throw node.error("\(context): as.\(key) must be one of \(AgentSignature.Meaning.vocabulary.joined(separator: ", ")), not '\(word)'")
                    }
                    roles[role] = meaning
                }
            }
            var before: Int64?
            if let node = f["before"] {
                let text = try node.string(context: "\(context): before")
                guard let time = Self.utcMidnight(text) else { throw node.error("\(context): before must be a date YYYY-MM-DD, not '\(text)'") }
                before = time
            }
            let matcher = AgentSignature.IdentityMatcher(
                email: try f["email"]?.string(context: "\(context): email").lowercased(),
                emailPattern: try f["email_regex"]?.pattern(context: "\(context): email_regex", options: .caseInsensitive),
                namePattern: try f["name_regex"]?.pattern(context: "\(context): name_regex"),
                roles: roles, authoredBefore: before, line: item.line)
            if matcher.email == nil && matcher.emailPattern == nil && matcher.namePattern == nil {
                throw item.error("\(context): an identity needs email, email_regex or name_regex")
            }
            return matcher
        }

        let trailers = try (fields["trailers"]?.sequence(context: "\(context): trailers") ?? []).map { item in
            let f = try item.mapping(allowed: ["key", "value", "class", "identity"], context: "\(context): trailer")
            return AgentSignature.TrailerMatcher(
                key: try f.required("key").string(context: "\(context): key").lowercased(),
                value: try f["value"]?.pattern(context: "\(context): value"),
                identityRole: try f["identity"]?.oneOf(AgentSignature.Role.self, context: "\(context): identity"),
                implies: try f.required("class").oneOf(ProvenanceClass.self, context: "\(context): class"),
                line: item.line)
        }

        let markers = try (fields["markers"]?.sequence(context: "\(context): markers") ?? []).map { item in
            let f = try item.mapping(allowed: ["regex", "subject_only", "class"], context: "\(context): marker")
            return AgentSignature.MarkerMatcher(
                // Multiline: `^` and `$` match at every line, so one search covers the whole message.
                pattern: try f.required("regex").pattern(context: "\(context): regex", options: .multiline),
                subjectOnly: try f["subject_only"]?.bool(context: "\(context): subject_only") ?? false,
                implies: try f.required("class").oneOf(ProvenanceClass.self, context: "\(context): class"),
                line: item.line)
        }

        let notes = try (fields["notes"]?.sequence(context: "\(context): notes") ?? []).map { item in
            let f = try item.mapping(allowed: ["ref", "regex", "format", "class"], context: "\(context): note")
            let ref = try f.required("ref").string(context: "\(context): ref")
            guard ref.hasPrefix("refs/notes/") else { throw item.error("\(context): note ref must start with refs/notes/") }
            let format = try f["format"]?.oneOf(AgentSignature.NoteMatcher.Format.self, context: "\(context): format") ?? .text
            if format != .text && f["regex"] != nil { throw item.error("\(context): a \(format.rawValue) note takes no regex") }
            return AgentSignature.NoteMatcher(
                ref: ref, format: format,
                pattern: try f["regex"]?.pattern(context: "\(context): regex"),
                implies: try f.required("class").oneOf(ProvenanceClass.self, context: "\(context): class"),
                line: item.line)
        }

        let examples = try (fields["examples"]?.sequence(context: "\(context): examples") ?? []).map { item in
            let f = try item.mapping(allowed: ["author", "committer", "date", "message", "note", "expect", "agents", "evidence"],
                                     context: "\(context): example")
            var note: (String, String)?
            if let noteNode = f["note"] {
                let nf = try noteNode.mapping(allowed: ["ref", "text"], context: "\(context): example note")
                note = (try nf.required("ref").string(context: "note ref"), try nf.required("text").string(context: "note text"))
            }
            return AgentSignature.Example(
                author: try f["author"]?.string(context: "\(context): author"),
                committer: try f["committer"]?.string(context: "\(context): committer"),
                message: try f.required("message").string(context: "\(context): message"),
                note: note,
                expect: try f.required("expect").oneOf(ProvenanceClass.self, context: "\(context): expect"),
                agents: try f["agents"]?.strings(context: "\(context): agents"),
                signals: try f["evidence"]?.sequence(context: "\(context): evidence").map {
                    try $0.oneOf(Evidence.Signal.self, context: "\(context): evidence")
                },
                authoredAt: try f["date"].map { node in
                    let text = try node.string(context: "\(context): date")
                    guard let time = Self.utcMidnight(text) else { throw node.error("\(context): date must be YYYY-MM-DD, not '\(text)'") }
                    return time
                },
                file: item.file, line: item.line)
        }

        return AgentSignature(
            id: id,
            name: try fields["name"]?.string(context: "\(context): name") ?? id,
            kind: kind,
            aliases: try (fields["aliases"]?.sequence(context: "\(context): aliases") ?? []).map { try $0.pattern(context: "\(context): alias") },
            identities: identities, trailers: trailers, markers: markers, notes: notes, examples: examples,
            file: node.file, line: node.line)
    }
}
