/// The forges whose pull or merge requests vigil reads (`vigil review sync`).
public enum ForgeKind: String, Sendable, CaseIterable, Codable {
    case github, gitlab, gitea

    /// How the forge calls its requests and itself, for messages.
    public var displayName: String {
        switch self {
        case .github: "GitHub"
        case .gitlab: "GitLab"
        case .gitea: "Gitea"
        }
    }

    /// `#12` on GitHub and Gitea, `!12` on GitLab.
    public func reference(_ number: Int) -> String { self == .gitlab ? "!\(number)" : "#\(number)" }
}

/// An account on a forge, as its API names it.
public struct ForgeUser: Sendable, Hashable {
    public var login: String
    /// The forge's numeric id, when it gives one.
    public var id: Int64?
    /// The forge's own mark of an account that is not a person (GitHub `type: Bot`, GitLab `bot: true`).
    public var isBot: Bool
    /// The address the forge itself gives this account in commits (GitHub's and GitLab's documented
    /// noreply addresses), or "" when the forge has none of its own: so `rules/agents.yml`, whose
    /// identities are those addresses, recognises agents and bots here as in commits.
    public var email: String

    public init(login: String, id: Int64? = nil, isBot: Bool = false, email: String = "") {
        self.login = login
        self.id = id
        self.isBot = isBot
        self.email = email
    }

    /// The account as an approver: its login as the name.
    public var identity: Identity { Identity(name: login, email: email) }

    /// Same account: same id when both have one, else the same login (any case).
    public func isSameAccount(as other: ForgeUser) -> Bool {
        if let id, let otherID = other.id { return id == otherID }
        return login.lowercased() == other.login.lowercased()
    }
}

/// One review (or approval) given on a request.
public struct ForgeReview: Sendable, Hashable {
    public enum State: String, Sendable, CaseIterable {
        case approved
        case changesRequested = "changes-requested"
        case commented
        /// GitHub's state for a review a maintainer or a new push dismissed (an approval or not).
        case dismissed
        /// Started, not submitted; requested, not given.
        case pending
    }

    /// The forge's id of the review (GitLab, which lists approvers only: `approval-<user id>`).
    public var id: String
    public var reviewer: ForgeUser
    public var state: State
    /// The head commit the review was given on (GitHub, Gitea); nil when the forge does not say.
    public var commit: ObjectID?
    public var submittedAt: Int64?
    /// Dismissed after it was given (Gitea's `dismissed`; GitHub says so with its state).
    public var dismissed: Bool
    /// The forge's word on whether the review was given before a later push: Gitea's `stale`, or,
    /// for GitLab, the approval's time against the time the merged head was pushed. Nil when the
    /// forge does not say: then the review's commit must be the merged head.
    public var stale: Bool?

    public init(id: String, reviewer: ForgeUser, state: State, commit: ObjectID? = nil, submittedAt: Int64? = nil,
                dismissed: Bool = false, stale: Bool? = nil) {
        self.id = id
        self.reviewer = reviewer
        self.state = state
        self.commit = commit
        self.submittedAt = submittedAt
        self.dismissed = dismissed
        self.stale = stale
    }
}

/// A merged pull or merge request, as its forge describes it, with its reviews.
public struct ForgeRequest: Sendable, Hashable {
    public var forge: ForgeKind
    /// `owner/repo` or `group/project`, as given to `vigil review sync`.
    public var project: String
    public var number: Int
    public var url: String
    public var author: ForgeUser
    public var mergedAt: Int64?
    /// The request's head when it was merged.
    public var head: ObjectID?
    /// The base commit the forge names (GitHub `base.sha`, GitLab `diff_refs.base_sha`).
    public var base: ObjectID?
    /// The commit the forge says the request landed as: the merge commit, the squashed commit, or
    /// the last rebased commit (GitHub and Gitea `merge_commit_sha`, GitLab `merge_commit_sha`).
    public var mergeCommit: ObjectID?
    /// GitLab's `squash_commit_sha`.
    public var squashCommit: ObjectID?
    /// The forge's last-change time (seconds), what the next sync compares.
    public var updatedAt: Int64
    /// False when the forge gave no review data for it (an instance without GitLab's approvals
    /// endpoint): then nothing is known either way.
    public var reviewsKnown: Bool
    public var reviews: [ForgeReview]

    public init(forge: ForgeKind, project: String, number: Int, url: String = "", author: ForgeUser, mergedAt: Int64? = nil,
                head: ObjectID? = nil, base: ObjectID? = nil, mergeCommit: ObjectID? = nil, squashCommit: ObjectID? = nil,
                updatedAt: Int64 = 0, reviewsKnown: Bool = true, reviews: [ForgeReview] = []) {
        self.forge = forge
        self.project = project
        self.number = number
        self.url = url
        self.author = author
        self.mergedAt = mergedAt
        self.head = head
        self.base = base
        self.mergeCommit = mergeCommit
        self.squashCommit = squashCommit
        self.updatedAt = updatedAt
        self.reviewsKnown = reviewsKnown
        self.reviews = reviews
    }

    /// `github huggingface/trl#1234`, for evidence and messages.
    public var name: String { "\(forge.rawValue) \(project)\(forge.reference(number))" }
}
