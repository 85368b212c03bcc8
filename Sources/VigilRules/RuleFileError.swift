import VigilModel

/// A rule file that cannot be used, with the file and line at fault.
public struct RuleFileError: Error, CustomStringConvertible, Sendable, Equatable {
    public let file: String
    /// 1-based line, or 0 when the fault is the file as a whole.
    public let line: Int
    public let message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}
