import VigilModel
import VigilStore

/// The JSON the API answers with (described in docs/openapi.json). Commit and finding objects
/// are the ones `vigil scan` and `vigil query` write, with the queue's and the page's additions.
enum APIJSON {
    static func verdict(_ v: StoredVerdict) -> JSONValue {
        guard case .object(var fields) = v.record.json else { return v.record.json }
        fields.insert(("id", .int(Int(v.id))), at: 0)
        return .object(fields)
    }

    static func queue(_ page: QueuePage, filter: QueueFilter) -> JSONValue {
        .object([
            ("total", .int(page.total)), ("page", .int(filter.page + 1)), ("pageSize", .int(page.limit)),
            ("commits", .array(page.entries.map { e in
                .object([
                    ("repository", e.repository.json), ("repositoryId", .int(Int(e.repository.id))),
                    ("commit", .string(e.commit)), ("subject", .string(e.subject)),
                    ("author", e.author.json), ("committer", e.committer.json),
                    ("provenance", .object([("class", .string(e.klass.rawValue)), ("agents", .array(e.agents.map { .string($0) }))])),
                    ("review", .object([("status", .string(e.review.rawValue))])),
                    ("findings", .int(e.findings)), ("untriaged", .int(e.untriaged)),
                    ("topSeverity", .string(e.topSeverity.rawValue)),
                    ("categories", .array(e.categories.map { .string($0.rawValue) })),
                    ("weakensSafeguard", .bool(e.weakensSafeguard)), ("risk", .double(e.risk)),
                ])
            })),
        ])
    }

    static func commit(_ view: CommitView) -> JSONValue {
        guard case .object(var fields) = view.report.json else { return view.report.json }
        fields.insert(("repository", view.repository.json), at: 0)
        fields.insert(("repositoryId", .int(Int(view.repository.id))), at: 1)
        fields.append(("message", view.message.map { .string($0) } ?? .null))
        if let i = fields.firstIndex(where: { $0.0 == "flags" }) {
            fields[i].1 = .array(view.sections.flatMap { section in
                section.findings.map { finding -> JSONValue in
                    guard case .object(var f) = finding.flag.json else { return finding.flag.json }
                    f.append(("change", finding.change.map { .object([("old", .string($0.old)), ("new", .string($0.new))]) } ?? .null))
                    f.append(("triage", .array(finding.history.map(verdict))))
                    return .object(f)
                }
            })
        }
        fields.append(("hunks", .array(view.sections.map { section in
            .object([
                ("path", .string(section.path)), ("header", section.hunk.map { .string($0.header) } ?? .null),
                ("unavailable", section.why.map { .string($0) } ?? .null),
                ("fingerprints", .array(section.findings.map { .string($0.flag.fingerprint) })),
                ("lines", .array((section.hunk?.lines ?? []).map { line in
                    .object([("origin", .string(line.origin == .added ? "added" : line.origin == .removed ? "removed" : "context")),
                             ("old", line.oldNumber.map { .int($0) } ?? .null), ("new", line.newNumber.map { .int($0) } ?? .null),
                             ("text", .string(line.text))])
                })),
            ])
        })))
        if view.omitted > 0 { fields.append(("omittedFindings", .int(view.omitted))) }
        return .object(fields)
    }

    static func triage(_ outcome: TriageOutcome, notes: String?) -> JSONValue {
        .object([
            ("recorded", .array(outcome.recorded.map(\.json))),
            ("replaced", .array(outcome.replaced.map(verdict))),
            ("conflicts", .array(outcome.conflicts.map { c in
                .object([("fingerprint", .string(c.current.fingerprint)), ("reason", .string(c.reason.rawValue)), ("current", verdict(c.current))])
            })),
            ("notes", notes.map { .string($0) } ?? .null),
        ])
    }
}
