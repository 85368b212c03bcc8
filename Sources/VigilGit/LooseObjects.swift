import CLibgit2
import CZlib
import Foundation
import VigilModel

/// The repository's loose objects (`objects/ab/cdef…` files), read in Swift.
///
/// libgit2 1.5 loops forever inflating a truncated loose object (git itself says "header too
/// long"); a push's quarantine holds its new objects loose, so the gate meets them first. vigil
/// therefore reads every loose object it knows of itself: the whole file, inflated with a bound
/// on the output, its header checked, its content hashed against its id. Packed objects, and
/// loose ones written after the repository was opened, stay with libgit2.
struct LooseObjects {
    /// Where each loose object's file is, from every object directory of the repository.
    private let paths: [ObjectID: String]

    init(directories: [String]) {
        var paths: [ObjectID: String] = [:]
        let hex = Set("0123456789abcdef")
        for directory in directories {
            guard let fanout = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
            for prefix in fanout where prefix.count == 2 && prefix.allSatisfy({ hex.contains($0) }) {
                let subdirectory = directory + "/" + prefix
                for name in (try? FileManager.default.contentsOfDirectory(atPath: subdirectory)) ?? [] where name.count == 38 {
                    if let id = ObjectID(hex: prefix + name), paths[id] == nil { paths[id] = subdirectory + "/" + name }
                }
            }
        }
        self.paths = paths
    }

    var isEmpty: Bool { paths.isEmpty }

    func contains(_ id: ObjectID) -> Bool { paths[id] != nil }

    /// The object, or nil when it is not loose (a packed object).
    func read(_ id: ObjectID) throws -> (type: ObjectType, content: [UInt8])? {
        guard let path = paths[id] else { return nil }
        guard let compressed = FileManager.default.contents(atPath: path) else {
            throw GitError(.notFound, "loose object \(id.hex) (\(path)) cannot be read")
        }
        let inflated = try Self.inflate(Array(compressed), id: id, path: path)
        // The header: `<type> <size>\0`, at most 32 bytes, as git requires.
        guard let nul = inflated.prefix(32).firstIndex(of: 0) else {
            throw GitError(.corrupt, "loose object \(id.hex) (\(path)) is corrupt: header too long or missing")
        }
        let header = String(decoding: inflated[..<nul], as: UTF8.self).split(separator: " ")
        guard header.count == 2, let size = Int(header[1]) else {
            throw GitError(.corrupt, "loose object \(id.hex) (\(path)) is corrupt: bad header")
        }
        let type: ObjectType
        switch header[0] {
        case "commit": type = .commit
        case "tree": type = .tree
        case "blob": type = .blob
        case "tag": type = .tag
        default: throw GitError(.corrupt, "loose object \(id.hex) (\(path)) is corrupt: unknown type '\(header[0])'")
        }
        let content = Array(inflated[(nul + 1)...])
        guard content.count == size else {
            throw GitError(.corrupt, "loose object \(id.hex) (\(path)) is corrupt: \(content.count) bytes, the header says \(size)")
        }
        try Self.verify(content, type: type, id: id, path: path)
        return (type, content)
    }

    /// Inflates a whole zlib stream; a stream that ends early, or that would inflate past a sane
    /// bound, is an error naming the object (never a loop).
    static func inflate(_ input: [UInt8], id: ObjectID, path: String) throws -> [UInt8] {
        var stream = z_stream()
        guard vigil_inflate_init(&stream) == Z_OK else { throw GitError(.other, "cannot start zlib for \(id.hex)") }
        defer { inflateEnd(&stream) }
        // A loose object cannot inflate to more than ~1032x its compressed size (zlib's limit).
        let bound = max(4096, input.count * 1100)
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var status: Int32 = Z_OK
        try input.withUnsafeBufferPointer { inputBuffer in
            stream.next_in = UnsafeMutablePointer(mutating: inputBuffer.baseAddress)
            stream.avail_in = uInt(inputBuffer.count)
            while status != Z_STREAM_END {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return out.count - Int(stream.avail_out)
                }
                output += chunk[..<produced]
                if status == Z_STREAM_END { break }
                guard status == Z_OK else {
                    throw GitError(.corrupt, "loose object \(id.hex) (\(path)) is corrupt: "
                                   + (status == Z_BUF_ERROR ? "the file ends inside its data" : "zlib error \(status)"))
                }
                if produced == 0 && stream.avail_in == 0 {
                    throw GitError(.corrupt, "loose object \(id.hex) (\(path)) is corrupt: the file ends inside its data")
                }
                if output.count > bound { throw GitError(.corrupt, "loose object \(id.hex) (\(path)) is corrupt: inflates too far") }
            }
        }
        return output
    }

    /// The object's id must be the hash of what it holds.
    static func verify(_ content: [UInt8], type: ObjectType, id: ObjectID, path: String) throws {
        guard let hashed = try ObjectID.hashing(content, as: type) else { return }
        guard hashed == id else {
            throw GitError(.corrupt, "loose object \(id.hex) (\(path)) is corrupt: its content hashes to \(hashed.hex)")
        }
    }
}
