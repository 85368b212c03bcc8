import VigilModel

/// What the pre-receive gate enforces (`rules/policy.yml`).
public struct PushPolicy: Sendable {
    public enum Action: String, Sendable, CaseIterable { case reject, warn }

    /// What counts as an approval: an approval trailer the review rules count, or only an SSH
    /// signature over the exact change (`vigil approve`) by a key in the allowed-signers file.
    public enum ApprovalKind: String, Sendable, CaseIterable { case trailer, signed }

    /// Whether the gate must know who pushes. `required`: with no pusher known, approvals that
    /// must not come from the pusher do not count. `optional`: they count, and the push is logged.
    public enum PusherRequirement: String, Sendable, CaseIterable { case required, optional }

    public struct Rule: Sendable {
        public var name: String
        public var action: Action
        public var classes: Set<ProvenanceClass>
        public var minSeverity: Severity
        public var categories: Set<RiskCategory>
        public var paths: [PathGlob]
        /// What approval this rule needs (default: the policy's `approvals.require`).
        public var approval: ApprovalKind
        /// Agent-made commits it applies to must carry a good signature by a known agent key.
        public var requireAgentSignature: Bool

        public init(name: String, action: Action, classes: Set<ProvenanceClass> = [], minSeverity: Severity = .high,
                    categories: Set<RiskCategory> = [], paths: [PathGlob] = [], approval: ApprovalKind = .trailer,
                    requireAgentSignature: Bool = false) {
            self.name = name
            self.action = action
            self.classes = classes
            self.minSeverity = minSeverity
            self.categories = categories
            self.paths = paths
            self.approval = approval
            self.requireAgentSignature = requireAgentSignature
        }
    }

    public enum TimeoutAction: String, Sendable, CaseIterable { case reject, accept }

    public var protectedRefs: [PathGlob]
    public var rules: [Rule]
    public var notThePusher: Bool
    public var pusher: PusherRequirement
    /// The default approval kind of the rules.
    public var approvalKind: ApprovalKind
    /// The allowed-signers file (git's format) that says whose keys sign approvals; it must live
    /// on the server, outside anything a push can change.
    public var allowedSigners: String?
    /// Public keys, one a line, that sign nothing any more.
    public var revokedKeys: String?
    /// Lowercased emails; empty means any human approver counts.
    public var approvers: Set<String>
    public var overrideOption: String
    public var overrideUsers: Set<String>
    public var auditLog: String
    public var timeoutSeconds: Double
    public var onTimeout: TimeoutAction
    public var file: String

    public func isProtected(_ ref: String) -> Bool { protectedRefs.contains { $0.matches(ref) } }

    /// Reads a policy. A malformed policy is an error naming file and line: the hook fails closed on it.
    public static func load(yaml text: String, file: String) throws -> PushPolicy {
        let root = try RuleNode.parse(text, file: file)
        let top = try root.mapping(allowed: ["version", "protected_refs", "rules", "approvals", "pusher", "override", "timeout"], context: "policy")
        if let version = top["version"], try version.int(context: "version") != 1 {
            throw version.error("unsupported version (this vigil reads version 1)")
        }
        func globs(_ node: RuleNode?, _ context: String) throws -> [PathGlob] {
            try (node?.strings(context: context) ?? []).map { glob in
                do { return try PathGlob(glob) } catch { throw node!.error("\(context): bad glob '\(glob)'") }
            }
        }
        let approvals = try top["approvals"]?.mapping(allowed: ["not_the_pusher", "approvers", "require", "allowed_signers", "revoked_keys"], context: "approvals")
        let defaultKind = try approvals?["require"]?.oneOf(ApprovalKind.self, context: "approvals.require") ?? .trailer
        let rules = try (top["rules"]?.sequence(context: "rules") ?? []).map { node -> Rule in
            let f = try node.mapping(allowed: ["name", "action", "class", "min_severity", "categories", "paths", "approvals",
                                               "require_agent_signature"], context: "policy rule")
            let name = try f.required("name").string(context: "name")
            let c = "policy rule '\(name)'"
            return Rule(
                name: name,
                action: try f.required("action").oneOf(Action.self, context: "\(c): action"),
                classes: Set(try (f["class"]?.sequence(context: "\(c): class") ?? []).map { try $0.oneOf(ProvenanceClass.self, context: "\(c): class") }),
                minSeverity: try f["min_severity"]?.oneOf(Severity.self, context: "\(c): min_severity") ?? .high,
                categories: Set(try (f["categories"]?.sequence(context: "\(c): categories") ?? []).map { try $0.oneOf(RiskCategory.self, context: "\(c): categories") }),
                paths: try globs(f["paths"], "\(c): paths"),
                approval: try f["approvals"].map { node in
                    try node.mapping(allowed: ["require"], context: "\(c): approvals")["require"]?
                        .oneOf(ApprovalKind.self, context: "\(c): approvals.require") ?? defaultKind
                } ?? defaultKind,
                requireAgentSignature: try f["require_agent_signature"]?.bool(context: "\(c): require_agent_signature") ?? false)
        }
        let override = try top["override"]?.mapping(allowed: ["push_option", "users", "audit_log"], context: "override")
        let timeout = try top["timeout"]?.mapping(allowed: ["seconds", "on_timeout"], context: "timeout")
        var seconds = 4.0
        if let node = timeout?["seconds"] {
            guard let value = Double(try node.string(context: "timeout.seconds")), value > 0 else { throw node.error("timeout.seconds must be a positive number") }
            seconds = value
        }
        return PushPolicy(
            protectedRefs: try globs(top["protected_refs"], "protected_refs"),
            rules: rules,
            notThePusher: try approvals?["not_the_pusher"]?.bool(context: "approvals.not_the_pusher") ?? true,
            pusher: try top["pusher"]?.oneOf(PusherRequirement.self, context: "pusher") ?? .required,
            approvalKind: defaultKind,
            allowedSigners: try approvals?["allowed_signers"]?.string(context: "approvals.allowed_signers"),
            revokedKeys: try approvals?["revoked_keys"]?.string(context: "approvals.revoked_keys"),
            approvers: Set(try (approvals?["approvers"]?.strings(context: "approvals.approvers") ?? []).map { $0.lowercased() }),
            overrideOption: try override?["push_option"]?.string(context: "override.push_option") ?? "vigil.override",
            overrideUsers: Set(try override?["users"]?.strings(context: "override.users") ?? []),
            auditLog: try override?["audit_log"]?.string(context: "override.audit_log") ?? "vigil-audit.log",
            timeoutSeconds: seconds,
            onTimeout: try timeout?["on_timeout"]?.oneOf(TimeoutAction.self, context: "timeout.on_timeout") ?? .reject,
            file: file)
    }
}
