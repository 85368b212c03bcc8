import VigilRules
import Foundation

/// Buffered text output to a file descriptor (stdout for results, stderr for diagnostics).
public final class OutputSink {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private let flushThreshold = 64 * 1024

    public init(fileDescriptor: Int32) {
        self.fd = fileDescriptor
        buffer.reserveCapacity(flushThreshold)
    }

    public static func standardOutput() -> OutputSink { OutputSink(fileDescriptor: STDOUT_FILENO) }

    public func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= flushThreshold { flush() }
    }

    public func flush() {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 { break }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    deinit { flush() }
}

/// What the terminal can show: whether output is a terminal, colour, width.
public struct TerminalStyle: Sendable {
    public var colour: Bool
    public var width: Int?

    public init(colour: Bool, width: Int?) {
        self.colour = colour
        self.width = width
    }

    /// For a file descriptor: colour only on a terminal, and never with `NO_COLOR` set or `TERM=dumb`.
    public static func detect(fileDescriptor: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalStyle {
        let tty = isatty(fileDescriptor) == 1
        let noColour = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let dumb = environment["TERM"] == "dumb"
        var width: Int?
        if tty {
            var size = winsize()
            if ioctl(fileDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { width = Int(size.ws_col) }
        }
        return TerminalStyle(colour: tty && !noColour && !dumb, width: width)
    }

    public static let plain = TerminalStyle(colour: false, width: nil)

    public enum Colour: String { case red = "31", green = "32", yellow = "33", blue = "34", magenta = "35", cyan = "36", dim = "2", bold = "1" }

    public func paint(_ text: String, _ colour: Colour) -> String {
        self.colour ? "\u{1B}[\(colour.rawValue)m\(text)\u{1B}[0m" : text
    }
}

/// Progress on stderr for long runs, only when stderr is a terminal: commits done, total, rate.
public final class ProgressReporter {
    private let enabled: Bool
    private var start = Date()
    private var lastDraw = Date.distantPast
    private var drew = false
    private var label: String

    public init(label: String, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.label = label
        self.enabled = enabled
    }

    public func update(done: Int, total: Int) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.2 || done == total else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(start), 0.001)
        let rate = Int(Double(done) / elapsed)
        FileHandle.standardError.write(Data("\r\u{1B}[K\(label): \(done)/\(total) commits, \(rate)/s".utf8))
        drew = true
    }

    public func finish() {
        guard enabled, drew else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    /// Clears the line and starts counting a new phase (its own total and rate) under `label`.
    public func restart(label: String) {
        finish()
        self.label = label
        start = Date()
        lastDraw = .distantPast
    }
}

extension TerminalStyle {
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

extension String {
    /// The text left-aligned in a column of `width`, with at least one space after it.
    public func padded(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
