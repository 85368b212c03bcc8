import CLibgit2
import Foundation
import VigilModel

/// The commit `git commit` would make from the index now: its trees built in memory from the
/// index entries (as `git write-tree` would, without writing them), its parent HEAD, the
/// identities git would use. Judged like any commit; nothing is written to the repository.
public struct StagedCommit: Sendable {
    public let commit: RawCommit
    /// The commit and the trees only it has, for `Repository.pending`.
    public let objects: PendingObjects
    /// HEAD's commit, or nil on an unborn branch (a root commit).
    public let parent: ObjectID?

    public struct Identities: Sendable {
        public var author: RawCommit.RawIdentity
        public var committer: RawCommit.RawIdentity
    }
}

extension Repository {
    /// The pending commit of the index at `indexFile` (default: the repository's, or
    /// `GIT_INDEX_FILE` as git sets it for hooks) with `message`.
    public func stagedCommit(message: [UInt8], identities: StagedCommit.Identities, indexFile: String? = nil) throws -> StagedCommit {
        var objects = PendingObjects()
        let tree = try stagedTree(indexFile: indexFile, into: &objects)
        let parent = try headCommit()
        var bytes = Array("tree \(tree.hex)\n".utf8)
        if let parent { bytes += Array("parent \(parent.hex)\n".utf8) }
        bytes += Self.identityLine("author", identities.author) + Self.identityLine("committer", identities.committer)
        bytes += [0x0A] + message
        let id = try objects.add(.commit, bytes)
        let commit = bytes.withUnsafeBytes { RawCommit(id: id, bytes: $0) }
        return StagedCommit(commit: commit, objects: objects, parent: parent)
    }

    static func identityLine(_ header: String, _ identity: RawCommit.RawIdentity) -> [UInt8] {
        let offset = Int(identity.offsetMinutes)
        let zone = String(format: "%@%02d%02d", offset < 0 ? "-" : "+", abs(offset) / 60, abs(offset) % 60)
        // git refuses '<', '>' and new lines in an identity; they would break the header.
        let clean = { (bytes: [UInt8]) in bytes.filter { $0 != 0x3C && $0 != 0x3E && $0 != 0x0A && $0 != 0 } }
        return Array("\(header) ".utf8) + clean(identity.name) + Array(" <".utf8) + clean(identity.email)
            + Array("> \(identity.time) \(zone)\n".utf8)
    }

    /// The tree the index describes, built as `git write-tree` builds it (intent-to-add entries
    /// left out), its trees kept in `objects`. An index with conflicts has no tree.
    func stagedTree(indexFile: String?, into objects: inout PendingObjects) throws -> ObjectID {
        var index: OpaquePointer?
        if let indexFile {
            guard FileManager.default.fileExists(atPath: indexFile) else {
                throw GitError(.notFound, "\(indexFile): no such index file")
            }
            try check(git_index_open(&index, indexFile), "\(indexFile): cannot read the index", kind: .corrupt)
        } else {
            if isBare { throw GitError(.badRevision, "\(gitDirectory): a bare repository has no staged changes") }
            try check(git_repository_index(&index, handle), "cannot read the index", kind: .corrupt)
        }
        guard let index else { throw GitError(.corrupt, "cannot read the index") }
        defer { git_index_free(index) }
        if git_index_has_conflicts(index) == 1 {
            throw GitError(.badRevision, "the index has unresolved conflicts: resolve them before checking the staged changes")
        }
        let root = StagedDirectory()
        for position in 0..<git_index_entrycount(index) {
            guard let entry = git_index_get_byindex(index, position) else { continue }
            if UInt32(entry.pointee.flags_extended) & GIT_INDEX_ENTRY_INTENT_TO_ADD.rawValue != 0 { continue }
            let path = Array(UnsafeRawBufferPointer(start: entry.pointee.path, count: strlen(entry.pointee.path)))
            try root.insert(path: path[...], mode: entry.pointee.mode, id: ObjectID(entry.pointee.id))
        }
        return try root.write(into: &objects)
    }
}

/// One directory of the index while its tree is built.
private final class StagedDirectory {
    var files: [[UInt8]: (mode: UInt32, id: ObjectID)] = [:]
    var directories: [[UInt8]: StagedDirectory] = [:]

    func insert(path: ArraySlice<UInt8>, mode: UInt32, id: ObjectID) throws {
        let shown = { String(decoding: path, as: UTF8.self) }
        guard let slash = path.firstIndex(of: 0x2F) else {
            guard !path.isEmpty, directories[Array(path)] == nil, files[Array(path)] == nil else {
                throw GitError(.corrupt, "the index holds '\(shown())' twice, or as both a file and a directory")
            }
            files[Array(path)] = (mode, id)
            return
        }
        let name = Array(path[path.startIndex..<slash])
        guard !name.isEmpty, files[name] == nil else {
            throw GitError(.corrupt, "the index holds '\(String(decoding: name, as: UTF8.self))' as both a file and a directory")
        }
        let child = directories[name] ?? StagedDirectory()
        directories[name] = child
        try child.insert(path: path[(slash + 1)...], mode: mode, id: id)
    }

    /// Writes this directory's tree (its subtrees first) and returns its id.
    func write(into objects: inout PendingObjects) throws -> ObjectID {
        var entries: [(name: [UInt8], sortKey: [UInt8], mode: UInt32, id: ObjectID)] = []
        for (name, file) in files { entries.append((name, name, file.mode, file.id)) }
        for (name, directory) in directories {
            entries.append((name, name + [0x2F], Tree.treeMode, try directory.write(into: &objects)))
        }
        // git's tree order: names compared bytewise, a directory's as if it ended in '/'.
        entries.sort { $0.sortKey.lexicographicallyPrecedes($1.sortKey) }
        var bytes: [UInt8] = []
        for entry in entries {
            bytes += Array(String(entry.mode, radix: 8).utf8) + [0x20] + entry.name + [0]
            entry.id.withUnsafeBytes { bytes += $0 }
        }
        return try objects.add(.tree, bytes)
    }
}
