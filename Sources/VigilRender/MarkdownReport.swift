import VigilModel


/// The report as Markdown (GitHub-flavoured tables).
public enum MarkdownReport {
    public static func render(_ m: ReportModel) -> String {
        var o = "# \(escape(m.title)): \(escape(m.period.label))\n\n"
        o += "Branch \(escape(m.branch)), \(m.periodText) (UTC), against the previous period of the same length.\n\n"
        o += "## Headline\n\n| | this period | previous | change |\n|---|---:|---:|---:|\n"
        for (label, now, before, change) in m.headline { o += "| \(label) | \(now) | \(before) | \(change) |\n" }
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
        o += "\n## Flagged commits\n\n"
        if m.flagged.isEmpty {
            o += "No flagged commits this period.\n"
        } else {
            o += "| commit | date | class | agents | review | triage | severity | rules |\n|---|---|---|---|---|---|---|---|\n"
            for f in m.flagged {
                let rules = Array(Set(f.flags.map(\.rule))).sorted().joined(separator: ", ")
                o += "| \(commit(f.id, m)) | \(DateText.day(f.time)) | \(f.klass.rawValue) | \(escape(f.agents.joined(separator: ", "))) | \(f.review.rawValue) | \(escape(f.triage ?? "–")) | \(f.flags.map(\.severity).max()!.rawValue) | \(escape(rules)) |\n"
                o += "|  | \(escape(f.subject)) | | | | | | |\n"
            }
        }
        return o
    }

    static func commit(_ id: ObjectID, _ m: ReportModel) -> String {
        m.link(id).map { "[`\(id.abbreviated(10))`](\($0))" } ?? "`\(id.abbreviated(10))`"
    }

    /// Commit text as Markdown that every renderer shows as text (see `SafeText.markdown`).
    static func escape(_ s: String) -> String { SafeText.markdown(s) }
}
