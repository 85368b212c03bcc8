import Foundation
import VigilAnalysis
import VigilGit
import VigilModel
import VigilPipeline
import VigilRules
import VigilSignatures

/// Applies a push policy to what a push (or a range, for `vigil check`) brings to each ref.
///
/// On a protected ref every commit new to that ref is judged, wherever else it already is: the
/// walk goes from the new tip and stops only at what protected refs held before the push (and
/// the ref's old value), so a commit staged on a feature branch, fast-forwarded or merged in
/// later, is judged then. On other refs the commits new to the repository are judged (they only
/// warn). Merges are judged by the commits they bring and by their own changes. What cannot be
/// read fails closed on protected refs.
public final class PushGate {
    public let policy: PushPolicy
    public let rules: RuleSet
    public let pusher: Pusher?
    public let repositoryPath: String?
    public let workers: Int
    /// Who may sign approvals (nil: no signed approval can count).
    public let allowedSigners: AllowedSigners?
    public let revoked: RevokedKeys
    /// The server's clock at the push: key validity is judged then.
    public let pushTime: Int64
    /// Keep reports between pushes in the git directory (the hook); `vigil check` does not.
    public let useCache: Bool

    private let identities: ProvenanceClassifier
    private var reports: [ObjectID: CommitReport] = [:]
    private var signed: [ObjectID: [ApprovalVerifier.Outcome]] = [:]

    public init(policy: PushPolicy, rules: RuleSet, pusher: Pusher?, repositoryPath: String?, workers: Int = 2,
                allowedSigners: AllowedSigners? = nil, revoked: RevokedKeys = RevokedKeys(),
                pushTime: Int64 = Int64(Date().timeIntervalSince1970), useCache: Bool = false) {
        self.policy = policy
        self.rules = rules
        self.pusher = pusher
        self.repositoryPath = repositoryPath
        self.workers = workers
        self.allowedSigners = allowedSigners
        self.revoked = revoked
        self.pushTime = pushTime
        self.useCache = useCache
        identities = ProvenanceClassifier(catalog: rules.agents)
    }

    // MARK: Pushes

    /// Judges each update of a pre-receive hook's input (refs are not updated yet: they still
    /// hold what they held before the push; the pushed objects sit in the quarantine).
    public func check(updates: [RefUpdate]) throws -> GateVerdict {
        let repository = try Repository(discoveringFrom: repositoryPath)
        let references = try repository.references()
        let protectedTips = Set(references.filter { policy.isProtected($0.name) }.compactMap(\.target))
        let everyTip = Set(references.compactMap(\.target))
        let notes = try approvalNotes(repository: repository, updates: updates)
        var verdict = GateVerdict()
        // Updates whose commits and protection are the same are judged once: a push of one
        // commit to 10,000 protected refs is one walk and one verdict, naming the other refs.
        var judgedRef: [String: String] = [:]
        for update in updates where !update.isDeletion && !update.ref.hasPrefix("refs/notes/") {
            let isProtected = policy.isProtected(update.ref)
            func fail(_ commit: String?, _ reason: String) {
                verdict.failures.append(GateFailure(ref: update.ref, commit: commit, reason: reason, isProtected: isProtected))
            }
            guard let newID = ObjectID(hex: update.new) else {
                fail(update.new, "a \(update.new.count / 2 * 8)-bit object id: vigil reads SHA-1 repositories only")
                continue
            }
            let tip: ObjectID?
            do {
                tip = try repository.peelToCommit(newID)
            } catch let error as GitError {
                fail(newID.hex, error.kind == .notFound ? "the new id \(newID.hex) is not in the repository" : error.message)
                continue
            }
            // A tag of a tree or a blob brings no commit.
            guard let tip else { continue }
            var query = RevisionQuery()
            query.tips = [tip]
            var hidden = isProtected ? protectedTips : everyTip
            var oldOutsideTips = ""
            if let old = ObjectID(hex: update.old), !RefUpdate.isZero(update.old), repository.contains(old), hidden.insert(old).inserted {
                oldOutsideTips = old.hex
            }
            let key = "\(tip.hex) \(isProtected) \(oldOutsideTips)"
            if let first = judgedRef[key] {
                verdict.sameVerdict[first, default: []].append(update.ref)
                continue
            }
            judgedRef[key] = update.ref
            query.hidden = hidden.sorted()
            try judge(query: query, ref: update.ref, isProtected: isProtected, repository: repository, notes: notes, into: &verdict)
        }
        return verdict
    }

    /// The same policy on an explicit range (`vigil check`), as if pushed to `ref`; `pending`
    /// holds the objects of commits not made yet (`vigil check --staged`).
    public func check(query: RevisionQuery, ref: String, pending: PendingObjects = PendingObjects()) throws -> GateVerdict {
        let repository = try Repository(discoveringFrom: repositoryPath)
        repository.pending = pending
        var verdict = GateVerdict()
        let isProtected = policy.isProtected(ref)
        let notes = NotesSource(repository: repository, commit: repository.referenceID(ApprovalNote.ref))
        try judge(query: query, ref: ref, isProtected: isProtected, repository: repository, notes: notes, into: &verdict)
        return verdict
    }

    /// Where approvals are read: the notes ref as this push leaves it (a push may bring the
    /// approvals with the branch), else as it is.
    func approvalNotes(repository: Repository, updates: [RefUpdate]) throws -> NotesSource {
        if let update = updates.last(where: { $0.ref == ApprovalNote.ref }) {
            return NotesSource(repository: repository, commit: update.isDeletion ? nil : ObjectID(hex: update.new))
        }
        return NotesSource(repository: repository, commit: repository.referenceID(ApprovalNote.ref))
    }

    func judge(query: RevisionQuery, ref: String, isProtected: Bool, repository: Repository, notes: NotesSource,
                       into verdict: inout GateVerdict) throws {
        func fail(_ commit: String?, _ reason: String) {
            verdict.failures.append(GateFailure(ref: ref, commit: commit, reason: reason, isProtected: isProtected))
        }
        let walk = try RevisionWalk(repository: repository, query: query)
        let commits = try walk.collect()
        for problem in walk.problems { fail(nil, problem) }
        let judged = try reports(for: commits, graph: walk.graph, repository: repository)
        verdict.commitsChecked += commits.count
        let diffs = DiffReader(repository: repository)
        for (raw, report) in zip(commits, judged) {
            if report.isDamaged {
                fail(raw.id.hex, "commit \(raw.id.abbreviated(10)) cannot be judged: " + (report.problems.first ?? "it is damaged"))
                continue
            }
            var pusherUnknown = false
            let found = evaluate(report, ref: ref, isProtected: isProtected, pusherUnknown: &pusherUnknown) { commit in
                try self.signedApprovals(for: commit, raw: raw, graph: walk.graph, diffs: diffs, notes: notes)
            }
            verdict.violations += found
            if pusherUnknown { verdict.pusherUnknown = true }
        }
    }

    /// Each commit's report, from this run, the cache, or a scan of the rest (in walk order).
    private func reports(for commits: [RawCommit], graph: CommitGraph, repository: Repository) throws -> [CommitReport] {
        let merges = try PullRequestMerges.find(among: commits, graph: graph, conventions: rules.review,
                                                mailmap: try? Mailmap(repository: repository))
        let cache = GateCache(gitDirectory: useCache ? repository.gitDirectory : nil, rules: rules)
        var missing: [RawCommit] = []
        for raw in commits where reports[raw.id] == nil {
            if let cached = cache.load(cache.key(raw.id, merges: merges[raw.id] ?? [])) {
                reports[raw.id] = cached
            } else {
                missing.append(raw)
            }
        }
        if !missing.isEmpty {
            var configuration = ScanConfiguration(repositoryPath: repositoryPath, query: RevisionQuery(), rules: rules,
                                                  computeStats: false, workers: workers)
            configuration.merges = merges
            configuration.pendingObjects = repository.pending
            let scanner = CommitScanner(configuration: configuration, rawCommits: missing, graph: graph)
            try scanner.run { item in
                reports[item.report.commit.id] = item.report
                cache.store(item.report, key: cache.key(item.report.commit.id, merges: merges[item.report.commit.id] ?? []))
                return true
            }
        }
        // The commit's own signature is judged now, at the push time, against the server's file.
        let verifier = CommitSignatureVerifier(allowedSigners: allowedSigners, revoked: revoked)
        return commits.map { raw in
            var report = reports[raw.id] ?? CommitReport(
                commit: Commit(id: raw.id, parents: raw.parents, author: Identity(name: "", email: ""), committer: Identity(name: "", email: ""), message: ""),
                provenance: Provenance(class: .human, agents: [], evidence: []), review: Review(status: .unreviewed, reviewers: [], evidence: []),
                stats: nil, problems: ["the scan gave no result for this commit"])
            if reports[raw.id] == nil { report.isDamaged = true }
            report.signature = verifier.state(of: raw.signature, committedAt: pushTime)
            return report
        }
    }

    // MARK: Judging one commit

    /// The rules `report` breaks on `ref` (for `vigil check` and tests: no signed approvals are read).
    public func evaluate(_ report: CommitReport, ref: String) -> [Violation] {
        var pusherUnknown = false
        return evaluate(report, ref: ref, isProtected: policy.isProtected(ref), pusherUnknown: &pusherUnknown) { _ in [] }
    }

    /// The fingerprints of the findings for which the policy would reject `report` on a protected
    /// ref (code scanning's `error` level; no signed approvals are read, as for `evaluate`).
    public func rejectingFingerprints(_ report: CommitReport) -> Set<String> {
        var pusherUnknown = false
        let violations = evaluate(report, ref: "", isProtected: true, pusherUnknown: &pusherUnknown) { _ in [] }
        return Set(violations.filter { $0.action == .reject }.flatMap { $0.flags.map(\.fingerprint) })
    }

    /// `pusherUnknown` is set when an approval was needed and no pusher is known.
    private func evaluate(_ report: CommitReport, ref: String, isProtected: Bool, pusherUnknown: inout Bool,
                          signedApprovals: (CommitReport) throws -> [ApprovalVerifier.Outcome]) -> [Violation] {
        // A commit signed by a known agent key is the agent's, whatever its message says.
        var klass = report.provenance.class
        var agents = report.provenance.agents
        if let signer = agentSigner(of: report) {
            if klass != .ai { klass = .ai }
            if !agents.contains(signer) { agents.append(signer) }
        }
        var violations: [Violation] = []
        var trailer: (trusted: Bool, refused: [String])?
        var signedOutcomes: [ApprovalVerifier.Outcome]?
        for rule in policy.rules where rule.classes.isEmpty || rule.classes.contains(klass) {
            let flags = report.flags.filter { flag in
                flag.severity >= rule.minSeverity
                    && (rule.categories.isEmpty || rule.categories.contains(flag.category))
                    && (rule.paths.isEmpty || rule.paths.contains { $0.matches(flag.path) })
            }
            guard !flags.isEmpty else { continue }
            let action: PushPolicy.Action = isProtected ? rule.action : .warn
            func violation(_ missing: Violation.Missing, _ refused: [String]) -> Violation {
                Violation(ref: ref, commit: report.commit.id, subject: report.commit.subject, klass: klass, agents: agents,
                          rule: rule.name, action: action, flags: flags, missing: missing, refusedApprovals: refused,
                          riskScore: report.riskScore)
            }
            if rule.requireAgentSignature, klass == .ai || klass == .assisted, agentSigner(of: report) == nil {
                violations.append(violation(.agentSignature, ["commit signature: \(Self.describe(report.signature))"]))
            }
            if pusher == nil { pusherUnknown = true }
            // Signed approvals cost a diff (the patch id): read them only when a trailer will not do.
            func signedResult() -> (ok: Bool, refused: [String]) {
                if signedOutcomes == nil {
                    do {
                        signedOutcomes = try signedApprovals(report)
                    } catch {
                        signedOutcomes = [.refused("cannot check signed approvals: \((error as? GitError)?.message ?? String(describing: error))")]
                    }
                }
                let outcomes = signedOutcomes ?? []
                return (outcomes.contains { if case .accepted = $0 { return true } else { return false } },
                        outcomes.compactMap { if case .refused(let why) = $0 { return why } else { return nil } })
            }
            switch rule.approval {
            case .signed:
                let result = signedResult()
                if !result.ok { violations.append(violation(.signedApproval, result.refused)) }
            case .trailer:
                if trailer == nil { trailer = trustedApproval(report.review) }
                guard let trailer, !trailer.trusted else { continue }
                let result = signedResult()
                if !result.ok { violations.append(violation(.approval, trailer.refused + result.refused)) }
            }
        }
        return violations
    }

    /// The agent a good commit signature names, when the signer is one `agents.yml` knows.
    func agentSigner(of report: CommitReport) -> String? {
        guard case .good(let signer, _) = report.signature else { return nil }
        for principal in signer.split(separator: ",") where !principal.hasPrefix("!") {
            if let agent = identities.recognise(Identity(name: "", email: String(principal))), agent.kind == .agent { return agent.id }
        }
        return nil
    }

    static func describe(_ state: SignatureState) -> String {
        switch state {
        case .none: return "none"
        case .good(let signer, _): return "good, by \(signer) (not a known agent key)"
        case .bad(let reason): return "bad (\(reason))"
        case .unknownKey(let key): return "unknown key \(key)"
        case .unverified(let format): return "\(format), not verified"
        }
    }

    /// Whether an approval trailer the gate trusts exists: a reviewer the review counted, who is
    /// not the pusher (a trailer is text anyone can type) and, when the policy lists approvers,
    /// is one of them. With no pusher known and the policy needing one, none is trusted.
    func trustedApproval(_ review: Review) -> (trusted: Bool, refused: [String]) {
        var refused: [String] = []
        var trusted = false
        for reviewer in review.reviewers {
            if policy.notThePusher, pusher == nil, policy.pusher == .required {
                refused.append("\(reviewer) cannot be told apart from the pusher: the pusher is unknown")
            } else if policy.notThePusher, let pusher, pusher.matches(reviewer) {
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

    /// The signed approvals on a commit, each accepted or refused with why (memoised per commit).
    private func signedApprovals(for report: CommitReport, raw: RawCommit, graph: CommitGraph, diffs: DiffReader,
                                 notes: NotesSource) throws -> [ApprovalVerifier.Outcome] {
        if let known = signed[raw.id] { return known }
        let outcome: [ApprovalVerifier.Outcome]
        if let note = try notes.note(on: raw.id) {
            if let allowedSigners {
                let parentTrees = try raw.parents.map { parent -> ObjectID in
                    let node = graph.node(parent)
                    if let problem = node.problem { throw GitError(.notFound, problem) }
                    return node.tree
                }
                let binding = try diffs.changeBinding(tree: raw.tree, parentTrees: parentTrees)
                let knowledge: ApprovalVerifier.PusherKnowledge = pusher.map { .known($0) }
                    ?? (policy.pusher == .required ? .unknownRequired : .unknownOptional)
                let verifier = ApprovalVerifier(allowedSigners: allowedSigners, revoked: revoked, pushTime: pushTime, identities: identities)
                outcome = verifier.check(note: note, binding: binding, author: report.commit.author, pusher: knowledge,
                                         approvers: policy.approvers)
            } else {
                outcome = [.refused("signed approvals cannot be checked: the server has no allowed-signers file (approvals.allowed_signers)")]
            }
        } else {
            outcome = []
        }
        signed[raw.id] = outcome
        return outcome
    }
}

/// Reads approval notes from one notes commit (the notes ref's value after the push).
struct NotesSource {
    let repository: Repository
    let commit: ObjectID?

    func note(on id: ObjectID) throws -> String? {
        guard let commit else { return nil }
        return try repository.note(on: id, notesCommit: commit)
    }
}
