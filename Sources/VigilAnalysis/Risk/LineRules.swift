import VigilModel
import VigilPatterns
import VigilRules

/// Line rules: a rule's regular expressions on the changed lines it reads. By default only code
/// that really changed: comments, docstrings, text in strings, blank lines, moves and re-wraps
/// are not read (`text: true` reads text too); a line moved into another block where indentation
/// is meaning is a change. A `scope` keeps the rule to lines inside matching functions or keys.
enum LineRules {
    static func evaluate(_ context: RuleContext) -> [Hit] {
        let rule = context.rule, file = context.file
        var hits: [Hit] = []
        for side in [RiskFlag.Side.added, .removed] {
            let patterns = side == .added ? rule.added : rule.removed
            guard !patterns.isEmpty else { continue }
            // Keywords first: the file is parsed only when some line passes them.
            let candidates = file.lines(side).indices.filter { !file.lines(side)[$0].move.isNoOp && passesKeywords(rule, file.lines(side)[$0].text) }
            guard !candidates.isEmpty else { continue }
            file.assignKinds()
            let lines = file.lines(side)
            // Hunks that only reword strings or rename, and code in wholly new or removed
            // functions, change no behaviour a code rule is about.
            let inert = rule.readsText ? [] : StatementComparison.inertHunks(file)
            let edited = rule.computation ? file.computationHunks : []
            for index in candidates {
                let line = lines[index]
                guard rule.readsText ? line.kind != .blank : line.kind == .code else { continue }
                if !rule.readsText && (inert.contains(line.hunk) || file.inWholeDefinition(side, line.number)) { continue }
                let scope = file.side(side)?.scope(line.number)
                if !rule.scopes.isEmpty && !inScope(rule, scope, context.scratch) { continue }
                var unevaluated = false
                var matched = false
                for pattern in patterns {
                    switch pattern.firstMatch(in: line.text, scratch: context.scratch) {
                    case .match: matched = true
                    case .limitExceeded: unevaluated = true
                    case .noMatch: break
                    }
                    if matched { break }
                }
                if matched && rule.newOnly && onOtherSide(line, side, file, patterns, context.scratch) { continue }
                if matched || unevaluated {
                    // A computation rule keeps its severity for an edited computation; plumbing, and
                    // code only added or only removed (a new option's branch, a deleted path), is low.
                    let plumbing = rule.computation && matched && StatementComparison.isPlumbing(line, editedHunks: edited)
                    hits.append(Hit(side: side, line: line.number, text: line.text, scope: scope?.name, severity: plumbing ? .low : nil,
                                    unevaluated: !matched && unevaluated))
                }
            }
        }
        return hits
    }

    /// True when a line of the other side in the same hunk matches one of the patterns too: the
    /// construct was there before (an added line) or is still there (a removed line), re-wrapped
    /// or edited around.
    static func onOtherSide(_ line: ChangedLine, _ side: RiskFlag.Side, _ file: ChangedFile, _ patterns: [Pattern],
                            _ scratch: MatchScratch) -> Bool {
        file.lines(side == .added ? .removed : .added).contains { other in
            other.hunk == line.hunk && patterns.contains { $0.matches(other.text, scratch: scratch) }
        }
    }

    /// The keyword prefilter, ASCII-case-insensitive, on the line's bytes.
    static func passesKeywords(_ rule: RiskRule, _ text: String) -> Bool {
        guard !rule.keywordBytes.isEmpty else { return true }
        var lowered: [UInt8] = []
        lowered.reserveCapacity(text.utf8.count)
        for byte in text.utf8 { lowered.append((0x41...0x5A).contains(byte) ? byte | 0x20 : byte) }
        return lowered.withUnsafeBufferPointer { rule.passesKeywords($0) }
    }

    /// True when the line's enclosing function, flow or key path matches one of the rule's scopes.
    static func inScope(_ rule: RiskRule, _ scope: LineScope?, _ scratch: MatchScratch) -> Bool {
        guard let scope, !scope.name.isEmpty else { return false }
        return rule.scopes.contains { $0.matches(scope.name, scratch: scratch) }
    }
}
