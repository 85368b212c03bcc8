import Clibgit2
import Foundation

/// The files that differ between two trees, found the way git finds them: entries are compared in
/// tree order and a subtree whose id did not change is skipped whole, so the cost follows the size
/// of the change, not of the tree. (libgit2's own tree-to-tree diff visits far more entries; on
/// git's history it made line statistics about three times slower than `git log --numstat`.)
struct TreeDiff {
    let repository: Repository
    private(set) var changes: [FileChange] = []
    /// Subtrees that could not be read (a damaged or partial repository), by path.
    private(set) var unreadableTrees: [String] = []

    init(repository: Repository) { self.repository = repository }

    static let treeMode: UInt32 = 0o040000

    /// Compares two trees (nil is the empty tree).
    mutating func compare(_ old: OpaquePointer?, _ new: OpaquePointer?, prefix: String = "") {
        let oldCount = old.map { git_tree_entrycount($0) } ?? 0
        let newCount = new.map { git_tree_entrycount($0) } ?? 0
        var i = 0, j = 0
        while i < oldCount || j < newCount {
            let o = i < oldCount ? git_tree_entry_byindex(old, i) : nil
            let n = j < newCount ? git_tree_entry_byindex(new, j) : nil
            switch Self.order(o, n) {
            case .orderedAscending: // only in old
                removed(o!, prefix: prefix)
                i += 1
            case .orderedDescending: // only in new
                added(n!, prefix: prefix)
                j += 1
            case .orderedSame:
                matched(o!, n!, prefix: prefix)
                i += 1
                j += 1
            }
        }
    }

    /// Entries sort as git sorts them: by name, with a tree's name compared as if it ended in '/'.
    /// Here a file and a tree of the same name count as the same entry (a type change).
    private static func order(_ a: OpaquePointer?, _ b: OpaquePointer?) -> ComparisonResult {
        guard let a else { return .orderedDescending }
        guard let b else { return .orderedAscending }
        let an = git_tree_entry_name(a)!, bn = git_tree_entry_name(b)!
        let c = strcmp(an, bn)
        if c == 0 { return .orderedSame }
        // Names differ: compare with the implied '/' of trees so order matches the trees' own sort.
        let aTree = git_tree_entry_filemode(a).rawValue == treeMode, bTree = git_tree_entry_filemode(b).rawValue == treeMode
        if !aTree && !bTree { return c < 0 ? .orderedAscending : .orderedDescending }
        var ap = an, bp = bn
        while ap.pointee != 0 && ap.pointee == bp.pointee { ap += 1; bp += 1 }
        let ac: UInt8 = ap.pointee != 0 ? UInt8(bitPattern: ap.pointee) : (aTree ? 0x2F : 0)
        let bc: UInt8 = bp.pointee != 0 ? UInt8(bitPattern: bp.pointee) : (bTree ? 0x2F : 0)
        return ac < bc ? .orderedAscending : .orderedDescending
    }

    private mutating func matched(_ o: OpaquePointer, _ n: OpaquePointer, prefix: String) {
        let oid = git_tree_entry_id(o)!, nid = git_tree_entry_id(n)!
        let oMode = git_tree_entry_filemode(o).rawValue, nMode = git_tree_entry_filemode(n).rawValue
        if git_oid_equal(oid, nid) == 1 && oMode == nMode { return }
        let name = prefix + String(cString: git_tree_entry_name(n))
        let oTree = oMode == Self.treeMode, nTree = nMode == Self.treeMode
        if oTree && nTree {
            descend(old: oid, new: nid, path: name)
        } else if oTree != nTree {
            // A directory became a file or the reverse: the one side's files go, the other's come.
            if oTree { descend(old: oid, new: nil, path: name); added(n, prefix: prefix) }
            else { removed(o, prefix: prefix); descend(old: nil, new: nid, path: name) }
        } else {
            let kindChanged = (oMode & 0o170000) != (nMode & 0o170000)
            changes.append(FileChange(status: kindChanged ? .typeChanged : .modified, oldPath: name, newPath: name,
                                      oldID: ObjectID(oid), newID: ObjectID(nid), oldMode: oMode, newMode: nMode))
        }
    }

    private mutating func added(_ n: OpaquePointer, prefix: String) {
        let name = prefix + String(cString: git_tree_entry_name(n))
        let mode = git_tree_entry_filemode(n).rawValue
        if mode == Self.treeMode { return descend(old: nil, new: git_tree_entry_id(n), path: name) }
        changes.append(FileChange(status: .added, oldPath: nil, newPath: name, oldID: nil,
                                  newID: ObjectID(git_tree_entry_id(n)!), oldMode: 0, newMode: mode))
    }

    private mutating func removed(_ o: OpaquePointer, prefix: String) {
        let name = prefix + String(cString: git_tree_entry_name(o))
        let mode = git_tree_entry_filemode(o).rawValue
        if mode == Self.treeMode { return descend(old: git_tree_entry_id(o), new: nil, path: name) }
        changes.append(FileChange(status: .deleted, oldPath: name, newPath: nil, oldID: ObjectID(git_tree_entry_id(o)!),
                                  newID: nil, oldMode: mode, newMode: 0))
    }

    private mutating func descend(old: UnsafePointer<git_oid>?, new: UnsafePointer<git_oid>?, path: String) {
        var oldTree: OpaquePointer?, newTree: OpaquePointer?
        if let old, git_tree_lookup(&oldTree, repository.handle, old) < 0 { git_error_clear(); unreadableTrees.append(path) }
        if let new, git_tree_lookup(&newTree, repository.handle, new) < 0 { git_error_clear(); unreadableTrees.append(path) }
        defer { git_tree_free(oldTree); git_tree_free(newTree) }
        compare(oldTree, newTree, prefix: path + "/")
    }

    /// Pairs deletions and additions of the same content (same blob id and kind) as renames, as
    /// git's exact rename detection does; each deleted blob pairs at most once.
    mutating func detectExactRenames() {
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
