import VigilModel
import VigilPatterns
import VigilRules

/// Applies the risk rules to a commit's changed files.
///
/// Work per file is bounded and ordered cheapest first: path globs and path classes pick the
/// rules that apply (remembered per path, since paths recur from commit to commit; a file no
/// content rule covers is never read), binary and oversized files are skipped and said, deleted
/// and added files are paired as renames when mostly alike, a keyword prefilter runs before any
/// file is parsed or any regular expression runs, and the expressions are PCRE2 with a match
/// limit (a give-up is a finding of its own, `could not be evaluated`, never a silent pass).
///
/// The commit's files are read into one `CommitDiff` (the diff model: statuses, moves, kinds of
/// line, scopes, settings), and every rule reads that. Holds a match scratch and a path cache:
/// use one engine per thread.
public final class RiskEngine {
    public let rules: RiskRuleSet
    let scratch = MatchScratch()
    /// Blobs analysed for recent commits (a file's new side is the next commit's old side).
    let sourceTexts = SourceTextCache()
    /// Larger blobs are noted, not scanned.
    public let maxFileBytes: Int
    /// Only these rules report findings (nil: all). Every rule still decides which files are
    /// read, so a partial run (the index refreshing one changed rule) sees the commit as a full
    /// run does: the same files, the same moves.
    public var reporting: Set<String>?
    private var pathCache: [String: PathInfo] = [:]

    public static let defaultMaxFileBytes = 2 << 20

    public init(rules: RiskRuleSet, maxFileBytes: Int = RiskEngine.defaultMaxFileBytes) {
        self.rules = rules
        self.maxFileBytes = maxFileBytes
        reporting = rules.reporting
    }

    /// What a scan of one commit found.
    public struct Result: Sendable {
        public var flags: [RiskFlag] = []
        public var skipped: [SkippedFile] = []
        /// The file diffs read, for line statistics to reuse (the commit's own changes only).
        public var diffs: [FileDiff] = []
        /// What the engine could not do as asked (a file whose settings do not parse...).
        public var problems: [String] = []
    }

    /// A path's classes and the rules whose globs and classes take it (provenance aside).
    struct PathInfo {
        var classes: Set<String>
        var rules: [Int]
    }

    func pathInfo(_ path: String) -> PathInfo {
        if let cached = pathCache[path] { return cached }
        let classes = rules.pathClasses.names(of: path)
        var matching = rules.rules.indices.filter { rules.rules[$0].appliesTo(path: path) && rules.rules[$0].appliesTo(classes: classes) }
        // vigil's own rule files quote risky snippets in their examples: claiming rules alone read them.
        let claiming = matching.filter { rules.rules[$0].claimsPaths }
        if !claiming.isEmpty { matching = claiming }
        let info = PathInfo(classes: classes, rules: matching)
        if pathCache.count > 50_000 { pathCache.removeAll(keepingCapacity: true) }
        pathCache[path] = info
        return info
    }

    /// The rules that look at `path` in a commit of this class and review.
    public func rules(for path: String, klass: ProvenanceClass, review: ReviewStatus) -> [RiskRule] {
        pathInfo(path).rules.map { rules.rules[$0] }.filter { $0.appliesTo(class: klass, review: review) }
    }

    /// Findings for one commit. `diff` reads a file change's lines and content (any change: the
    /// engine also asks for renames it pairs itself).
    public func scan(_ changes: [FileChange], klass: ProvenanceClass, review: ReviewStatus,
                     diff: (FileChange) throws -> FileDiff) rethrows -> Result {
        var result = Result()
        var toRead: [(change: FileChange, rules: [RiskRule], info: PathInfo)] = []
        var renameCandidates: [(change: FileChange, rules: [RiskRule], info: PathInfo)] = []
        for change in changes {
            let info = pathInfo(change.path)
            guard !info.rules.isEmpty else { continue }
            let applicable = info.rules.map { rules.rules[$0] }.filter { $0.appliesTo(class: klass, review: review) }
            let status = FileStatus(change)
            for rule in applicable where rule.kind == .file && rule.statuses.contains(status) && reports(rule) {
                result.flags.append(FindingBuilder.fileFinding(rule, change: change, status: status, classes: info.classes,
                                                               caps: rules.pathClasses))
            }
            let content = applicable.filter { $0.kind != .file }
            guard !content.isEmpty, !change.isSubmodule else { continue }
            if content.contains(where: { $0.statuses.contains(status) }) {
                toRead.append((change, content, info))
            } else if (status == .added || status == .deleted) && content.contains(where: { $0.statuses.contains(.renamedEdited) }) {
                renameCandidates.append((change, content, info))
            }
        }
        // Renames git's exact detection missed: a deleted and an added file mostly alike.
        var files: [ChangedFile] = []
        var rulesByFile: [[RiskRule]] = []
        let deleted = renameCandidates.filter { $0.change.status == .deleted }
        let added = renameCandidates.filter { $0.change.status == .added }
        if !deleted.isEmpty && !added.isEmpty {
            var deletedDiffs: [FileDiff] = [], addedDiffs: [FileDiff] = []
            for candidate in deleted { deletedDiffs.append(try diff(candidate.change)) }
            for candidate in added { addedDiffs.append(try diff(candidate.change)) }
            result.diffs += deletedDiffs + addedDiffs
            let pairs = SimilarRenames.pair(deleted: deletedDiffs.map { $0.oldBytes ?? [] }, added: addedDiffs.map { $0.newBytes ?? [] },
                                            deletedPaths: deleted.map(\.change.path), addedPaths: added.map(\.change.path))
            // Unpaired ones still count for moves: code moved out of a deleted file is not new code.
            let pairedDeleted = Set(pairs.map(\.0)), pairedAdded = Set(pairs.map(\.1))
            for (i, read) in deletedDiffs.enumerated() where !pairedDeleted.contains(i) && skipped(read) == nil {
                files.append(ChangedFile(diff: read, classes: deleted[i].info.classes, sourceTexts: sourceTexts))
                rulesByFile.append([])
            }
            for (i, read) in addedDiffs.enumerated() where !pairedAdded.contains(i) && skipped(read) == nil {
                files.append(ChangedFile(diff: read, classes: added[i].info.classes, sourceTexts: sourceTexts))
                rulesByFile.append([])
            }
            for (d, a) in pairs {
                let from = deleted[d].change, to = added[a].change
                let renamed = FileChange(status: .renamed, oldPath: from.oldPath, newPath: to.newPath, oldID: from.oldID, newID: to.newID,
                                         oldMode: from.oldMode, newMode: to.newMode)
                let read = try diff(renamed)
                if let skip = skipped(read) { result.skipped.append(skip); continue }
                files.append(ChangedFile(diff: read, classes: added[a].info.classes, sourceTexts: sourceTexts))
                rulesByFile.append(added[a].rules)
            }
        }
        for item in toRead {
            let read = try diff(item.change)
            result.diffs.append(read)
            if let skip = skipped(read) { result.skipped.append(skip); continue }
            files.append(ChangedFile(diff: read, classes: item.info.classes, sourceTexts: sourceTexts))
            rulesByFile.append(item.rules)
        }
        guard !files.isEmpty else { return result }
        let commit = CommitDiff(files: files)
        var problems = Set<String>()
        for (file, fileRules) in zip(commit.files, rulesByFile) {
            let valueRules = fileRules.filter { $0.kind == .value && $0.statuses.contains(file.status) && reports($0) }
            if !valueRules.isEmpty {
                file.wantsSetting = { key in
                    let name = ValueRules.settingName(key)
                    return valueRules.contains { $0.wantsKey(name) }
                }
                // The same rules ask the same of a blob in the next commit: its settings are kept.
                file.wantsSignature = valueRules.map(\.id).joined(separator: "\u{0}")
            }
            for rule in fileRules where rule.statuses.contains(file.status) && reports(rule) {
                let context = RuleContext(rule: rule, file: file, commit: commit, scratch: scratch)
                var hits: [Hit]
                switch rule.kind {
                case .line: hits = LineRules.evaluate(context)
                case .value:
                    let outcome = ValueRules.evaluate(context)
                    hits = outcome.hits
                    if let problem = outcome.problem { problems.insert(problem) }
                case .structure: hits = StructureRules.evaluate(context)
                case .file: hits = []
                }
                guard !hits.isEmpty else { continue }
                result.flags += FindingBuilder.findings(rule, file: file, hits: hits, caps: rules.pathClasses)
            }
        }
        result.problems = problems.sorted()
        return result
    }

    func reports(_ rule: RiskRule) -> Bool { reporting?.contains(rule.id) ?? true }

    private func skipped(_ diff: FileDiff) -> SkippedFile? {
        switch diff.content {
        case .binary: return SkippedFile(path: diff.change.path, reason: "binary")
        case .tooLarge(let bytes): return SkippedFile(path: diff.change.path, reason: "larger than \(maxFileBytes) bytes (\(bytes))")
        case .unreadable: return SkippedFile(path: diff.change.path, reason: "content missing from the repository")
        case .lines: return nil
        }
    }
}

/// What a rule is evaluated on.
struct RuleContext {
    let rule: RiskRule
    let file: ChangedFile
    let commit: CommitDiff
    let scratch: MatchScratch
}

/// One thing a rule saw on one line (a value change, a removed guard, a matched line).
struct Hit {
    var side: RiskFlag.Side
    var line: Int
    var text: String
    var scope: String?
    var value: RiskFlag.ValueChange?
    /// Set when the rule's severity does not apply as it is (a value's direction sets it).
    var severity: Severity?
    /// A bounded pattern gave up on this line.
    var unevaluated = false
    /// Set by a value rule that fell back to line matching.
    var note: String?
}
