/// The one serialisation of a commit report: what `scan --format json` writes, what the index
/// stores and reads back, and what every other JSON output embeds. Keys appear in the order README
/// documents; the decoder accepts exactly what the encoder writes (and ignores keys it does not know).

extension Identity {
    public var json: JSONValue {
        .object([("name", .string(name)), ("email", .string(email)),
                  ("time", .string(Timestamp.iso8601(seconds: time, offsetMinutes: offsetMinutes)))])
    }

    /// A name and email only (approvers, reviewers).
    public var nameAndEmailJSON: JSONValue { .object([("name", .string(name)), ("email", .string(email))]) }

    init(json: JSONValue) throws {
        let (seconds, offset) = json["time"]?.string.flatMap(Timestamp.parseISO8601).map { ($0.seconds, $0.offsetMinutes) } ?? (0, 0)
        self.init(name: try json.required("name").string.orThrow("name"), email: try json.required("email").string.orThrow("email"),
                  time: seconds, offsetMinutes: offset)
    }
}

extension Provenance {
    public var json: JSONValue {
        .object([
            ("class", .string(self.class.rawValue)),
            ("agents", .array(agents.map { .string($0) })),
            ("evidence", .array(evidence.map { item in
                .object([("signal", .string(item.signal.rawValue)), ("text", .string(item.text)),
                         ("agent", .string(item.agent)), ("class", .string(item.implies.rawValue)),
                         ("pattern", .string(item.pattern))])
            })),
        ])
    }

    init(json: JSONValue) throws {
        self.init(class: try json.decode("class", ProvenanceClass.init(rawValue:)),
                  agents: try json.strings("agents"),
                  evidence: try (json["evidence"]?.array ?? []).map { e in
                      Evidence(signal: try e.decode("signal", Evidence.Signal.init(rawValue:)), text: try e.text("text"),
                               agent: try e.text("agent"), implies: try e.decode("class", ProvenanceClass.init(rawValue:)),
                               pattern: try e.text("pattern"))
                  })
    }
}

extension Review {
    public var json: JSONValue {
        .object([
            ("status", .string(status.rawValue)),
            ("reviewers", .array(reviewers.map(\.nameAndEmailJSON))),
            ("evidence", .array(evidence.map { item in
                var fields: [(String, JSONValue)] = [("signal", .string(item.signal.rawValue)), ("text", .string(item.text))]
                if let approver = item.approver { fields.append(("approver", approver.nameAndEmailJSON)) }
                fields.append(("counts", .bool(item.counts)))
                if let discount = item.discount { fields.append(("discount", .string(discount.rawValue))) }
                if let request = item.request { fields.append(("request", request.json)) }
                return .object(fields)
            })),
        ])
    }

    init(json: JSONValue) throws {
        self.init(status: try json.decode("status", ReviewStatus.init(rawValue:)),
                  reviewers: try (json["reviewers"]?.array ?? []).map(Identity.init(json:)),
                  evidence: try (json["evidence"]?.array ?? []).map { e in
                      ReviewEvidence(signal: try e.decode("signal", ReviewEvidence.Signal.init(rawValue:)), text: try e.text("text"),
                                     approver: try e["approver"].map(Identity.init(json:)),
                                     discount: try e["discount"].map { try $0.decodeValue(ReviewEvidence.Discount.init(rawValue:), "discount") },
                                     request: try e["request"].map(ForgeEvidence.init(json:)))
                  })
    }
}

extension RiskFlag.Line {
    public var json: JSONValue {
        .object([("side", .string(side.rawValue)), ("line", .int(number)), ("text", .string(text)),
                 ("fingerprint", .string(fingerprint))])
    }

    init(json: JSONValue) throws {
        self.init(side: try json.decode("side", RiskFlag.Side.init(rawValue:)), number: try json.required("line").int.orThrow("line"),
                  text: try json.text("text"), fingerprint: json["fingerprint"]?.string ?? "")
    }
}

extension ForgeEvidence {
    public var json: JSONValue {
        var fields: [(String, JSONValue)] = [("forge", .string(forge.rawValue)), ("project", .string(project)),
                                             ("number", .int(number)), ("landing", .string(landing.rawValue))]
        if let reviewedCommit { fields.append(("reviewedCommit", .string(reviewedCommit.hex))) }
        if let mergedHead { fields.append(("mergedHead", .string(mergedHead.hex))) }
        return .object(fields)
    }

    init(json: JSONValue) throws {
        self.init(forge: try json.decode("forge", ForgeKind.init(rawValue:)), project: try json.text("project"),
                  number: try json.required("number").int.orThrow("number"),
                  landing: try json.decode("landing", ForgeLanding.Kind.init(rawValue:)),
                  reviewedCommit: try json["reviewedCommit"].map { try ObjectID(hex: $0.string.orThrow("reviewedCommit")).orThrow("reviewedCommit") },
                  mergedHead: try json["mergedHead"].map { try ObjectID(hex: $0.string.orThrow("mergedHead")).orThrow("mergedHead") })
    }
}

extension RiskFlag {
    public var json: JSONValue {
        var fields: [(String, JSONValue)] = [
            ("rule", .string(rule)), ("title", .string(title)), ("category", .string(category.rawValue)),
            ("severity", .string(severity.rawValue)), ("kind", .string(kind.rawValue)), ("path", .string(path)),
            ("line", .int(line)), ("side", .string(side.rawValue)),
            ("lines", .array(lines.map(\.json))),
        ]
        if let scope { fields.append(("scope", .string(scope))) }
        if let value {
            fields.append(("value", .object([("key", .string(value.key)), ("old", value.old.map(JSONValue.string) ?? .null),
                                             ("new", value.new.map(JSONValue.string) ?? .null),
                                             ("direction", .string(value.direction.rawValue))])))
        }
        fields += [("excerpt", .string(excerpt)), ("message", .string(message))]
        if let note { fields.append(("note", .string(note))) }
        fields.append(("fingerprint", .string(fingerprint)))
        return .object(fields)
    }

    public init(json: JSONValue) throws {
        var lines = try (json["lines"]?.array ?? []).map(RiskFlag.Line.init(json:))
        // A report written before findings were grouped has one line and no `lines`.
        if json["lines"] == nil, let number = json["line"]?.int, number > 0,
           let side = json["side"]?.string.flatMap(RiskFlag.Side.init(rawValue:)), side != .file {
            lines = [RiskFlag.Line(side: side, number: number, text: json["excerpt"]?.string ?? "",
                                   fingerprint: json["fingerprint"]?.string ?? "")]
        }
        let value: ValueChange? = try json["value"].flatMap { v in
            v.isNull ? nil : ValueChange(key: try v.text("key"), old: v["old"]?.string, new: v["new"]?.string,
                                         direction: try v.decode("direction", Direction.init(rawValue:)))
        }
        self.init(rule: try json.text("rule"), title: json["title"]?.string ?? "",
                  category: try json.decode("category", RiskCategory.init(rawValue:)),
                  severity: try json.decode("severity", Severity.init(rawValue:)),
                  kind: try json["kind"].map { try $0.decodeValue(Kind.init(rawValue:), "kind") } ?? (lines.isEmpty ? .file : .line),
                  path: try json.text("path"), lines: lines, scope: json["scope"]?.string, value: value,
                  excerpt: try json.text("excerpt"), message: try json.text("message"), note: json["note"]?.string,
                  fingerprint: try json.text("fingerprint"))
    }
}

extension DiffStats {
    public var json: JSONValue {
        .object([
            ("files", .int(files)), ("added", .int(added)), ("removed", .int(removed)),
            ("binary", .int(binaryFiles)), ("renamed", .int(renamedFiles)),
            ("complete", .bool(isComplete)),
            ("unreadable", .array(unreadablePaths.map { .string($0) })),
            ("missingParent", .bool(missingParent)),
            ("byDirectory", .object(linesByTopDirectory.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
        ])
    }

    init(json: JSONValue) throws {
        self.init()
        files = try json.required("files").int.orThrow("files")
        added = try json.required("added").int.orThrow("added")
        removed = try json.required("removed").int.orThrow("removed")
        binaryFiles = json["binary"]?.int ?? 0
        renamedFiles = json["renamed"]?.int ?? 0
        unreadablePaths = try json.strings("unreadable")
        missingParent = json["missingParent"]?.bool ?? false
        for (directory, lines) in json["byDirectory"]?.objectPairs ?? [] { linesByTopDirectory[directory] = lines.int ?? 0 }
    }
}

extension SignatureState {
    /// `{"state": …}` with `signer` and `key` (good), `key` (unknown-key), `reason` (bad) or `format` (unverified).
    public var json: JSONValue {
        var fields: [(String, JSONValue)] = [("state", .string(name))]
        switch self {
        case .none: break
        case .good(let signer, let key): fields += [("signer", .string(signer)), ("key", .string(key))]
        case .bad(let reason): fields.append(("reason", .string(reason)))
        case .unknownKey(let key): fields.append(("key", .string(key)))
        case .unverified(let format): fields.append(("format", .string(format)))
        }
        return .object(fields)
    }

    init(json: JSONValue) throws {
        switch try json.text("state") {
        case "none": self = .none
        case "good": self = .good(signer: try json.text("signer"), key: try json.text("key"))
        case "bad": self = .bad(reason: try json.text("reason"))
        case "unknown-key": self = .unknownKey(key: try json.text("key"))
        case "unverified": self = .unverified(format: try json.text("format"))
        default: throw JSONShapeError(field: "signature.state")
        }
    }
}

extension CommitReport {
    /// The commit's JSON object, in the order README documents.
    public var json: JSONValue {
        var fields: [(String, JSONValue)] = [
            ("commit", .string(commit.id.hex)),
            ("tree", .string(commit.tree.hex)),
            ("parents", .array(commit.parents.map { .string($0.hex) })),
            ("author", commit.author.json),
            ("committer", commit.committer.json),
            ("subject", .string(commit.subject)),
            ("provenance", provenance.json),
            ("review", review.json),
            ("flags", .array(flags.map(\.json))),
            ("riskScore", .double(riskScore)),
            ("stats", stats?.json ?? .null),
        ]
        if !skipped.isEmpty {
            fields.append(("skipped", .array(skipped.map { .object([("path", .string($0.path)), ("reason", .string($0.reason))]) })))
        }
        if suppressedFlags > 0 { fields.append(("suppressedFlags", .int(suppressedFlags))) }
        if let encoding = commit.messageEncoding { fields.append(("messageEncoding", .string(encoding))) }
        if !problems.isEmpty { fields.append(("problems", .array(problems.map { .string($0) }))) }
        if isDamaged { fields.append(("damaged", .bool(true))) }
        if signature != .none { fields.append(("signature", signature.json)) }
        return .object(fields)
    }

    /// Reads back what `json` wrote. The message is the subject (the report does not hold the
    /// whole message) and there are no trailers: their verdicts are in the evidence.
    public init(json: JSONValue) throws {
        let subject = try json.text("subject")
        let commit = Commit(id: try json.id("commit"), tree: (try? json.id("tree")) ?? .zero,
                            parents: try json.strings("parents").map { try ObjectID(hex: $0).orThrow("parents") },
                            author: try Identity(json: json.required("author")), committer: try Identity(json: json.required("committer")),
                            message: subject, messageEncoding: json["messageEncoding"]?.string, trailers: [])
        self.init(commit: commit, provenance: try Provenance(json: json.required("provenance")),
                  review: try Review(json: json.required("review")),
                  stats: try json["stats"].flatMap { $0.isNull ? nil : try DiffStats(json: $0) },
                  problems: try json.strings("problems"))
        flags = try (json["flags"]?.array ?? []).map(RiskFlag.init(json:))
        skipped = try (json["skipped"]?.array ?? []).map { SkippedFile(path: try $0.text("path"), reason: try $0.text("reason")) }
        suppressedFlags = json["suppressedFlags"]?.int ?? 0
        isDamaged = json["damaged"]?.bool ?? false
        signature = try json["signature"].map(SignatureState.init(json:)) ?? .none
    }

    public init(jsonText: String) throws { try self.init(json: JSONValue(parsing: jsonText)) }
}

/// A JSON document that is valid JSON but not the shape vigil wrote.
public struct JSONShapeError: Error, CustomStringConvertible, Sendable {
    public let field: String
    public var description: String { "unexpected JSON: '\(field)' is missing or of the wrong kind" }
}

extension Optional {
    func orThrow(_ field: String) throws -> Wrapped {
        guard let value = self else { throw JSONShapeError(field: field) }
        return value
    }
}

extension JSONValue {
    func required(_ key: String) throws -> JSONValue { try self[key].orThrow(key) }
    func text(_ key: String) throws -> String { try required(key).string.orThrow(key) }
    func strings(_ key: String) throws -> [String] { try (self[key]?.array ?? []).map { try $0.string.orThrow(key) } }
    func id(_ key: String) throws -> ObjectID { try ObjectID(hex: text(key)).orThrow(key) }
    func decode<T>(_ key: String, _ make: (String) -> T?) throws -> T { try make(text(key)).orThrow(key) }
    func decodeValue<T>(_ make: (String) -> T?, _ field: String) throws -> T { try string.flatMap(make).orThrow(field) }
}
