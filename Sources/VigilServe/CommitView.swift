import VigilGit
import VigilModel
import VigilStore

/// Everything the commit page and `GET /api/commits/...` show about one indexed commit: the
/// stored report, the message read from the repository, and each flagged hunk once with the
/// findings in it and their verdict history.
public struct CommitView: Sendable {
    public struct Finding: Sendable {
        public var flag: RiskFlag
        /// Newest first; the first is the current verdict.
        public var history: [StoredVerdict]
        /// The line it replaced and the line it became, when the flagged line changed in place.
        public var change: (old: String, new: String)?
    }

    /// One hunk (or, when no hunk can be shown, one file's reason) and the findings in it.
    public struct Section: Sendable {
        public var path: String
        public var hunk: FilePatch.Hunk?
        public var sides: SideBySide?
        public var why: String?
        public var findings: [Finding]
    }

    public var repository: IndexedRepository
    public var report: CommitReport
    /// The full message, or nil when the repository cannot be read here (the index keeps subjects only).
    public var message: String?
    public var sections: [Section]
    /// Findings not shown (a commit with more than `limit`).
    public var omitted: Int
    /// Why the repository could not be read, when it could not.
    public var repositoryProblem: String?

    public static let findingLimit = 400

    /// Reads the commit `id` of `repository` from `db`, and its hunks from the repository; nil
    /// when the index does not hold it.
    public static func load(db: IndexDatabase, repository: IndexedRepository, id: String) throws -> CommitView? {
        guard var report = try db.storedReport(id, repository: repository) else { return nil }
        var message: String?
        var patches: CommitPatches?
        var problem: String?
        do {
            let repo = try Repository(discoveringFrom: repository.path)
            guard let oid = ObjectID(hex: id) else { return nil }
            let commit = CommitDecoder(mailmap: try? Mailmap(repository: repo)).decode(try repo.readCommit(oid))
            message = commit.message
            report.commit.message = commit.message
            patches = try CommitPatches(repository: repo, commit: commit, contextLines: 3)
        } catch {
            problem = "\(repository.path): \(error)"
        }
        let shown = report.flags.prefix(findingLimit)
        var sections: [Section] = []
        var sectionIndex: [String: Int] = [:]
        for flag in shown {
            let lookup = patches?.hunk(for: flag) ?? .none(problem == nil ? "no diff" : "the repository cannot be read here")
            let key: String
            var hunk: FilePatch.Hunk?
            var why: String?
            switch lookup {
            case .hunk(let h, _): key = flag.path + "\u{0}" + h.header; hunk = h
            case .none(let reason): key = flag.path + "\u{0}\u{0}" + reason; why = reason
            }
            let history = try db.verdictHistory(fingerprint: flag.fingerprint, repository: repository)
            let i: Int
            if let known = sectionIndex[key] {
                i = known
            } else {
                i = sections.count
                sectionIndex[key] = i
                sections.append(Section(path: flag.path, hunk: hunk, sides: hunk.map(SideBySide.init), why: why, findings: []))
            }
            let change = sections[i].sides?.change(side: flag.side, line: flag.line)
            sections[i].findings.append(Finding(flag: flag, history: history, change: change))
        }
        return CommitView(repository: repository, report: report, message: message, sections: sections,
                          omitted: report.flags.count - shown.count, repositoryProblem: problem)
    }
}
