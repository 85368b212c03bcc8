import Testing
import VigilModel
import VigilRules
import VigilTestSupport
@testable import VigilAnalysis

/// How forge reviews join a commit's review: the forge's standing of each reviewer, then who the
/// reviewer is (shipped `rules/agents.yml`).
@Suite struct ForgeReviewTests {
    static let loaded = Result { try RuleSet.load(directory: PackagePaths.rules.path) }
    static func rules() throws -> RuleSet { try loaded.get() }
    static let head = ObjectID(bytes: [UInt8](repeating: 0xaa, count: 20)) ?? .zero
    static let earlier = ObjectID(bytes: [UInt8](repeating: 0xbb, count: 20)) ?? .zero
    static let squash = ObjectID(bytes: [UInt8](repeating: 0xcc, count: 20)) ?? .zero
    static let author = ForgeUser(login: "dev1", id: 1001, email: "1001+dev1@users.noreply.github.com")

    static func user(_ login: String, _ id: Int64, bot: Bool = false) -> ForgeUser {
        ForgeUser(login: login, id: id, isBot: bot, email: "\(id)+\(login)@users.noreply.github.com")
    }

    static func review(_ n: Int, _ user: ForgeUser, _ state: ForgeReview.State, on commit: ObjectID? = head, at time: Int64? = nil,
                       dismissed: Bool = false, stale: Bool? = nil) -> ForgeReview {
        ForgeReview(id: String(n), reviewer: user, state: state, commit: commit, submittedAt: time ?? Int64(1_800_000_000 + n),
                    dismissed: dismissed, stale: stale)
    }

    static func evaluate(_ reviews: [ForgeReview], forge: ForgeKind = .github, kind: ForgeLanding.Kind = .squash,
                         reviewsKnown: Bool = true, subject: String = "Add the parser (#12)",
                         author: String = "dev1 <1001+dev1@users.noreply.github.com>", mergedBy: [MergeApproval] = []) throws -> Review {
        let rules = try rules()
        let request = ForgeRequest(forge: forge, project: "acme/app", number: 12, author: Self.author, mergedAt: 1_800_000_100,
                                   head: head, mergeCommit: squash, updatedAt: 1_800_000_100, reviewsKnown: reviewsKnown, reviews: reviews)
        let identity = try #require(Identity(parsing: author))
        let commit = Commit(id: squash, parents: [earlier], author: identity, committer: Identity(name: "GitHub", email: "noreply@github.com"),
                            message: subject + "\n")
        let provenance = ProvenanceClassifier(catalog: rules.agents).classify(commit, notes: [:])
        return ReviewEvaluator(conventions: rules.review, catalog: rules.agents)
            .evaluate(commit, provenance: provenance, mergedBy: mergedBy, forge: [ForgeLanding(request: request, kind: kind, landed: squash)])
    }

    static func forgeEvidence(_ review: Review) -> [ReviewEvidence] { review.evidence.filter { $0.signal == .forge } }

    @Test func aHumanApprovalOnTheMergedHeadReviewsTheSquashCommit() throws {
        let review = try Self.evaluate([Self.review(1, Self.user("octocat", 1), .approved)])
        #expect(review.status == .reviewed)
        #expect(review.reviewers.map(\.name) == ["octocat"])
        let item = Self.forgeEvidence(review).first
        #expect(item?.counts == true)
        #expect(item?.request?.number == 12 && item?.request?.landing == .squash && item?.request?.reviewedCommit == Self.head)
        #expect(item?.text.contains("github acme/app#12 (squash): approved by @octocat") == true)
    }

    @Test func anApprovalBeforeALaterPushDoesNotCount() throws {
        let review = try Self.evaluate([Self.review(1, Self.user("octocat", 1), .approved, on: Self.earlier)])
        #expect(review.status == .unreviewed, "the forge answered: no approval of what was merged")
        #expect(Self.forgeEvidence(review).map(\.discount) == [.stale])
        // GitHub's commit_id is null when the reviewed commit is gone: not shown to be the head.
        #expect(try Self.evaluate([Self.review(1, Self.user("octocat", 1), .approved, on: nil)]).status == .unreviewed)
    }

    @Test func theForgesWordThatAnApprovalStayedValidCounts() throws {
        // Gitea: `stale: false` for a review on an earlier commit whose diff did not change.
        let kept = try Self.evaluate([Self.review(1, Self.user("octocat", 1), .approved, on: Self.earlier, stale: false)], forge: .gitea)
        #expect(kept.status == .reviewed)
        let stale = try Self.evaluate([Self.review(1, Self.user("octocat", 1), .approved, on: Self.head, stale: true)], forge: .gitea)
        #expect(stale.status == .unreviewed)
    }

    @Test func aDismissedReviewDoesNotCount() throws {
        #expect(try Self.evaluate([Self.review(1, Self.user("octocat", 1), .dismissed)]).status == .unreviewed)
        let gitea = try Self.evaluate([Self.review(1, Self.user("octocat", 1), .approved, dismissed: true, stale: false)], forge: .gitea)
        #expect(Self.forgeEvidence(gitea).map(\.discount) == [.dismissed])
        #expect(gitea.status == .unreviewed)
    }

    @Test func aSelfApprovalIsSelfReview() throws {
        let review = try Self.evaluate([Self.review(1, Self.author, .approved)])
        #expect(review.status == .selfReviewed)
        #expect(Self.forgeEvidence(review).map(\.discount) == [.author])
        // The same account by login when the forge gives no address (Gitea), and a reviewer whose
        // address is the commit's author's.
        let gitea = try Self.evaluate([Self.review(1, ForgeUser(login: "DEV1"), .approved, stale: false)], forge: .gitea)
        #expect(gitea.status == .selfReviewed)
        let byEmail = try Self.evaluate([Self.review(1, Self.user("dev1-alt", 1001), .approved)],
                                    author: "Dev <1001+dev1-alt@users.noreply.github.com>")
        #expect(byEmail.status == .selfReviewed)
    }

    @Test func botAndAgentApprovalsDoNotCount() throws {
        let bot = try Self.evaluate([Self.review(1, Self.user("github-actions[bot]", 41_898_282, bot: true), .approved)])
        #expect(bot.status == .unreviewed)
        #expect(Self.forgeEvidence(bot).map(\.discount) == [.bot])
        // Claude's GitHub app, recognised by rules/agents.yml on the forge's own address for it.
        let agent = try Self.evaluate([Self.review(1, Self.user("claude[bot]", 209_825_114, bot: true), .approved)])
        #expect(Self.forgeEvidence(agent).map(\.discount) == [.ai])
        // An agent account GitHub types as a User: recognised by its address all the same.
        let user = try Self.evaluate([Self.review(1, Self.user("gemini-cli", 218_195_315), .approved)])
        #expect(Self.forgeEvidence(user).map(\.discount) == [.ai])
        #expect(user.status == .unreviewed)
        // The agent that wrote the commit approving it is the same agent.
        let same = try Self.evaluate([Self.review(1, Self.user("claude[bot]", 209_825_114, bot: true), .approved)],
                                 subject: "Add the parser (#12)\n\nCo-Authored-By: Claude <noreply@anthropic.com>")
        #expect(Self.forgeEvidence(same).map(\.discount) == [.sameAgent])
        #expect(same.status == .selfReviewed)
    }

    @Test func aLaterChangeRequestWithdrawsAnApproval() throws {
        let octocat = Self.user("octocat", 1)
        let withdrawn = try Self.evaluate([Self.review(1, octocat, .approved), Self.review(2, octocat, .commented),
                                       Self.review(3, octocat, .changesRequested)])
        #expect(Self.forgeEvidence(withdrawn).map(\.discount) == [.superseded])
        #expect(withdrawn.status == .unreviewed)
        let again = try Self.evaluate([Self.review(1, octocat, .changesRequested), Self.review(2, octocat, .approved)])
        #expect(again.status == .reviewed)
        // Order is the forge's submission time, not the list's.
        let late = try Self.evaluate([Self.review(2, octocat, .changesRequested, at: 1_800_000_500), Self.review(1, octocat, .approved, at: 1_800_000_100)])
        #expect(late.status == .unreviewed)
    }

    @Test func oneGoodApprovalAmongDiscountedOnesReviews() throws {
        let review = try Self.evaluate([Self.review(1, Self.author, .approved), Self.review(2, Self.user("github-actions[bot]", 41_898_282, bot: true), .approved),
                                    Self.review(3, Self.user("octocat", 1), .approved, on: Self.earlier), Self.review(4, Self.user("hubot", 2), .approved)])
        #expect(review.status == .reviewed)
        #expect(review.reviewers.map(\.name) == ["hubot"])
        #expect(Self.forgeEvidence(review).map(\.discount) == [.author, .bot, .stale, nil])
    }

    @Test func noApprovalAtAllIsUnreviewedNotMergedUnverified() throws {
        let review = try Self.evaluate([Self.review(1, Self.user("octocat", 1), .commented)])
        #expect(review.status == .unreviewed)
        #expect(Self.forgeEvidence(review).first?.text.contains("merged with no approval") == true)
        // Without review data from the forge (GitLab lacking the approvals endpoint), nothing is known.
        let unknown = try Self.evaluate([], forge: .gitlab, reviewsKnown: false)
        #expect(unknown.status == .mergedUnverified)
    }

    @Test func withForgeDataTheMergerIsNoApproval() throws {
        let merge = MergeApproval(merge: Self.squash, merger: Identity(name: "Maintainer", email: "maint@example.com"),
                                  subject: "Merge pull request #12 from dev1/feature")
        let review = try Self.evaluate([], kind: .broughtIn, subject: "Add the parser", mergedBy: [merge])
        #expect(review.evidence.first { $0.signal == .merge }?.discount == .merger)
        #expect(review.status == .unreviewed)
        // The same merge without forge data still counts as git alone reads it.
        let commit = Commit(id: Self.earlier, parents: [], author: Identity(name: "Dev", email: "dev@example.com"),
                            committer: Identity(name: "Dev", email: "dev@example.com"), message: "Add the parser\n")
        let gitOnly = ReviewEvaluator(conventions: try Self.rules().review, catalog: try Self.rules().agents)
            .evaluate(commit, provenance: Provenance(class: .human, agents: [], evidence: []), mergedBy: [merge])
        #expect(gitOnly.status == .reviewed)
    }

    @Test func aSubjectNamingARequestThatLandedElsewhereIsNotItsReview() throws {
        let request = ForgeRequest(forge: .github, project: "acme/app", number: 12, author: Self.author, mergedAt: 1, head: Self.head,
                                   mergeCommit: Self.squash, updatedAt: 1, reviews: [Self.review(1, Self.user("octocat", 1), .approved)])
        let commit = Commit(id: Self.earlier, parents: [], author: Identity(name: "Mallory", email: "m@example.com"),
                            committer: Identity(name: "Mallory", email: "m@example.com"), message: "Sneak this in (#12)\n")
        let review = ReviewEvaluator(conventions: try Self.rules().review, catalog: try Self.rules().agents)
            .evaluate(commit, provenance: Provenance(class: .human, agents: [], evidence: []),
                      forge: [ForgeLanding(request: request, kind: .claimed, landed: Self.squash)])
        #expect(review.status == .unreviewed)
        #expect(review.reviewers.isEmpty)
        #expect(Self.forgeEvidence(review).map(\.discount) == [.unconfirmed])
    }

    @Test func forgeAndTrailerApprovalsCombine() throws {
        let review = try Self.evaluate([Self.review(1, Self.user("octocat", 1), .approved)],
                                   subject: "Add the parser (#12)\n\nReviewed-by: Bob Smith <bob@example.com>")
        #expect(review.status == .reviewed)
        #expect(Set(review.reviewers.map(\.name)) == ["octocat", "Bob Smith"])
    }
}
