import VigilModel


/// The report as Markdown (GitHub-flavoured tables).
public enum MarkdownReport {
    public static func render(_ m: ReportModel) -> String {
        var o = "# \(escape(m.heading))\n\n"
        o += "Branch \(escape(m.branch)), \(m.periodText) (UTC), against the previous period of the same length.\n\n"
        o += "## Act on these\n\n"
        if m.actions.isEmpty {
            o += m.noActionText + "\n\n"
        } else {
            o += m.actionIntro + "\n\n"
            o += flaggedTable(m.actions, m)
        }
        o += "## Headline\n\n| | this period | previous | change |\n|---|---:|---:|---:|\n"
        for (label, now, before, change) in m.headline { o += "| \(label) | \(now) | \(before) | \(change) |\n" }
        if let note = m.coverageNote { o += "\n" + note + "\n" }
        o += "\n## Trends, last \(m.weeks.count) weeks\n\n"
        o += "| week | commits | AI share | AI lines | reviewed | AI reviewed | flags | longest AI run |\n|---|---:|---:|---:|---:|---:|---:|---:|\n"
        for w in m.weeks {
            let f = w.figures
            o += "| \(w.period.label) | \(f.commits) | \(Figure.percent(f.aiShare)) | \(Figure.percent(f.aiLineShare)) | \(Figure.percent(f.coverage)) | \(Figure.percent(f.aiCoverage)) | \(f.flags) | \(w.longestRun) |\n"
        }
        let agents = m.trendAgents
        if !agents.isEmpty {
            o += "\n### AI-made commits by agent\n\n| week | " + agents.map(escape).joined(separator: " | ") + " |\n|---|" + agents.map { _ in "---:|" }.joined() + "\n"
            for w in m.weeks { o += "| \(w.period.label) | " + agents.map { "\(w.figures.byAgent[$0] ?? 0)" }.joined(separator: " | ") + " |\n" }
        }
        if !m.aiLinesByDirectory.isEmpty {
            o += "\n### AI-made changed lines by top-level directory, this period\n\n| directory | lines |\n|---|---:|\n"
            for (d, n) in m.aiLinesByDirectory.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
                o += "| \(d == "." ? "(root)" : escape(d + "/")) | \(n) |\n"
            }
        }
        o += "\n## Autonomy\n\nLongest runs of consecutive AI-made commits on \(escape(m.branch)) (first parents) with no human-made or human-reviewed commit between them, ending this period.\n\n"
        if m.runs.isEmpty {
            o += "No AI-made runs this period.\n"
        } else {
            o += "| commits | span (hours) | from | to | agents |\n|---:|---:|---|---|---|\n"
            for r in m.runs {
                o += "| \(r.length) | \(Figure.hours(r.hours)) | \(commit(r.first, m)) \(DateText.day(r.start)) | \(commit(r.last, m)) \(DateText.day(r.end)) | \(escape(r.agents.joined(separator: ", "))) |\n"
            }
        }
        o += "\n## Other flagged commits\n\n"
        if m.otherFlagged.isEmpty {
            o += "No other flagged commits this period.\n"
        } else {
            o += "Highest risk first.\n\n" + flaggedTable(m.otherFlagged, m)
        }
        o += "\n## Automation\n\n"
        if m.botFlagged.isEmpty {
            o += "No findings in bot commits this period.\n"
        } else {
            o += m.botText + "\n\n| bot | commits | findings | rules |\n|---|---:|---:|---|\n"
            for b in m.botSummary {
                o += "| \(escape(b.bot)) | \(b.commits) | \(b.findings) | \(escape(b.rules.prefix(4).joined(separator: ", ")))\(b.rules.count > 4 ? ", +\(b.rules.count - 4) more" : "") |\n"
            }
        }
        return o
    }

    /// Flagged commits, each once: its worst severity, high and critical findings of all, rules.
    static func flaggedTable(_ commits: [FlaggedCommit], _ m: ReportModel) -> String {
        var o = "| commit | date | class | agents | review | triage | severity | high+ / all | rules |\n|---|---|---|---|---|---|---|---:|---|\n"
        for f in commits {
            o += "| \(commit(f.id, m)) | \(DateText.day(f.time)) | \(f.klass.rawValue) | \(escape(f.agents.joined(separator: ", "))) | \(f.review.rawValue) | \(escape(f.triage ?? "–")) | \(f.topSeverity.rawValue) | \(f.highFindings) / \(f.flags.count) | \(escape(f.ruleSummary().joined(separator: ", "))) |\n"
            o += "|  | \(escape(f.subject)) | | | | | | | |\n"
        }
        return o + "\n"
    }

    static func commit(_ id: ObjectID, _ m: ReportModel) -> String {
        m.link(id).map { "[`\(id.abbreviated(10))`](\($0))" } ?? "`\(id.abbreviated(10))`"
    }

    /// Commit text as Markdown that every renderer shows as text (see `SafeText.markdown`).
    static func escape(_ s: String) -> String { SafeText.markdown(s) }
}
