import VigilGit
import VigilModel
import VigilRules

/// What the pusher reads: brief, one finding a line, with what is missing and how to fix it.
public enum GateMessages {
    /// `prefix` is `GL-HOOK-ERR: ` on GitLab, so its web UI shows the lines.
    public static func render(_ verdict: GateVerdict, policy: PushPolicy, prefix: String = "") -> [String] {
        var lines: [String] = []
        let byCommit = Dictionary(grouping: verdict.violations, by: { "\($0.ref) \($0.commit.hex)" })
        for key in byCommit.keys.sorted() {
            let group = byCommit[key]!
            let first = group[0]
            let verb = group.contains { $0.action == .reject } && verdict.override == nil ? "REJECTED" : "WARNING"
            let who = first.agents.isEmpty ? first.klass.rawValue : "\(first.klass.rawValue): \(first.agents.joined(separator: ", "))"
            lines.append("\(verb) \(first.ref) \(first.commit.abbreviated(10)) \"\(SafeText.terminal(first.subject))\" (\(who))")
            for violation in group {
                lines.append("  breaks policy rule '\(violation.rule)' (\(violation.action.rawValue))")
                for flag in violation.flags.prefix(5) {
                    let place = flag.line > 0 ? "\(flag.path):\(flag.line)" : flag.path
                    lines.append("    \(flag.severity.rawValue) \(flag.category.rawValue) rule \(flag.rule) at \(SafeText.terminal(place)): \(SafeText.terminal(String(flag.excerpt.prefix(80))))")
                }
                if violation.flags.count > 5 { lines.append("    ... and \(violation.flags.count - 5) more finding(s)") }
            }
            let refused = Set(group.flatMap(\.refusedApprovals)).sorted()
            lines.append("  missing: approval by a human other than the author\(policy.notThePusher ? " and the pusher" : "")"
                         + (policy.approvers.isEmpty ? "" : ", from an approver the policy lists"))
            if !refused.isEmpty { lines.append("  not counted: " + SafeText.terminal(refused.joined(separator: "; "))) }
        }
        if verdict.rejects {
            lines.append("fix: have a reviewer approve, add 'Reviewed-by: Name <email>' to each commit above (git commit --amend or rebase), and push again")
            if !policy.overrideUsers.isEmpty {
                lines.append("     or, if you are allowed to, push with -o \(policy.overrideOption)=\"reason\" (logged)")
            }
        } else if let override = verdict.override, !verdict.violations.isEmpty {
            lines.append("override by \(SafeText.terminal(override.user)): \(SafeText.terminal(override.reason)) (logged)")
        }
        return lines.map { prefix + "vigil: " + $0 }
    }
}
