import VigilModel

/// `vigil blame` as text: per line the origin commit (`^` when the history ended there), its
/// class and agent, the git-ai claim on the line, the line number and the line; then a summary.
/// Everything from the repository is escaped for the terminal.
public enum BlameText {
    public static func render(_ blame: LineBlame, style: TerminalStyle) -> String {
        let width = String(blame.lines.last?.number ?? 0).count
        var out = ""
        var byClass: [ProvenanceClass: Int] = [:]
        var claimed: [LineBlame.NoteClaim.Kind: Int] = [:]
        for line in blame.lines {
            let provenance = blame.origin(of: line.commit)?.provenance ?? .human
            byClass[provenance.class, default: 0] += 1
            if let claim = line.claim { claimed[claim.kind, default: 0] += 1 }
            let commit = (line.isBoundary ? "^" : "") + line.commit.abbreviated(8)
            let agent = provenance.agents.first.map { $0 + (provenance.agents.count > 1 ? "+\(provenance.agents.count - 1)" : "") } ?? "-"
            let number = String(repeating: " ", count: width - String(line.number).count) + String(line.number)
            out += commit.padded(to: 10)
                + style.paint(provenance.class.rawValue.padded(to: 9), TerminalStyle.colour(for: provenance.class))
                + clip(agent, 16).padded(to: 16)
                + clip(claim(line.claim), 26).padded(to: 26)
                + number + ") " + SafeText.terminal(line.text) + "\n"
        }
        let counts = ProvenanceClass.displayOrder.map { "\(byClass[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        out += style.paint("\(blame.lines.count) line(s) by the class of the commit that last changed them: \(counts)", .dim) + "\n"
        if !claimed.isEmpty {
            out += style.paint("git-ai notes claim \(claimed[.ai] ?? 0) line(s) for AI sessions, \(claimed[.human] ?? 0) for known humans, "
                               + "\(claimed[.unknown] ?? 0) under keys they do not describe; notes are unsigned claims "
                               + "anyone who can push the notes ref can write", .dim) + "\n"
        }
        for problem in blame.problems { out += style.paint("problem: ", .bold) + SafeText.terminal(problem) + "\n" }
        return out
    }

    static func claim(_ claim: LineBlame.NoteClaim?) -> String {
        guard let claim else { return "" }
        switch claim.kind {
        case .ai: return "ai " + SafeText.terminal(claim.tool ?? "?") + (claim.model.map { "/" + SafeText.terminal($0) } ?? "")
        case .human: return "human " + SafeText.terminal(claim.human ?? claim.key)
        case .unknown: return "unknown key"
        }
    }

    /// At most `width - 1` characters, so a column always ends in a space.
    static func clip(_ text: String, _ width: Int) -> String {
        text.count < width ? text : String(text.prefix(width - 2)) + "…"
    }
}
