import VigilModel
import VigilRules

extension GateVerdict {
    /// `vigil check --format markdown`: a pull request's job summary. Every piece of repository
    /// text is escaped (see `SafeText.markdown`); findings are listed per commit, five at most.
    public func markdown(ref: String, policy: PushPolicy, names: [ObjectID: String] = [:]) -> String {
        let md = SafeText.markdown
        let rejections = violations.filter { $0.action == .reject }
        var out = "## vigil: \(rejects ? "the policy rejects this change" : violations.isEmpty && failures.isEmpty ? "nothing to act on" : "warnings")\n\n"
        out += "\(commitsChecked) commit(s) judged as if pushed to \(md(ref)): \(rejections.count) rejection(s), "
            + "\(violations.count - rejections.count) warning(s), \(failures.count) commit(s) that could not be judged.\n\n"
        if !failures.isEmpty {
            out += "| | Commit | Could not be judged |\n|---|---|---|\n"
            for failure in failures {
                out += "| \(failure.isProtected ? "rejected" : "warning") | \(failure.commit.map { "`\(String($0.prefix(10)))`" } ?? "") | \(md(failure.reason)) |\n"
            }
            out += "\n"
        }
        if !violations.isEmpty {
            out += "| | Commit | Subject | Made by | Policy rule | Missing |\n|---|---|---|---|---|---|\n"
            for violation in violations {
                let commit = names[violation.commit].map(md) ?? "`\(violation.commit.abbreviated(10))`"
                let who = violation.agents.isEmpty ? violation.klass.rawValue : "\(violation.klass.rawValue): \(violation.agents.map(md).joined(separator: ", "))"
                out += "| \(violation.action == .reject && override == nil ? "**rejected**" : "warning") | \(commit) | \(md(violation.subject)) | \(who) "
                    + "| \(md(violation.rule)) | \(violation.missing.name) |\n"
            }
            out += "\n"
            var listed = Set<String>()
            for violation in violations where listed.insert(violation.commit.hex).inserted {
                let commit = names[violation.commit].map(md) ?? "`\(violation.commit.abbreviated(10))`"
                out += "**\(commit)** findings:\n\n"
                for flag in violation.flags.prefix(5) {
                    let place = flag.line > 0 ? "\(flag.path):\(flag.line)" : flag.path
                    out += "- \(flag.severity.rawValue) \(flag.category.rawValue) \(md(flag.rule)) at \(md(place)): \(md(flag.title.isEmpty ? flag.message : flag.title)), \"\(md(String(flag.excerpt.prefix(120))))\"\n"
                }
                if violation.flags.count > 5 { out += "- and \(violation.flags.count - 5) more\n" }
                out += "\n"
            }
            if !rejections.isEmpty {
                out += "To land: a reviewer other than the author\(policy.notThePusher ? " and the pusher" : "") runs "
                    + "`vigil approve <commit>` and pushes `refs/notes/vigil/approvals`.\n"
            }
        }
        return out
    }
}
