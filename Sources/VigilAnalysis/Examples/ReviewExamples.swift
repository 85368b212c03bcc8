import VigilModel
import VigilRules

extension RuleExample {
    /// The examples of `rules/review.yml`.
    public static func reviewExamples(_ rules: RuleSet) -> [RuleExample] {
        rules.review.examples.map { example in
            RuleExample(kind: .review, owner: "review", file: example.file, line: example.line) {
                let review = evaluate(example, rules: rules)
                var problems: [String] = []
                if review.status != example.expect {
                    problems.append("expected \(example.expect.rawValue), got \(review.status.rawValue)")
                }
                if let expected = example.reviewers {
                    let got = review.reviewers.map { $0.email.isEmpty ? $0.name : $0.email }
                    if Set(got) != Set(expected) {
                        problems.append("expected reviewers [\(expected.joined(separator: ", "))], got [\(got.joined(separator: ", "))]")
                    }
                }
                guard !problems.isEmpty else { return nil }
                let why = review.evidence.map { "\($0.signal.rawValue) '\($0.text)'\($0.discount.map { " (\($0.rawValue))" } ?? "")" }
                    .joined(separator: "; ")
                return problems.joined(separator: "; ") + (why.isEmpty ? "" : " (evidence: \(why))")
            }
        }
    }

    static func evaluate(_ example: ReviewConventions.Example, rules: RuleSet) -> Review {
        let commit = commit(author: example.author, committer: example.committer, message: example.message)
        let merged = example.mergedBy.map { merge -> [MergeApproval] in
            let merger = Identity(parsing: merge.author) ?? Identity(name: merge.author, email: "")
            let subject = String(merge.message.prefix { $0 != "\n" })
            return [MergeApproval(merge: ObjectID(hex: String(repeating: "1", count: 40))!, merger: merger, subject: subject)]
        } ?? []
        let provenance = ProvenanceClassifier(catalog: rules.agents).classify(commit)
        return ReviewEvaluator(conventions: rules.review, catalog: rules.agents).evaluate(commit, provenance: provenance, mergedBy: merged)
    }
}
