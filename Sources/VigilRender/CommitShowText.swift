import VigilModel

/// `vigil show`: one commit's report as text for a person, or as JSON.
public enum CommitShowText {
    /// Where the report came from.
    public enum Origin: String, Sendable {
        /// The index, made under the current rules.
        case index
        /// The index, made under other rules (`vigil index` refreshes it).
        case staleIndex = "index-stale"
        /// Scanned now: the commit is not in the index.
        case scan

        var text: String {
            switch self {
            case .index: "the index"
            case .staleIndex: "the index, made under other rules (`vigil index` refreshes it)"
            case .scan: "scanned now (not in the index)"
            }
        }
    }

    /// What can be shown of a finding's place in the diff.
    public enum HunkLookup: Sendable {
        case hunk(FilePatch.Hunk)
        /// Why no hunk is shown.
        case none(String)
    }

    /// `none`, `good by PRINCIPAL (SHA256:…)`, `bad: why`, `unknown key SHA256:…`, `openpgp, not verified`.
    static func signatureText(_ state: SignatureState) -> String {
        switch state {
        case .none: return "none"
        case .good(let signer, let key): return "good by \(signer) (\(key))"
        case .bad(let reason): return "bad: \(reason)"
        case .unknownKey(let key): return "unknown key \(key)"
        case .unverified(let format): return "\(format), not verified"
        }
    }

    public static func render(report: CommitReport, origin: Origin, triage: [String: [TriageRecord]],
                              hunk: (RiskFlag) -> HunkLookup, style: TerminalStyle) -> String {
        let c = report.commit
        var o = style.paint("commit \(c.id.hex)", .yellow) + "\n"
        if c.parents.count > 1 { o += "Merge:     " + c.parents.map { $0.abbreviated() }.joined(separator: " ") + "\n" }
        o += "Author:    \(c.author)  \(Timestamp.iso8601(seconds: c.author.time, offsetMinutes: c.author.offsetMinutes))\n"
        o += "Committer: \(c.committer)  \(Timestamp.iso8601(seconds: c.committer.time, offsetMinutes: c.committer.offsetMinutes))\n"
        o += "Signature: " + signatureText(report.signature) + "\n"
        o += "Source:    " + origin.text + "\n\n"
        var message = c.message
        while message.hasSuffix("\n") { message.removeLast() }
        for line in message.split(separator: "\n", omittingEmptySubsequences: false) { o += "    \(line)\n" }
        let p = report.provenance
        o += "\n" + style.paint("Provenance: ", .bold) + style.paint(p.class.rawValue, TerminalStyle.colour(for: p.class))
        o += p.agents.isEmpty ? "\n" : " (\(p.agents.joined(separator: ", ")))\n"
        for e in p.evidence { o += "  \(e.signal.rawValue.padded(to: 10))\(e.agent.padded(to: 18))\(e.text)\n" }
        let r = report.review
        o += style.paint("Review: ", .bold) + r.status.rawValue
        o += r.reviewers.isEmpty ? "\n" : " by " + r.reviewers.map(\.description).joined(separator: ", ") + "\n"
        for e in r.evidence {
            o += "  \(e.signal.rawValue.padded(to: 10))\(e.text)" + (e.discount.map { "  (not counted: \($0.rawValue))" } ?? "") + "\n"
        }
        if let s = report.stats {
            o += style.paint("Changes: ", .bold) + "\(s.files) file(s), +\(s.added) -\(s.removed)"
            if s.binaryFiles > 0 { o += ", \(s.binaryFiles) binary" }
            o += "\n"
        }
        for problem in report.problems { o += style.paint("Note: ", .bold) + problem + "\n" }
        for skipped in report.skipped { o += style.paint("Not read: ", .bold) + "\(skipped.path) (\(skipped.reason))\n" }
        o += "\n" + style.paint("Findings: \(report.flags.count)", .bold) + "\n"
        for flag in report.flags {
            let place = flag.line > 0 ? "\(flag.path):\(flag.line)" : flag.path
            o += "\n" + style.paint("[\(flag.severity.rawValue)]", TerminalStyle.colour(for: flag.severity))
                + " \(flag.rule)  \(place) (\(flag.side.rawValue))  id \(flag.fingerprint)\n"
            o += "  \(flag.title)\n"
            for line in flag.message.split(separator: "\n") { o += style.paint("  \(line)", .dim) + "\n" }
            for (i, t) in (triage[flag.fingerprint] ?? []).enumerated() {
                o += "  " + (i == 0 ? "triage: " : "  was:  ") + "\(t.status.rawValue) by \(t.by), "
                    + Timestamp.date(seconds: t.at, offsetMinutes: 0) + ": \(t.note)\n"
            }
            switch hunk(flag) {
            case .none(let why): o += "  (no hunk: \(why))\n"
            case .hunk(let hunk):
                o += style.paint("  " + hunk.header, .cyan) + "\n"
                for line in hunk.lines {
                    let flagged: Bool = switch flag.side {
                    case .file: false
                    case .removed: line.origin == .removed && line.oldNumber == flag.line
                    case .added: line.origin == .added && line.newNumber == flag.line
                    }
                    let mark = line.origin == .added ? "+" : line.origin == .removed ? "-" : " "
                    let text = (flagged ? "> " : "  ") + mark + line.text
                    switch line.origin {
                    case .added: o += style.paint(text, flagged ? .bold : .green) + "\n"
                    case .removed: o += style.paint(text, flagged ? .bold : .red) + "\n"
                    case .context: o += text + "\n"
                    }
                }
            }
        }
        return o
    }

    public static func json(report: CommitReport, origin: Origin, triage: [String: [TriageRecord]]) -> JSONValue {
        guard case .object(var fields) = report.json else { return report.json }
        fields.append(("message", .string(report.commit.message)))
        fields.append(("source", .string(origin.rawValue)))
        if let i = fields.firstIndex(where: { $0.0 == "flags" }) {
            fields[i].1 = .array(report.flags.map { flag in
                guard case .object(var f) = flag.json else { return flag.json }
                f.append(("triage", .array((triage[flag.fingerprint] ?? []).map(\.json))))
                return .object(f)
            })
        }
        return .object(fields)
    }
}
