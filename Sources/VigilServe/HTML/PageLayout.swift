import VigilModel

/// The frame of every page: no script, style, font or image from anywhere but this server, the
/// CSRF token for the page's script, and the reviewer name verdicts are recorded under.
enum PageLayout {
    struct Context {
        var csrfToken: String
        var reviewer: String
        /// The reviewer comes from the reverse proxy and cannot be edited.
        var reviewerFixed: Bool
        var readOnly: Bool
    }

    static func page(title: String, context: Context, body: String) -> String {
        let reviewerField = context.readOnly ? "<span class=\"ro\">read-only</span>"
            : "<label>reviewer <input id=\"reviewer\" name=\"reviewer-name\" value=\"\(e(context.reviewer))\"\(context.reviewerFixed ? " readonly" : "") size=\"28\" autocomplete=\"off\"></label>"
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="csrf-token" content="\(e(context.csrfToken))">
        <meta name="read-only" content="\(context.readOnly ? "1" : "0")">
        <title>\(e(title))</title>
        <link rel="stylesheet" href="/static/vigil.css">
        <script src="/static/vigil.js" defer></script>
        </head><body>
        <header class="top"><a class="brand" href="/">vigil</a><span class="hint">j/k move · Enter open · c/f/a confirm, false positive, accepted risk · ? keys</span>\(reviewerField)</header>
        <main>
        \(body)
        </main>
        <div id="help" class="help" hidden><h2>Keys</h2><dl>
        <dt>j / k</dt><dd>next / previous row or finding</dd><dt>Enter, o</dt><dd>open the commit</dd>
        <dt>c, f, a</dt><dd>confirm, false positive, accepted risk (asks for a note; Enter records, Esc cancels)</dd>
        <dt>u</dt><dd>back to the queue</dd><dt>?</dt><dd>this help</dd></dl></div>
        </body></html>

        """
    }

    /// Commit text as HTML text or a quoted attribute value (attacker-controlled: always through here).
    static func e(_ s: String) -> String { SafeText.html(s) }

    static func date(_ identity: Identity) -> String {
        String(Timestamp.iso8601(seconds: identity.time, offsetMinutes: identity.offsetMinutes).prefix(10))
    }

    static func severity(_ s: Severity) -> String { "<span class=\"sev sev-\(s.rawValue)\">\(s.rawValue)</span>" }
}
