import VigilGit
import VigilRisk

/// The hunks of one commit's changed files, read on demand.
public struct CommitPatches {
    let repository: Repository
    let changes: [FileChange]
    let contextLines: Int

    public init(repository: Repository, commit: Commit, contextLines: Int) throws {
        self.repository = repository
        changes = try repository.changedFiles(of: commit).changes
        self.contextLines = contextLines
    }

    /// What can be shown of a finding's place in the diff.
    public enum Lookup: Sendable {
        case hunk(FilePatch.Hunk)
        /// Why no hunk is shown.
        case none(String)
    }

    /// The hunk holding `flag`'s line, or why there is none.
    public func hunk(for flag: RiskFlag) -> Lookup {
        guard let change = changes.first(where: { ($0.newPath ?? $0.oldPath) == flag.path || $0.oldPath == flag.path }) else {
            return .none("the file is not among the commit's changes")
        }
        guard let patch = try? repository.patch(of: change, contextLines: contextLines) else { return .none("cannot read the file's diff") }
        switch patch.content {
        case .binary: return .none("binary file")
        case .tooLarge(let bytes): return .none("file too large to show (\(bytes) bytes)")
        case .unreadable: return .none("content missing from this clone")
        case .hunks(let hunks):
            let found = flag.side == .file ? hunks.first : hunks.first { $0.contains(line: flag.line, oldSide: flag.side == .removed) }
            return found.map(Lookup.hunk) ?? .none("the flagged line is not in this commit's diff")
        }
    }
}
