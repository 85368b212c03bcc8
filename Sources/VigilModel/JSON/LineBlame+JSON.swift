/// `vigil blame --format json`: one object with the path, the revision, every line (its origin
/// commit's class and agents, the git-ai claim when a note covers it), every origin commit with
/// its provenance, and the problems met.
extension LineBlame {
    public var json: JSONValue {
        .object([
            ("path", .string(path)),
            ("revision", .string(revision.hex)),
            ("lines", .array(lines.map { line in
                let provenance = origin(of: line.commit)?.provenance ?? .human
                return .object([
                    ("line", .int(line.number)),
                    ("commit", .string(line.commit.hex)),
                    ("class", .string(provenance.class.rawValue)),
                    ("agents", .array(provenance.agents.map { .string($0) })),
                    ("origin", .object([("path", .string(line.originalPath)), ("line", .int(line.originalLine))])),
                    ("boundary", .bool(line.isBoundary)),
                    ("gitAI", line.claim?.json ?? .null),
                    ("text", .string(line.text)),
                ])
            })),
            ("commits", .array(origins.map { origin in
                .object([("commit", .string(origin.commit.id.hex)), ("subject", .string(origin.commit.subject)),
                         ("author", origin.commit.author.json), ("committer", origin.commit.committer.json),
                         ("provenance", origin.provenance.json)])
            })),
            ("problems", .array(problems.map { .string($0) })),
        ])
    }
}

extension LineBlame.NoteClaim {
    public var json: JSONValue {
        var fields: [(String, JSONValue)] = [("kind", .string(kind.rawValue)), ("key", .string(key))]
        if let tool { fields.append(("tool", .string(tool))) }
        if let model { fields.append(("model", .string(model))) }
        if let human { fields.append(("human", .string(human))) }
        fields.append(("ref", .string(ref)))
        return .object(fields)
    }
}
