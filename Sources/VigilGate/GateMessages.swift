import VigilModel
import VigilRules

/// What the pusher reads: brief, one finding a line, with what is missing and the next step.
/// Every piece of text from the repository (subjects, excerpts, paths, names) is attacker-
/// controlled and is shown with control characters escaped.
public enum GateMessages {
    /// `prefix` is `GL-HOOK-ERR: ` on GitLab, so its web UI shows the lines; `names` replace the
    /// ids of commits not made yet (the staged changes).
    public static func render(_ verdict: GateVerdict, policy: PushPolicy, prefix: String = "", names: [ObjectID: String] = [:]) -> [String] {
        var lines: [String] = []
        for failure in verdict.failures {
            let verb = failure.isProtected ? "REJECTED" : "WARNING"
            lines.append("\(verb) \(safe(failure.ref))\(alsoOn(failure.ref, verdict)): \(safe(failure.reason))")
        }
        let byCommit = Dictionary(grouping: verdict.violations, by: { "\($0.ref) \($0.commit.hex)" })
        // The riskiest commits first (see RiskScore), then by ref and id for a stable order.
        let keys = byCommit.keys.sorted { a, b in
            let (sa, sb) = (byCommit[a]?.first?.riskScore ?? 0, byCommit[b]?.first?.riskScore ?? 0)
            return sa != sb ? sa > sb : a < b
        }
        for key in keys {
            guard let group = byCommit[key], let first = group.first else { continue }
            let verb = group.contains { $0.action == .reject } && verdict.override == nil ? "REJECTED" : "WARNING"
            let who = first.agents.isEmpty ? first.klass.rawValue : "\(first.klass.rawValue): \(first.agents.map(safe).joined(separator: ", "))"
            let subject = first.subject.isEmpty ? "" : " \"\(safe(first.subject))\""
            lines.append("\(verb) \(safe(first.ref))\(alsoOn(first.ref, verdict)) \(names[first.commit] ?? first.commit.abbreviated(10))\(subject) (\(who), risk \(first.riskScore))")
            for violation in group {
                lines.append("  breaks policy rule '\(safe(violation.rule))' (\(violation.action.rawValue))")
                let ordered = violation.flags.enumerated().sorted { a, b in
                    let (wa, wb) = (RiskScore.weight(a.element), RiskScore.weight(b.element))
                    return wa != wb ? wa > wb : a.offset < b.offset
                }.map(\.element)
                for flag in ordered.prefix(5) {
                    let place = flag.lines.isEmpty ? flag.path : "\(flag.path) \(flag.lineSummary)"
                    let what = flag.kind == .unevaluated ? "could not be evaluated, counted as a finding" : safe(String(flag.excerpt.prefix(80)))
                    lines.append("    \(flag.severity.rawValue) \(flag.category.rawValue) rule \(safe(flag.rule)) at \(safe(place)): \(what)")
                }
                if violation.flags.count > 5 { lines.append("    ... and \(violation.flags.count - 5) more finding(s)") }
                lines.append("  missing: " + missing(violation.missing, policy: policy))
            }
            let refused = Set(group.flatMap(\.refusedApprovals)).sorted()
            for reason in refused.prefix(8) { lines.append("  not counted: \(safe(reason))") }
            if refused.count > 8 { lines.append("  ... and \(refused.count - 8) more approval(s) not counted") }
        }
        lines += nextSteps(verdict, policy: policy, pending: !names.isEmpty)
        return lines.map { prefix + "vigil: " + $0 }
    }

    /// " (and N more refs: a, b, c, …)" for refs that share `ref`'s verdict.
    static func alsoOn(_ ref: String, _ verdict: GateVerdict) -> String {
        guard let others = verdict.sameVerdict[ref], !others.isEmpty else { return "" }
        let named = others.prefix(3).map(safe).joined(separator: ", ")
        return " (and \(others.count) more ref(s) to the same commits: \(named)\(others.count > 3 ? ", …" : ""))"
    }

    static func missing(_ missing: Violation.Missing, policy: PushPolicy) -> String {
        let independent = "a reviewer other than the author" + (policy.notThePusher ? " and the pusher" : "")
            + (policy.approvers.isEmpty ? "" : ", from an approver the policy lists")
        switch missing {
        case .approval:
            return "an approval by \(independent): a signed approval (vigil approve) or an approval trailer the reviewer added"
        case .signedApproval:
            return "a signed approval (vigil approve) of this exact change by \(independent), with a key in the server's allowed-signers file"
        case .agentSignature:
            return "a good commit signature by a known agent key (in the server's allowed-signers file)"
        }
    }

    /// `pending`: the commit is not made yet (the staged changes), so no approval can exist yet.
    static func nextSteps(_ verdict: GateVerdict, policy: PushPolicy, pending: Bool = false) -> [String] {
        var lines: [String] = []
        let rejected = verdict.override == nil ? verdict.rejectingViolations : []
        if pending {
            if !rejected.isEmpty {
                lines.append("fix: once committed, this commit needs a reviewer (not the author\(policy.notThePusher ? " or the pusher" : "")) "
                             + "to run 'vigil approve <commit>' before it can land on \(safe(rejected[0].ref)); "
                             + "'git commit --no-verify' skips this check (the server's hook is the gate)")
            }
            return lines
        }
        if verdict.failures.contains(where: \.isProtected) {
            lines.append("fix: the commits named above cannot be read or parsed; repair them (git fsck), re-create them, and push again")
        }
        if rejected.contains(where: { $0.missing != .agentSignature }) {
            lines.append("fix: ask a reviewer (not the author\(policy.notThePusher ? " or the pusher" : "")) to run 'vigil approve <commit>...' and "
                         + "'git push origin refs/notes/vigil/approvals', then push again")
        }
        if rejected.contains(where: { $0.missing == .agentSignature }) {
            lines.append("fix: the agent must sign its commits with its own key (gpg.format=ssh, user.signingkey), listed in the server's allowed-signers file")
        }
        if verdict.pusherUnknown && policy.pusher == .required && !rejected.isEmpty {
            lines.append("note: the pusher is unknown, so no approval can be told apart from the pusher's; pass it to the hook: "
                         + "'vigil hook pre-receive --user NAME' from a wrapper, or VIGIL_PUSHER, or a host that names it "
                         + "(GitLab GL_USERNAME, GitHub Enterprise GITHUB_USER_LOGIN, Gitea/Forgejo GITEA_PUSHER_NAME)")
        }
        if !rejected.isEmpty && !policy.overrideUsers.isEmpty {
            lines.append("     or, if you are allowed to, push with -o \(policy.overrideOption)=\"reason\" (logged)")
        }
        if let override = verdict.override, !verdict.violations.isEmpty {
            lines.append("override by \(safe(override.user)): \(safe(override.reason)) (logged)")
        }
        return lines
    }

    /// `text` with control characters (terminal escapes, new lines, C1 codes) shown as `\u{…}`.
    /// Commit text as the pusher's terminal shows it (see `SafeText.terminal`).
    public static func safe(_ text: String) -> String { SafeText.terminal(text) }

}
