import VigilModel

/// How a changed line relates to the rest of the commit.
public enum LineMove: UInt8, Sendable {
    /// A real change.
    case none
    /// The same text (white space aside) was removed or added elsewhere in the commit: moved, not changed.
    case moved
    /// Part of a statement re-wrapped over other lines, the same once white space is removed.
    case reflowed
    /// Moved into or out of a block in a language where indentation is meaning (Python, YAML,
    /// Colang): the text is the same but what runs around it is not. A change.
    case renested

    /// True when the line is no change at all.
    public var isNoOp: Bool { self == .moved || self == .reflowed }
}

/// One changed line with what the diff model knows of it.
public struct ChangedLine: Sendable, Hashable {
    public var number: Int
    public var text: String
    public var hunk: Int
    public var kind: LineKind
    public var move: LineMove

    /// A change a code rule reads: code, and not a move or re-wrap.
    public var isCodeChange: Bool { kind == .code && !move.isNoOp }
}

/// One changed file of a commit, analysed: its status, language, path classes, changed lines
/// (each with its kind and whether it moved), and both sides' text for scopes and settings.
/// Everything is derived from a `FileDiff` alone, so the engine is testable without a repository.
public final class ChangedFile: @unchecked Sendable {
    // @unchecked: the sides are built lazily by the one thread that owns the commit's analysis.
    public let change: FileChange
    public let status: FileStatus
    public let language: SourceLanguage
    /// The path classes of the file's path (`tests`, `examples`, `docs`, `generated`, `ci`...).
    public let classes: Set<String>
    public private(set) var added: [ChangedLine]
    public private(set) var removed: [ChangedLine]
    let oldBytes: [UInt8]?
    let newBytes: [UInt8]?
    private var rawLinesCache: [RiskFlag.Side: [String]] = [:]
    private var oldText: SourceText?
    private var newText: SourceText?
    private var kindsAssigned = false
    private var settingsCache: [RiskFlag.Side: [Binding]] = [:]
    private var computationHunksCache: Set<Int>?
    /// Which setting names any rule reading this file wants (set by the engine before the
    /// rules run): the settings of each side are read once, for all of them.
    var wantsSetting: ((String) -> Bool)?
    /// Names the rules behind `wantsSetting`, so a blob's settings can be kept for the same rules.
    var wantsSignature: String?

    public var path: String { change.path }

    /// Where this worker keeps analysed blobs (nil: analyse each side here).
    private let sourceTexts: SourceTextCache?

    public convenience init(diff: FileDiff, classes: Set<String>) { self.init(diff: diff, classes: classes, sourceTexts: nil) }

    init(diff: FileDiff, classes: Set<String>, sourceTexts: SourceTextCache?) {
        self.sourceTexts = sourceTexts
        change = diff.change
        status = FileStatus(diff.change)
        language = SourceLanguage.of(path: diff.change.path)
        self.classes = classes
        oldBytes = diff.oldBytes
        newBytes = diff.newBytes
        if case .lines(let added, let removed) = diff.content {
            self.added = added.map { ChangedLine(number: $0.number, text: $0.text, hunk: $0.hunk, kind: .code, move: .none) }
            self.removed = removed.map { ChangedLine(number: $0.number, text: $0.text, hunk: $0.hunk, kind: .code, move: .none) }
        } else {
            self.added = []
            self.removed = []
        }
    }

    /// The old side's text (nil for an added file or unread content).
    public var old: SourceText? {
        if oldText == nil, let oldBytes { oldText = analysed(change.oldID, oldBytes) }
        return oldText
    }

    /// The new side's text (nil for a deleted file or unread content).
    public var new: SourceText? {
        if newText == nil, let newBytes { newText = analysed(change.newID, newBytes) }
        return newText
    }

    public func side(_ side: RiskFlag.Side) -> SourceText? { side == .removed ? old : new }

    private func analysed(_ id: ObjectID?, _ bytes: [UInt8]) -> SourceText {
        sourceTexts?.text(id, bytes: bytes, language: language) ?? SourceText(bytes: bytes, language: language)
    }

    /// One side's lines without any analysis (cheap: for prefilters that must look around a
    /// changed line before deciding to parse the file).
    public func rawLines(_ side: RiskFlag.Side) -> [String] {
        if let text = side == .removed ? oldText : newText { return text.lines }
        if let cached = rawLinesCache[side] { return cached }
        let lines = (side == .removed ? oldBytes : newBytes).map(SourceText.split) ?? []
        rawLinesCache[side] = lines
        return lines
    }

    /// True when `word` occurs in the old side as a whole name (a byte search, no parsing).
    func oldSideMentions(_ word: String) -> Bool {
        guard let bytes = oldBytes, !word.isEmpty else { return false }
        let needle = Array(word.utf8)
        func isNameByte(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F }
        return bytes.withUnsafeBufferPointer { haystack in
            var i = 0
            while i + needle.count <= haystack.count {
                if haystack[i] == needle[0] {
                    var j = 1
                    while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                    if j == needle.count && (i == 0 || !isNameByte(haystack[i - 1]))
                        && (i + j == haystack.count || !isNameByte(haystack[i + j])) { return true }
                }
                i += 1
            }
            return false
        }
    }

    public func lines(_ side: RiskFlag.Side) -> [ChangedLine] { side == .removed ? removed : added }

    /// The hunks that edit a computation (`StatementComparison.hunksEditingComputation`), worked
    /// out once for every rule that asks; kept only once line kinds are known, since they decide it.
    var computationHunks: Set<Int> {
        if let known = computationHunksCache { return known }
        let hunks = StatementComparison.hunksEditingComputation(self)
        if kindsAssigned { computationHunksCache = hunks }
        return hunks
    }

    /// Line kinds from both sides' text: called once a rule needs them (it parses the file).
    public func assignKinds() {
        guard !kindsAssigned else { return }
        kindsAssigned = true
        if let old { for i in removed.indices { removed[i].kind = old.kind(removed[i].number) } }
        if let new { for i in added.indices { added[i].kind = new.kind(added[i].number) } }
        if language.isProse {
            for i in removed.indices where removed[i].kind != .blank { removed[i].kind = .docstring }
            for i in added.indices where added[i].kind != .blank { added[i].kind = .docstring }
        }
    }

    /// The settings of one side that some rule wants, read once.
    func settings(_ side: RiskFlag.Side) -> [Binding] {
        if let cached = settingsCache[side] { return cached }
        let id = side == .removed ? change.oldID : change.newID
        if let sourceTexts, let id, let signature = wantsSignature, let kept = sourceTexts.settings(id, signature: signature) {
            settingsCache[side] = kept
            return kept
        }
        var decided: [String: Bool] = [:]
        let wants = wantsSetting ?? { _ in true }
        let found = self.side(side)?.bindings(where: { key in
            if let known = decided[key] { return known }
            let answer = wants(key)
            decided[key] = answer
            return answer
        }) ?? []
        settingsCache[side] = found
        if let sourceTexts, let id, let signature = wantsSignature { sourceTexts.keepSettings(found, id, signature: signature) }
        return found
    }

    func setMove(_ move: LineMove, side: RiskFlag.Side, index: Int) {
        if side == .removed { removed[index].move = move } else { added[index].move = move }
    }

    /// True when line `number` of `side` sits in a function or class that is itself new (its
    /// header added, not moved) or wholly removed: new code, or code deleted with its
    /// definition, changes no behaviour that existed before.
    public func inWholeDefinition(_ side: RiskFlag.Side, _ number: Int) -> Bool {
        if wholeDefinitions[side] == nil {
            // A header whose definition the other side does not have (an edited signature is not new).
            var otherNames = Set<String>()
            if let other = self.side(side == .added ? .removed : .added) {
                for n in stride(from: 1, through: other.count, by: 1) { otherNames.insert(other.scope(n).name) }
            }
            let text = self.side(side)
            wholeDefinitions[side] = Set(lines(side).filter {
                $0.move == .none && isDefinitionHeader($0.text) && !otherNames.contains(text?.scope($0.number).name ?? "")
            }.map(\.number))
        }
        guard let start = self.side(side)?.scope(number).start, start > 0 else { return false }
        return wholeDefinitions[side]?.contains(start) == true
    }

    private var wholeDefinitions: [RiskFlag.Side: Set<Int>] = [:]
    /// The hunks that change no behaviour (see StatementComparison), once computed.
    var inertHunksCache: Set<Int>?

    private func isDefinitionHeader(_ text: String) -> Bool {
        let t = text.trimmedSpaces
        return t.hasPrefix("def ") || t.hasPrefix("async def ") || t.hasPrefix("class ")
    }

    /// Why the settings of this file cannot be read, when a side does not parse.
    public var parseProblem: String? { old?.problem ?? new?.problem }

    /// True when the diff holds lines (not binary, not too large, readable).
    public var hasLines: Bool { !added.isEmpty || !removed.isEmpty }
}
