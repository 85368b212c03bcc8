import VigilModel

/// How `vigil serve` runs: where, over which index, and who may change what.
public struct ServeConfiguration: Sendable {
    /// The index database.
    public var databasePath: String
    public var listen: ListenAddress
    /// Required on every request when set (a bearer token, a cookie set from `?token=`, or the
    /// header). Listening anywhere but loopback needs it, or a trusted proxy header.
    public var token: String?
    /// A header the reverse proxy in front sets to the authenticated user (`X-Forwarded-User`):
    /// requests without it are refused, and its value is the reviewer who triages.
    public var proxyUserHeader: String?
    /// Nothing can be changed: the index is opened for reading, no triage is offered.
    public var readOnly: Bool
    /// The reviewer verdicts are recorded as when the page does not name one.
    public var reviewer: String
    /// A commit's page links to the forge: `{commit}` becomes the commit id.
    public var commitURLTemplate: String?
    /// A finding links to its file on the forge: `{commit}`, `{path}` and `{line}` are replaced.
    public var fileURLTemplate: String?
    /// A rules directory (for SARIF rule descriptions); nil for the built-in rules.
    public var rulesDirectory: String?
    /// Write verdicts to the repository's git notes too (`refs/notes/vigil/triage`).
    public var writeNotes: Bool
    /// Commits per queue page.
    public var pageSize: Int

    public init(databasePath: String, listen: ListenAddress = ListenAddress(host: "127.0.0.1", port: 8080), token: String? = nil,
                proxyUserHeader: String? = nil, readOnly: Bool = false, reviewer: String, commitURLTemplate: String? = nil,
                fileURLTemplate: String? = nil, rulesDirectory: String? = nil, writeNotes: Bool = true, pageSize: Int = 50) {
        self.databasePath = databasePath
        self.listen = listen
        self.token = token
        self.proxyUserHeader = proxyUserHeader
        self.readOnly = readOnly
        self.reviewer = reviewer
        self.commitURLTemplate = commitURLTemplate
        self.fileURLTemplate = fileURLTemplate
        self.rulesDirectory = rulesDirectory
        self.writeNotes = writeNotes
        self.pageSize = pageSize
    }

    /// Why this configuration must not start, or nil. An address others can reach must be
    /// guarded; a link template must be http(s), since it becomes an `href`.
    public func refusal() -> String? {
        if !listen.isLoopback && (token ?? "").isEmpty && (proxyUserHeader ?? "").isEmpty {
            return "--listen \(listen): an address other than loopback (127.0.0.1, ::1, localhost) needs --token or --proxy-user-header"
        }
        if let token, !token.isEmpty, token.utf8.count < 16 {
            return "--token: use at least 16 characters (for example `openssl rand -hex 16`)"
        }
        for (option, template) in [("--url-template", commitURLTemplate), ("--file-url-template", fileURLTemplate)] {
            if let template, !(template.hasPrefix("https://") || template.hasPrefix("http://")) {
                return "\(option): the template must start with https:// or http://"
            }
        }
        if !(1...500).contains(pageSize) { return "--page-size must be between 1 and 500" }
        return nil
    }
}
