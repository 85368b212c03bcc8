/// What an approval binds to: one commit's exact change, independent of the commit's id, so a
/// rebase that leaves the diff alone keeps it and any change to the diff voids it.
public enum ChangeBinding: Sendable, Hashable, CustomStringConvertible {
    /// git's `patch-id --verbatim` of the commit's diff against its parent (white space kept:
    /// indentation is meaning in Python, and a stable patch id ignores it).
    case patchID(String)
    /// The parents' trees and the commit's tree: merges, binary files, empty diffs.
    case trees(parents: [ObjectID], tree: ObjectID)

    /// `patch-id HEX` or `trees PARENT[,PARENT…] TREE` (a root commit's parents are `-`), as an
    /// approval's payload writes it.
    public var description: String {
        switch self {
        case .patchID(let hex): return "patch-id \(hex)"
        case .trees(let parents, let tree):
            return "trees \(parents.isEmpty ? "-" : parents.map(\.hex).joined(separator: ",")) \(tree.hex)"
        }
    }

    public init?(parsing text: String) {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 2, parts[0] == "patch-id", parts[1].count == 40, parts[1].allSatisfy(\.isHexDigit),
           parts[1] == parts[1].lowercased() {
            self = .patchID(parts[1])
        } else if parts.count == 3, parts[0] == "trees", let tree = ObjectID(hex: parts[2]) {
            if parts[1] == "-" {
                self = .trees(parents: [], tree: tree)
            } else {
                let parents = parts[1].split(separator: ",", omittingEmptySubsequences: false).map { ObjectID(hex: String($0)) }
                guard !parents.isEmpty, parents.allSatisfy({ $0 != nil }) else { return nil }
                self = .trees(parents: parents.compactMap { $0 }, tree: tree)
            }
        } else {
            return nil
        }
    }
}
