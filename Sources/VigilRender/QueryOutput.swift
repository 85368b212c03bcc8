import VigilModel

/// How `vigil query` writes what it found.
public enum QueryFormat: String, Sendable, CaseIterable {
    case table, json, ndjson, csv, sarif
}

/// Writes query results: one finding (or one commit, with `--commits`) per row or object.
public enum QueryOutput {
    // MARK: Findings

    public static func render(_ records: [FlagRecord], format: QueryFormat, style: TerminalStyle, rules: [RuleDescription]) -> String {
        switch format {
        case .json: return JSONListWriter.render(records.map(\.json), framing: .array)
        case .ndjson: return JSONListWriter.render(records.map(\.json), framing: .lines)
        case .csv:
            let header = ["id", "repository", "commit", "date", "class", "agents", "review", "severity", "category", "rule",
                          "path", "line", "side", "triage", "excerpt", "kind", "lines", "scope", "key", "old", "new", "direction"]
            return ([header] + records.map { r in
                [r.flag.fingerprint, r.repository.name, r.commit,
                 Timestamp.iso8601(seconds: r.committer.time, offsetMinutes: r.committer.offsetMinutes),
                 r.klass.rawValue, r.agents.joined(separator: " "), r.review.rawValue, r.flag.severity.rawValue,
                 r.flag.category.rawValue, r.flag.rule, r.flag.path, String(r.flag.line), r.flag.side.rawValue,
                 r.triage?.status.rawValue ?? "", r.flag.excerpt, r.flag.kind.rawValue, r.flag.lineSummary, r.flag.scope ?? "",
                 r.flag.value?.key ?? "", r.flag.value?.old ?? "", r.flag.value?.new ?? "", r.flag.value?.direction.rawValue ?? ""]
            }).map(CSV.safeLine).joined()
        case .sarif:
            // Rules that fired, as the rule set now describes them; findings of rules since removed keep their id.
            let fired = Set(records.map(\.flag.rule))
            // Verdicts mark hidden findings; `vigil query` itself also places them and applies the policy.
            let triage = Dictionary(records.compactMap { r in r.triageVerdict.map { (r.flag.fingerprint, $0) } }, uniquingKeysWith: { a, _ in a })
            var log = SARIFLog(settings: SARIFSettings(rules: rules.filter { fired.contains($0.id) }, triage: triage))
            for r in records { log.add(r.flag, of: r.reportOutline) }
            return log.text
        case .table: return table(records, style: style)
        }
    }

    static func table(_ records: [FlagRecord], style: TerminalStyle) -> String {
        var out = style.paint("ID                SEVERITY  RULE                            COMMIT      DATE        CLASS     REVIEW            TRIAGE          WHERE", .bold) + "\n"
        let multiRepo = Set(records.map(\.repository.id)).count > 1
        for r in records {
            let date = Timestamp.date(seconds: r.committer.time, offsetMinutes: r.committer.offsetMinutes)
            let place = SafeText.terminal((multiRepo ? r.repository.name + ":" : "") + r.flag.path + (r.flag.lines.isEmpty ? "" : " " + r.flag.lineSummary))
            let mark = r.flag.kind.rawValue
            out += r.flag.fingerprint.padded(to: 18)
                + style.paint(r.flag.severity.rawValue.padded(to: 10), TerminalStyle.colour(for: r.flag.severity))
                + r.flag.rule.padded(to: 32) + String(r.commit.prefix(10)).padded(to: 12) + date.padded(to: 12)
                + style.paint(r.klass.rawValue.padded(to: 10), TerminalStyle.colour(for: r.klass))
                + r.review.rawValue.padded(to: 18) + (r.triage?.status.rawValue ?? "-").padded(to: 16)
                + place + "\n"
            out += style.paint("    \(mark) " + SafeText.terminal(String(r.flag.excerpt.prefix(110))), .dim) + "\n"
        }
        out += "\(records.count) finding(s)\n"
        return out
    }

    // MARK: Commits

    public static func render(_ records: [CommitRecord], format: QueryFormat, style: TerminalStyle, rules: [RuleDescription]) -> String {
        switch format {
        case .json: return JSONListWriter.render(records.map(\.json), framing: .array)
        case .ndjson: return JSONListWriter.render(records.map(\.json), framing: .lines)
        case .csv:
            let header = ["repository", "commit", "date", "author", "class", "agents", "review", "added", "removed", "flags", "subject"]
            return ([header] + records.map { r in
                let c = r.report.commit
                return [r.repository.name, c.id.hex, Timestamp.iso8601(seconds: c.committer.time, offsetMinutes: c.committer.offsetMinutes),
                        c.author.description, r.report.provenance.class.rawValue, r.report.provenance.agents.joined(separator: " "),
                        r.report.review.status.rawValue, String(r.report.stats?.added ?? 0), String(r.report.stats?.removed ?? 0),
                        String(r.flags), c.subject]
            }).map(CSV.safeLine).joined()
        case .sarif:
            var log = SARIFLog(rules: rules)
            for r in records { log.add(r.report) }
            return log.text
        case .table:
            var out = style.paint("COMMIT      DATE        CLASS     AGENTS              REVIEW            FLAGS  SUBJECT", .bold) + "\n"
            for r in records {
                let c = r.report.commit
                let agents = r.report.provenance.agents.isEmpty ? "-" : r.report.provenance.agents.joined(separator: ",")
                out += String(c.id.hex.prefix(10)).padded(to: 12)
                    + Timestamp.date(seconds: c.committer.time, offsetMinutes: c.committer.offsetMinutes).padded(to: 12)
                    + style.paint(r.report.provenance.class.rawValue.padded(to: 10), TerminalStyle.colour(for: r.report.provenance.class))
                    + agents.padded(to: 20) + r.report.review.status.rawValue.padded(to: 18) + String(r.flags).padded(to: 7)
                    + SafeText.terminal(c.subject) + "\n"
            }
            out += "\(records.count) commit(s)\n"
            return out
        }
    }

    // MARK: Overrides

    /// The push-gate overrides (SARIF has no place for them: the command refuses that format).
    public static func render(_ records: [(IndexedRepository, OverrideRecord)], format: QueryFormat) -> String {
        switch format {
        case .json, .sarif: return JSONListWriter.render(records.map { $0.1.json(repository: $0.0.name) }, framing: .array)
        case .ndjson: return JSONListWriter.render(records.map { $0.1.json(repository: $0.0.name) }, framing: .lines)
        case .csv:
            return ([["repository", "at", "pusher", "reason", "refs", "commits"]] + records.map { r, o in
                [r.name, Timestamp.iso8601(seconds: o.at, offsetMinutes: 0), o.pusher, o.reason,
                 o.refs.joined(separator: " "), o.commits.joined(separator: " ")]
            }).map(CSV.safeLine).joined()
        case .table:
            return records.map { r, o in
                SafeText.terminal("\(Timestamp.iso8601(seconds: o.at, offsetMinutes: 0))  \(r.name)  \(o.pusher)  \(o.refs.joined(separator: ","))  "
                    + "\(o.commits.count) commit(s)  \(o.reason)") + "\n"
            }.joined() + "\(records.count) override(s)\n"
        }
    }
}
