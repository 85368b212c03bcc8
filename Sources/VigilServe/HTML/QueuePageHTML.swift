import VigilModel
import VigilStore

/// The queue: flagged commits, highest risk first, with the filter form (a GET form, so the
/// filtered queue is a URL) and export links for the same filter.
enum QueuePageHTML {
    typealias Choices = FilterChoices.Values

    static func render(_ page: QueuePage, filter: QueueFilter, choices: Choices, context: PageLayout.Context) -> String {
        let e = PageLayout.e
        var o = "<h1>Review queue</h1>\n<form class=\"filters\" method=\"get\" action=\"/\">\n"
        func select(_ name: String, _ label: String, _ options: [(String, String)], any: String = "any") -> String {
            let chosen = Set(filter.values(name))
            var s = "<label>\(label) <select name=\"\(name)\"><option value=\"\">\(any)</option>"
            for (value, text) in options {
                s += "<option value=\"\(e(value))\"\(chosen.contains(value) ? " selected" : "")>\(e(text))</option>"
            }
            return s + "</select></label>\n"
        }
        func text(_ name: String, _ label: String, list: [String] = [], placeholder: String = "") -> String {
            var s = "<label>\(label) <input name=\"\(name)\" value=\"\(e(filter.value(name)))\" placeholder=\"\(e(placeholder))\""
            if !list.isEmpty { s += " list=\"list-\(name)\"" }
            s += " size=\"14\">"
            if !list.isEmpty { s += "<datalist id=\"list-\(name)\">" + list.prefix(500).map { "<option value=\"\(e($0))\">" }.joined() + "</datalist>" }
            return s + "</label>\n"
        }
        if choices.repositories.count > 1 {
            o += select("repository", "repository", choices.repositories.map { ($0.name, $0.name) })
        }
        o += select("category", "category", RiskCategory.allCases.map { ($0.rawValue, $0.rawValue) })
        o += select("severity", "severity ≥", Severity.allCases.reversed().map { ($0.rawValue, $0.rawValue) })
        o += select("class", "class", ProvenanceClass.allCases.map { ($0.rawValue, $0.rawValue) })
        o += select("review", "review", ReviewStatus.allCases.map { ($0.rawValue, $0.rawValue) })
        let triage = filter.value("triage").isEmpty ? "untriaged" : filter.value("triage")
        o += "<label>triage <select name=\"triage\">" + QueueFilter.triageChoices.map { c in
            "<option value=\"\(c)\"\(c == triage ? " selected" : "")>\(c == "open" ? "all but false positives" : c)</option>"
        }.joined() + "</select></label>\n"
        o += text("rule", "rule", list: choices.rules)
        o += text("agent", "agent", list: choices.agents)
        o += text("reviewer", "reviewer", list: choices.reviewers)
        o += text("author", "author")
        o += text("path", "path", placeholder: "train/**")
        o += text("since", "since", placeholder: "2026-11-01")
        o += text("until", "until", placeholder: "2026-11-30")
        o += "<button type=\"submit\">Filter</button> <a href=\"/\">reset</a>\n</form>\n"
        let first = page.total == 0 ? 0 : page.offset + 1, last = page.offset + page.entries.count
        o += "<p class=\"count\">\(first)–\(last) of \(page.total) flagged commit(s), highest risk first. Export this filter: "
        o += ["csv", "sarif", "json"].map { "<a href=\"/api/export\(e(filter.queryString([("format", $0)])))\" download>\($0.uppercased())</a>" }
            .joined(separator: " · ") + "</p>\n"
        if page.entries.isEmpty {
            o += "<p class=\"empty\">Nothing matches. Try <a href=\"/?triage=all\">every triage state</a>.</p>\n"
        } else {
            o += "<table class=\"queue\"><thead><tr><th>risk</th><th>commit</th><th>subject</th><th>class</th><th>review</th><th>findings</th><th>date</th></tr></thead><tbody>\n"
            for (i, entry) in page.entries.enumerated() {
                let link = "/commit/\(entry.repository.id)/\(entry.commit)" + filter.queryString()
                let agents = entry.agents.isEmpty ? "" : "<br><small>\(e(entry.agents.joined(separator: ", ")))</small>"
                let repo = choices.repositories.count > 1 ? "<small>\(e(entry.repository.name))</small> " : ""
                o += "<tr class=\"row\(i == 0 ? " selected" : "")\" data-href=\"\(e(link))\">"
                o += "<td class=\"n\">\(entry.risk)</td>"
                o += "<td><a class=\"open\" href=\"\(e(link))\"><code>\(entry.commit.prefix(10))</code></a></td>"
                o += "<td>\(repo)\(e(entry.subject))<br><small>\(e(entry.author.name))</small></td>"
                o += "<td class=\"class-\(entry.klass.rawValue)\">\(entry.klass.rawValue)\(agents)</td>"
                o += "<td>\(entry.review.rawValue)</td>"
                o += "<td>\(PageLayout.severity(entry.topSeverity)) \(entry.findings)"
                o += entry.untriaged < entry.findings ? " <small>(\(entry.untriaged) untriaged)</small>" : ""
                o += "<br><small>\(e(entry.categories.map(\.rawValue).joined(separator: ", ")))\(entry.weakensSafeguard ? " · removes a safeguard line" : "")</small></td>"
                o += "<td>\(PageLayout.date(entry.committer))</td></tr>\n"
            }
            o += "</tbody></table>\n"
        }
        let pages = max(1, (page.total + page.limit - 1) / page.limit)
        o += "<nav class=\"pages\">"
        if filter.page > 0 { o += "<a rel=\"prev\" href=\"/\(e(filter.queryString([("page", String(filter.page))])))\">← previous</a> " }
        o += "page \(filter.page + 1) of \(pages)"
        if filter.page + 1 < pages { o += " <a rel=\"next\" href=\"/\(e(filter.queryString([("page", String(filter.page + 2))])))\">next →</a>" }
        o += "</nav>\n"
        return PageLayout.page(title: "vigil: review queue", context: context, body: o)
    }
}
