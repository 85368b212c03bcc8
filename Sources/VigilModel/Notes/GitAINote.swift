/// A git-ai authorship log: the note git-ai attaches to a commit under `refs/notes/ai`
/// (schema `authorship/3.0.0`). It says which lines of which files, as they stand in that commit,
/// an AI session wrote, which lines a known human wrote, and which tool and model each session was.
///
/// A claim, not proof: notes are unsigned and anyone who can push `refs/notes/ai` can write one.
public struct GitAINote: Sendable, Hashable {
    /// One attested file: its path at the commit and the line ranges each key claims.
    public struct File: Sendable, Hashable {
        public var path: String
        public var entries: [Entry]

        public init(path: String, entries: [Entry]) {
            self.path = path
            self.entries = entries
        }
    }

    /// `  <key> <ranges>`: the lines one session (or human) wrote, 1-based and inclusive.
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var ranges: [ClosedRange<Int>]

        public init(key: String, ranges: [ClosedRange<Int>]) {
            self.key = key
            self.ranges = ranges
        }

        public var lineCount: Int { ranges.reduce(0) { $0 + $1.count } }
    }

    /// The tool a session or prompt record names (`agent_id`).
    public struct Agent: Sendable, Hashable {
        public var tool: String
        public var model: String?
        /// The tool's own conversation id.
        public var id: String?

        public init(tool: String, model: String? = nil, id: String? = nil) {
            self.tool = tool
            self.model = model
            self.id = id
        }
    }

    /// Who a key says wrote its lines.
    public enum Attribution: Sendable, Hashable {
        /// An AI session (`s_…::t_…` through `sessions`) or a legacy prompt record (`prompts`).
        case ai(Agent)
        /// A known human (`h_…` through `humans`), by `Name <email>` when the note gives it.
        case human(String?)
        /// A key the note's metadata does not describe: claimed, by nobody the note names.
        case unknown
    }

    public static let schema = "authorship/3.0.0"

    public var schemaVersion: String
    public var gitAIVersion: String?
    /// The commit git-ai wrote the note for (older versions: its parent).
    public var baseCommit: String?
    public var files: [File]
    /// Session records by session id (`s_…`) and legacy prompt records by key.
    public var sessions: [String: Agent]
    public var prompts: [String: Agent]
    public var humans: [String: String?]

    public init(schemaVersion: String = GitAINote.schema, gitAIVersion: String? = nil, baseCommit: String? = nil, files: [File],
                sessions: [String: Agent] = [:], prompts: [String: Agent] = [:], humans: [String: String?] = [:]) {
        self.schemaVersion = schemaVersion
        self.gitAIVersion = gitAIVersion
        self.baseCommit = baseCommit
        self.files = files
        self.sessions = sessions
        self.prompts = prompts
        self.humans = humans
    }

    /// What `key` stands for, by git-ai's key forms: `s_<hash>::t_<hash>` is a session's
    /// checkpoint, `h_<hash>` a human, anything else a legacy prompt record.
    public func attribution(of key: String) -> Attribution {
        if let agent = prompts[key] { return .ai(agent) }
        if let session = key.split(separator: ":", maxSplits: 1).first, session.count < key.count,
           let agent = sessions[String(session)] { return .ai(agent) }
        if let agent = sessions[key] { return .ai(agent) }
        if let human = humans[key] { return .human(human) }
        return .unknown
    }

    /// The key and attribution the note gives line `line` (1-based) of `path`, or nil when the
    /// note says nothing about that line (git-ai calls it untracked: unknown, not human).
    public func attribution(path: String, line: Int) -> (key: String, attribution: Attribution)? {
        for file in files where file.path == path {
            for entry in file.entries where entry.ranges.contains(where: { $0.contains(line) }) {
                return (entry.key, attribution(of: entry.key))
            }
        }
        return nil
    }

    /// Lines attributed to AI sessions, per tool, in order of first appearance.
    public var aiLinesByTool: [(tool: String, models: [String], lines: Int)] {
        var order: [String] = []
        var lines: [String: Int] = [:]
        var models: [String: [String]] = [:]
        for file in files {
            for entry in file.entries {
                guard case .ai(let agent) = attribution(of: entry.key) else { continue }
                if lines[agent.tool] == nil { order.append(agent.tool) }
                lines[agent.tool, default: 0] += entry.lineCount
                if let model = agent.model, !(models[agent.tool] ?? []).contains(model) { models[agent.tool, default: []].append(model) }
            }
        }
        return order.map { ($0, models[$0] ?? [], lines[$0] ?? 0) }
    }
}
