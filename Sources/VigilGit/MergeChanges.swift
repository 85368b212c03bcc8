import VigilModel

/// The files a merge changes itself: those whose content differs from every parent's. Each is
/// diffed only when asked (`DiffReader.mergeFileDiff`), so a rule that covers no such file reads
/// nothing.
public struct MergeChangeSet: Sendable {
    /// The candidate files, as changes against the first parent, in tree order.
    public let changes: [FileChange]
    /// Subtrees that could not be read, by path.
    public let unreadable: [String]
    fileprivate let perParent: [[String: FileChange]]
}

extension DiffReader {
    /// The files of a merge whose content is in none of its parents (see `MergeChangeSet`). A
    /// file taken whole from one parent is no change of the merge's.
    public func mergeChanges(tree: ObjectID, parentTrees: [ObjectID]) throws -> MergeChangeSet {
        var perParent: [[String: FileChange]] = []
        var unreadable: [String] = []
        var firstOrder: [FileChange] = []
        for (index, parent) in parentTrees.enumerated() {
            let (changes, missing) = try self.changes(tree: tree, parentTree: parent, pairRenames: false)
            unreadable += missing.map { "\($0.path)/ (\($0.reason))" }
            var byPath: [String: FileChange] = [:]
            for change in changes where byPath[change.path] == nil { byPath[change.path] = change }
            perParent.append(byPath)
            if index == 0 { firstOrder = changes }
        }
        let candidates = firstOrder.filter { change in perParent.allSatisfy { $0[change.path] != nil } }
        return MergeChangeSet(changes: candidates, unreadable: unreadable, perParent: perParent)
    }

    /// The lines of `change` (one of `set.changes`) that are in no parent, in the same `FileDiff`
    /// form a plain commit's changed lines take: added lines are those every parent's diff adds
    /// (new-side numbers); removed lines those every parent's diff removes (matched by text,
    /// numbered as in the first parent). When a side is binary, too large or unreadable, that
    /// content is returned, so such a file is never silently passed over.
    public func mergeFileDiff(_ change: FileChange, in set: MergeChangeSet, maxBytes: Int) throws -> FileDiff {
        var added: [FileDiff.Line]?
        var removed: [FileDiff.Line]?
        for byPath in set.perParent {
            guard let side = byPath[change.path] else { return FileDiff(change: change, content: .lines(added: [], removed: [])) }
            let diff = try fileDiff(of: side, maxBytes: maxBytes)
            guard case .lines(let a, let r) = diff.content else { return FileDiff(change: change, content: diff.content) }
            if let kept = added {
                let numbers = Set(a.map(\.number))
                added = kept.filter { numbers.contains($0.number) }
            } else {
                added = a
            }
            if let kept = removed {
                var texts: [String: Int] = [:]
                for line in r { texts[line.text, default: 0] += 1 }
                removed = kept.filter { line in
                    guard let n = texts[line.text], n > 0 else { return false }
                    texts[line.text] = n - 1
                    return true
                }
            } else {
                removed = r
            }
        }
        return FileDiff(change: change, content: .lines(added: added ?? [], removed: removed ?? []))
    }
}
