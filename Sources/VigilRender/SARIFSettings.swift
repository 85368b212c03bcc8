import VigilModel

/// What a SARIF log needs beyond the findings: where results go (code scanning ties an upload to
/// one commit), which are `error`, what reviewers already decided, and the run's identity.
public struct SARIFSettings {
    public var rules: [RuleDescription]
    /// Places a finding of a past commit on the tree the upload is tied to; nil keeps each finding
    /// where its commit left it.
    public var locate: ((RiskFlag, Commit) -> HeadLocation)?
    /// True when the push policy would reject the commit for this finding. Those results, and only
    /// those, are `error` (which fails a pull request check by default); other findings are
    /// `warning` (medium and above) or `note`.
    public var rejects: (RiskFlag, CommitReport) -> Bool
    /// The current triage verdict of each fingerprint: false-positive and accepted-risk findings
    /// are written with `suppressions`.
    public var triage: [String: TriageVerdict]
    /// `runs[].automationDetails.id`: `category/run`; a new upload with the same category replaces
    /// the last one for the same commit.
    public var automationID: String?
    public var versionControl: SARIFVersionControl?
    /// `helpUri` of each rule: a template where `{rule}` and `{category}` are replaced.
    public var helpURI: String?
    /// At most this many results (GitHub shows 5,000 of a run and refuses more than 25,000); the
    /// most severe are kept and the run says how many were left out.
    public var maxResults: Int
    /// Told what the log left out, for stderr (the log itself says it too).
    public var warn: (String) -> Void = { _ in }

    public static let defaultMaxResults = 5_000

    public init(rules: [RuleDescription], locate: ((RiskFlag, Commit) -> HeadLocation)? = nil,
                rejects: @escaping (RiskFlag, CommitReport) -> Bool = { _, _ in false }, triage: [String: TriageVerdict] = [:],
                automationID: String? = nil, versionControl: SARIFVersionControl? = nil, helpURI: String? = nil,
                maxResults: Int = SARIFSettings.defaultMaxResults) {
        self.rules = rules
        self.locate = locate
        self.rejects = rejects
        self.triage = triage
        self.automationID = automationID
        self.versionControl = versionControl
        self.helpURI = helpURI
        self.maxResults = maxResults
    }
}

/// `runs[].versionControlProvenance[0]`: the repository and the commit the locations refer to.
public struct SARIFVersionControl: Sendable, Hashable {
    public var repositoryURI: String
    public var revisionID: String
    /// `refs/heads/main`, when known.
    public var branch: String?

    public init(repositoryURI: String, revisionID: String, branch: String?) {
        self.repositoryURI = repositoryURI
        self.revisionID = revisionID
        self.branch = branch
    }
}
