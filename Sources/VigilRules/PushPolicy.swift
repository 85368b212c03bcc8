import VigilModel

/// What the pre-receive gate enforces (`rules/policy.yml`).
public struct PushPolicy: Sendable {
    public enum Action: String, Sendable, CaseIterable { case reject, warn }

    public struct Rule: Sendable {
        public var name: String
        public var action: Action
        public var classes: Set<ProvenanceClass>
        public var minSeverity: Severity
        public var categories: Set<RiskCategory>
        public var paths: [PathGlob]
    }

    public enum TimeoutAction: String, Sendable, CaseIterable { case reject, accept }

    public var protectedRefs: [PathGlob]
    public var rules: [Rule]
    public var notThePusher: Bool
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
        let top = try root.mapping(allowed: ["version", "protected_refs", "rules", "approvals", "override", "timeout"], context: "policy")
        if let version = top["version"], try version.int(context: "version") != 1 {
            throw version.error("unsupported version (this vigil reads version 1)")
        }
        func globs(_ node: RuleNode?, _ context: String) throws -> [PathGlob] {
            try (node?.strings(context: context) ?? []).map { glob in
                do { return try PathGlob(glob) } catch { throw node!.error("\(context): bad glob '\(glob)'") }
            }
        }
        let rules = try (top["rules"]?.sequence(context: "rules") ?? []).map { node -> Rule in
            let f = try node.mapping(allowed: ["name", "action", "class", "min_severity", "categories", "paths"], context: "policy rule")
            let name = try f.required("name").string(context: "name")
            let c = "policy rule '\(name)'"
            return Rule(
                name: name,
                action: try f.required("action").oneOf(Action.self, context: "\(c): action"),
                classes: Set(try (f["class"]?.sequence(context: "\(c): class") ?? []).map { try $0.oneOf(ProvenanceClass.self, context: "\(c): class") }),
                minSeverity: try f["min_severity"]?.oneOf(Severity.self, context: "\(c): min_severity") ?? .high,
                categories: Set(try (f["categories"]?.sequence(context: "\(c): categories") ?? []).map { try $0.oneOf(RiskCategory.self, context: "\(c): categories") }),
                paths: try globs(f["paths"], "\(c): paths"))
        }
        let approvals = try top["approvals"]?.mapping(allowed: ["not_the_pusher", "approvers"], context: "approvals")
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
            approvers: Set(try (approvals?["approvers"]?.strings(context: "approvals.approvers") ?? []).map { $0.lowercased() }),
            overrideOption: try override?["push_option"]?.string(context: "override.push_option") ?? "vigil.override",
            overrideUsers: Set(try override?["users"]?.strings(context: "override.users") ?? []),
            auditLog: try override?["audit_log"]?.string(context: "override.audit_log") ?? "vigil-audit.log",
            timeoutSeconds: seconds,
            onTimeout: try timeout?["on_timeout"]?.oneOf(TimeoutAction.self, context: "timeout.on_timeout") ?? .reject,
            file: file)
    }
}
