/// How urgently a flagged commit needs a reviewer, highest first: the queue of `vigil serve` and
/// the report's action list both sort on it. Built from what makes a change worth a reviewer's
/// time: the severity of its worst finding (100 per step), whether an agent made it (+150),
/// whether a human other than the author approved it (not reviewed or self-reviewed +100,
/// merged without a recorded reviewer +50), whether it removes a line of guardrail or oversight
/// code (+30), and its number of findings (up to +20). Bot commits (dependabot, renovate) drop
/// by 150: automation without an agent.
public enum ReviewPriority {
    public static func score(top: Severity, klass: ProvenanceClass, review: ReviewStatus, weakensSafeguard: Bool, findings: Int) -> Int {
        var score = top.rank * 100
        score += klass.isAIMade ? 150 : klass == .bot ? -150 : 0
        score += review == .unreviewed || review == .selfReviewed ? 100 : review == .mergedUnverified ? 50 : 0
        return score + (weakensSafeguard ? 30 : 0) + min(findings, 20)
    }

    /// A removed line of guardrail or oversight code: a check taken out.
    public static func weakensSafeguard(_ flags: [RiskFlag]) -> Bool {
        flags.contains { $0.side == .removed && ($0.category == .guardrail || $0.category == .oversight) }
    }

    public static func score(klass: ProvenanceClass, review: ReviewStatus, flags: [RiskFlag]) -> Int {
        guard let top = flags.map(\.severity).max() else { return 0 }
        return score(top: top, klass: klass, review: review, weakensSafeguard: weakensSafeguard(flags), findings: flags.count)
    }
}
