import VigilModel

/// The report as one self-contained HTML page: inline CSS and SVG charts, nothing fetched,
/// readable on a laptop and on paper.
public enum HTMLReport {
    public static func render(_ m: ReportModel) -> String {
        var o = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(e(m.title)): \(e(m.period.label))</title>
        <style>
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;margin:2rem auto;max-width:60rem;padding:0 1rem}
        h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
        h3{font-size:1rem}.sub{color:#59636e;margin-top:0}table{border-collapse:collapse;width:100%;margin:.5rem 0}
        th,td{border-bottom:1px solid #eaeef2;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f6f8fa}
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}code{font:12px ui-monospace,monospace}
        .sev-critical,.sev-high{color:#b3261e;font-weight:600}.sev-medium{color:#9a6700}.sev-low{color:#59636e}
        .charts{display:flex;flex-wrap:wrap;gap:1.5rem}.chart{flex:1 1 24rem}svg text{font:11px system-ui,sans-serif;fill:#59636e}
        .legend span{display:inline-block;margin-right:1rem}.sw{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-1px}
        @media print{body{margin:0;max-width:none}h2{break-after:avoid}table,svg{break-inside:avoid}a{color:inherit}}
        </style></head><body>
        <h1>\(e(m.title)): \(e(m.period.label))</h1>
        <p class="sub">Branch <code>\(e(m.branch))</code>, \(e(m.periodText)) (UTC), against the previous period of the same length.</p>
        <h2>Headline</h2>
        <table><tr><th></th><th class="n">this period</th><th class="n">previous</th><th class="n">change</th></tr>

        """
        for (label, now, before, change) in m.headline {
            o += "<tr><td>\(e(label))</td><td class=\"n\">\(e(now))</td><td class=\"n\">\(e(before))</td><td class=\"n\">\(e(change))</td></tr>\n"
        }
        o += "</table>\n<h2>Trends, last \(m.weeks.count) weeks</h2>\n<div class=\"charts\">\n"
        o += "<div class=\"chart\">" + lineChart(m) + "</div>\n<div class=\"chart\">" + barChart(m) + "</div>\n</div>\n"
        o += "<table><tr><th>week</th><th class=\"n\">commits</th><th class=\"n\">AI share</th><th class=\"n\">AI lines</th><th class=\"n\">reviewed</th><th class=\"n\">AI reviewed</th><th class=\"n\">flags</th><th class=\"n\">longest AI run</th></tr>\n"
        for w in m.weeks {
            let f = w.figures
            o += "<tr><td>\(w.period.label)</td><td class=\"n\">\(f.commits)</td><td class=\"n\">\(Figure.percent(f.aiShare))</td><td class=\"n\">\(Figure.percent(f.aiLineShare))</td><td class=\"n\">\(Figure.percent(f.coverage))</td><td class=\"n\">\(Figure.percent(f.aiCoverage))</td><td class=\"n\">\(f.flags)</td><td class=\"n\">\(w.longestRun)</td></tr>\n"
        }
        o += "</table>\n"
        let agents = m.trendAgents
        if !agents.isEmpty {
            o += "<h3>AI-made commits by agent</h3>\n<table><tr><th>week</th>" + agents.map { "<th class=\"n\">\(e($0))</th>" }.joined() + "</tr>\n"
            for w in m.weeks { o += "<tr><td>\(w.period.label)</td>" + agents.map { "<td class=\"n\">\(w.figures.byAgent[$0] ?? 0)</td>" }.joined() + "</tr>\n" }
            o += "</table>\n"
        }
        if !m.aiLinesByDirectory.isEmpty {
            o += "<h3>AI-made changed lines by top-level directory, this period</h3>\n<table><tr><th>directory</th><th class=\"n\">lines</th></tr>\n"
            for (d, n) in m.aiLinesByDirectory.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
                o += "<tr><td><code>\(e(d == "." ? "(root)" : d + "/"))</code></td><td class=\"n\">\(n)</td></tr>\n"
            }
            o += "</table>\n"
        }
        o += "<h2>Autonomy</h2>\n<p>Longest runs of consecutive AI-made commits on <code>\(e(m.branch))</code> (first parents) with no human-made or human-reviewed commit between them, ending this period.</p>\n"
        if m.runs.isEmpty {
            o += "<p>No AI-made runs this period.</p>\n"
        } else {
            o += "<table><tr><th class=\"n\">commits</th><th class=\"n\">span (hours)</th><th>from</th><th>to</th><th>agents</th></tr>\n"
            for r in m.runs {
                o += "<tr><td class=\"n\">\(r.length)</td><td class=\"n\">\(Figure.hours(r.hours))</td><td>\(commit(r.first, m)) \(DateText.day(r.start))</td><td>\(commit(r.last, m)) \(DateText.day(r.end))</td><td>\(e(r.agents.joined(separator: ", ")))</td></tr>\n"
            }
            o += "</table>\n"
        }
        o += "<h2>Flagged commits</h2>\n"
        if m.flagged.isEmpty {
            o += "<p>No flagged commits this period.</p>\n"
        } else {
            o += "<table><tr><th>commit</th><th>date</th><th>class</th><th>review</th><th>triage</th><th>findings</th></tr>\n"
            for f in m.flagged {
                let findings = f.flags.map { flag in
                    "<span class=\"sev-\(flag.severity.rawValue)\">\(flag.severity.rawValue)</span> \(e(flag.rule)) <code>\(e(flag.path))\(flag.line > 0 ? ":\(flag.line)" : "")</code>"
                }.joined(separator: "<br>")
                o += "<tr><td>\(commit(f.id, m))<br>\(e(f.subject))</td><td>\(DateText.day(f.time))</td><td>\(f.klass.rawValue)\(f.agents.isEmpty ? "" : "<br>" + e(f.agents.joined(separator: ", ")))</td><td>\(f.review.rawValue)</td><td>\(e(f.triage ?? "–"))</td><td>\(findings)</td></tr>\n"
            }
            o += "</table>\n"
        }
        return o + "</body></html>\n"
    }

    static func commit(_ id: ObjectID, _ m: ReportModel) -> String {
        m.link(id).map { "<a href=\"\(e($0))\"><code>\(id.abbreviated(10))</code></a>" } ?? "<code>\(id.abbreviated(10))</code>"
    }

    /// Weekly AI share of commits and review coverage of AI-made commits, 0–100%.
    static func lineChart(_ m: ReportModel) -> String {
        let w = 420.0, h = 200.0, left = 36.0, right = 22.0, top = 10.0, bottom = 40.0
        let n = m.weeks.count
        func x(_ i: Int) -> Double { n <= 1 ? left + (w - left - right) / 2 : left + Double(i) * (w - left - right) / Double(n - 1) }
        func y(_ v: Double) -> Double { top + (1 - v) * (h - top - bottom) }
        var s = "<svg viewBox=\"0 0 \(Int(w)) \(Int(h))\" width=\"100%\" role=\"img\" aria-label=\"AI share and review coverage per week\">\n"
        for v in [0.0, 0.25, 0.5, 0.75, 1.0] {
            s += "<line x1=\"\(f(left))\" y1=\"\(f(y(v)))\" x2=\"\(f(w - right))\" y2=\"\(f(y(v)))\" stroke=\"#eaeef2\"/><text x=\"\(f(left - 4))\" y=\"\(f(y(v) + 4))\" text-anchor=\"end\">\(Int(v * 100))%</text>\n"
        }
        for (i, week) in m.weeks.enumerated() where i % max(1, n / 6) == 0 || i == n - 1 {
            s += "<text x=\"\(f(x(i)))\" y=\"\(f(h - bottom + 16))\" text-anchor=\"middle\">\(week.period.label.suffix(3))</text>\n"
        }
        for (values, colour) in [(m.weeks.map(\.figures.aiShare), "#8250df"), (m.weeks.map(\.figures.aiCoverage), "#1a7f37")] {
            let points = values.enumerated().compactMap { i, v in v.map { "\(f(x(i))),\(f(y($0)))" } }
            if points.count > 1 { s += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>\n" }
            for p in points { s += "<circle cx=\"\(p.split(separator: ",")[0])\" cy=\"\(p.split(separator: ",")[1])\" r=\"2.5\" fill=\"\(colour)\"/>\n" }
        }
        s += "</svg>\n<div class=\"legend\"><span><i class=\"sw\" style=\"background:#8250df\"></i>AI share of commits</span><span><i class=\"sw\" style=\"background:#1a7f37\"></i>review coverage of AI-made commits</span></div>"
        return s
    }

    /// Findings this period by category.
    static func barChart(_ m: ReportModel) -> String {
        let w = 420.0, h = 200.0, left = 80.0, right = 30.0, rowHeight = 28.0
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
