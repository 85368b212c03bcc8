import Foundation

/// Runs work on its own thread while the calling thread waits with a deadline: when the time
/// runs out the caller decides (and ends the process) without ever interrupting the work from
/// another thread, so nothing calls `exit()` while the main thread is inside libgit2 or SQLite.
enum DeadlineRun {
    enum Outcome<T> {
        case finished(Result<T, Error>)
        case timedOut
    }

    static func run<T>(seconds: Double, _ work: @escaping () throws -> T) -> Outcome<T> {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let handOver = WorkHandOver(work)
        let thread = Thread {
            box.set(Result { try handOver.work() })
            done.signal()
        }
        // The scan's own workers need room; the gate thread only walks and waits.
        thread.stackSize = 8 << 20
        thread.start()
        guard done.wait(timeout: .now() + seconds) == .success, let result = box.get() else { return .timedOut }
        return .finished(result)
    }

    /// Ends the process now, with `status`, after flushing what was written: no exit handlers
    /// run, so none runs under a thread still inside a C library.
    static func endProcess(_ status: Int32) -> Never {
        fflush(nil)
        _exit(status)
    }
}

/// The work, handed to its thread.
private final class WorkHandOver<T>: @unchecked Sendable {
    // @unchecked: the calling thread gives the work away and never touches it (or what it
    // captures) again, whether it finishes in time or not.
    let work: () throws -> T
    init(_ work: @escaping () throws -> T) { self.work = work }
}

/// One result, written by the worker thread and read by the waiting one.
private final class ResultBox<T>: @unchecked Sendable {
    // @unchecked: every access holds `lock`.
    private let lock = NSLock()
    private var value: Result<T, Error>?

    func set(_ result: Result<T, Error>) { lock.withLock { value = result } }
    func get() -> Result<T, Error>? { lock.withLock { value } }
}
