import VigilModel

extension CoverageReport {
    public func text(style: TerminalStyle) -> String {
        func pct(_ s: Share) -> String { Percent.format(s.ratio) }
        func statuses(_ counts: [ReviewStatus: Int]) -> String {
            ReviewStatus.displayOrder.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: ", ")
        }
        var out = ""
        out += "Commits reviewed:          \(pct(commits)) (\(commits.reviewed) of \(commits.total); \(statuses(byStatus)))\n"
        out += "AI-made commits reviewed:  \(pct(aiCommits)) (\(aiCommits.reviewed) of \(aiCommits.total); \(statuses(aiByStatus)))\n"
        if statsComputed {
            out += "AI-made lines reviewed:    \(pct(aiLines)) (\(aiLines.reviewed) of \(aiLines.total))\n"
        }
        if !byAgent.isEmpty {
            out += "\n" + style.paint("BY AGENT            COMMITS REVIEWED    LINES REVIEWED", .bold) + "\n"
            for (agent, entry) in byAgent.sorted(by: { $0.value.commits.total != $1.value.commits.total ? $0.value.commits.total > $1.value.commits.total : $0.key < $1.key }) {
                out += pad(agent, 20) + pad("\(pct(entry.commits)) of \(entry.commits.total)", 20) + "\(pct(entry.lines)) of \(entry.lines.total)\n"
            }
        }
        if !byDirectory.isEmpty {
            out += "\n" + style.paint("BY DIRECTORY (AI-made lines)   REVIEWED", .bold) + "\n"
            for (directory, share) in byDirectory.sorted(by: { $0.value.total != $1.value.total ? $0.value.total > $1.value.total : $0.key < $1.key }) {
                out += pad(directory == "." ? "(root)" : SafeText.terminal(directory) + "/", 31) + "\(pct(share)) of \(share.total)\n"
            }
        }
        if !unreviewedAI.isEmpty {
            out += "\n" + style.paint("UNREVIEWED AI-MADE COMMITS", .bold) + "\n"
            for c in unreviewedAI {
                let date = Timestamp.date(seconds: c.time, offsetMinutes: c.offsetMinutes)
                out += c.id.abbreviated(10) + "  " + date + "  " + pad(c.klass.rawValue, 9) + pad(c.agents.joined(separator: ","), 16)
                    + pad(c.status.rawValue, 18) + SafeText.terminal(c.subject) + "\n"
            }
        }
        return out
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
