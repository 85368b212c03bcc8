import VigilModel
import VigilPatterns

/// How vigil recognises one AI tool or automation bot in git data (one entry of `rules/agents.yml`).
public struct AgentSignature: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// An AI coding tool.
        case agent
        /// Non-AI automation.
        case bot
    }

    /// Where an identity appears in a commit.
    public enum Role: String, Sendable, CaseIterable {
        case author, committer, coauthor
    }

    /// An identity the tool commits or co-authors under. Every given condition must hold.
    public struct IdentityMatcher: Sendable {
        /// Exact email, lowercased.
        public var email: String?
        public var emailPattern: Pattern?
        public var namePattern: Pattern?
        /// The class this identity implies in each role; a role absent here is no signal.
        public var roles: [Role: ProvenanceClass]
        public var line: Int

        /// The pattern text shown as evidence of a match.
        public var describedPattern: String {
            [email.map { "email \($0)" }, emailPattern.map { "email ~ \($0.source)" }, namePattern.map { "name ~ \($0.source)" }]
                .compactMap { $0 }.joined(separator: ", ")
        }
    }

    /// A trailer (`Key: value` in the message's last paragraph).
    public struct TrailerMatcher: Sendable {
        /// The key, lowercased (trailer keys match case-insensitively).
        public var key: String
        public var value: Pattern?
        public var implies: ProvenanceClass
        public var line: Int
    }

    /// A line of the message (the subject included, or only the subject). Compiled in multiline
    /// mode: `^` and `$` anchor at each line.
    public struct MarkerMatcher: Sendable {
        public var pattern: Pattern
        public var subjectOnly: Bool
        public var implies: ProvenanceClass
        public var line: Int
    }

    /// A git note on the commit under `ref`.
    public struct NoteMatcher: Sendable {
        public var ref: String
        public var pattern: Pattern?
        public var implies: ProvenanceClass
        public var line: Int
    }

    /// A commit, described in the rule file, that the signature set must classify as stated.
    public struct Example: Sendable {
        public var author: String?
        public var committer: String?
        public var message: String
        public var note: (ref: String, text: String)?
        public var expect: ProvenanceClass
        /// Expected agent ids; nil means "this signature's id" for ai/assisted and none otherwise.
        public var agents: [String]?
        public var file: String
        public var line: Int
    }

    public var id: String
    public var name: String
    public var kind: Kind
    /// Names a disclosure trailer may give this tool (`Assisted-by: Claude:...`).
    public var aliases: [Pattern]
    public var identities: [IdentityMatcher]
    public var trailers: [TrailerMatcher]
    public var markers: [MarkerMatcher]
    public var notes: [NoteMatcher]
    public var examples: [Example]
    public var file: String
    public var line: Int
}
