import VigilModel
import VigilRules

/// One example written in a rule file, runnable on its own: a rule file is its own test. The test
/// suite runs each as a test of its own (a failure names the file and line); `vigil rules test`
/// runs them all.
public struct RuleExample: Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case agent, review, risk }

    public let kind: Kind
    /// The rule the example belongs to (an agent id, a risk rule id, `review`).
    public let owner: String
    public let file: String
    public let line: Int
    private let check: @Sendable () -> String?

    init(kind: Kind, owner: String, file: String, line: Int, check: @escaping @Sendable () -> String?) {
        self.kind = kind
        self.owner = owner
        self.file = file
        self.line = line
        self.check = check
    }

    /// Nil when the rules do what the example says; otherwise what they did instead.
    public func run() -> String? { check() }

    public var description: String { "\(file):\(line): \(kind.rawValue) '\(owner)'" }

    /// Every example of every rule in `rules`, in file order.
    public static func all(in rules: RuleSet) -> [RuleExample] {
        agentExamples(rules.agents) + reviewExamples(rules) + riskExamples(rules.risk)
    }

    /// A commit built from an example's text, with the placeholder identities examples share.
    static func commit(author: String?, committer: String?, message: String, authoredAt: Int64 = 0) -> Commit {
        var author = author.flatMap(Identity.init(parsing:)) ?? Identity(name: "A U Thor", email: "author@example.com")
        author.time = authoredAt
        var committer = committer.flatMap(Identity.init(parsing:)) ?? author
        committer.time = authoredAt
        return Commit(id: .zero, parents: [], author: author, committer: committer, message: message)
    }
}

/// The result of running many examples.
public struct RuleExampleRun: Sendable {
    public var count = 0
    public var failures: [(example: RuleExample, problem: String)] = []

    public init(_ examples: [RuleExample]) {
        for example in examples {
            count += 1
            if let problem = example.run() { failures.append((example, problem)) }
        }
    }
}
