import Foundation

/// Progress on stderr for long runs, only when stderr is a terminal: commits done, total, rate.
final class ProgressReporter {
    private let enabled: Bool
    private var start = Date()
    private var lastDraw = Date.distantPast
    private var drew = false
    private var label: String

    init(label: String, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.label = label
        self.enabled = enabled
    }

    func update(done: Int, total: Int) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.2 || done == total else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(start), 0.001)
        let rate = Int(Double(done) / elapsed)
        FileHandle.standardError.write(Data("\r\u{1B}[K\(label): \(done)/\(total) commits, \(rate)/s".utf8))
        drew = true
    }

    func finish() {
        guard enabled, drew else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    /// Clears the line and starts counting a new phase (its own total and rate) under `label`.
    func restart(label: String) {
        finish()
        self.label = label
        start = Date()
        lastDraw = .distantPast
    }
}
