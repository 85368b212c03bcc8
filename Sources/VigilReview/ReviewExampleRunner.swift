import VigilGit
import VigilProvenance
import VigilRules

/// Runs the examples written in `rules/review.yml`.
public enum ReviewExampleRunner {
    public struct Failure: Sendable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var problem: String
        public var description: String { "\(file):\(line): review example: \(problem)" }
    }

    public static func run(_ rules: RuleSet) -> (failures: [Failure], count: Int) {
        let classifier = ProvenanceClassifier(catalog: rules.agents)
        let evaluator = ReviewEvaluator(conventions: rules.review, catalog: rules.agents)
        var failures: [Failure] = []
        for example in rules.review.examples {
            let review = evaluate(example, classifier: classifier, evaluator: evaluator)
            var problems: [String] = []
            if review.status != example.expect {
                problems.append("expected \(example.expect.rawValue), got \(review.status.rawValue)")
            }
            if let expected = example.reviewers {
                let got = review.reviewers.map { $0.email.isEmpty ? $0.name : $0.email }
                if Set(got) != Set(expected) { problems.append("expected reviewers [\(expected.joined(separator: ", "))], got [\(got.joined(separator: ", "))]") }
            }
            if !problems.isEmpty {
                let why = review.evidence.map { "\($0.signal.rawValue) '\($0.text)'\($0.discount.map { " (\($0.rawValue))" } ?? "")" }.joined(separator: "; ")
                failures.append(Failure(file: example.file, line: example.line,
                                        problem: problems.joined(separator: "; ") + (why.isEmpty ? "" : " (evidence: \(why))")))
            }
        }
        return (failures, rules.review.examples.count)
    }

    static func evaluate(_ example: ReviewConventions.Example, classifier: ProvenanceClassifier, evaluator: ReviewEvaluator) -> Review {
        let author = example.author.flatMap(Identity.init(parsing:)) ?? Identity(name: "A U Thor", email: "author@example.com")
        let committer = example.committer.flatMap(Identity.init(parsing:)) ?? author
        let commit = Commit(id: ObjectID(hex: String(repeating: "0", count: 40))!, parents: [], author: author, committer: committer,
                            message: example.message, trailers: Trailer.parse(message: example.message))
        let merged = example.mergedBy.map { merge -> [MergeApproval] in
            let merger = Identity(parsing: merge.author) ?? Identity(name: merge.author, email: "")
            let subject = String(merge.message.prefix { $0 != "\n" })
            return [MergeApproval(merge: ObjectID(hex: String(repeating: "1", count: 40))!, merger: merger, subject: subject)]
        } ?? []
        return evaluator.evaluate(commit, provenance: classifier.classify(commit), mergedBy: merged)
    }
}
