import VigilModel

extension Violation.Missing {
    /// The name JSON and Markdown use.
    public var name: String {
        switch self {
        case .approval: return "approval"
        case .signedApproval: return "signed-approval"
        case .agentSignature: return "agent-signature"
        }
    }
}

extension GateVerdict {
    /// `vigil check --format json`: the decision, every violation with its findings, and what
    /// could not be judged (README "check JSON"). `names` label commits not made yet.
    public func json(ref: String, names: [ObjectID: String] = [:]) -> JSONValue {
        let decision = rejects ? "reject" : (violations.isEmpty && failures.isEmpty ? "accept" : "warn")
        return .object([
            ("ref", .string(ref)),
            ("decision", .string(decision)),
            ("commitsChecked", .int(commitsChecked)),
            ("violations", .array(violations.map { violation in
                var fields: [(String, JSONValue)] = [("ref", .string(violation.ref))]
                if let others = sameVerdict[violation.ref], !others.isEmpty { fields.append(("alsoRefs", .array(others.map { .string($0) }))) }
                fields.append(("commit", .string(violation.commit.hex)))
                if let label = names[violation.commit] { fields.append(("label", .string(label))) }
                fields += [
                    ("subject", .string(violation.subject)), ("class", .string(violation.klass.rawValue)),
                    ("agents", .array(violation.agents.map { .string($0) })), ("rule", .string(violation.rule)),
                    ("action", .string(violation.action.rawValue)), ("missing", .string(violation.missing.name)),
                    ("refusedApprovals", .array(violation.refusedApprovals.map { .string($0) })),
                    ("findings", .array(violation.flags.map(\.json))),
                ]
                return .object(fields)
            })),
            ("failures", .array(failures.map { failure in
                .object([("ref", .string(failure.ref)), ("commit", failure.commit.map { .string($0) } ?? .null),
                         ("reason", .string(failure.reason)), ("protected", .bool(failure.isProtected))])
            })),
            ("pusherUnknown", .bool(pusherUnknown)),
        ])
    }
}
