import VigilModel
import VigilRules

/// Turns what a rule saw in one file into its one finding: every line listed, the severity the
/// direction or the path class sets, an excerpt, and a fingerprint made of content, never of
/// the commit (so a rebase or cherry-pick keeps it, and triage keyed on it survives).
enum FindingBuilder {
    static func findings(_ rule: RiskRule, file: ChangedFile, hits: [Hit], caps: PathClasses) -> [RiskFlag] {
        // A give-up is its own finding: the rule could not say, and the gate treats that as a finding.
        let (unevaluated, evaluated) = (hits.filter(\.unevaluated), hits.filter { !$0.unevaluated })
        var out: [RiskFlag] = []
        if !evaluated.isEmpty { out.append(finding(rule, file: file, hits: evaluated, caps: caps, unevaluated: false)) }
        if !unevaluated.isEmpty { out.append(finding(rule, file: file, hits: unevaluated, caps: caps, unevaluated: true)) }
        return out
    }

    static func finding(_ rule: RiskRule, file: ChangedFile, hits: [Hit], caps: PathClasses, unevaluated: Bool) -> RiskFlag {
        var seen = Set<String>()
        var lines: [RiskFlag.Line] = []
        for hit in hits.sorted(by: { ($0.side == .removed ? 0 : 1, $0.line) < ($1.side == .removed ? 0 : 1, $1.line) }) {
            guard seen.insert("\(hit.side.rawValue):\(hit.line)").inserted else { continue }
            lines.append(RiskFlag.Line(side: hit.side, number: hit.line, text: excerpt(hit.text),
                                       fingerprint: Fingerprint.ofLine(rule: rule.id, path: file.path, side: hit.side, text: hit.text.trimmedSpaces)))
        }
        let values = hits.compactMap(\.value)
        let severity = hits.map { $0.severity ?? rule.severity }.max() ?? rule.severity
        let kind: RiskFlag.Kind = unevaluated ? .unevaluated : rule.kind == .value && !values.isEmpty ? .value
            : rule.kind == .structure ? .structure : .line
        var summary: String
        if !values.isEmpty {
            let shown = unique(values.map(\.summary))
            summary = shown.prefix(3).joined(separator: "; ") + (shown.count > 3 ? "; and \(shown.count - 3) more" : "")
        } else {
            summary = lines.first(where: { $0.side == .added })?.text ?? lines.first?.text ?? file.path
        }
        if unevaluated { summary = "could not be evaluated: " + summary }
        let content: [String] = !values.isEmpty && !unevaluated
            ? values.map { "\($0.key)=\($0.old ?? "")>\($0.new ?? "")" }.sorted()
            : Set(lines.map { "\($0.side.rawValue):\(Fingerprint.normalise($0.text))" }).sorted()
        let note = unevaluated
            ? "could not be evaluated: a bounded pattern gave up (match limit) on these lines; read them by hand"
            : hits.compactMap(\.note).first
        return RiskFlag(rule: rule.id, title: rule.title, category: rule.category,
                        severity: capped(severity, rule: rule, classes: file.classes, caps: caps), kind: kind, path: file.path,
                        lines: lines, scope: hits.compactMap(\.scope).first(where: { !$0.isEmpty }),
                        value: values.max { rank($0.direction) < rank($1.direction) },
                        excerpt: summary, message: rule.message, note: note,
                        fingerprint: Fingerprint.of([rule.id, file.path, kind.rawValue] + content))
    }

    /// A file-level finding: the file changed, was deleted, renamed...
    static func fileFinding(_ rule: RiskRule, change: FileChange, status: FileStatus, classes: Set<String>, caps: PathClasses) -> RiskFlag {
        let what: String = switch status {
        case .renamed, .renamedEdited: "renamed from \(change.oldPath ?? "?")"
        default: status.rawValue
        }
        return RiskFlag(rule: rule.id, title: rule.title, category: rule.category,
                        severity: capped(rule.severity, rule: rule, classes: classes, caps: caps), kind: .file, path: change.path,
                        lines: [], excerpt: "\(change.path) \(what)", message: rule.message,
                        fingerprint: Fingerprint.of([rule.id, change.path, "file", (change.newID ?? change.oldID)?.hex ?? ""]))
    }

    /// A path class's cap applies unless the rule names that class itself (a test rule in tests).
    static func capped(_ severity: Severity, rule: RiskRule, classes: Set<String>, caps: PathClasses) -> Severity {
        var result = severity
        for name in classes where !(rule.classes?.contains(name) ?? false) {
            if let cap = caps.cap(for: name), cap < result { result = cap }
        }
        return result
    }

    static func rank(_ direction: RiskFlag.Direction) -> Int {
        switch direction {
        case .weakened: 2
        case .changed: 1
        case .strengthened: 0
        }
    }

    static func excerpt(_ text: String) -> String {
        let trimmed = text.trimmedSpaces
        return trimmed.count > 200 ? String(trimmed.prefix(200)) + "…" : trimmed
    }

    static func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }
}
