import VigilModel
import VigilPatterns
import VigilRules

/// Applies the risk rules to a commit's changed files.
///
/// Work per file is bounded and ordered cheapest first: path globs pick the rules that apply (a file
/// no content rule covers is never read), binary and oversized files are skipped and said, a
/// keyword prefilter runs before any regular expression, and the regular expressions themselves
/// are PCRE2 with a match limit.
///
/// Holds a match scratch for its regular expressions: use one engine per thread.
public final class RiskEngine {
    public let rules: RiskRuleSet
    private let scratch = MatchScratch()
    /// Larger blobs are noted, not scanned.
    public let maxFileBytes: Int

    public static let defaultMaxFileBytes = 2 << 20

    public init(rules: RiskRuleSet, maxFileBytes: Int = RiskEngine.defaultMaxFileBytes) {
        self.rules = rules
        self.maxFileBytes = maxFileBytes
    }

    /// The rules that look at `path`: the claiming rules that match it if any (vigil's own rule
    /// files quote risky snippets in their examples), else every other rule that matches it.
    public func rules(for path: String, klass: ProvenanceClass, review: ReviewStatus) -> [RiskRule] {
        let matching = rules.rules.filter { $0.appliesTo(path: path) }
        let claiming = matching.filter(\.claimsPaths)
        return (claiming.isEmpty ? matching : claiming).filter { $0.appliesTo(class: klass, review: review) }
    }

    /// Flags for one commit. `diff` reads a file's changed lines when some content rule needs them.
    public func scan(_ changes: [FileChange], klass: ProvenanceClass, review: ReviewStatus,
                     diff: (FileChange) throws -> FileDiff) rethrows -> (flags: [RiskFlag], skipped: [SkippedFile], diffs: [FileDiff]) {
        var flags: [RiskFlag] = []
        var skipped: [SkippedFile] = []
        var diffs: [FileDiff] = []
        for change in changes {
            // A pure rename changes no content: nothing to flag but the path-only rules of the new path.
            let applicable = rules(for: change.path, klass: klass, review: review)
            guard !applicable.isEmpty else { continue }
            for rule in applicable where rule.isPathOnly {
                flags.append(pathFlag(rule, change))
            }
            let content = applicable.filter { !$0.isPathOnly }
            guard !content.isEmpty, !(change.status == .renamed && change.oldID == change.newID) else { continue }
            let fileDiff = try diff(change)
            diffs.append(fileDiff)
            switch fileDiff.content {
            case .binary: skipped.append(SkippedFile(path: change.path, reason: "binary"))
            case .tooLarge(let bytes): skipped.append(SkippedFile(path: change.path, reason: "larger than \(maxFileBytes) bytes (\(bytes))"))
            case .unreadable: skipped.append(SkippedFile(path: change.path, reason: "content missing from the repository"))
            case .lines(let added, let removed):
                flags += match(content, path: change.path, added: added, removed: removed)
            }
        }
        return (flags, skipped, diffs)
    }

    /// Line findings of `rules` over one file's changed lines.
    public func match(_ rules: [RiskRule], path: String, added: [FileDiff.Line], removed: [FileDiff.Line]) -> [RiskFlag] {
        var flags: [RiskFlag] = []
        for (side, lines) in [(RiskFlag.Side.added, added), (.removed, removed)] {
            let sideRules = rules.filter { !(side == .added ? $0.added : $0.removed).isEmpty }
            guard !sideRules.isEmpty else { continue }
            var lowered: [UInt8] = []
            for line in lines {
                // ASCII lowercase into a reused buffer: keywords are matched ASCII-case-insensitively.
                lowered.removeAll(keepingCapacity: true)
                lowered.append(contentsOf: line.text.utf8.lazy.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 })
                let candidates = lowered.withUnsafeBufferPointer { buffer in sideRules.filter { $0.passesKeywords(buffer) } }
                for rule in candidates {
                    let patterns = side == .added ? rule.added : rule.removed
                    guard patterns.contains(where: { $0.matches(line.text, scratch: scratch) }) else { continue }
                    flags.append(lineFlag(rule, path: path, line: line, side: side))
                }
            }
        }
        return flags
    }

    private func lineFlag(_ rule: RiskRule, path: String, line: FileDiff.Line, side: RiskFlag.Side) -> RiskFlag {
        let trimmed = line.text.trimmedSpaces
        let excerpt = trimmed.count > 200 ? String(trimmed.prefix(200)) + "…" : trimmed
        return RiskFlag(rule: rule.id, title: rule.title, category: rule.category, severity: rule.severity, path: path,
                        line: line.number, side: side, excerpt: excerpt, message: rule.message,
                        fingerprint: Fingerprint.of([rule.id, path, side.rawValue, Fingerprint.normalise(trimmed)]))
    }

    private func pathFlag(_ rule: RiskRule, _ change: FileChange) -> RiskFlag {
        let what = change.status == .renamed ? "renamed from \(change.oldPath ?? "?")" : change.status.rawValue
        return RiskFlag(rule: rule.id, title: rule.title, category: rule.category, severity: rule.severity, path: change.path,
                        line: 0, side: .file, excerpt: "\(change.path) \(what)", message: rule.message,
                        fingerprint: Fingerprint.of([rule.id, change.path, "file", (change.newID ?? change.oldID)?.hex ?? ""]))
    }
}
