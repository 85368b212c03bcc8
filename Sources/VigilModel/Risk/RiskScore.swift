/// How urgently a commit's findings call for a reviewer, as one number for ordering: `query`, the
/// report's flagged list, `show` and the push gate's message list the highest first.
///
/// Each finding weighs by its severity and the kind of change (a weakened value or a removed check
/// counts more than a keyword on a line, a file-level finding less); a commit's findings add up
/// with diminishing weight (the second counts half, the third a third...), so a hundred small
/// findings do not outrank one critical one. The sum is then scaled by who made the commit (an
/// agent's commit counts more) and whether a human other than the author reviewed it.
public enum RiskScore {
    public static func of(_ flags: [RiskFlag], klass: ProvenanceClass, review: ReviewStatus) -> Double {
        guard !flags.isEmpty else { return 0 }
        let weights = flags.map(weight).sorted(by: >)
        var sum = 0.0
        for (index, w) in weights.enumerated() { sum += w / Double(index + 1) }
        let score = sum * provenanceFactor(klass) * reviewFactor(review)
        return (score * 10).rounded() / 10
    }

    /// One finding's weight, before the commit's provenance and review.
    public static func weight(_ flag: RiskFlag) -> Double {
        let severity: Double = switch flag.severity {
        case .critical: 10
        case .high: 6
        case .medium: 3
        case .low: 1
        }
        let kind: Double = switch flag.kind {
        case .value: flag.value?.direction == .weakened ? 1.25 : flag.value?.direction == .strengthened ? 0.7 : 1.1
        case .structure: 1.15
        case .line, .unevaluated: 1
        case .file: 0.8
        }
        return severity * kind
    }

    static func provenanceFactor(_ klass: ProvenanceClass) -> Double {
        switch klass {
        case .ai: 1.5
        case .assisted: 1.3
        case .human: 1
        case .bot: 0.9
        }
    }

    static func reviewFactor(_ review: ReviewStatus) -> Double {
        switch review {
        case .unreviewed, .selfReviewed: 1.4
        case .mergedUnverified: 1.15
        case .reviewed: 0.6
        }
    }
}
