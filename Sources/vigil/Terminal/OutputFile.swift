import Foundation

/// Writing a result to `-o FILE`, safely: a regular file is replaced atomically (a temporary
/// file in the same directory, then a rename, so a reader never sees half a report and a failed
/// write leaves the old file); anything else (a character device, a FIFO, `-o >(cmd)`) is opened
/// for writing as it is, never replaced. Paths vigil itself depends on are refused.
enum OutputFile {
    /// Why `path` must not be written: it is (or is inside) one of `protected`.
    struct Protected {
        var path: String
        var what: String
    }

    static func write(_ text: String, to path: String, protecting protected: [Protected]) throws {
        let target = resolved(path)
        for item in protected {
            let guarded = resolved(item.path)
            if target == guarded || target.hasPrefix(guarded.hasSuffix("/") ? guarded : guarded + "/") {
                throw CommandFailure(message: "\(path): refusing to write over \(item.what)", exitCode: ExitStatus.badInput)
            }
        }
        var status = stat()
        if stat(path, &status) == 0 && (status.st_mode & S_IFMT) != S_IFREG {
            if (status.st_mode & S_IFMT) == S_IFDIR {
                throw CommandFailure(message: "\(path): is a directory", exitCode: ExitStatus.badInput)
            }
            try writeInPlace(text, to: path)
            return
        }
        try replaceAtomically(text, at: path)
    }

    /// The path with symbolic links and `..` resolved (its directory's, when it does not exist yet).
    static func resolved(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        if FileManager.default.fileExists(atPath: url.path) { return url.resolvingSymlinksInPath().path }
        return url.deletingLastPathComponent().resolvingSymlinksInPath().appendingPathComponent(url.lastPathComponent).path
    }

    private static func writeInPlace(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, errno) }
        defer { close(fd) }
        try writeAll(text, fd: fd, path: path)
    }

    private static func replaceAtomically(_ text: String, at path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var template = Array("\(directory)/.\(url.lastPathComponent).vigil-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failure(path, errno) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var done = false
        defer {
            close(fd)
            if !done { unlink(temporary) }
        }
        // A report is for people to read: the usual mode, not mkstemp's private 0600.
        fchmod(fd, 0o644)
        try writeAll(text, fd: fd, path: path)
        guard fsync(fd) == 0 else { throw failure(path, errno) }
        guard rename(temporary, path) == 0 else { throw failure(path, errno) }
        done = true
    }

    private static func writeAll(_ text: String, fd: Int32, path: String) throws {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw failure(path, errno)
            }
            bytes = bytes.dropFirst(written)
        }
    }

    static func failure(_ path: String, _ code: Int32) -> CommandFailure {
        CommandFailure(message: "\(path): cannot write: \(String(cString: strerror(code)))", exitCode: ExitStatus.writeFailed)
    }
}
