import Foundation
import VigilGit
import VigilModel


import VigilRules
import VigilPipeline

/// A commit that breaks a policy rule, with what is missing.
public struct Violation: Sendable {
    public var ref: String
    public var commit: ObjectID
    public var subject: String
    public var klass: ProvenanceClass
    public var agents: [String]
    public var rule: String
    /// The action on this ref: a reject rule only warns on an unprotected ref.
    public var action: PushPolicy.Action
    public var flags: [RiskFlag]
    /// Approvals the review found that the gate does not trust, and why.
    public var refusedApprovals: [String]
    /// The commit's risk score (all its findings, its provenance and review): messages list the
    /// riskiest commits first.
    public var riskScore: Double = 0
}

/// The verdict on a push.
public struct GateVerdict: Sendable {
    public var violations: [Violation] = []
    public var commitsChecked = 0
    public var override: (user: String, reason: String)?

    public init() {}

    public var rejects: Bool { override == nil && violations.contains { $0.action == .reject } }
}

/// Applies a push policy to the commits a push (or a range, for `vigil check`) introduces.
public struct PushGate {
    public var policy: PushPolicy
    public var rules: RuleSet
    public var pusher: Pusher?
    public var repositoryPath: String?
    public var workers: Int

    public init(policy: PushPolicy, rules: RuleSet, pusher: Pusher?, repositoryPath: String?, workers: Int = 2) {
        self.policy = policy
        self.rules = rules
        self.pusher = pusher
        self.repositoryPath = repositoryPath
        self.workers = workers
    }

    /// The commits each update introduces: reachable from the new tip and from no existing ref.
    /// During pre-receive the refs are not updated yet, so hiding every existing ref leaves exactly
    /// the pushed commits (they sit in the quarantine, visible through the environment).
    public func check(updates: [RefUpdate]) throws -> GateVerdict {
        let repository = try Repository(discoveringFrom: repositoryPath)
        let references = try repository.references()
        let everyRef = Set(references.compactMap(\.target)).sorted()
        let branches = Set(references.filter { $0.name.hasPrefix("refs/heads/") }.compactMap(\.target))
        // Objects as they were before the push: the git directory without the quarantine.
        let quarantined = ProcessInfo.processInfo.environment["GIT_QUARANTINE_PATH"] != nil
        let before = quarantined ? try? Repository(gitDirectoryIgnoringEnvironment: repository.gitDirectory) : nil
        var verdict = GateVerdict()
        for update in updates where !update.isDeletion {
            // A tag or ref pointing at something that is not a commit introduces no commits.
            guard (try? repository.resolveCommit(update.new)) != nil else { continue }
            var query = RevisionQuery(revisions: [update.new])
            query.hidden = everyRef
            // libgit2's walk slows down with hundreds of hidden tips (a repository's tags). A commit
            // whose object arrived with this push cannot be reachable from any existing ref, so when
            // every commit not on a branch is new, hiding the branches gives the same answer.
            var fast = query
            fast.hidden = Array(branches.union(RefUpdate.isZero(update.old) ? [] : [ObjectID(hex: update.old)].compactMap { $0 }))
            if let before, try RevisionWalk(repository: repository, query: fast).collectIDs().allSatisfy({ !before.contains($0) }) {
                query = fast
            }
            try check(query: query, ref: update.ref, into: &verdict)
        }
        return verdict
    }

    /// The same policy on an explicit range (`vigil check`), as if pushed to `ref`.
    public func check(query: RevisionQuery, ref: String) throws -> GateVerdict {
        var verdict = GateVerdict()
        try check(query: query, ref: ref, into: &verdict)
        return verdict
    }

    private func check(query: RevisionQuery, ref: String, into verdict: inout GateVerdict) throws {
        let configuration = ScanConfiguration(repositoryPath: repositoryPath, query: query, rules: rules,
                                              computeStats: false, workers: workers)
        let scanner = try CommitScanner(configuration: configuration)
        try scanner.run { item in
            verdict.commitsChecked += 1
            verdict.violations += evaluate(item.report, ref: ref)
            return true
        }
    }

    /// The rules `report` breaks on `ref`.
    public func evaluate(_ report: CommitReport, ref: String) -> [Violation] {
        let (approved, refused) = trustedApproval(report.review)
        guard !approved else { return [] }
        var violations: [Violation] = []
        for rule in policy.rules where rule.classes.isEmpty || rule.classes.contains(report.provenance.class) {
            let flags = report.flags.filter { flag in
                flag.severity >= rule.minSeverity
                    && (rule.categories.isEmpty || rule.categories.contains(flag.category))
                    && (rule.paths.isEmpty || rule.paths.contains { $0.matches(flag.path) })
            }
            guard !flags.isEmpty else { continue }
            let action: PushPolicy.Action = policy.isProtected(ref) ? rule.action : .warn
            violations.append(Violation(ref: ref, commit: report.commit.id, subject: report.commit.subject,
                                        klass: report.provenance.class, agents: report.provenance.agents, rule: rule.name,
                                        action: action, flags: flags, refusedApprovals: refused, riskScore: report.riskScore))
        }
        return violations
    }

    /// Whether an approval the gate trusts exists: a reviewer the review counted, who is not the
    /// pusher (a trailer is text anyone can type) and, when the policy lists approvers, is one of them.
    func trustedApproval(_ review: Review) -> (Bool, [String]) {
        var refused: [String] = []
        var trusted = false
        for reviewer in review.reviewers {
            if policy.notThePusher, let pusher, pusher.matches(reviewer) {
                refused.append("\(reviewer) is the pusher")
            } else if !policy.approvers.isEmpty && !policy.approvers.contains(reviewer.email.lowercased()) {
                refused.append("\(reviewer) is not an approver the policy lists")
            } else {
                trusted = true
            }
        }
        for item in review.evidence where !item.counts {
            if let approver = item.approver, let discount = item.discount { refused.append("\(approver) (\(discount.rawValue))") }
        }
        return (trusted, refused)
    }
}
