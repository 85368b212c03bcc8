import VigilModel
import VigilRules

extension RuleExample {
    /// Each agent signature's examples, classified against the whole catalog (so an example also
    /// proves that no other signature steals its commit).
    public static func agentExamples(_ catalog: AgentCatalog) -> [RuleExample] {
        catalog.signatures.flatMap { signature in
            signature.examples.map { example in
                RuleExample(kind: .agent, owner: signature.id, file: example.file, line: example.line) {
                    let result = classify(example, catalog: catalog)
                    let expectedAgents = example.agents ?? (example.expect.isAIMade ? [signature.id] : [])
                    var problems: [String] = []
                    if result.class != example.expect {
                        problems.append("expected \(example.expect.rawValue), got \(result.class.rawValue)")
                    }
                    if Set(result.agents) != Set(expectedAgents) {
                        problems.append("expected agents [\(expectedAgents.joined(separator: ", "))], got [\(result.agents.joined(separator: ", "))]")
                    }
                    let seen = Set(result.evidence.map(\.signal))
                    for signal in example.signals ?? [] where !seen.contains(signal) {
                        problems.append("expected \(signal.rawValue) evidence")
                    }
                    guard !problems.isEmpty else { return nil }
                    let why = result.evidence.map { "\($0.signal.rawValue) '\($0.text)' -> \($0.agent)" }.joined(separator: "; ")
                    return problems.joined(separator: "; ") + (why.isEmpty ? "" : " (evidence: \(why))")
                }
            }
        }
    }

    /// Classifies an example as if it were a commit.
    public static func classify(_ example: AgentSignature.Example, catalog: AgentCatalog) -> Provenance {
        let commit = commit(author: example.author, committer: example.committer, message: example.message, authoredAt: example.authoredAt ?? 0)
        let notes = example.note.map { [$0.ref: $0.text] } ?? [:]
        return ProvenanceClassifier(catalog: catalog).classify(commit, notes: notes)
    }
}
