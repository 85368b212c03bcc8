import Crypto
import VigilModel

/// git's `patch-id --verbatim` (stable, white space kept) of a diff, fed file by file in the form
/// `git diff-tree -p --full-index` prints: each file's header and hunk lines go into one SHA-1,
/// the files' digests are summed as little-endian integers (so file order does not matter), and
/// `index` and `@@` lines are left out (line numbers do not matter). A file with no hunks (a mode
/// change, an empty file) shares the next file's digest, as in git.
struct VerbatimPatchID {
    private var current = Insecure.SHA1()
    private var sum = [UInt8](repeating: 0, count: 20)
    private var length = 0
    private var previousHadHunks = false

    /// Starts a file: `diff --git` and the mode lines.
    mutating func startFile(_ header: [UInt8]) {
        if previousHadHunks { flush() }
        previousHadHunks = false
        update(header)
    }

    /// The `---`/`+++` lines and the hunks of the file just started (call only when it has hunks).
    mutating func hunks(_ bytes: [UInt8]) {
        update(bytes)
        previousHadHunks = true
    }

    private mutating func update(_ bytes: [UInt8]) {
        current.update(data: bytes)
        length += bytes.count
    }

    private mutating func flush() {
        let digest = Array(current.finalize())
        current = Insecure.SHA1()
        var carry: UInt16 = 0
        for i in 0..<20 {
            carry += UInt16(sum[i]) + UInt16(digest[i])
            sum[i] = UInt8(carry & 0xFF)
            carry >>= 8
        }
    }

    /// The patch id, or nil for an empty diff (git prints none).
    mutating func finish() -> String? {
        guard length > 0 else { return nil }
        flush()
        return sum.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }
}

extension DiffReader {
    /// What an approval of a commit binds to (see `ChangeBinding`): the verbatim patch id of its
    /// diff against its one parent (or the empty tree), or, for a merge, a diff with a binary
    /// file or an empty diff, the parents' trees and its tree. Content that cannot be read is an
    /// error: an approval is never checked against a guess.
    public func changeBinding(tree: ObjectID, parentTrees: [ObjectID]) throws -> ChangeBinding {
        let byTrees = ChangeBinding.trees(parents: parentTrees, tree: tree)
        guard parentTrees.count <= 1 else { return byTrees }
        let (changes, unreadable) = try self.changes(tree: tree, parentTree: parentTrees.first, pairRenames: false)
        if let tree = unreadable.first { throw GitError(.notFound, "cannot read the tree at \(tree.path): \(tree.reason)") }
        var id = VerbatimPatchID()
        for side in Self.gitOrder(changes) {
            var header = Array("diff --git \(GitPath.quoted("a/", side.path)) \(GitPath.quoted("b/", side.path))\n".utf8)
            switch side.kind {
            case .added: header += Array("new file mode \(Self.octal(side.newMode))\n".utf8)
            case .deleted: header += Array("deleted file mode \(Self.octal(side.oldMode))\n".utf8)
            case .modified where side.oldMode != side.newMode:
                header += Array("old mode \(Self.octal(side.oldMode))\nnew mode \(Self.octal(side.newMode))\n".utf8)
            case .modified: break
            }
            id.startFile(header)
            guard side.oldID != side.newID else { continue }
            guard let (old, new) = try contents(of: side) else { return byTrees }
            let patch = try Patch(old: old, new: new, contextLines: 3, path: side.path, indentHeuristic: true)
            guard patch.hunkCount > 0 else { continue }
            let minus = side.kind == .added ? "/dev/null" : GitPath.quoted("a/", side.path)
            let plus = side.kind == .deleted ? "/dev/null" : GitPath.quoted("b/", side.path)
            var bytes = Array("--- \(minus)\(minus.contains(" ") ? "\t" : "")\n+++ \(plus)\(plus.contains(" ") ? "\t" : "")\n".utf8)
            patch.forEachRawLine { origin, content in
                switch origin {
                case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: " "):
                    bytes.append(origin)
                    bytes += content
                default:
                    // "\n\\ No newline at end of file\n": ends the line before it, then the mark.
                    bytes += content
                }
            }
            id.hunks(bytes)
        }
        return id.finish().map(ChangeBinding.patchID) ?? byTrees
    }

    /// One side of git's plain (no rename detection) diff: a change of kind is a deletion then an addition.
    struct PatchSide {
        enum Kind { case added, deleted, modified }
        var kind: Kind
        var path: String
        var oldID: ObjectID?
        var newID: ObjectID?
        var oldMode: UInt32
        var newMode: UInt32
    }

    static func gitOrder(_ changes: [FileChange]) -> [PatchSide] {
        var sides: [PatchSide] = []
        for change in changes {
            switch change.status {
            case .added:
                sides.append(PatchSide(kind: .added, path: change.path, oldID: nil, newID: change.newID, oldMode: 0, newMode: change.newMode))
            case .deleted:
                sides.append(PatchSide(kind: .deleted, path: change.path, oldID: change.oldID, newID: nil, oldMode: change.oldMode, newMode: 0))
            case .modified:
                sides.append(PatchSide(kind: .modified, path: change.path, oldID: change.oldID, newID: change.newID,
                                       oldMode: change.oldMode, newMode: change.newMode))
            case .typeChanged, .renamed:
                sides.append(PatchSide(kind: .deleted, path: change.oldPath ?? change.path, oldID: change.oldID, newID: nil,
                                       oldMode: change.oldMode, newMode: 0))
                sides.append(PatchSide(kind: .added, path: change.path, oldID: nil, newID: change.newID, oldMode: 0, newMode: change.newMode))
            }
        }
        // git's queue is in path order (byte order of full paths); a deletion before an addition.
        return sides.enumerated().sorted { a, b in
            let (pa, pb) = (Array(a.element.path.utf8), Array(b.element.path.utf8))
            if pa != pb { return pa.lexicographicallyPrecedes(pb) }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// Both sides' bytes (a submodule as git prints it), or nil when a side is binary.
    private func contents(of side: PatchSide) throws -> ([UInt8]?, [UInt8]?)? {
        func read(_ id: ObjectID?, mode: UInt32) throws -> [UInt8]? {
            guard let id else { return nil }
            if mode & 0o170000 == 0o160000 { return Array("Subproject commit \(id.hex)\n".utf8) }
            switch try blob(id) {
            case .bytes(let bytes): return bytes
            case .tooLarge, .unreadable: throw GitError(.notFound, "object \(id.hex) is missing from the repository")
            }
        }
        let old = try read(side.oldID, mode: side.oldMode), new = try read(side.newID, mode: side.newMode)
        if let old, Self.isBinary(old) { return nil }
        if let new, Self.isBinary(new) { return nil }
        return (old, new)
    }

    static func octal(_ mode: UInt32) -> String {
        let text = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 6 - text.count)) + text
    }
}

/// Paths as git's diff headers write them (`quote_c_style` with `core.quotePath` on).
enum GitPath {
    static func quoted(_ prefix: String, _ path: String) -> String {
        let bytes = Array((prefix + path).utf8)
        guard bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 >= 0x7F }) else { return prefix + path }
        var out = "\""
        for byte in bytes {
            switch byte {
            case 0x07: out += "\\a"
            case 0x08: out += "\\b"
            case 0x09: out += "\\t"
            case 0x0A: out += "\\n"
            case 0x0B: out += "\\v"
            case 0x0C: out += "\\f"
            case 0x0D: out += "\\r"
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case let b where b < 0x20 || b >= 0x7F:
                let octal = String(b, radix: 8)
                out += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
            default: out.append(Character(UnicodeScalar(byte)))
            }
        }
        return out + "\""
    }
}
