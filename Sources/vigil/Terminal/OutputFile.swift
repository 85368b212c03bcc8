import Foundation

/// Where `-o FILE` writes, safely: a regular file is replaced atomically (a temporary file in the
/// same directory, renamed over it when the output is complete, so a reader never sees half a
/// report and a failed run leaves the old file); anything else (a character device, a FIFO,
/// `-o >(cmd)`) is opened for writing as it is, never replaced. Paths vigil itself depends on
/// are refused.
enum OutputFile {
    /// Why `path` must not be written: it is (or is inside) one of `protected`.
    struct Protected {
        var path: String
        var what: String
    }

    /// An open destination: the descriptor to write, and the temporary file to rename over
    /// `path` once everything is written (nil when writing in place).
    struct Opened {
        var fd: Int32
        var path: String
        var temporary: String?
    }

    static func open(_ path: String, protecting protected: [Protected]) throws -> Opened {
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
            let fd = Foundation.open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw failure(path, errno) }
            return Opened(fd: fd, path: path, temporary: nil)
        }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var template = Array("\(directory)/.\(url.lastPathComponent).vigil-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failure(path, errno) }
        // A report is for people to read: the usual mode, not mkstemp's private 0600.
        fchmod(fd, 0o644)
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return Opened(fd: fd, path: path, temporary: temporary)
    }

    /// Everything is written: the temporary file reaches the disk and takes the path's place.
    static func commit(_ opened: Opened) throws {
        defer { close(opened.fd) }
        guard let temporary = opened.temporary else { return }
        guard fsync(opened.fd) == 0, rename(temporary, opened.path) == 0 else {
            let code = errno
            unlink(temporary)
            throw failure(opened.path, code)
        }
    }

    /// The output is not complete (a failed write, an error before the end): the old file stays.
    static func abandon(_ opened: Opened) {
        close(opened.fd)
        if let temporary = opened.temporary { unlink(temporary) }
    }

    /// Writes `text` to `path` in one go.
    static func write(_ text: String, to path: String, protecting protected: [Protected]) throws {
        let sink = try OutputSink.file(path, protecting: protected)
        sink.write(text)
        try sink.finish()
    }

    /// The path with symbolic links and `..` resolved (its directory's, when it does not exist yet).
    static func resolved(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        if FileManager.default.fileExists(atPath: url.path) { return url.resolvingSymlinksInPath().path }
        return url.deletingLastPathComponent().resolvingSymlinksInPath().appendingPathComponent(url.lastPathComponent).path
    }

    static func failure(_ path: String, _ code: Int32) -> CommandFailure {
        CommandFailure(message: "\(path): cannot write: \(String(cString: strerror(code)))", exitCode: ExitStatus.writeFailed)
    }
}
