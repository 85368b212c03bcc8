import VigilGit
import VigilRules

/// Runs the examples written beside each agent signature, so a rule file is its own test.
public enum SignatureExampleRunner {
    public struct Failure: Sendable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var agent: String
        public var problem: String
        public var description: String { "\(file):\(line): agent '\(agent)' example: \(problem)" }
    }

    /// Every example of every signature, classified against the whole catalog.
    /// Returns the failures and the number of examples run.
    public static func run(_ catalog: AgentCatalog) -> (failures: [Failure], count: Int) {
        let classifier = ProvenanceClassifier(catalog: catalog)
        var failures: [Failure] = []
        var count = 0
        for signature in catalog.signatures {
            for example in signature.examples {
                count += 1
                let result = classify(example, with: classifier)
                let expectedAgents = example.agents ?? (example.expect.isAIMade ? [signature.id] : [])
                var problems: [String] = []
                if result.class != example.expect {
                    problems.append("expected \(example.expect.rawValue), got \(result.class.rawValue)")
                }
                if Set(result.agents) != Set(expectedAgents) {
                    problems.append("expected agents [\(expectedAgents.joined(separator: ", "))], got [\(result.agents.joined(separator: ", "))]")
                }
                if !problems.isEmpty {
                    let why = result.evidence.map { "\($0.signal.rawValue) '\($0.text)' -> \($0.agent)" }.joined(separator: "; ")
                    failures.append(Failure(file: example.file, line: example.line, agent: signature.id,
                                            problem: problems.joined(separator: "; ") + (why.isEmpty ? "" : " (evidence: \(why))")))
                }
            }
        }
        return (failures, count)
    }

    /// Classifies an example as if it were a commit.
    public static func classify(_ example: AgentSignature.Example, with classifier: ProvenanceClassifier) -> Provenance {
        let author = example.author.flatMap(Identity.init(parsing:)) ?? Identity(name: "A U Thor", email: "author@example.com")
        let committer = example.committer.flatMap(Identity.init(parsing:)) ?? author
        let commit = Commit(id: ObjectID(hex: String(repeating: "0", count: 40))!, parents: [],
                            author: author, committer: committer,
                            message: example.message, trailers: Trailer.parse(message: example.message))
        let notes = example.note.map { [$0.ref: $0.text] } ?? [:]
        return classifier.classify(commit, notes: notes)
    }
}
