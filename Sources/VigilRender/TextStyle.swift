import VigilModel

/// What the reader's screen can show: colour or not, and its width when known. The commands
/// decide it (colour only on a terminal, never with `NO_COLOR`); renderers only follow it.
public struct TerminalStyle: Sendable {
    public var colour: Bool
    public var width: Int?

    public init(colour: Bool, width: Int?) {
        self.colour = colour
        self.width = width
    }

    public static let plain = TerminalStyle(colour: false, width: nil)

    public enum Colour: String, Sendable { case red = "31", green = "32", yellow = "33", blue = "34", magenta = "35", cyan = "36", dim = "2", bold = "1" }

    public func paint(_ text: String, _ colour: Colour) -> String {
        self.colour ? "\u{1B}[\(colour.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// The table colour of a severity: red for high and critical, yellow for medium.
    public static func colour(for severity: Severity) -> Colour {
        switch severity {
        case .critical, .high: return .red
        case .medium: return .yellow
        case .low: return .dim
        }
    }

    /// The table colour of a provenance class.
    public static func colour(for klass: ProvenanceClass) -> Colour {
        switch klass {
        case .ai: return .magenta
        case .assisted: return .yellow
        case .bot: return .cyan
        case .human: return .green
        }
    }
}

/// Where streamed output goes (the command's buffered stdout, a file, a string in tests).
public protocol TextOutput: AnyObject {
    func write(_ text: String)
}

/// Output collected in memory.
public final class StringOutput: TextOutput {
    public private(set) var text = ""
    public init() {}
    public func write(_ text: String) { self.text += text }
}

extension String {
    /// The text left-aligned in a column of `width`, with at least one space after it.
    public func padded(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}

/// Percentages as vigil prints them (one decimal).
public enum Percent {
    public static func format(_ share: Double) -> String {
        let tenths = (share * 1000).rounded() / 10
        return "\(tenths)%"
    }
}

/// The version vigil reports (`--version`, SARIF's tool).
public enum VigilBuild {
    public static let version = "0.2.0"
}
