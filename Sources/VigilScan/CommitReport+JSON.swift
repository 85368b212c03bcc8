import VigilGit
import VigilProvenance
import VigilReview
import VigilRisk
import VigilRules

extension Identity {
    public var json: JSONValue {
        .object([("name", .string(name)), ("email", .string(email)),
                  ("time", .string(Timestamp.iso8601(seconds: time, offsetMinutes: offsetMinutes)))])
    }
}

extension Provenance {
    public var json: JSONValue {
        .object([
            ("class", .string(self.class.rawValue)),
            ("agents", .array(agents.map { .string($0) })),
            ("evidence", .array(evidence.map { item in
                .object([("signal", .string(item.signal.rawValue)), ("text", .string(item.text)),
                         ("agent", .string(item.agent)), ("class", .string(item.implies.rawValue)),
                         ("pattern", .string(item.pattern))])
            })),
        ])
    }
}

extension Review {
    public var json: JSONValue {
        .object([
            ("status", .string(status.rawValue)),
            ("reviewers", .array(reviewers.map { .object([("name", .string($0.name)), ("email", .string($0.email))]) })),
            ("evidence", .array(evidence.map { item in
                var fields: [(String, JSONValue)] = [("signal", .string(item.signal.rawValue)), ("text", .string(item.text))]
                if let approver = item.approver { fields.append(("approver", .object([("name", .string(approver.name)), ("email", .string(approver.email))]))) }
                fields.append(("counts", .bool(item.counts)))
                if let discount = item.discount { fields.append(("discount", .string(discount.rawValue))) }
                return .object(fields)
            })),
        ])
    }
}

extension RiskFlag {
    public var json: JSONValue {
        .object([
            ("rule", .string(rule)), ("category", .string(category.rawValue)), ("severity", .string(severity.rawValue)),
            ("path", .string(path)), ("line", .int(line)), ("side", .string(side.rawValue)),
            ("excerpt", .string(excerpt)), ("message", .string(message)), ("fingerprint", .string(fingerprint)),
        ])
    }
}

extension DiffStats {
    public var json: JSONValue {
        .object([
            ("files", .int(files)), ("added", .int(added)), ("removed", .int(removed)),
            ("binary", .int(binaryFiles)), ("renamed", .int(renamedFiles)),
            ("complete", .bool(isComplete)),
            ("unreadable", .array(unreadablePaths.map { .string($0) })),
        ])
    }
}

extension CommitReport {
    /// The commit's JSON object, in the order README documents.
    public var json: JSONValue {
        var fields: [(String, JSONValue)] = [
            ("commit", .string(commit.id.hex)),
            ("parents", .array(commit.parents.map { .string($0.hex) })),
            ("author", commit.author.json),
            ("committer", commit.committer.json),
            ("subject", .string(commit.subject)),
            ("provenance", provenance.json),
            ("review", review.json),
            ("flags", .array(flags.map(\.json))),
            ("stats", stats?.json ?? .null),
        ]
        if !skipped.isEmpty {
            fields.append(("skipped", .array(skipped.map { .object([("path", .string($0.path)), ("reason", .string($0.reason))]) })))
        }
        if let encoding = commit.messageEncoding { fields.append(("messageEncoding", .string(encoding))) }
        if !problems.isEmpty { fields.append(("problems", .array(problems.map { .string($0) }))) }
        return .object(fields)
    }
}

extension ScanSummary {
    public var json: JSONValue {
        let classes: [(String, JSONValue)] = ProvenanceClassOrder.all.map { ($0.rawValue, .int(byClass[$0] ?? 0)) }
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
            ("flaggedCommits", .int(flaggedCommits)),
            ("flags", .int(flags)),
            ("flagsByCategory", .object(RiskCategory.allCases.map { ($0.rawValue, .int(flagsByCategory[$0] ?? 0)) })),
            ("flagsBySeverity", .object(Severity.allCases.reversed().map { ($0.rawValue, .int(flagsBySeverity[$0] ?? 0)) })),
            ("suppressedFlags", .int(suppressedFlags)),
        ])
    }

    private func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}
