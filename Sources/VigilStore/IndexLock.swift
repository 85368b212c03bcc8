import Foundation

/// An advisory lock beside the database (`index.sqlite.lock`) held for the whole of an index run,
/// so a second run waits for the first instead of scanning the same commits twice. SQLite's own
/// locking already keeps the file consistent; this only saves the duplicate work.
final class IndexLock {
    private let descriptor: Int32

    /// Takes the lock, calling `waiting` once if another process holds it.
    init(databasePath: String, waiting: () -> Void) throws {
        let path = databasePath + ".lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw IndexError("\(path): cannot open lock file: \(String(cString: strerror(errno)))") }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            waiting()
            guard flock(descriptor, LOCK_EX) == 0 else {
                close(descriptor)
                throw IndexError("\(path): cannot lock: \(String(cString: strerror(errno)))")
            }
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
