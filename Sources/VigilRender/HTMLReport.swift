import VigilModel

/// The report as one self-contained HTML page: inline CSS and SVG charts, nothing fetched,
/// readable on a laptop and on paper.
public enum HTMLReport {
    public static func render(_ m: ReportModel) -> String {
        var o = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(e(m.heading))</title>
        <style>
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;margin:2rem auto;max-width:60rem;padding:0 1rem}
        h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
        h3{font-size:1rem}.sub,.note{color:#59636e}.sub{margin-top:0}.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
        table{border-collapse:collapse;width:100%;margin:.5rem 0}
        th,td{border-bottom:1px solid #eaeef2;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f6f8fa}
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}code{font:12px ui-monospace,monospace}td{overflow-wrap:anywhere}
        .sev-critical,.sev-high{color:#b3261e;font-weight:600}.sev-medium{color:#9a6700}.sev-low{color:#59636e}
        .act{border-left:4px solid #b3261e;padding-left:.8rem}
        .charts{display:flex;flex-wrap:wrap;gap:1.5rem}.chart{flex:1 1 24rem;min-width:0}svg text{font:11px system-ui,sans-serif;fill:#59636e}
        svg text.axis{font-size:11px;fill:#1f2328}
        .legend span{display:inline-block;margin-right:1rem}.sw{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-1px}
        @media (max-width:600px){body{margin:1rem auto;padding:0 .6rem;font-size:13px}th,td{padding:.25rem .3rem}h1{font-size:1.25rem}
          .chart{flex-basis:100%}table.wide{min-width:36rem}}
        @media print{body{margin:0;max-width:none}h2{break-after:avoid}table,svg{break-inside:avoid}a{color:inherit}.scroll{overflow:visible}}
        </style></head><body>
        <h1>\(e(m.heading))</h1>
        <p class="sub">Branch <code>\(e(m.branch))</code>, \(e(m.periodText)) (UTC), against the previous period of the same length.</p>
        <section class="act"><h2>Act on these</h2>

        """
        if m.actions.isEmpty {
            o += "<p>\(e(m.noActionText))</p>\n"
        } else {
            o += "<p class=\"note\">\(e(m.actionIntro))</p>\n" + flaggedTable(m.actions, m)
        }
        o += "</section>\n<h2>Headline</h2>\n<div class=\"scroll\"><table><tr><th></th><th class=\"n\">this period</th><th class=\"n\">previous</th><th class=\"n\">change</th></tr>\n"
        for (label, now, before, change) in m.headline {
            o += "<tr><td>\(e(label))</td><td class=\"n\">\(e(now))</td><td class=\"n\">\(e(before))</td><td class=\"n\">\(e(change))</td></tr>\n"
        }
        o += "</table></div>\n"
        if let note = m.coverageNote { o += "<p class=\"note\">\(e(note))</p>\n" }
        o += "<h2>Trends, last \(m.weeks.count) weeks</h2>\n<div class=\"charts\">\n"
        o += "<div class=\"chart\">" + lineChart(m) + "</div>\n<div class=\"chart\">" + barChart(m) + "</div>\n</div>\n"
        o += "<div class=\"scroll\"><table class=\"wide\"><tr><th>week</th><th class=\"n\">commits</th><th class=\"n\">AI share</th><th class=\"n\">AI lines</th><th class=\"n\">reviewed</th><th class=\"n\">AI reviewed</th><th class=\"n\">flags</th><th class=\"n\">longest AI run</th></tr>\n"
        for w in m.weeks {
            let f = w.figures
            o += "<tr><td>\(w.period.label)</td><td class=\"n\">\(f.commits)</td><td class=\"n\">\(Figure.percent(f.aiShare))</td><td class=\"n\">\(Figure.percent(f.aiLineShare))</td><td class=\"n\">\(Figure.percent(f.coverage))</td><td class=\"n\">\(Figure.percent(f.aiCoverage))</td><td class=\"n\">\(f.flags)</td><td class=\"n\">\(w.longestRun)</td></tr>\n"
        }
        o += "</table></div>\n"
        let agents = m.trendAgents
        if !agents.isEmpty {
            o += "<h3>AI-made commits by agent</h3>\n<div class=\"scroll\"><table><tr><th>week</th>" + agents.map { "<th class=\"n\">\(e($0))</th>" }.joined() + "</tr>\n"
            for w in m.weeks { o += "<tr><td>\(w.period.label)</td>" + agents.map { "<td class=\"n\">\(w.figures.byAgent[$0] ?? 0)</td>" }.joined() + "</tr>\n" }
            o += "</table></div>\n"
        }
        if !m.aiLinesByDirectory.isEmpty {
            o += "<h3>AI-made changed lines by top-level directory, this period</h3>\n<div class=\"scroll\"><table><tr><th>directory</th><th class=\"n\">lines</th></tr>\n"
            for (d, n) in m.aiLinesByDirectory.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
                o += "<tr><td><code>\(e(d == "." ? "(root)" : d + "/"))</code></td><td class=\"n\">\(n)</td></tr>\n"
            }
            o += "</table></div>\n"
        }
        o += "<h2>Autonomy</h2>\n<p>Longest runs of consecutive AI-made commits on <code>\(e(m.branch))</code> (first parents) with no human-made or human-reviewed commit between them, ending this period.</p>\n"
        if m.runs.isEmpty {
            o += "<p>No AI-made runs this period.</p>\n"
        } else {
            o += "<div class=\"scroll\"><table><tr><th class=\"n\">commits</th><th class=\"n\">span (hours)</th><th>from</th><th>to</th><th>agents</th></tr>\n"
            for r in m.runs {
                o += "<tr><td class=\"n\">\(r.length)</td><td class=\"n\">\(Figure.hours(r.hours))</td><td>\(commit(r.first, m)) \(DateText.day(r.start))</td><td>\(commit(r.last, m)) \(DateText.day(r.end))</td><td>\(e(r.agents.joined(separator: ", ")))</td></tr>\n"
            }
            o += "</table></div>\n"
        }
        o += "<h2>Other flagged commits</h2>\n"
        if m.otherFlagged.isEmpty {
            o += "<p>No other flagged commits this period.</p>\n"
        } else {
            o += "<p class=\"note\">Highest risk first.</p>\n" + flaggedTable(m.otherFlagged, m)
        }
        o += "<h2>Automation</h2>\n"
        if m.botFlagged.isEmpty {
            o += "<p>No findings in bot commits this period.</p>\n"
        } else {
            o += "<p class=\"note\">\(e(m.botText))</p>\n<div class=\"scroll\"><table><tr><th>bot</th><th class=\"n\">commits</th><th class=\"n\">findings</th><th>rules</th></tr>\n"
            for b in m.botSummary {
                let rules = b.rules.prefix(4).joined(separator: ", ") + (b.rules.count > 4 ? ", +\(b.rules.count - 4) more" : "")
                o += "<tr><td>\(e(b.bot))</td><td class=\"n\">\(b.commits)</td><td class=\"n\">\(b.findings)</td><td>\(e(rules))</td></tr>\n"
            }
            o += "</table></div>\n"
        }
        return o + "</body></html>\n"
    }

    /// Flagged commits, each once: worst severity, high and critical findings of all, the rules.
    static func flaggedTable(_ commits: [FlaggedCommit], _ m: ReportModel) -> String {
        var o = "<div class=\"scroll\"><table class=\"wide\"><tr><th>commit</th><th>date</th><th>class</th><th>review</th><th>triage</th><th class=\"n\">high+ / all</th><th>rules</th></tr>\n"
        for f in commits {
            o += "<tr><td>\(commit(f.id, m))<br>\(e(f.subject))</td><td>\(DateText.day(f.time))</td><td>\(f.klass.rawValue)\(f.agents.isEmpty ? "" : "<br>" + e(f.agents.joined(separator: ", ")))</td><td>\(f.review.rawValue)</td><td>\(e(f.triage ?? "–"))</td>"
            o += "<td class=\"n\"><span class=\"sev-\(f.topSeverity.rawValue)\">\(f.topSeverity.rawValue)</span> \(f.highFindings) / \(f.flags.count)</td><td>\(e(f.ruleSummary().joined(separator: ", ")))</td></tr>\n"
        }
        return o + "</table></div>\n"
    }

    static func commit(_ id: ObjectID, _ m: ReportModel) -> String {
        m.link(id).map { "<a href=\"\(e($0))\"><code>\(id.abbreviated(10))</code></a>" } ?? "<code>\(id.abbreviated(10))</code>"
    }

    /// Weekly AI share of commits and review coverage of AI-made commits, on an axis scaled to the
    /// data (0–5% shows as 0–5%, not as a flat line at the bottom of 0–100%).
    static func lineChart(_ m: ReportModel) -> String {
        let w = 420.0, h = 210.0, left = 48.0, right = 16.0, top = 10.0, bottom = 46.0
        let n = m.weeks.count
        let series = [(m.weeks.map(\.figures.aiShare), "#8250df"), (m.weeks.map(\.figures.aiCoverage), "#1a7f37")]
        let scale = axisTop(series.flatMap { $0.0.compactMap { $0 } }.max() ?? 0)
        func x(_ i: Int) -> Double { n <= 1 ? left + (w - left - right) / 2 : left + Double(i) * (w - left - right) / Double(n - 1) }
        func y(_ v: Double) -> Double { top + (1 - v / scale) * (h - top - bottom) }
        var s = "<svg viewBox=\"0 0 \(Int(w)) \(Int(h))\" width=\"100%\" role=\"img\" aria-label=\"AI share and review coverage per week\">\n"
        for step in 0...4 {
            let v = scale * Double(step) / 4
            s += "<line x1=\"\(f(left))\" y1=\"\(f(y(v)))\" x2=\"\(f(w - right))\" y2=\"\(f(y(v)))\" stroke=\"#eaeef2\"/><text x=\"\(f(left - 4))\" y=\"\(f(y(v) + 4))\" text-anchor=\"end\">\(percentTick(v))</text>\n"
        }
        for (i, week) in m.weeks.enumerated() where i % max(1, n / 6) == 0 || i == n - 1 {
            s += "<text x=\"\(f(x(i)))\" y=\"\(f(h - bottom + 16))\" text-anchor=\"middle\">\(week.period.label.suffix(3))</text>\n"
        }
        s += "<text class=\"axis\" x=\"\(f(left + (w - left - right) / 2))\" y=\"\(f(h - 6))\" text-anchor=\"middle\">ISO week</text>\n"
        s += "<text class=\"axis\" transform=\"rotate(-90)\" x=\"\(f(-(top + (h - top - bottom) / 2)))\" y=\"12\" text-anchor=\"middle\">share of commits</text>\n"
        for (values, colour) in series {
            let points = values.enumerated().compactMap { i, v in v.map { "\(f(x(i))),\(f(y($0)))" } }
            if points.count > 1 { s += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>\n" }
            for p in points { s += "<circle cx=\"\(p.split(separator: ",")[0])\" cy=\"\(p.split(separator: ",")[1])\" r=\"2.5\" fill=\"\(colour)\"/>\n" }
        }
        s += "</svg>\n<div class=\"legend\"><span><i class=\"sw\" style=\"background:#8250df\"></i>AI share of commits</span><span><i class=\"sw\" style=\"background:#1a7f37\"></i>review coverage of AI-made commits</span></div>"
        return s
    }

    /// The top of a share axis: the smallest of 1%, 2%, 5%, 10%, 20%, 25%, 50%, 100% at or above `maximum`.
    static func axisTop(_ maximum: Double) -> Double {
        [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0].first { $0 >= maximum - 1e-9 } ?? 1.0
    }

    /// `0%`, `1.25%`, `25%`: a tick label with no more digits than it needs.
    static func percentTick(_ share: Double) -> String {
        let hundredths = Int((share * 10_000).rounded())
        if hundredths % 100 == 0 { return "\(hundredths / 100)%" }
        if hundredths % 10 == 0 { return "\(hundredths / 100).\(hundredths % 100 / 10)%" }
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)%"
    }

    /// Findings this period by category.
    static func barChart(_ m: ReportModel) -> String {
        let w = 420.0, h = 210.0, left = 80.0, right = 30.0, rowHeight = 28.0
        let counts = RiskCategory.allCases.map { ($0, m.current.flagsByCategory[$0] ?? 0) }
        let top = Double(max(1, counts.map(\.1).max() ?? 1))
        var s = "<svg viewBox=\"0 0 \(Int(w)) \(Int(h))\" width=\"100%\" role=\"img\" aria-label=\"Findings by category this period\">\n"
        for (i, (category, count)) in counts.enumerated() {
            let y = 12 + Double(i) * rowHeight
            let width = Double(count) / top * (w - left - right)
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 14))\" text-anchor=\"end\">\(category.rawValue)</text>"
            s += "<rect x=\"\(f(left))\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"18\" fill=\"#cf222e\" opacity=\"0.75\"/>"
            s += "<text x=\"\(f(left + width + 4))\" y=\"\(f(y + 14))\">\(count)</text>\n"
        }
        s += "<text class=\"axis\" x=\"\(f(left + (w - left - right) / 2))\" y=\"\(f(h - 6))\" text-anchor=\"middle\">findings this period (bar length to \(Int(top)))</text>\n"
        s += "</svg>\n<div class=\"legend\"><span><i class=\"sw\" style=\"background:#cf222e\"></i>findings by category, this period</span></div>"
        return s
    }

    static func f(_ v: Double) -> String {
        let tenths = Int((v * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(abs(tenths % 10))"
    }

    /// Commit text as HTML text or attribute value (see `SafeText.html`).
    static func e(_ s: String) -> String { SafeText.html(s) }

}
