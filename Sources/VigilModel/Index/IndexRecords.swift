/// A repository as the index names it.
public struct IndexedRepository: Sendable, Hashable {
    public var id: Int64
    /// The git directory, absolute.
    public var path: String
    /// A short name for tables: the work tree's directory, or the bare repository's without `.git`.
    public var name: String

    public init(id: Int64, path: String, name: String) {
        self.id = id
        self.path = path
        self.name = name
    }

    public var json: JSONValue { .object([("name", .string(name)), ("path", .string(path))]) }
}

/// A reviewer's verdict on a finding.
public enum TriageStatus: String, Sendable, CaseIterable, Codable {
    /// A real risky change that needed (or got) attention.
    case confirmed
    /// The rule fired on something harmless: hidden from later default queries.
    case falsePositive = "false-positive"
    /// Real, and knowingly accepted.
    case acceptedRisk = "accepted-risk"
    /// Back to untriaged (the earlier verdicts stay in the history).
    case open
}

/// One verdict on one finding.
public struct TriageRecord: Sendable, Hashable {
    public var status: TriageStatus
    public var note: String
    public var by: String
    /// Seconds since the epoch.
    public var at: Int64
    /// The commit the verdict was given on (the same finding may recur in a cherry-pick).
    public var commit: String

    public init(status: TriageStatus, note: String, by: String, at: Int64, commit: String) {
        self.status = status
        self.note = note
        self.by = by
        self.at = at
        self.commit = commit
    }

    public var json: JSONValue {
        .object([("status", .string(status.rawValue)), ("note", .string(note)), ("by", .string(by)),
                 ("at", .string(Timestamp.iso8601(seconds: at, offsetMinutes: 0))), ("commit", .string(commit))])
    }
}

/// One finding with its commit and current verdict, as a query returns it.
public struct FlagRecord: Sendable {
    public var repository: IndexedRepository
    public var commit: String
    public var subject: String
    public var author: Identity
    public var committer: Identity
    public var klass: ProvenanceClass
    public var agents: [String]
    public var review: ReviewStatus
    public var flag: RiskFlag
    public var triage: TriageRecord?

    public init(repository: IndexedRepository, commit: String, subject: String, author: Identity, committer: Identity,
                klass: ProvenanceClass, agents: [String], review: ReviewStatus, flag: RiskFlag, triage: TriageRecord?) {
        self.repository = repository
        self.commit = commit
        self.subject = subject
        self.author = author
        self.committer = committer
        self.klass = klass
        self.agents = agents
        self.review = review
        self.flag = flag
        self.triage = triage
    }

    public var json: JSONValue {
        .object([
            ("id", .string(flag.fingerprint)),
            ("repository", repository.json),
            ("commit", .string(commit)),
            ("subject", .string(subject)),
            ("author", author.json),
            ("committer", committer.json),
            ("provenance", .object([("class", .string(klass.rawValue)), ("agents", .array(agents.map { .string($0) }))])),
            ("review", .object([("status", .string(review.rawValue))])),
            ("flag", flag.json),
            ("triage", triage?.json ?? .null),
        ])
    }
}

/// One commit, as `vigil query --commits` returns it.
public struct CommitRecord: Sendable {
    public var repository: IndexedRepository
    public var report: CommitReport
    /// Its findings that the query's finding filters keep.
    public var flags: Int

    public init(repository: IndexedRepository, report: CommitReport, flags: Int) {
        self.repository = repository
        self.report = report
        self.flags = flags
    }

    /// The commit object as `scan` writes it, with `repository` first.
    public var json: JSONValue {
        guard case .object(var fields) = report.json else { return report.json }
        fields.insert(("repository", repository.json), at: 0)
        return .object(fields)
    }
}

/// A push the gate would have rejected, let through by an allowed user's override.
public struct OverrideRecord: Sendable, Hashable {
    public var at: Int64
    public var pusher: String
    public var reason: String
    public var refs: [String]
    /// The commits the policy rejected.
    public var commits: [String]

    public init(at: Int64, pusher: String, reason: String, refs: [String], commits: [String]) {
        self.at = at
        self.pusher = pusher
        self.reason = reason
        self.refs = refs
        self.commits = commits
    }

    public func json(repository: String) -> JSONValue {
        .object([("repository", .string(repository)), ("at", .string(Timestamp.iso8601(seconds: at, offsetMinutes: 0))),
                 ("pusher", .string(pusher)), ("reason", .string(reason)),
                 ("refs", .array(refs.map { .string($0) })), ("commits", .array(commits.map { .string($0) }))])
    }
}

extension FlagRecord {
    /// The commit this finding was made in, as far as the record says (id, subject, identities,
    /// class, review status): for outputs that take commit reports.
    public var reportOutline: CommitReport {
        let id = ObjectID(hex: commit) ?? .zero
        var report = CommitReport(commit: Commit(id: id, parents: [], author: author, committer: committer, message: subject),
                                  provenance: Provenance(class: klass, agents: agents, evidence: []),
                                  review: Review(status: review, reviewers: [], evidence: []), stats: nil)
        report.flags = [flag]
        return report
    }

    /// The finding's current verdict as a travelling verdict (for outputs that mark suppressed findings).
    public var triageVerdict: TriageVerdict? {
        triage.map { TriageVerdict(fingerprint: flag.fingerprint, rule: flag.rule, commit: $0.commit, status: $0.status,
                                   note: $0.note, by: $0.by, at: $0.at) }
    }
}
