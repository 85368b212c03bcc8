import VigilGit
import VigilModel
import VigilRules

/// What the pusher reads: brief, one finding a line, with what is missing and how to fix it.
public enum GateMessages {
    /// `prefix` is `GL-HOOK-ERR: ` on GitLab, so its web UI shows the lines.
    public static func render(_ verdict: GateVerdict, policy: PushPolicy, prefix: String = "") -> [String] {
        var lines: [String] = []
        let byCommit = Dictionary(grouping: verdict.violations, by: { "\($0.ref) \($0.commit.hex)" })
        // The riskiest commits first (see RiskScore), then by ref and id for a stable order.
        let keys = byCommit.keys.sorted { a, b in
            let (sa, sb) = (byCommit[a]![0].riskScore, byCommit[b]![0].riskScore)
            return sa != sb ? sa > sb : a < b
        }
        for key in keys {
            let group = byCommit[key]!
            let first = group[0]
            let verb = group.contains { $0.action == .reject } && verdict.override == nil ? "REJECTED" : "WARNING"
            let who = first.agents.isEmpty ? first.klass.rawValue : "\(first.klass.rawValue): \(first.agents.joined(separator: ", "))"
            lines.append("\(verb) \(first.ref) \(first.commit.abbreviated(10)) \"\(first.subject)\" (\(who), risk \(first.riskScore))")
            for violation in group {
                lines.append("  breaks policy rule '\(violation.rule)' (\(violation.action.rawValue))")
                let ordered = violation.flags.enumerated().sorted { a, b in
                    let (wa, wb) = (RiskScore.weight(a.element), RiskScore.weight(b.element))
                    return wa != wb ? wa > wb : a.offset < b.offset
                }.map(\.element)
                for flag in ordered.prefix(5) {
                    let place = flag.lines.isEmpty ? flag.path : "\(flag.path) \(flag.lineSummary)"
                    let what = flag.kind == .unevaluated ? "could not be evaluated, counted as a finding" : String(flag.excerpt.prefix(80))
                    lines.append("    \(flag.severity.rawValue) \(flag.category.rawValue) rule \(flag.rule) at \(place): \(what)")
                }
                if violation.flags.count > 5 { lines.append("    ... and \(violation.flags.count - 5) more finding(s)") }
            }
            let refused = Set(group.flatMap(\.refusedApprovals)).sorted()
            lines.append("  missing: approval by a human other than the author\(policy.notThePusher ? " and the pusher" : "")"
                         + (policy.approvers.isEmpty ? "" : ", from an approver the policy lists"))
            if !refused.isEmpty { lines.append("  not counted: " + refused.joined(separator: "; ")) }
        }
        if verdict.rejects {
            lines.append("fix: have a reviewer approve, add 'Reviewed-by: Name <email>' to each commit above (git commit --amend or rebase), and push again")
            if !policy.overrideUsers.isEmpty {
                lines.append("     or, if you are allowed to, push with -o \(policy.overrideOption)=\"reason\" (logged)")
            }
        } else if let override = verdict.override, !verdict.violations.isEmpty {
            lines.append("override by \(override.user): \(override.reason) (logged)")
        }
        return lines.map { prefix + "vigil: " + $0 }
    }
}
