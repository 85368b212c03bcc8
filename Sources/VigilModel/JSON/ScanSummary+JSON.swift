extension ScanSummary {
    public var json: JSONValue {
        let classes: [(String, JSONValue)] = ProvenanceClass.displayOrder.map { ($0.rawValue, .int(byClass[$0] ?? 0)) }
        return .object([
            ("commits", .int(commits)),
            ("byClass", .object(classes)),
            ("byAgent", .object(agentsByCount.map { ($0.agent, .int($0.commits)) })),
            ("aiCommits", .int(aiMadeCommits)),
            ("aiCommitShare", .double(rounded(aiCommitShare))),
            ("changedLines", statsComputed ? .int(changedLines) : .null),
            ("aiChangedLines", statsComputed ? .int(aiChangedLines) : .null),
            ("aiLineShare", statsComputed ? .double(rounded(aiLineShare)) : .null),
            ("incompleteCommits", .int(incompleteCommits)),
            ("damagedCommits", .int(damagedCommits)),
            ("flaggedCommits", .int(flaggedCommits)),
            ("flags", .int(flags)),
            ("flagsByCategory", .object(RiskCategory.allCases.map { ($0.rawValue, .int(flagsByCategory[$0] ?? 0)) })),
            ("flagsBySeverity", .object(Severity.allCases.reversed().map { ($0.rawValue, .int(flagsBySeverity[$0] ?? 0)) })),
            ("suppressedFlags", .int(suppressedFlags)),
            ("problems", .array(problems.map { .string($0) })),
        ])
    }

    private func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}
