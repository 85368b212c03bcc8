/// Who or what made a commit.
///
/// Ordered by precedence: when signals disagree, the higher class wins (`ai` > `assisted` > `bot` > `human`).
public enum ProvenanceClass: String, Sendable, CaseIterable, Comparable, Codable {
    /// No AI or automation signal.
    case human
    /// Non-AI automation (dependency updaters, CI bots).
    case bot
    /// A human made the commit and credits an AI tool.
    case assisted
    /// An AI agent made the commit.
    case ai

    var precedence: Int {
        switch self {
        case .human: return 0
        case .bot: return 1
        case .assisted: return 2
        case .ai: return 3
        }
    }

    public static func < (lhs: ProvenanceClass, rhs: ProvenanceClass) -> Bool { lhs.precedence < rhs.precedence }

    /// True for `ai` and `assisted`: work an AI tool made or helped make.
    public var isAIMade: Bool { self == .ai || self == .assisted }

    /// The order classes are listed in output: most AI involvement first.
    public static let displayOrder: [ProvenanceClass] = [.ai, .assisted, .human, .bot]
}
