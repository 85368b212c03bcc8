import VigilModel

/// Where each reviewer of a forge request stands when it was merged, from the forge's reviews:
/// what the forge itself would count, before vigil asks who the reviewer is.
///
/// A reviewer's latest opinionated review decides (approving, requesting changes, or dismissed;
/// comments and pending reviews change nothing), as GitHub decides a review's outcome. An
/// approval stands only when it was not dismissed and was given on the head that was merged, or
/// the forge says it stayed valid after later pushes (Gitea's `stale: false`; GitLab, which lists
/// the approvals it still holds).
public enum ForgeReviewRules {
    public struct Standing: Sendable, Hashable {
        public enum Verdict: String, Sendable {
            /// Approved the merged head (or the forge says the approval stayed valid).
            case approved
            case dismissed
            /// Approved an earlier head; the forge did not keep it valid.
            case stale
            /// Approved, then requested changes.
            case superseded
        }

        public var reviewer: ForgeUser
        /// The review that decides the standing (for a superseded one, the approval withdrawn).
        public var review: ForgeReview
        public var verdict: Verdict
    }

    /// One standing per reviewer who approved or whose review was dismissed, in the order the
    /// reviewers first appear. Reviewers who only commented or requested changes are left out:
    /// they approved nothing.
    public static func standings(of request: ForgeRequest) -> [Standing] {
        // Chronological: the forge's order, then the submission time where both have one.
        let ordered = request.reviews.enumerated().sorted { a, b in
            switch (a.element.submittedAt, b.element.submittedAt) {
            case let (x?, y?) where x != y: return x < y
            default: return a.offset < b.offset
            }
        }.map(\.element)
        var order: [String] = []
        var latest: [String: ForgeReview] = [:]
        var lastApproval: [String: ForgeReview] = [:]
        for review in ordered {
            let key = review.reviewer.id.map { "id:\($0)" } ?? "login:\(review.reviewer.login.lowercased())"
            switch review.state {
            case .commented, .pending: continue
            case .approved: lastApproval[key] = review
            case .changesRequested, .dismissed: break
            }
            if latest[key] == nil { order.append(key) }
            latest[key] = review
        }
        var result: [Standing] = []
        for key in order {
            guard let review = latest[key] else { continue }
            switch review.state {
            case .approved:
                result.append(Standing(reviewer: review.reviewer, review: review, verdict: verdict(of: review, head: request.head)))
            case .dismissed:
                result.append(Standing(reviewer: review.reviewer, review: review, verdict: .dismissed))
            case .changesRequested:
                if let approval = lastApproval[key] {
                    result.append(Standing(reviewer: approval.reviewer, review: approval, verdict: .superseded))
                }
            case .commented, .pending:
                continue
            }
        }
        return result
    }

    /// An approval's verdict: dismissed, given on an earlier head, or standing.
    static func verdict(of approval: ForgeReview, head: ObjectID?) -> Standing.Verdict {
        if approval.dismissed { return .dismissed }
        if let stale = approval.stale { return stale ? .stale : .approved }
        // The forge does not say: the approval must name the merged head. A review whose commit
        // the forge no longer has (GitHub's null `commit_id`) cannot be shown to be on it.
        guard let commit = approval.commit, let head, commit == head else { return .stale }
        return .approved
    }
}
