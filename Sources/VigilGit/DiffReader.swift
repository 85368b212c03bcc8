import CLibgit2
import VigilModel

/// One worker's way to a commit's changes: the files that differ between two trees, each file's
/// changed lines, its hunks, and line statistics. Keeps the trees and blobs it read (up to a byte
/// budget each), so in a walk newest first every object is read once: a commit's old side is its
/// parent's new side. Use from one thread.
public final class DiffReader {
    public let repository: Repository
    private var trees: ObjectCache<Tree>
    private var blobs: ObjectCache<[UInt8]>

    public static let defaultTreeBudget = 64 << 20
    public static let defaultBlobBudget = 64 << 20

    public init(repository: Repository, treeBudget: Int = DiffReader.defaultTreeBudget, blobBudget: Int = DiffReader.defaultBlobBudget) {
        self.repository = repository
        trees = ObjectCache(budget: treeBudget)
        blobs = ObjectCache(budget: blobBudget)
    }

    // MARK: Trees

    func tree(_ id: ObjectID) throws -> Tree {
        if let cached = trees[id] { return cached }
        let object = try repository.readObject(id)
        guard object.type == .tree else { throw GitError(.malformed, "object \(id.hex) is a \(object.type.rawValue), not a tree") }
        let tree = try object.withBytes { try Tree(id: id, bytes: $0) }
        trees.insert(tree, for: id, bytes: tree.byteCount + tree.count * 32)
        return tree
    }

    /// The files that differ between `parentTree` (nil: the empty tree) and `tree`, found the way
    /// git finds them (entries compared in tree order, an unchanged subtree skipped whole), with
    /// exact renames paired (unless `pairRenames` is false). `unreadable` lists subtrees that could
    /// not be read: path and why.
    public func changes(tree newID: ObjectID, parentTree oldID: ObjectID?, pairRenames: Bool = true) throws -> (changes: [FileChange], unreadable: [UnreadableTree]) {
        var walk = TreeComparison(reader: self)
        let new = try tree(newID)
        let old = try oldID.map { try tree($0) }
        walk.compare(old, new, prefix: [])
        if pairRenames { walk.pairExactRenames() }
        return (walk.changes, walk.unreadable)
    }

    // MARK: Blobs

    public enum BlobContent {
        case bytes([UInt8])
        case tooLarge(Int)
        /// Not in the repository (a partial clone) or not readable.
        case unreadable
    }

    /// A blob's content, up to `maxBytes` (larger ones are only measured).
    public func blob(_ id: ObjectID, maxBytes: Int = .max) throws -> BlobContent {
        if let cached = blobs[id] { return .bytes(cached) }
        do {
            if maxBytes < .max {
                let header = try repository.objectHeader(id)
                if header.size > maxBytes { return .tooLarge(header.size) }
            }
            let object = try repository.readObject(id)
            let bytes = object.withBytes { Array($0.bindMemory(to: UInt8.self)) }
            blobs.insert(bytes, for: id, bytes: bytes.count)
            return .bytes(bytes)
        } catch let error as GitError where error.kind == .notFound {
            return .unreadable
        }
    }

    /// git's rule for binary content (`buffer_is_binary`): a NUL byte in the first 8000 bytes.
    static func isBinary(_ bytes: [UInt8]) -> Bool { bytes.prefix(8000).contains(0) }

    /// Both sides of a change, or why they cannot be diffed as text.
    func sides(of change: FileChange, maxBytes: Int) throws -> Result<(old: [UInt8]?, new: [UInt8]?), Early> {
        var old: [UInt8]?, new: [UInt8]?
        for (id, isNew) in [(change.oldID, false), (change.newID, true)] {
            guard let id, !(change.status == .added && !isNew), !(change.status == .deleted && isNew) else { continue }
            switch try blob(id, maxBytes: maxBytes) {
            case .unreadable: return .failure(.unreadable)
            case .tooLarge(let size): return .failure(.tooLarge(size))
            case .bytes(let bytes):
                if Self.isBinary(bytes) { return .failure(.binary) }
                if isNew { new = bytes } else { old = bytes }
            }
        }
        return .success((old, new))
    }

    enum Early: Error { case binary, tooLarge(Int), unreadable }

    // MARK: Lines

    /// The changed lines of `change`, reading at most `maxBytes` per side.
    public func fileDiff(of change: FileChange, maxBytes: Int) throws -> FileDiff {
        let (old, new): ([UInt8]?, [UInt8]?)
        switch try sides(of: change, maxBytes: maxBytes) {
        case .failure(.binary): return FileDiff(change: change, content: .binary)
        case .failure(.tooLarge(let size)): return FileDiff(change: change, content: .tooLarge(bytes: size))
        case .failure(.unreadable): return FileDiff(change: change, content: .unreadable)
        case .success(let pair): (old, new) = pair
        }
        let patch = try Patch(old: old, new: new, contextLines: 0, path: change.path)
        var added: [FileDiff.Line] = [], removed: [FileDiff.Line] = []
        patch.forEachLine { hunk, line in
            switch line.origin {
            case .added: added.append(FileDiff.Line(number: line.newNumber ?? 0, text: line.text, hunk: hunk))
            case .removed: removed.append(FileDiff.Line(number: line.oldNumber ?? 0, text: line.text, hunk: hunk))
            case .context: break
            }
        }
        return FileDiff(change: change, content: .lines(added: added, removed: removed), oldBytes: old, newBytes: new)
    }

    /// `change` as hunks with `contextLines` of context, reading at most `maxBytes` per side.
    public func patch(of change: FileChange, contextLines: Int = 3, maxBytes: Int = 8 << 20) throws -> FilePatch {
        let (old, new): ([UInt8]?, [UInt8]?)
        switch try sides(of: change, maxBytes: maxBytes) {
        case .failure(.binary): return FilePatch(change: change, content: .binary)
        case .failure(.tooLarge(let size)): return FilePatch(change: change, content: .tooLarge(bytes: size))
        case .failure(.unreadable): return FilePatch(change: change, content: .unreadable)
        case .success(let pair): (old, new) = pair
        }
        let patch = try Patch(old: old, new: new, contextLines: max(0, contextLines), path: change.path)
        return FilePatch(change: change, content: .hunks(patch.hunks()))
    }

    // MARK: Statistics

    /// Line statistics of `changes`, as `git log --numstat` counts them. `known` holds file diffs
    /// already read (by path), so files the risk rules read are not diffed twice.
    public func stats(of changes: [FileChange], missingParent: Bool, unreadable: [String], known: [FileDiff] = []) throws -> DiffStats {
        var stats = DiffStats()
        stats.missingParent = missingParent
        stats.unreadablePaths = unreadable
        stats.files = changes.count
        var read: [String: FileDiff.Content] = [:]
        for diff in known where read[diff.change.path] == nil { read[diff.change.path] = diff.content }
        for change in changes {
            if change.isPureRename {
                stats.renamedFiles += 1
                continue
            }
            var counted: LineCount
            if change.isSubmodule {
                // As git counts it: "-Subproject commit OLD" / "+Subproject commit NEW".
                counted = .lines(added: change.newID != nil ? 1 : 0, removed: change.oldID != nil ? 1 : 0)
            } else if let content = read[change.path] {
                switch content {
                case .lines(let added, let removed): counted = .lines(added: added.count, removed: removed.count)
                case .binary: counted = .binary
                case .unreadable: counted = .unreadable
                case .tooLarge: counted = try lineCounts(of: change)
                }
            } else {
                counted = try lineCounts(of: change)
            }
            switch counted {
            case .lines(let added, let removed):
                stats.added += added
                stats.removed += removed
                stats.linesByTopDirectory[DiffStats.topDirectory(of: change.path), default: 0] += added + removed
            case .binary:
                stats.binaryFiles += 1
            case .unreadable:
                stats.unreadablePaths.append(change.path)
            }
        }
        return stats
    }

    enum LineCount { case lines(added: Int, removed: Int), binary, unreadable }

    /// Lines added and removed in one changed file.
    func lineCounts(of change: FileChange) throws -> LineCount {
        switch try sides(of: change, maxBytes: .max) {
        case .failure(.binary): return .binary
        case .failure(.unreadable), .failure(.tooLarge): return .unreadable
        case .success(let (old, new)):
            // One side missing: every line of the other side counts, with no diff to run.
            guard let old else { return .lines(added: Self.lineCount(new ?? []), removed: 0) }
            guard let new else { return .lines(added: 0, removed: Self.lineCount(old)) }
            let patch = try Patch(old: old, new: new, contextLines: 0, path: change.path)
            let (added, removed) = try patch.lineStats()
            return .lines(added: added, removed: removed)
        }
    }

    /// Lines in a file: newlines, plus one for a last line without a newline.
    static func lineCount(_ bytes: [UInt8]) -> Int {
        guard let last = bytes.last else { return 0 }
        var lines = 0
        for byte in bytes where byte == 0x0A { lines += 1 }
        return last == 0x0A ? lines : lines + 1
    }
}

/// The comparison of two trees (see `DiffReader.changes`).
/// A subtree a diff could not read, and why (a missing or corrupt object).
public struct UnreadableTree: Sendable, Hashable {
    public var path: String
    public var reason: String
}

struct TreeComparison {
    let reader: DiffReader
    private(set) var changes: [FileChange] = []
    private(set) var unreadable: [UnreadableTree] = []

    init(reader: DiffReader) { self.reader = reader }

    /// Paths without a byte lost, even when they are not UTF-8 (see `PathText`).
    static func path(_ prefix: [UInt8], _ name: ArraySlice<UInt8>) -> String {
        PathText.decode(prefix + name)
    }

    mutating func compare(_ old: Tree?, _ new: Tree?, prefix: [UInt8]) {
        let oldCount = old?.count ?? 0, newCount = new?.count ?? 0
        var i = 0, j = 0
        while i < oldCount || j < newCount {
            let order: Int
            if i >= oldCount { order = 1 } else if j >= newCount { order = -1 } else { order = old!.order(i, new!, j) }
            if order < 0 {
                removed(old!, i, prefix: prefix)
                i += 1
            } else if order > 0 {
                added(new!, j, prefix: prefix)
                j += 1
            } else {
                matched(old!, i, new!, j, prefix: prefix)
                i += 1
                j += 1
            }
        }
    }

    private mutating func matched(_ old: Tree, _ i: Int, _ new: Tree, _ j: Int, prefix: [UInt8]) {
        let oMode = old.modes[i], nMode = new.modes[j]
        if old.ids[i] == new.ids[j] && oMode == nMode { return }
        let oTree = old.isTree(i), nTree = new.isTree(j)
        if oTree && nTree {
            descend(old: old.ids[i], new: new.ids[j], path: prefix + new.name(j))
        } else if oTree != nTree {
            // A directory became a file or the reverse: the one side's files go, the other's come.
            if oTree { descend(old: old.ids[i], new: nil, path: prefix + old.name(i)); added(new, j, prefix: prefix) }
            else { removed(old, i, prefix: prefix); descend(old: nil, new: new.ids[j], path: prefix + new.name(j)) }
        } else {
            let name = Self.path(prefix, new.name(j))
            let kindChanged = (oMode & 0o170000) != (nMode & 0o170000)
            changes.append(FileChange(status: kindChanged ? .typeChanged : .modified, oldPath: name, newPath: name,
                                      oldID: old.ids[i], newID: new.ids[j], oldMode: oMode, newMode: nMode))
        }
    }

    private mutating func added(_ new: Tree, _ j: Int, prefix: [UInt8]) {
        if new.isTree(j) { return descend(old: nil, new: new.ids[j], path: prefix + new.name(j)) }
        changes.append(FileChange(status: .added, oldPath: nil, newPath: Self.path(prefix, new.name(j)), oldID: nil,
                                  newID: new.ids[j], oldMode: 0, newMode: new.modes[j]))
    }

    private mutating func removed(_ old: Tree, _ i: Int, prefix: [UInt8]) {
        if old.isTree(i) { return descend(old: old.ids[i], new: nil, path: prefix + old.name(i)) }
        changes.append(FileChange(status: .deleted, oldPath: Self.path(prefix, old.name(i)), newPath: nil,
                                  oldID: old.ids[i], newID: nil, oldMode: old.modes[i], newMode: 0))
    }

    private mutating func descend(old: ObjectID?, new: ObjectID?, path: [UInt8]) {
        var oldTree: Tree?, newTree: Tree?
        func note(_ error: Error) {
            unreadable.append(UnreadableTree(path: PathText.decode(path),
                                             reason: (error as? GitError)?.message ?? String(describing: error)))
        }
        do { oldTree = try old.map { try reader.tree($0) } } catch { note(error) }
        do { newTree = try new.map { try reader.tree($0) } } catch { note(error) }
        compare(oldTree, newTree, prefix: path + [UInt8(ascii: "/")])
    }

    /// Pairs deletions and additions of the same content (same blob id) as renames, as git's
    /// exact rename detection does; each deleted blob pairs at most once.
    mutating func pairExactRenames() {
        var deletedByID: [ObjectID: [Int]] = [:]
        for (index, change) in changes.enumerated() where change.status == .deleted {
            deletedByID[change.oldID!, default: []].append(index)
        }
        guard !deletedByID.isEmpty else { return }
        var consumed = Set<Int>()
        for index in changes.indices where changes[index].status == .added {
            guard let id = changes[index].newID, var candidates = deletedByID[id], !candidates.isEmpty else { continue }
            let from = candidates.removeFirst()
            deletedByID[id] = candidates
            consumed.insert(from)
            changes[index].status = .renamed
            changes[index].oldPath = changes[from].oldPath
            changes[index].oldID = changes[from].oldID
            changes[index].oldMode = changes[from].oldMode
        }
        changes = changes.enumerated().filter { !consumed.contains($0.offset) }.map(\.element)
    }
}

/// libgit2's patch between two buffers, owned for its lifetime.
struct Patch: ~Copyable {
    private let handle: OpaquePointer

    /// `indentHeuristic` places ambiguous hunks as git does by default (`diff.indentHeuristic`).
    init(old: [UInt8]?, new: [UInt8]?, contextLines: Int, path: String, indentHeuristic: Bool = false) throws {
        // A patch between buffers needs no repository, but libgit2 must be initialised.
        GitLibrary.ensureInitialised()
        var options = git_diff_options()
        git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
        options.context_lines = UInt32(contextLines)
        options.interhunk_lines = 0
        // Binary content was ruled out by git's own rule already: diff what is left as text.
        options.flags |= GIT_DIFF_FORCE_TEXT.rawValue
        if indentHeuristic { options.flags |= GIT_DIFF_INDENT_HEURISTIC.rawValue }
        var patch: OpaquePointer?
        let empty: [UInt8] = []
        let result = (old ?? empty).withUnsafeBytes { o in
            (new ?? empty).withUnsafeBytes { n in
                git_patch_from_buffers(&patch, old == nil ? nil : (o.baseAddress ?? UnsafeRawPointer(bitPattern: 1)), o.count, path,
                                       new == nil ? nil : (n.baseAddress ?? UnsafeRawPointer(bitPattern: 1)), n.count, path, &options)
            }
        }
        try check(result, "cannot diff \(path)")
        guard let patch else { throw GitError(.other, "cannot diff \(path)") }
        handle = patch
    }

    deinit { git_patch_free(handle) }

    func lineStats() throws -> (added: Int, removed: Int) {
        var context = 0, added = 0, removed = 0
        try check(git_patch_line_stats(&context, &added, &removed, handle), "cannot count lines")
        return (added, removed)
    }

    /// Every libgit2 line of every hunk, with the hunk's index.
    private func forEachDiffLine(_ body: (Int, UnsafePointer<git_diff_line>) -> Void) {
        for hunk in 0..<git_patch_num_hunks(handle) {
            let count = git_patch_num_lines_in_hunk(handle, hunk)
            guard count > 0 else { continue }
            for index in 0..<Int(count) {
                var line: UnsafePointer<git_diff_line>?
                guard git_patch_get_line_in_hunk(&line, handle, hunk, index) == 0, let line else { git_error_clear(); continue }
                body(hunk, line)
            }
        }
    }

    /// Every line of every hunk, with the hunk's index.
    func forEachLine(_ body: (Int, FilePatch.Line) -> Void) {
        forEachDiffLine { hunk, line in
            let origin: FilePatch.Line.Origin
            switch UInt8(bitPattern: line.pointee.origin) {
            case UInt8(ascii: "+"): origin = .added
            case UInt8(ascii: "-"): origin = .removed
            case UInt8(ascii: " "): origin = .context
            default: return // "no newline at end of file" markers
            }
            let text = line.pointee.content.withMemoryRebound(to: UInt8.self, capacity: line.pointee.content_len) { start in
                // Without the line end (LF, or CRLF): the text is what the line says.
                var length = line.pointee.content_len
                while length > 0, start[length - 1] == 0x0A || start[length - 1] == 0x0D { length -= 1 }
                return TextDecoding.decode(UnsafeBufferPointer(start: start, count: length)).text
            }
            body(hunk, FilePatch.Line(origin: origin,
                                      oldNumber: line.pointee.old_lineno > 0 ? Int(line.pointee.old_lineno) : nil,
                                      newNumber: line.pointee.new_lineno > 0 ? Int(line.pointee.new_lineno) : nil,
                                      text: text))
        }
    }

    /// Every line as bytes, in patch order: `origin` is libgit2's (`+`, `-`, ` `, and `>`, `<`,
    /// `=` for the "no newline at end of file" marks, whose content is that mark's text).
    func forEachRawLine(_ body: (UInt8, UnsafeRawBufferPointer) -> Void) {
        forEachDiffLine { _, line in
            body(UInt8(bitPattern: line.pointee.origin), UnsafeRawBufferPointer(start: line.pointee.content, count: line.pointee.content_len))
        }
    }

    var hunkCount: Int { git_patch_num_hunks(handle) }

    /// Each hunk's old and new line ranges, as its header states them.
    func hunkRanges() -> [(oldStart: Int, oldCount: Int, newStart: Int, newCount: Int)] {
        (0..<git_patch_num_hunks(handle)).compactMap { index in
            var hunk: UnsafePointer<git_diff_hunk>?
            var count = 0
            guard git_patch_get_hunk(&hunk, &count, handle, index) == 0, let hunk else { git_error_clear(); return nil }
            return (Int(hunk.pointee.old_start), Int(hunk.pointee.old_lines), Int(hunk.pointee.new_start), Int(hunk.pointee.new_lines))
        }
    }

    func hunks() -> [FilePatch.Hunk] {
        var hunks: [FilePatch.Hunk] = []
        for index in 0..<git_patch_num_hunks(handle) {
            var hunk: UnsafePointer<git_diff_hunk>?
            var count = 0
            guard git_patch_get_hunk(&hunk, &count, handle, index) == 0, let hunk else { git_error_clear(); continue }
            let header = withUnsafeBytes(of: hunk.pointee.header) { raw in
                var bytes = raw.bindMemory(to: UInt8.self).prefix(Int(hunk.pointee.header_len))
                while let last = bytes.last, last == 0x0A || last == 0x0D { bytes = bytes.dropLast() }
                return String(decoding: bytes, as: UTF8.self)
            }
            hunks.append(FilePatch.Hunk(header: header, lines: []))
        }
        forEachLine { hunk, line in hunks[hunk].lines.append(line) }
        return hunks
    }
}
