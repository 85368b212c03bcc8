/// What decided a commit's class: one matched signal.
public struct Evidence: Sendable, Hashable {
    public enum Signal: String, Sendable, CaseIterable {
        case author, committer, coauthor, trailer, marker, note
        /// A tool committed a person's own pending work (aider's committer-only ` (aider)` rename):
        /// the tool is named, the code is not its. Always implies `human`.
        case toolCommitted = "tool-committed"
    }

    public var signal: Signal
    /// The exact text that matched: an identity, a `Key: value` trailer, a message line, a note's line.
    public var text: String
    /// The id of the signature that matched (`claude-code`, `dependabot`...).
    public var agent: String
    /// The class this signal implies.
    public var implies: ProvenanceClass
    /// The pattern of the signature that matched, as written in the rule file.
    public var pattern: String

    public init(signal: Signal, text: String, agent: String, implies: ProvenanceClass, pattern: String) {
        self.signal = signal
        self.text = text
        self.agent = agent
        self.implies = implies
        self.pattern = pattern
    }
}

/// Who or what made a commit, and why vigil thinks so.
public struct Provenance: Sendable, Hashable {
    public var `class`: ProvenanceClass
    /// The AI agents involved (signature ids), in the order their evidence appears; bots are not listed.
    public var agents: [String]
    public var evidence: [Evidence]

    public init(class: ProvenanceClass, agents: [String], evidence: [Evidence]) {
        self.class = `class`
        self.agents = agents
        self.evidence = evidence
    }

    public static let human = Provenance(class: .human, agents: [], evidence: [])
}
