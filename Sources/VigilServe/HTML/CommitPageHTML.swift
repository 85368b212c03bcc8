import Foundation
import VigilModel
import VigilStore

/// One commit for a reviewer: message, provenance and review evidence, then each flagged hunk
/// once, old beside new, with its findings, their rule's reason, the verdict history and the
/// triage buttons.
enum CommitPageHTML {
    struct Links {
        var commit: String?
        var file: String?
    }

    static func render(_ view: CommitView, backQuery: String, links: Links, context: PageLayout.Context) -> String {
        let e = PageLayout.e
        let r = view.report, c = r.commit
        var o = "<p class=\"back\"><a id=\"back\" href=\"/\(e(backQuery))\">← queue</a></p>\n"
        o += "<h1>\(e(c.subject))</h1>\n<table class=\"meta\">"
        var idCell = "<code>\(c.id.hex)</code>"
        if let template = links.commit {
            idCell += " <a href=\"\(e(template.replacing("{commit}", with: c.id.hex)))\" rel=\"noreferrer noopener\">on the forge</a>"
        }
        o += "<tr><th>commit</th><td>\(idCell) in \(e(view.repository.name))</td></tr>"
        o += "<tr><th>author</th><td>\(e(c.author.description)) · \(Timestamp.iso8601(seconds: c.author.time, offsetMinutes: c.author.offsetMinutes))</td></tr>"
        o += "<tr><th>committer</th><td>\(e(c.committer.description)) · \(Timestamp.iso8601(seconds: c.committer.time, offsetMinutes: c.committer.offsetMinutes))</td></tr>"
        if let s = r.stats { o += "<tr><th>changes</th><td>\(s.files) file(s), +\(s.added) −\(s.removed)</td></tr>" }
        o += "</table>\n"
        if let message = view.message {
            o += "<pre class=\"message\">\(e(message.trimmingSuffixNewlines))</pre>\n"
        } else {
            o += "<p class=\"warn\">The message and hunks cannot be read: \(e(view.repositoryProblem ?? "repository unavailable"))</p>\n"
        }
        // Provenance.
        let p = r.provenance
        o += "<h2>Provenance: <span class=\"class-\(p.class.rawValue)\">\(p.class.rawValue)</span>\(p.agents.isEmpty ? "" : " (" + e(p.agents.joined(separator: ", ")) + ")")</h2>\n"
        if p.evidence.isEmpty {
            o += "<p>No AI or automation mark was found.</p>\n"
        } else {
            o += "<table class=\"evidence\"><tr><th>signal</th><th>agent</th><th>class</th><th>text</th></tr>"
            for ev in p.evidence {
                o += "<tr><td>\(ev.signal.rawValue)</td><td>\(e(ev.agent))</td><td>\(ev.implies.rawValue)</td><td><code>\(e(ev.text))</code></td></tr>"
            }
            o += "</table>\n"
        }
        // Review.
        let rv = r.review
        o += "<h2>Review: \(rv.status.rawValue)\(rv.reviewers.isEmpty ? "" : " by " + e(rv.reviewers.map(\.description).joined(separator: ", ")))</h2>\n"
        if rv.status == .mergedUnverified {
            o += "<p class=\"explain\">It went through a pull or merge request, but git records no reviewer (a squash or rebase merge keeps none): ask the forge.</p>\n"
        }
        if !rv.evidence.isEmpty {
            o += "<table class=\"evidence\"><tr><th>signal</th><th>approval</th><th>counts</th><th>text</th></tr>"
            for ev in rv.evidence {
                let counts = ev.counts ? "yes" : "no" + (ev.discount.map { " (\($0.rawValue))" } ?? "")
                o += "<tr><td>\(ev.signal.rawValue)</td><td>\(e(ev.approver?.description ?? "–"))</td><td>\(counts)</td><td><code>\(e(ev.text))</code></td></tr>"
            }
            o += "</table>\n"
        }
        for problem in r.problems { o += "<p class=\"warn\">\(e(problem))</p>\n" }
        // Findings, hunk by hunk.
        let count = r.flags.count
        o += "<h2>Findings: \(count)</h2>\n"
        if view.omitted > 0 {
            o += "<p class=\"warn\">Showing the first \(CommitView.findingLimit); \(view.omitted) more are in the export and in <code>vigil show</code>.</p>\n"
        }
        for section in view.sections {
            o += "<section class=\"hunk\"><h3><code>\(e(section.path))</code>"
            if let header = section.hunk?.header { o += " <small><code>\(e(header))</code></small>" }
            o += "</h3>\n"
            if let sides = section.sides {
                o += hunkTable(sides, findings: section.findings)
            } else if let why = section.why {
                o += "<p class=\"explain\">No hunk shown: \(e(why)).</p>\n"
            }
            for finding in section.findings {
                o += findingBlock(finding, view: view, links: links, readOnly: context.readOnly)
            }
            o += "</section>\n"
        }
        return PageLayout.page(title: "vigil: \(c.id.abbreviated(10)) \(c.subject)", context: context, body: o)
    }

    static func hunkTable(_ sides: SideBySide, findings: [CommitView.Finding]) -> String {
        let e = PageLayout.e
        var flaggedRows = Set<Int>()
        for f in findings { if let row = sides.row(side: f.flag.side, line: f.flag.line) { flaggedRows.insert(row) } }
        var o = "<div class=\"diff\"><table class=\"sbs\"><colgroup><col class=\"ln\"><col><col class=\"ln\"><col></colgroup>\n"
        for index in sides.visible(flagged: flaggedRows, context: 5) {
            guard let index else { o += "<tr class=\"gap\"><td colspan=\"4\">⋯</td></tr>\n"; continue }
            let row = sides.rows[index]
            let mark = flaggedRows.contains(index) ? " flagged" : ""
            func cell(_ line: FilePatch.Line?, old: Bool) -> String {
                guard let line else { return "<td class=\"ln\"></td><td class=\"empty\"></td>" }
                let kind = line.origin == .context ? "ctx" : old ? "del" : "add"
                let number = old ? line.oldNumber : line.newNumber
                return "<td class=\"ln\">\(number.map(String.init) ?? "")</td><td class=\"\(kind)\">\(e(line.text))</td>"
            }
            o += "<tr class=\"line\(mark)\">" + cell(row.old, old: true) + cell(row.new, old: false) + "</tr>\n"
        }
        return o + "</table></div>\n"
    }

    static func findingBlock(_ finding: CommitView.Finding, view: CommitView, links: Links, readOnly: Bool) -> String {
        let e = PageLayout.e
        let f = finding.flag
        let current = finding.history.first
        let place = f.line > 0 ? "\(f.path):\(f.line)" : f.path
        var o = "<div class=\"finding\" tabindex=\"-1\" data-fingerprint=\"\(e(f.fingerprint))\" data-verdict=\"\(current?.id ?? 0)\""
        o += " data-verdict-by=\"\(e(current?.record.by ?? ""))\" data-verdict-status=\"\(current?.record.status.rawValue ?? "")\""
        o += " data-repository=\"\(view.repository.id)\" data-commit=\"\(view.report.commit.id.hex)\">\n"
        o += "<p class=\"what\">\(PageLayout.severity(f.severity)) <strong>\(e(f.title))</strong> <code>\(e(f.rule))</code> · \(f.category.rawValue) · "
        var where_ = "<code>\(e(place))</code> (\(f.side.rawValue))"
        if let template = links.file {
            let url = template.replacing("{commit}", with: view.report.commit.id.hex)
                .replacing("{path}", with: SafeText.uriPath(f.path)).replacing("{line}", with: String(max(f.line, 1)))
            where_ = "<a href=\"\(e(url))\" rel=\"noreferrer noopener\">\(where_)</a>"
        }
        o += where_ + " · id <code>\(e(f.fingerprint))</code></p>\n"
        o += "<p class=\"reason\">\(e(f.message))</p>\n"
        if let change = finding.change {
            o += "<p class=\"change\"><code class=\"del\">\(e(change.old.trimmingCharacters(in: .whitespaces)))</code> → <code class=\"add\">\(e(change.new.trimmingCharacters(in: .whitespaces)))</code></p>\n"
        } else if f.side != .file {
            o += "<p class=\"change\"><code class=\"\(f.side == .added ? "add" : "del")\">\(e(f.excerpt))</code></p>\n"
        }
        o += "<div class=\"verdict\">" + (current.map { "current: " + verdictText($0) } ?? "untriaged") + "</div>\n"
        if !readOnly {
            o += "<div class=\"actions\"><button type=\"button\" data-status=\"confirmed\"><kbd>c</kbd> confirm</button>"
            o += "<button type=\"button\" data-status=\"false-positive\"><kbd>f</kbd> false positive</button>"
            o += "<button type=\"button\" data-status=\"accepted-risk\"><kbd>a</kbd> accepted risk</button></div>\n"
            o += "<form class=\"note\" hidden><input name=\"note\" placeholder=\"why (required)\" size=\"60\" autocomplete=\"off\"> <button type=\"submit\">record</button> <span class=\"status\"></span></form>\n"
            o += "<p class=\"message\" role=\"status\"></p>\n"
        }
        o += "<ol class=\"history\">"
        for v in finding.history { o += "<li>\(verdictText(v))</li>" }
        o += "</ol>\n</div>\n"
        return o
    }

    static func verdictText(_ v: StoredVerdict) -> String {
        let e = PageLayout.e
        return "<span class=\"st st-\(v.record.status.rawValue)\">\(v.record.status.rawValue)</span> by \(e(v.record.by)), "
            + "\(Timestamp.iso8601(seconds: v.record.at, offsetMinutes: 0)): \(e(v.record.note))"
    }
}

extension String {
    var trimmingSuffixNewlines: String {
        var s = self
        while s.hasSuffix("\n") { s.removeLast() }
        return s
    }
}
