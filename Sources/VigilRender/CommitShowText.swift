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

    public typealias HunkLookup = VigilModel.HunkLookup

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

    /// Writes the commit for a person, streaming one finding at a time. Every text that comes
    /// from the commit is escaped for the terminal. Each flagged line is shown with `context`
    /// lines around it (also inside an added file, whose hunk is the whole file).
    public static func write(report: CommitReport, origin: Origin, triage: [String: [TriageRecord]], context: Int,
                             hunk: (RiskFlag) -> HunkLookup, style: TerminalStyle, to output: TextOutput) {
        func t(_ text: String) -> String { SafeText.terminal(text) }
        let c = report.commit
        var o = style.paint("commit \(c.id.hex)", .yellow) + "\n"
        if c.parents.count > 1 { o += "Merge:     " + c.parents.map { $0.abbreviated() }.joined(separator: " ") + "\n" }
        o += "Author:    \(t(c.author.description))  \(Timestamp.iso8601(seconds: c.author.time, offsetMinutes: c.author.offsetMinutes))\n"
        o += "Committer: \(t(c.committer.description))  \(Timestamp.iso8601(seconds: c.committer.time, offsetMinutes: c.committer.offsetMinutes))\n"
        o += "Signature: " + t(signatureText(report.signature)) + "\n"
        o += "Source:    " + origin.text + "\n\n"
        var message = c.message
        while message.hasSuffix("\n") { message.removeLast() }
        for line in message.split(separator: "\n", omittingEmptySubsequences: false) { o += "    \(t(String(line)))\n" }
        let p = report.provenance
        o += "\n" + style.paint("Provenance: ", .bold) + style.paint(p.class.rawValue, TerminalStyle.colour(for: p.class))
        o += p.agents.isEmpty ? "\n" : " (\(t(p.agents.joined(separator: ", "))))\n"
        for e in p.evidence { o += "  \(e.signal.rawValue.padded(to: 10))\(t(e.agent).padded(to: 18))\(t(e.text))\n" }
        let r = report.review
        o += style.paint("Review: ", .bold) + r.status.rawValue
        o += r.reviewers.isEmpty ? "\n" : " by " + t(r.reviewers.map(\.description).joined(separator: ", ")) + "\n"
        for e in r.evidence {
            o += "  \(e.signal.rawValue.padded(to: 10))\(t(e.text))" + (e.discount.map { "  (not counted: \($0.rawValue))" } ?? "") + "\n"
        }
        if let s = report.stats {
            o += style.paint("Changes: ", .bold) + "\(s.files) file(s), +\(s.added) -\(s.removed)"
            if s.binaryFiles > 0 { o += ", \(s.binaryFiles) binary" }
            o += "\n"
        }
        for problem in report.problems { o += style.paint("Note: ", .bold) + t(problem) + "\n" }
        for skipped in report.skipped { o += style.paint("Not read: ", .bold) + "\(t(skipped.path)) (\(t(skipped.reason)))\n" }
        o += "\n" + style.paint("Findings: \(report.flags.count)", .bold) + (report.flags.isEmpty ? "" : "  (risk score \(report.riskScore))") + "\n"
        output.write(o)
        for flag in ordered(report.flags) {
            var f = ""
            f += "\n" + style.paint("[\(flag.severity.rawValue)]", TerminalStyle.colour(for: flag.severity))
                + " \(t(flag.rule))  \(t(flag.path))  \(flag.kind.rawValue)" + (flag.lines.isEmpty ? "" : " \(flag.lineSummary)")
                + "  id \(flag.fingerprint)\n"
            f += "  \(t(flag.title))\n"
            if let scope = flag.scope { f += "  in: \(t(scope))\n" }
            if let value = flag.value { f += "  value: \(t(value.summary)) (\(value.direction.rawValue))\n" }
            if let note = flag.note { f += "  note: \(t(note))\n" }
            for line in flag.message.split(separator: "\n") { f += style.paint("  \(t(String(line)))", .dim) + "\n" }
            for (i, v) in (triage[flag.fingerprint] ?? []).enumerated() {
                f += "  " + (i == 0 ? "triage: " : "  was:  ") + "\(v.status.rawValue) by \(t(v.by)), "
                    + Timestamp.date(seconds: v.at, offsetMinutes: 0) + ": \(t(v.note))\n"
            }
            switch hunk(flag) {
            case .none(let why): f += "  (no hunk: \(t(why)))\n"
            case .hunk(let hunk, let flaggedIndex):
                f += style.paint("  " + t(hunk.header), .cyan) + "\n"
                let centre = flaggedIndex ?? 0
                let window = max(0, centre - context)..<min(hunk.lines.count, centre + context + 1)
                if window.lowerBound > 0 { f += style.paint("    …", .dim) + "\n" }
                for index in window {
                    let line = hunk.lines[index]
                    // Every line the finding lists is marked, not only the one the hunk was found by.
                    let flagged = index == flaggedIndex || flag.lines.contains { mark in
                        (mark.side == .removed && line.origin == .removed && line.oldNumber == mark.number)
                            || (mark.side == .added && line.origin == .added && line.newNumber == mark.number)
                    }
                    let mark = line.origin == .added ? "+" : line.origin == .removed ? "-" : " "
                    let text = (flagged ? "> " : "  ") + mark + t(line.text)
                    switch line.origin {
                    case .added: f += style.paint(text, flagged ? .bold : .green) + "\n"
                    case .removed: f += style.paint(text, flagged ? .bold : .red) + "\n"
                    case .context: f += text + "\n"
                    }
                }
                if window.upperBound < hunk.lines.count { f += style.paint("    …", .dim) + "\n" }
            }
            output.write(f)
        }
    }

    public static func json(report: CommitReport, origin: Origin, triage: [String: [TriageRecord]]) -> JSONValue {
        guard case .object(var fields) = report.json else { return report.json }
        fields.append(("message", .string(report.commit.message)))
        fields.append(("source", .string(origin.rawValue)))
        if let i = fields.firstIndex(where: { $0.0 == "flags" }) {
            fields[i].1 = .array(ordered(report.flags).map { flag in
                guard case .object(var f) = flag.json else { return flag.json }
                f.append(("triage", .array((triage[flag.fingerprint] ?? []).map(\.json))))
                return .object(f)
            })
        }
        return .object(fields)
    }

    /// The findings as a reviewer should read them: the weightiest first (see `RiskScore`).
    static func ordered(_ flags: [RiskFlag]) -> [RiskFlag] {
        flags.enumerated().sorted { a, b in
            let (wa, wb) = (RiskScore.weight(a.element), RiskScore.weight(b.element))
            return wa != wb ? wa > wb : a.offset < b.offset
        }.map(\.element)
    }
}
