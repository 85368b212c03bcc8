/// Whether a human other than the author approved a commit, as far as git records it.
public enum ReviewStatus: String, Sendable, CaseIterable, Codable {
    /// At least one human other than the author approved it.
    case reviewed
    /// It went through a pull or merge request, but git records no reviewer.
    case mergedUnverified = "merged-unverified"
    /// The only approvals come from the author, or from the agent that made it.
    case selfReviewed = "self-reviewed"
    /// No review evidence at all.
    case unreviewed

    /// The order statuses are listed in output.
    public static let displayOrder: [ReviewStatus] = [.reviewed, .mergedUnverified, .selfReviewed, .unreviewed]
}

/// One piece of review evidence, counted or not.
public struct ReviewEvidence: Sendable, Hashable {
    public enum Signal: String, Sendable {
        /// An approval trailer (`Reviewed-by`, `Acked-by`, `Approved-by`).
        case trailer
        /// An approval line that is not a git trailer (`Reviewed By:` from Phabricator).
        case line
        /// A pull-request merge that brought the commit in.
        case merge
        /// The committer, a different human, with `committer_is_reviewer`.
        case committer
        /// A mark that the commit went through review without a recorded reviewer (`(#123)`, `Reviewed-on:`).
        case landed
        /// A review on the forge request that landed the commit (`vigil review sync`).
        case forge
    }

    /// Why an approval does not count.
    public enum Discount: String, Sendable {
        case author, bot, ai
        /// The agent that made the commit approving it.
        case sameAgent = "same-agent"
        /// A forge review that was dismissed after it was given.
        case dismissed
        /// A forge approval given on an earlier head than the one merged, which the forge did not keep valid.
        case stale
        /// A forge approval the same reviewer later withdrew by requesting changes.
        case superseded
        /// A merge commit whose request the forge holds: the merger is no approval there, the forge's reviews are.
        case merger
        /// The subject names a request, but the forge says the request landed as another commit.
        case unconfirmed
    }

    public var signal: Signal
    public var text: String
    /// The approver, when the evidence names one.
    public var approver: Identity?
    /// Nil when the approval counts as independent human review.
    public var discount: Discount?
    /// The forge request behind `forge` evidence.
    public var request: ForgeEvidence?

    public var counts: Bool { approver != nil && discount == nil }

    public init(signal: Signal, text: String, approver: Identity? = nil, discount: Discount? = nil, request: ForgeEvidence? = nil) {
        self.signal = signal
        self.text = text
        self.approver = approver
        self.discount = discount
        self.request = request
    }
}

/// Which forge request a piece of `forge` evidence comes from, and how it joins the commit.
public struct ForgeEvidence: Sendable, Hashable {
    public var forge: ForgeKind
    public var project: String
    public var number: Int
    public var landing: ForgeLanding.Kind
    /// The head the review was given on, when the forge says.
    public var reviewedCommit: ObjectID?
    /// The request's head when it was merged.
    public var mergedHead: ObjectID?

    public init(forge: ForgeKind, project: String, number: Int, landing: ForgeLanding.Kind, reviewedCommit: ObjectID? = nil,
                mergedHead: ObjectID? = nil) {
        self.forge = forge
        self.project = project
        self.number = number
        self.landing = landing
        self.reviewedCommit = reviewedCommit
        self.mergedHead = mergedHead
    }
}

/// Who independently reviewed a commit.
public struct Review: Sendable, Hashable {
    public var status: ReviewStatus
    /// The humans, other than the author, whose approval counts.
    public var reviewers: [Identity]
    public var evidence: [ReviewEvidence]

    public init(status: ReviewStatus, reviewers: [Identity], evidence: [ReviewEvidence]) {
        self.status = status
        self.reviewers = reviewers
        self.evidence = evidence
    }
}

/// A pull-request merge that brought a commit in: who merged it and what the merge says.
public struct MergeApproval: Sendable, Hashable {
    public var merge: ObjectID
    /// The merge commit's author after `.mailmap`: who pressed merge.
    public var merger: Identity
    public var subject: String

    public init(merge: ObjectID, merger: Identity, subject: String) {
        self.merge = merge
        self.merger = merger
        self.subject = subject
    }
}
