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

    /// What an identity says in one role (`as:` in the rule file).
    public enum Meaning: Sendable, Hashable {
        /// Evidence implying this class (`ai`, `assisted`, `bot`, `human`).
        case implies(ProvenanceClass)
        /// `tool-committed`: the tool committed a person's own work. Evidence of that name, class `human`.
        case toolCommitted
        /// `none`: the identity is this signature's, and no signal in this role; later signatures
        /// are not tried (a shared address whose name tells automation from the agent).
        case nothing

        /// The words the rule file uses.
        public static func parse(_ text: String) -> Meaning? {
            switch text {
            case "tool-committed": return .toolCommitted
            case "none": return .nothing
            default: return ProvenanceClass(rawValue: text).map(Meaning.implies)
            }
        }
        public static let vocabulary = ProvenanceClass.allCases.map(\.rawValue) + ["tool-committed", "none"]
    }

    /// An identity the tool commits or co-authors under. Every given condition must hold.
    public struct IdentityMatcher: Sendable {
        /// Exact email, lowercased.
        public var email: String?
        public var emailPattern: Pattern?
        public var namePattern: Pattern?
        /// What this identity means in each role; a role absent here is no signal, and the next
        /// matching identity (of this or a later signature) is tried.
        public var roles: [Role: Meaning]
        /// Only commits authored before this time (Unix seconds, `before:` in the file): for an
        /// account whose job changed on a known date.
        public var authoredBefore: Int64?
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
        /// When set (`identity: coauthor`), a value written `Name <email>` is an identity, matched
        /// against the signatures in this role instead of by `value`: `Assisted-by: Jane <jane@…>`
        /// credits a person, `Assisted-by: … via Crush <crush@charm.land>` a tool.
        public var identityRole: Role?
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
        /// How the note is read.
        public enum Format: String, Sendable, CaseIterable {
            /// Free text, searched with `pattern`.
            case text
            /// git-ai's authorship log (`authorship/3.0.0`): the note counts when it attributes at
            /// least one line to an AI session, and names the tools it attributes lines to.
            case gitAI = "git-ai"
        }
        public var ref: String
        public var format: Format
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
        /// Signals the evidence must include (`tool-committed`, `note`...); nil checks none.
        public var signals: [Evidence.Signal]?
        /// The author time (Unix seconds, `date:` in the file); nil is 0.
        public var authoredAt: Int64?
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
