extension CoverageReport {
    public var json: JSONValue {
        func share(_ s: Share) -> JSONValue {
            .object([("reviewed", .int(s.reviewed)), ("total", .int(s.total)), ("ratio", .double((s.ratio * 10_000).rounded() / 10_000))])
        }
        func statuses(_ counts: [ReviewStatus: Int]) -> JSONValue {
            .object(ReviewStatus.displayOrder.map { ($0.rawValue, .int(counts[$0] ?? 0)) })
        }
        return .object([
            ("commits", share(commits)),
            ("aiCommits", share(aiCommits)),
            ("aiLines", statsComputed ? share(aiLines) : .null),
            ("byStatus", statuses(byStatus)),
            ("aiByStatus", statuses(aiByStatus)),
            ("byAgent", .object(byAgent.sorted { $0.key < $1.key }.map { ($0.key, .object([("commits", share($0.value.commits)), ("lines", share($0.value.lines))])) })),
            ("byDirectory", .object(byDirectory.sorted { $0.key < $1.key }.map { ($0.key, share($0.value)) })),
            ("unreviewedAICommits", .array(unreviewedAI.map { c in
                .object([("commit", .string(c.id.hex)), ("time", .string(Timestamp.iso8601(seconds: c.time, offsetMinutes: c.offsetMinutes))),
                         ("class", .string(c.klass.rawValue)), ("agents", .array(c.agents.map { .string($0) })),
                         ("review", .string(c.status.rawValue)), ("changedLines", .int(c.changedLines)), ("subject", .string(c.subject))])
            })),
        ])
    }
}
