import Foundation
import VigilModel
import VigilPatterns
import VigilRules

/// Decides each commit's review status from the conventions in `rules/review.yml`.
///
/// An approval counts only when it names a human other than the author: approvals from identities
/// that `rules/agents.yml` recognises (AI agents, bots) and from the author (after `.mailmap`) are
/// kept as evidence and never count. Keeps the identity cache of its classifier: one per thread.
public final class ReviewEvaluator {
    public let conventions: ReviewConventions
    private let identities: ProvenanceClassifier
    private let committerIsReviewer: Bool
    private var scratch: MatchScratch { identities.scratch }

    public init(conventions: ReviewConventions, catalog: AgentCatalog, committerIsReviewer: Bool? = nil) {
        self.conventions = conventions
        self.identities = ProvenanceClassifier(catalog: catalog)
        self.committerIsReviewer = committerIsReviewer ?? conventions.committerIsReviewer
    }

    /// `mergedBy`: the pull-request merges git shows brought the commit in; `forge`: the forge
    /// requests that landed it (`vigil review sync`), whose reviews replace the merger as approver.
    public func evaluate(_ commit: Commit, provenance: Provenance, mergedBy: [MergeApproval] = [], forge: [ForgeLanding] = [],
                         resolveIdentity: (Identity) -> Identity = { $0 }) -> Review {
        var evidence: [ReviewEvidence] = []
        // Merges whose request the forge describes: its reviews decide, not who pressed merge.
        let forgeMerges = Set(forge.filter { $0.kind != .claimed && $0.request.reviewsKnown }.compactMap(\.landed))

        for trailer in commit.trailers where conventions.approvalTrailers.contains(trailer.key.lowercased()) {
            guard let approver = Identity(parsing: trailer.value) else { continue }
            let resolved = resolveIdentity(approver)
            evidence.append(ReviewEvidence(signal: .trailer, text: trailer.description, approver: resolved,
                                           discount: discount(for: resolved, commit: commit, provenance: provenance)))
        }
        for line in conventions.approvalLines {
            guard let match = line.pattern.firstCapture(in: commit.message, scratch: scratch) else { continue }
            let names = line.separator.map { match.group.components(separatedBy: $0) } ?? [match.group]
            for name in names.map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
                let approver = resolveIdentity(Identity(parsing: name) ?? Identity(name: name, email: ""))
                evidence.append(ReviewEvidence(signal: .line, text: match.whole, approver: approver,
                                               discount: discount(for: approver, commit: commit, provenance: provenance)))
            }
        }
        for merge in mergedBy {
            // An approver is a person, not a moment: keep the name and email only.
            let merger = Identity(name: merge.merger.name, email: merge.merger.email)
            evidence.append(ReviewEvidence(signal: .merge, text: "\(merge.merge.abbreviated()) \(merge.subject)", approver: merger,
                                           discount: discount(for: merger, commit: commit, provenance: provenance)
                                               ?? (forgeMerges.contains(merge.merge) ? .merger : nil)))
        }
        // A verdict from the forge: it knows whether the request was approved, so "merged,
        // reviewer unknown" no longer applies.
        var forgeVerdict = false
        for landing in forge {
            let items = forgeEvidence(landing, commit: commit, provenance: provenance, resolveIdentity: resolveIdentity)
            evidence += items
            // A claim the forge contradicts is a verdict too: the commit did not land through it.
            if landing.kind == .claimed || landing.request.reviewsKnown { forgeVerdict = true }
        }
        if committerIsReviewer, commit.committer.email.lowercased() != commit.author.email.lowercased() {
            let d = discount(for: commit.committer, commit: commit, provenance: provenance)
            // A bot or agent committing is no review, and not worth stating as one.
            if d == nil {
                evidence.append(ReviewEvidence(signal: .committer, text: "committed by \(commit.committer)",
                                               approver: Identity(name: commit.committer.name, email: commit.committer.email), discount: nil))
            }
        }
        var landed = false
        if commit.isMerge, conventions.pullRequestMerges.contains(where: { $0.matches(commit.message, scratch: scratch) }) {
            // The merge itself went through the request; who reviewed it, git does not say.
            evidence.append(ReviewEvidence(signal: .landed, text: commit.subject, approver: nil, discount: nil))
            landed = true
        }
        for mark in conventions.landedViaReview {
            let subject = commit.subject
            if mark.subjectOnly ? mark.pattern.matches(subject, scratch: scratch) : mark.pattern.matches(commit.message, scratch: scratch) {
                evidence.append(ReviewEvidence(signal: .landed, text: mark.subjectOnly ? subject : (mark.pattern.firstMatchText(in: commit.message, scratch: scratch) ?? ""),
                                               approver: nil, discount: nil))
                landed = true
            }
        }
        if landed == false, !mergedBy.isEmpty { landed = true }
        if forge.contains(where: { $0.kind != .claimed && !$0.request.reviewsKnown }) { landed = true }
        if forgeVerdict { landed = false }

        var reviewers: [Identity] = []
        for item in evidence where item.counts {
            let approver = item.approver!
            if !reviewers.contains(where: { $0.isSamePerson(as: approver) }) { reviewers.append(approver) }
        }
        let status: ReviewStatus
        if !reviewers.isEmpty {
            status = .reviewed
        } else if evidence.contains(where: { $0.discount == .author || $0.discount == .sameAgent }) {
            status = .selfReviewed
        } else if landed {
            status = .mergedUnverified
        } else {
            status = .unreviewed
        }
        return Review(status: status, reviewers: reviewers, evidence: evidence)
    }

    /// The evidence one forge landing gives: each reviewer's standing, or that nobody approved.
    private func forgeEvidence(_ landing: ForgeLanding, commit: Commit, provenance: Provenance,
                               resolveIdentity: (Identity) -> Identity) -> [ReviewEvidence] {
        let request = landing.request
        let title = "\(request.name) (\(landing.kind.rawValue))"
        func reference(_ review: ForgeReview?) -> ForgeEvidence {
            ForgeEvidence(forge: request.forge, project: request.project, number: request.number, landing: landing.kind,
                          reviewedCommit: review?.commit, mergedHead: request.head)
        }
        if landing.kind == .claimed {
            let actual = landing.landed.map { "landed as \($0.abbreviated())" } ?? "landed as no commit of this repository"
            return [ReviewEvidence(signal: .forge, text: "the subject names \(request.name), which the forge says \(actual)",
                                   approver: nil, discount: .unconfirmed, request: reference(nil))]
        }
        guard request.reviewsKnown else {
            return [ReviewEvidence(signal: .forge, text: "\(title): the forge gave no review data", request: reference(nil))]
        }
        let standings = ForgeReviewRules.standings(of: request)
        if standings.isEmpty {
            return [ReviewEvidence(signal: .forge, text: "\(title): merged with no approval", request: reference(nil))]
        }
        return standings.map { standing in
            let reviewer = resolveIdentity(standing.reviewer.identity)
            let on = standing.review.commit.map { " on \($0.abbreviated())" } ?? ""
            let text: String = switch standing.verdict {
            case .approved: "\(title): approved by @\(standing.reviewer.login)\(on)"
            case .dismissed: "\(title): review by @\(standing.reviewer.login)\(on) dismissed"
            case .stale: "\(title): approved by @\(standing.reviewer.login)\(on), before the merged head \(request.head?.abbreviated() ?? "(unknown)")"
            case .superseded: "\(title): approved by @\(standing.reviewer.login)\(on), then changes requested"
            }
            let validity: ReviewEvidence.Discount? = switch standing.verdict {
            case .approved: nil
            case .dismissed: .dismissed
            case .stale: .stale
            case .superseded: .superseded
            }
            let who = forgeDiscount(for: standing.reviewer, as: reviewer, request: request, commit: commit, provenance: provenance)
            return ReviewEvidence(signal: .forge, text: text, approver: reviewer, discount: who ?? validity, request: reference(standing.review))
        }
    }

    /// Why a forge reviewer does not count, by who they are: an agent or bot (by `rules/agents.yml`
    /// on the forge's own address for the account, or the forge's bot mark), the request's author,
    /// or the commit's author.
    private func forgeDiscount(for user: ForgeUser, as identity: Identity, request: ForgeRequest, commit: Commit,
                               provenance: Provenance) -> ReviewEvidence.Discount? {
        let byIdentity = discount(for: identity, commit: commit, provenance: provenance)
        if let byIdentity, byIdentity != .author { return byIdentity }
        if user.isBot || user.login.hasSuffix("[bot]") { return .bot }
        if byIdentity == .author || user.isSameAccount(as: request.author) { return .author }
        return nil
    }

    /// Why `approver` does not count for `commit`, or nil when it does.
    private func discount(for approver: Identity, commit: Commit, provenance: Provenance) -> ReviewEvidence.Discount? {
        if approver.isSamePerson(as: commit.author) { return .author }
        if let signature = identities.recognise(approver) {
            if signature.kind == .bot { return .bot }
            return provenance.agents.contains(signature.id) || provenance.evidence.contains(where: { $0.agent == signature.id })
                ? .sameAgent : .ai
        }
        // A name with no email (Phabricator, Bitbucket): an agent's alias or a [bot] name does not count.
        if approver.email.isEmpty {
            if approver.name.hasSuffix("[bot]") { return .bot }
            if let agent = identities.catalog.signatures.first(where: { $0.kind == .agent && $0.aliases.contains { $0.matches(approver.name, scratch: scratch) } }) {
                return provenance.agents.contains(agent.id) ? .sameAgent : .ai
            }
        }
        return nil
    }
}
