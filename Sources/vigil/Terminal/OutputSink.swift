import Foundation
import VigilModel
import VigilRender

/// Buffered text output to a file descriptor (stdout for results, or `-o FILE`). A failed write
/// (a full disk, a closed pipe) is remembered and reported by `finish()`, so a command never
/// claims success for output that was lost; a file is only put in place when all of it was
/// written (see `OutputFile`).
final class OutputSink: TextOutput {
    private let fd: Int32
    private let name: String
    private var buffer: [UInt8] = []
    private let flushThreshold = 64 * 1024
    private var failure: Int32?
    /// The file this sink writes, when it is not standard output.
    private var file: OutputFile.Opened?

    init(fileDescriptor: Int32, name: String) {
        self.fd = fileDescriptor
        self.name = name
        buffer.reserveCapacity(flushThreshold)
    }

    static func standardOutput() -> OutputSink { OutputSink(fileDescriptor: STDOUT_FILENO, name: "standard output") }

    /// A sink that writes `path` (replaced only when `finish()` succeeds).
    static func file(_ path: String, protecting protected: [OutputFile.Protected]) throws -> OutputSink {
        let opened = try OutputFile.open(path, protecting: protected)
        let sink = OutputSink(fileDescriptor: opened.fd, name: path)
        sink.file = opened
        return sink
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= flushThreshold { flush() }
    }

    func flush() {
        var offset = 0
        while offset < buffer.count && failure == nil {
            let written = buffer.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                failure = errno
                break
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered (and puts a file in place); throws when any write failed.
    func finish() throws {
        flush()
        if let failure {
            if let file {
                self.file = nil
                OutputFile.abandon(file)
                throw OutputFile.failure(name, failure)
            }
            throw CommandFailure(message: "cannot write to \(name): \(String(cString: strerror(failure)))", exitCode: ExitStatus.writeFailed)
        }
        if let file {
            self.file = nil
            try OutputFile.commit(file)
        }
    }

    /// A sink dropped before `finish()` (the command failed) leaves no half-written file.
    deinit {
        if let file {
            OutputFile.abandon(file)
        } else {
            flush()
        }
    }
}

extension TerminalStyle {
    /// For a file descriptor: colour only on a terminal, and never with `NO_COLOR` set or `TERM=dumb`.
    static func detect(fileDescriptor: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalStyle {
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

    /// The style for results on standard output.
    static var standardOutput: TerminalStyle { detect(fileDescriptor: STDOUT_FILENO) }
}

/// Diagnostics: one line on standard error, prefixed `vigil:`.
enum Diagnostics {
    static func note(_ text: String) { say("note: \(text)") }
    static func warn(_ text: String) { say("warning: \(text)") }
    /// One line; text that came from a repository (a path, a ref, a subject) cannot reach the
    /// terminal as control characters.
    static func say(_ text: String) { FileHandle.standardError.write(Data("vigil: \(SafeText.terminal(text))\n".utf8)) }
}
