import VigilModel
import VigilRules

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
    /// What the rule needs and the commit lacks.
    public var missing: Missing
    /// Approvals found that the gate does not trust, and why.
    public var refusedApprovals: [String]
    /// The commit's risk score (all its findings, its provenance and review): messages list the
    /// riskiest commits first.
    public var riskScore: Double = 0

    public enum Missing: Sendable, Equatable {
        /// An approval: a counted trailer, or a signed approval (`vigil approve`).
        case approval
        /// A signed approval only.
        case signedApproval
        /// A good signature by a known agent key on the agent-made commit.
        case agentSignature
    }
}

/// Something the gate could not judge: a missing or unreadable object, a malformed commit, a
/// new id the repository does not have. On a protected ref it rejects the push (fails closed).
public struct GateFailure: Sendable {
    public var ref: String
    public var commit: String?
    public var reason: String
    public var isProtected: Bool
}

/// The verdict on a push.
public struct GateVerdict: Sendable {
    public var violations: [Violation] = []
    public var failures: [GateFailure] = []
    public var commitsChecked = 0
    public var override: (user: String, reason: String)?
    /// True when no pusher was known and an approval had to be told apart from the pusher's.
    public var pusherUnknown = false
    /// Refs updated to the same commits as a judged ref, with the same protection: they share
    /// its verdict (judged ref → the others, in the push's order).
    public var sameVerdict: [String: [String]] = [:]

    public init() {}

    /// Failures on protected refs reject whatever the override says: what cannot be read cannot be judged.
    public var rejects: Bool {
        failures.contains(where: \.isProtected) || (override == nil && violations.contains { $0.action == .reject })
    }

    /// Rule violations an override could answer for.
    public var rejectingViolations: [Violation] { violations.filter { $0.action == .reject } }

    /// Nothing to say: no violation, no failure, pusher known or not needed.
    public var isPlainAccept: Bool { violations.isEmpty && failures.isEmpty && !pusherUnknown && override == nil }
}
