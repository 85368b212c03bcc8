import VigilGit
import VigilRisk
import VigilRules
import VigilScan

/// How `vigil query` writes what it found.
public enum QueryFormat: String, Sendable, CaseIterable {
    case table, json, ndjson, csv, sarif
}

/// Writes query results: one finding (or one commit, with `--commits`) per row or object.
public enum QueryOutput {
    // MARK: Findings

    public static func json(_ r: FlagRecord) -> JSONValue {
        .object([
            ("id", .string(r.flag.fingerprint)),
            ("repository", .object([("name", .string(r.repository.name)), ("path", .string(r.repository.path))])),
            ("commit", .string(r.commit)),
            ("subject", .string(r.subject)),
            ("author", r.author.json),
            ("committer", r.committer.json),
            ("provenance", .object([("class", .string(r.klass.rawValue)), ("agents", .array(r.agents.map { .string($0) }))])),
            ("review", .object([("status", .string(r.review.rawValue))])),
            ("flag", r.flag.json),
            ("triage", triageJSON(r.triage)),
        ])
    }

    static func triageJSON(_ t: TriageRecord?) -> JSONValue {
        guard let t else { return .null }
        return .object([("status", .string(t.status.rawValue)), ("note", .string(t.note)), ("by", .string(t.by)),
                        ("at", .string(Timestamp.iso8601(seconds: t.at, offsetMinutes: 0))), ("commit", .string(t.commit))])
    }

    public static func render(_ records: [FlagRecord], format: QueryFormat, style: TerminalStyle, rules: RiskRuleSet) -> String {
        switch format {
        case .json: return JSONValue.array(records.map(json)).pretty() + "\n"
        case .ndjson: return records.map { json($0).serialized() + "\n" }.joined()
        case .csv:
            let header = ["id", "repository", "commit", "date", "class", "agents", "review", "severity", "category", "rule",
                          "path", "line", "side", "triage", "excerpt"]
            return ([header] + records.map { r in
                [r.flag.fingerprint, r.repository.name, r.commit,
                 Timestamp.iso8601(seconds: r.committer.time, offsetMinutes: r.committer.offsetMinutes),
                 r.klass.rawValue, r.agents.joined(separator: " "), r.review.rawValue, r.flag.severity.rawValue,
                 r.flag.category.rawValue, r.flag.rule, r.flag.path, String(r.flag.line), r.flag.side.rawValue,
                 r.triage?.status.rawValue ?? "", r.flag.excerpt]
            }).map(csvLine).joined()
        case .sarif:
            // Rules that fired, as the rule set now describes them; findings of rules since removed keep their id.
            let fired = Set(records.map(\.flag.rule))
            return SARIFFormatter.document(rules: RiskRuleSet(rules: rules.rules.filter { fired.contains($0.id) }),
                                           results: records.map { SARIFFormatter.result($0.flag, commit: $0.commit, subject: $0.subject) })
                .pretty() + "\n"
        case .table: return table(records, style: style)
        }
    }

    static func table(_ records: [FlagRecord], style: TerminalStyle) -> String {
        var out = style.paint("ID                SEVERITY  RULE                            COMMIT      DATE        CLASS     REVIEW            TRIAGE          WHERE", .bold) + "\n"
        let multiRepo = Set(records.map(\.repository.id)).count > 1
        for r in records {
            let date = Timestamp.date(seconds: r.committer.time, offsetMinutes: r.committer.offsetMinutes)
            let place = (multiRepo ? r.repository.name + ":" : "") + (r.flag.line > 0 ? "\(r.flag.path):\(r.flag.line)" : r.flag.path)
            let mark = r.flag.side == .added ? "+" : r.flag.side == .removed ? "-" : "~"
            out += r.flag.fingerprint.padded(to: 18)
                + style.paint(r.flag.severity.rawValue.padded(to: 10), TerminalStyle.colour(for: r.flag.severity))
                + r.flag.rule.padded(to: 32) + String(r.commit.prefix(10)).padded(to: 12) + date.padded(to: 12)
                + style.paint(r.klass.rawValue.padded(to: 10), TerminalStyle.colour(for: r.klass))
                + r.review.rawValue.padded(to: 18) + (r.triage?.status.rawValue ?? "-").padded(to: 16)
                + place + "\n"
            out += style.paint("    \(mark) " + String(r.flag.excerpt.prefix(110)), .dim) + "\n"
        }
        out += "\(records.count) finding(s)\n"
        return out
    }

    // MARK: Commits

    public static func render(_ records: [CommitRecord], format: QueryFormat, style: TerminalStyle, rules: RiskRuleSet) -> String {
        func object(_ r: CommitRecord) -> JSONValue {
            guard case .object(var fields) = r.report.json else { return r.report.json }
            fields.insert(("repository", .object([("name", .string(r.repository.name)), ("path", .string(r.repository.path))])), at: 0)
            return .object(fields)
        }
        switch format {
        case .json: return JSONValue.array(records.map(object)).pretty() + "\n"
        case .ndjson: return records.map { object($0).serialized() + "\n" }.joined()
        case .csv:
            let header = ["repository", "commit", "date", "author", "class", "agents", "review", "added", "removed", "flags", "subject"]
            return ([header] + records.map { r in
                let c = r.report.commit
                return [r.repository.name, c.id.hex, Timestamp.iso8601(seconds: c.committer.time, offsetMinutes: c.committer.offsetMinutes),
                        c.author.description, r.report.provenance.class.rawValue, r.report.provenance.agents.joined(separator: " "),
                        r.report.review.status.rawValue, String(r.report.stats?.added ?? 0), String(r.report.stats?.removed ?? 0),
                        String(r.flags), c.subject]
            }).map(csvLine).joined()
        case .sarif:
            let results = records.flatMap { r in r.report.flags.map { SARIFFormatter.result($0, commit: r.report.commit.id.hex, subject: r.report.commit.subject) } }
            return SARIFFormatter.document(rules: rules, results: results).pretty() + "\n"
        case .table:
            var out = style.paint("COMMIT      DATE        CLASS     AGENTS              REVIEW            FLAGS  SUBJECT", .bold) + "\n"
            for r in records {
                let c = r.report.commit
                let agents = r.report.provenance.agents.isEmpty ? "-" : r.report.provenance.agents.joined(separator: ",")
                out += String(c.id.hex.prefix(10)).padded(to: 12)
                    + Timestamp.date(seconds: c.committer.time, offsetMinutes: c.committer.offsetMinutes).padded(to: 12)
                    + style.paint(r.report.provenance.class.rawValue.padded(to: 10), TerminalStyle.colour(for: r.report.provenance.class))
                    + agents.padded(to: 20) + r.report.review.status.rawValue.padded(to: 18) + String(r.flags).padded(to: 7)
                    + c.subject + "\n"
            }
            out += "\(records.count) commit(s)\n"
            return out
        }
    }

    // MARK: Overrides

    public static func render(_ records: [(IndexedRepository, OverrideRecord)], format: QueryFormat) -> String {
        func object(_ r: IndexedRepository, _ o: OverrideRecord) -> JSONValue {
            .object([("repository", .string(r.name)), ("at", .string(Timestamp.iso8601(seconds: o.at, offsetMinutes: 0))),
                     ("pusher", .string(o.pusher)), ("reason", .string(o.reason)),
                     ("refs", .array(o.refs.map { .string($0) })), ("commits", .array(o.commits.map { .string($0) }))])
        }
        switch format {
        case .json, .sarif: return JSONValue.array(records.map(object)).pretty() + "\n"
        case .ndjson: return records.map { object($0.0, $0.1).serialized() + "\n" }.joined()
        case .csv:
            return ([["repository", "at", "pusher", "reason", "refs", "commits"]] + records.map { r, o in
                [r.name, Timestamp.iso8601(seconds: o.at, offsetMinutes: 0), o.pusher, o.reason,
                 o.refs.joined(separator: " "), o.commits.joined(separator: " ")]
            }).map(csvLine).joined()
        case .table:
            return records.map { r, o in
                "\(Timestamp.iso8601(seconds: o.at, offsetMinutes: 0))  \(r.name)  \(o.pusher)  \(o.refs.joined(separator: ","))  "
                    + "\(o.commits.count) commit(s)  \(o.reason)\n"
            }.joined() + "\(records.count) override(s)\n"
        }
    }

    /// One CSV record (RFC 4180): fields with commas, quotes or line breaks are quoted.
    static func csvLine(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"" : field
        }.joined(separator: ",") + "\r\n"
    }
}
