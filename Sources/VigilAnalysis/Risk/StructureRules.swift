import VigilModel
import VigilPatterns
import VigilRules

/// Structural weakenings: what a change does to checks, tests and guards rather than what words
/// it holds. Each reads only real changes (no moves, re-wraps, comments) and, where it names a
/// function, only functions that exist on both sides (deleting a whole module is a file-level
/// matter). A rule's `scope` patterns name the functions (or key paths) it watches; its keywords
/// must occur in the line or its scope, and its `added`/`removed` patterns, when given, narrow it.
enum StructureRules {
    static func evaluate(_ context: RuleContext) -> [Hit] {
        guard let structure = context.rule.structure else { return [] }
        let file = context.file
        // A look at the raw changed lines first: most files hold nothing a structure is about,
        // and then are never parsed.
        guard mayHold(structure, context) else { return [] }
        guard file.old != nil || file.new != nil else { return [] }
        file.assignKinds()
        let hits: [Hit]
        switch structure {
        case .removedGuard: hits = removedGuards(context)
        case .changedReturn: hits = changedReturns(context)
        case .testSkipped: hits = skippedTests(context)
        case .testRemoved: hits = removedTests(context)
        case .entryRemoved: hits = removedEntries(context)
        case .commentedOut: return commentedOut(context)
        case .bodyChanged: hits = bodyChanges(context)
        case .renested: hits = renested(context)
        case .loggedValueChanged: hits = loggedValues(context)
        }
        return hits.filter { passesPatterns(context, $0.side, $0.text) }
    }

    // MARK: Prefilters

    /// False when no changed line could be what `structure` looks for (raw text, no parsing).
    static func mayHold(_ structure: RiskRule.Structure, _ context: RuleContext) -> Bool {
        let file = context.file
        func anyLine(_ side: RiskFlag.Side, _ test: (String) -> Bool) -> Bool {
            file.lines(side).contains { !$0.move.isNoOp && test($0.text.trimmedSpaces) }
        }
        switch structure {
        case .removedGuard:
            return anyLine(.removed) { t in
                ["assert", "raise", "throw", "abort", "return", "continue", "stop", "sys.exit", "if", "bot"].contains { startsWithWord(t, $0) }
            }
        case .changedReturn: return anyLine(.removed) { startsWithWord($0, "return") || startsWithWord($0, "yield") }
            || anyLine(.added) { startsWithWord($0, "return") || startsWithWord($0, "yield") }
        case .testSkipped: return skipMarker.map { m in anyLine(.added) { m.matches($0, scratch: context.scratch) } } ?? false
        case .testRemoved: return testDefinition.map { d in anyLine(.removed) { d.matches($0, scratch: context.scratch) } } ?? false
        case .entryRemoved: return anyLine(.removed) { t in t.hasPrefix("-") || t.hasPrefix("\"") || t.hasPrefix("'") || (t.first?.isNumber ?? false) }
        case .commentedOut: return anyLine(.added) { $0.hasPrefix("#") || $0.hasPrefix("//") || $0.hasPrefix("--") }
        case .renested: return file.removed.contains { $0.move == .renested } || file.added.contains { $0.move == .renested }
        case .loggedValueChanged:
            guard let metric = metricWrite else { return false }
            let raw = file.rawLines(.added) + file.rawLines(.removed)
            return raw.contains { metric.matches($0, scratch: context.scratch) }
        case .bodyChanged:
            // Some function of the file has a name the rule's scopes take.
            guard !context.rule.scopes.isEmpty else { return true }
            for side in [RiskFlag.Side.removed, .added] {
                for line in file.rawLines(side) {
                    let t = line.trimmedSpaces
                    for prefix in ["def ", "async def ", "function ", "async function ", "define ", "flow "] where t.hasPrefix(prefix) {
                        let name = String(t.dropFirst(prefix.count).prefix { $0 != "(" && $0 != ":" })
                        if context.rule.scopes.contains(where: { $0.matches(name, scratch: context.scratch) }) { return true }
                    }
                }
            }
            return false
        }
    }

    // MARK: Shared tests

    /// Keywords in the line or its scope (a rule's paths say where it looks).
    static func passesKeywords(_ rule: RiskRule, _ text: String, scope: String, path: String) -> Bool {
        guard !rule.keywordBytes.isEmpty else { return true }
        return LineRules.passesKeywords(rule, text) || LineRules.passesKeywords(rule, scope)
    }

    /// A rule's `added`/`removed` patterns, when given, narrow a structure to matching lines.
    static func passesPatterns(_ context: RuleContext, _ side: RiskFlag.Side, _ text: String) -> Bool {
        let patterns = side == .added ? context.rule.added : context.rule.removed
        return patterns.isEmpty || patterns.contains { $0.matches(text, scratch: context.scratch) }
    }

    static func inScope(_ context: RuleContext, _ scope: LineScope) -> Bool {
        context.rule.scopes.isEmpty || LineRules.inScope(context.rule, scope, context.scratch)
    }

    /// Every function (class, flow) name a side defines.
    static func scopeNames(_ text: SourceText?) -> Set<String> {
        guard let text else { return [] }
        var names = Set<String>()
        for n in stride(from: 1, through: text.count, by: 1) { names.insert(text.scope(n).name) }
        return names
    }

    static func realChanges(_ lines: [ChangedLine], allowRenested: Bool = true) -> [ChangedLine] {
        lines.filter { $0.kind == .code && ($0.move == .none || ($0.move == .renested && allowRenested)) }
    }

    static func words(_ text: String) -> String { text.trimmedSpaces }

    /// The first word of a line (`return`, `raise`, `if`).
    static func firstWord(_ text: String) -> String {
        String(text.trimmedSpaces.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
    }

    static func startsWithWord(_ text: String, _ word: String) -> Bool {
        guard text.hasPrefix(word) else { return false }
        let rest = text.dropFirst(word.count)
        guard let next = rest.first else { return true }
        return !(next.isLetter || next.isNumber || next == "_")
    }

    // MARK: Detectors

    static func removedGuards(_ context: RuleContext) -> [Hit] {
        let file = context.file
        guard let old = file.old, file.new != nil else { return [] }
        let surviving = scopeNames(file.new)
        // A guard replaced in the same hunk by one of the same kind (`return True, x` by
        // `return True, y`) is an edit, for `changed-return` to judge, not a removal.
        var replacements: [Int: Set<String>] = [:]
        for line in file.added where line.kind == .code { replacements[line.hunk, default: []].insert(firstWord(line.text)) }
        var hits: [Hit] = []
        for line in realChanges(file.removed, allowRenested: false) {
            let t = words(line.text)
            if replacements[line.hunk]?.contains(firstWord(line.text)) == true { continue }
            let scope = old.scope(line.number)
            guard surviving.contains(scope.name), inScope(context, scope),
                  passesKeywords(context.rule, t, scope: scope.name, path: file.path) else { continue }
            if isGuard(t, inBlock: !scope.control.isEmpty || opensBlockAbove(old, line.number), language: file.language) {
                hits.append(Hit(side: .removed, line: line.number, text: line.text, scope: scope.name))
            }
        }
        return hits
    }

    /// An assert, a raise, or an exit from inside a conditional block.
    static func isGuard(_ t: String, inBlock: Bool, language: SourceLanguage) -> Bool {
        for word in ["assert", "raise", "throw"] where startsWithWord(t, word) && !t.dropFirst(word.count).trimmedLeading.hasPrefix("=") { return true }
        if startsWithWord(t, "if") || t.hasPrefix("if(") {
            for exit in [": return", ":return", ": raise", ": continue", ") return", ") throw", ") continue", ": abort", ": stop"] where t.contains(exit) {
                return true
            }
        }
        guard inBlock else { return false }
        // `stop` and `abort` are statements in Colang only (elsewhere they are names).
        let exits = language == .colang ? ["return", "stop", "abort"] : ["return", "continue", "sys.exit"]
        for word in exits where startsWithWord(t, word) && !t.dropFirst(word.count).trimmedLeading.hasPrefix("=") { return true }
        return language == .colang && (t.hasPrefix("bot refuse") || t.hasPrefix("bot inform cannot"))
    }

    /// For languages without indentation scopes: the line above opens a conditional.
    static func opensBlockAbove(_ text: SourceText, _ number: Int) -> Bool {
        guard !text.language.indentationIsMeaning, number > 1 else { return false }
        let above = text.line(number - 1).trimmedSpaces
        return startsWithWord(above, "if") || above.hasPrefix("if(") || above.hasPrefix("} else") || startsWithWord(above, "else")
    }

    static func changedReturns(_ context: RuleContext) -> [Hit] {
        let file = context.file
        guard let old = file.old, let new = file.new else { return [] }
        let both = scopeNames(old).intersection(scopeNames(new))
        var hits: [Hit] = []
        for (side, text) in [(RiskFlag.Side.removed, old), (.added, new)] {
            for line in realChanges(file.lines(side)) {
                let t = words(line.text)
                guard startsWithWord(t, "return") || startsWithWord(t, "yield") else { continue }
                let scope = text.scope(line.number)
                guard both.contains(scope.name), !scope.name.isEmpty, inScope(context, scope),
                      passesKeywords(context.rule, t, scope: scope.name, path: file.path) else { continue }
                hits.append(Hit(side: side, line: line.number, text: line.text, scope: scope.name))
            }
        }
        return hits
    }

    static let skipMarker = try? Pattern(#"(@pytest\.mark\.(?:skip|xfail)\b|\bpytest\.(?:skip|xfail)\(|@unittest\.(?:skip\w*|expectedFailure)\b|\bself\.skipTest\(|\b(?:it|test|describe)\.(?:skip|todo)\(|\bx(?:it|describe|test)\(|\bt\.Skip(?:Now|f)?\(|#\[ignore\]|@(?:Disabled|Ignore)\b)"#)
    /// Conditions that make a skip a matter of where the tests run, not of what they check.
    static let environmentCondition = try? Pattern(#"(?i)(platform|os\.name|windows|win32|darwin|macos|linux|cuda|gpu|torch\.(?:cuda|backends)|is_available|device|\bmps\b|\bxpu\b|\bnpu\b|\btpu\b|\bhpu\b|version|importlib|find_spec|is_\w+_available|require|memory|num_gpus|device_count|\bci\b|getenv|environ|installed|not available)"#)

    static func skippedTests(_ context: RuleContext) -> [Hit] {
        let file = context.file
        guard let new = file.new, let old = file.old, let marker = skipMarker else { return [] }
        let existing = scopeNames(old).map { $0.split(separator: ".").last.map(String.init) ?? $0 }
        let existingTests = Set(existing)
        var hits: [Hit] = []
        for line in realChanges(file.added, allowRenested: false) {
            guard marker.matches(line.text, scratch: context.scratch) else { continue }
            // A conditional skip on the platform, hardware or installed packages is not a weakening.
            let context2 = line.text + " " + new.scope(line.number).control.joined(separator: " ") + " " + new.line(line.number - 1)
            if line.text.lowercased().contains("skipif") || line.text.lowercased().contains("skipunless") || line.text.contains("if ")
                || !new.scope(line.number).control.isEmpty {
                if environmentCondition?.matches(context2, scratch: context.scratch) == true { continue }
            } else if environmentCondition?.matches(line.text, scratch: context.scratch) == true {
                continue
            }
            // The test it applies to: the decorated function below, or the function it sits in.
            let test = decoratedFunction(new, after: line.number) ?? new.scope(line.number).innermost
            guard test.lowercased().hasPrefix("test") || test.hasPrefix("Test"), existingTests.contains(test) else { continue }
            // Already skipped before (a `unittest.skip` turned into `pytest.mark.skip`): no change.
            if wasSkipped(test, in: old, marker: marker, scratch: context.scratch) { continue }
            let scope = new.scope(line.number).name.isEmpty ? test : new.scope(line.number).name
            guard inScope(context, LineScope(name: scope + "." + test, innermost: test, control: [])),
                  passesKeywords(context.rule, line.text, scope: scope + "." + test, path: file.path) else { continue }
            hits.append(Hit(side: .added, line: line.number, text: line.text, scope: test))
        }
        return hits
    }

    /// True when the old side already skipped `test` (a marker among its decorators or in its body).
    static func wasSkipped(_ test: String, in old: SourceText, marker: Pattern, scratch: MatchScratch) -> Bool {
        for n in stride(from: 1, through: old.count, by: 1) {
            let t = old.line(n).trimmedSpaces
            guard t.hasPrefix("def \(test)(") || t.hasPrefix("async def \(test)(") else { continue }
            var above = n - 1
            while above >= 1, old.line(above).trimmedSpaces.hasPrefix("@") || old.line(above).trimmedSpaces.hasPrefix(")") {
                if marker.matches(old.line(above), scratch: scratch) { return true }
                above -= 1
            }
            let indent = old.indent(n)
            var below = n + 1
            while below <= old.count && (SourceText.isBlank(old.line(below)) || old.indent(below) > indent) && below < n + 80 {
                if marker.matches(old.line(below), scratch: scratch) { return true }
                below += 1
            }
        }
        return false
    }

    /// The name of the function a decorator on `line` decorates (the next `def` within 12 lines).
    static func decoratedFunction(_ text: SourceText, after line: Int) -> String? {
        guard text.line(line).trimmedSpaces.hasPrefix("@") else { return nil }
        for n in stride(from: line + 1, through: min(text.count, line + 12), by: 1) {
            let t = text.line(n).trimmedSpaces
            if t.hasPrefix("@") || t.isEmpty { continue }
            for prefix in ["def ", "async def ", "class "] where t.hasPrefix(prefix) {
                return String(t.dropFirst(prefix.count).prefix { $0.isLetter || $0.isNumber || $0 == "_" })
            }
            return nil
        }
        return nil
    }

    static let testDefinition = try? Pattern(#"^\s*(?:async\s+)?def\s+(test\w*)\s*\(|^\s*(?:it|test)\s*\(\s*['"`]([^'"`]+)|^func\s+(Test\w+)\s*\("#)

    static func removedTests(_ context: RuleContext) -> [Hit] {
        let file = context.file
        guard let old = file.old, let definition = testDefinition else { return [] }
        // Tests defined on the added side anywhere in the commit: moved and edited, not removed.
        var defined = Set<String>()
        for other in context.commit.files {
            for line in other.added {
                if let capture = definition.firstCapture(in: line.text, scratch: context.scratch) { defined.insert(capture.group) }
            }
        }
        var hits: [Hit] = []
        for line in realChanges(file.removed, allowRenested: false) {
            guard let capture = definition.firstCapture(in: line.text, scratch: context.scratch), !defined.contains(capture.group) else { continue }
            let scope = old.scope(line.number)
            guard inScope(context, scope) || inScope(context, LineScope(name: capture.group, innermost: capture.group, control: [])),
                  passesKeywords(context.rule, removedBody(old, from: line.number), scope: scope.name, path: file.path) else { continue }
            hits.append(Hit(side: .removed, line: line.number, text: line.text, scope: scope.name))
        }
        return hits
    }

    /// The text of a removed test (its header and body, up to 60 lines), for its keywords.
    static func removedBody(_ text: SourceText, from line: Int) -> String {
        let indent = text.indent(line)
        var out = text.line(line)
        var n = line + 1
        while n <= text.count && n < line + 60 {
            let l = text.line(n)
            if !SourceText.isBlank(l) && text.indent(n) <= indent { break }
            out += "\n" + l
            n += 1
        }
        return out
    }

    static func removedEntries(_ context: RuleContext) -> [Hit] {
        let file = context.file
        guard let old = file.old, file.new != nil else { return [] }
        var hits: [Hit] = []
        for line in file.removed where line.move == .none && (line.kind == .code || line.kind == .string) {
            guard let container = entryContainer(old, line.number) else { continue }
            let scope = LineScope(name: container, innermost: container, control: [])
            guard inScope(context, scope), passesKeywords(context.rule, line.text, scope: container, path: file.path) else { continue }
            hits.append(Hit(side: .removed, line: line.number, text: line.text, scope: container))
        }
        return hits
    }

    /// The key of the list a line is an entry of (`tasks`, `blocked_topics`), or nil.
    static func entryContainer(_ text: SourceText, _ number: Int) -> String? {
        let t = text.line(number).trimmedSpaces
        switch text.language {
        case .yaml:
            guard t.hasPrefix("- ") || t == "-" else { return nil }
            let path = text.scope(number).name
            return path.hasSuffix("[]") ? String(path.dropLast(2)).split(separator: ".").last.map(String.init) : path
        case .json:
            let path = text.scope(number).name
            guard path.hasSuffix("[]") else { return nil }
            return String(path.dropLast(2)).split(separator: ".").last.map(String.init)
        case .python:
            // An entry is a literal on its own line (`"self-harm",`), not code inside a literal.
            guard let first = t.first, first == "\"" || first == "'" || first.isNumber else { return nil }
            return PythonBindings.containerKey(text, line: number)
        default:
            return nil
        }
    }

    static func commentedOut(_ context: RuleContext) -> [Hit] {
        let file = context.file
        var removedByText: [[UInt8]: ChangedLine] = [:]
        for line in file.removed where line.kind == .code && line.move == .none { removedByText[CommitDiff.squeezed(line.text)] = line }
        guard !removedByText.isEmpty else { return [] }
        var hits: [Hit] = []
        for line in file.added where line.kind == .comment {
            var t = Substring(line.text.trimmedSpaces)
            for marker in ["#", "//", "--", ";"] where t.hasPrefix(marker) { t = t.dropFirst(marker.count); break }
            guard let removed = removedByText[CommitDiff.squeezed(String(t))] else { continue }
            let scope = file.new?.scope(line.number) ?? LineScope()
            guard inScope(context, scope), passesKeywords(context.rule, removed.text, scope: scope.name, path: file.path) else { continue }
            if !context.rule.removed.isEmpty && !context.rule.removed.contains(where: { $0.matches(removed.text, scratch: context.scratch) }) { continue }
            hits.append(Hit(side: .added, line: line.number, text: line.text, scope: scope.name))
            hits.append(Hit(side: .removed, line: removed.number, text: removed.text, scope: scope.name))
        }
        return hits
    }

    static func bodyChanges(_ context: RuleContext) -> [Hit] {
        let file = context.file
        guard let old = file.old, let new = file.new else { return [] }
        let both = scopeNames(old).intersection(scopeNames(new))
        let textOnly = StatementComparison.inertHunks(file)
        let edited = context.rule.computation ? file.computationHunks : []
        var hits: [Hit] = []
        for (side, text) in [(RiskFlag.Side.removed, old), (.added, new)] {
            for line in realChanges(file.lines(side)) where !textOnly.contains(line.hunk) && !file.inWholeDefinition(side, line.number) {
                let scope = text.scope(line.number)
                guard !scope.name.isEmpty, both.contains(scope.name), inScope(context, scope),
                      !StatementComparison.isLogging(line.text),
                      passesKeywords(context.rule, line.text, scope: scope.name, path: file.path) else { continue }
                let plumbing = context.rule.computation && StatementComparison.isPlumbing(line, editedHunks: edited)
                hits.append(Hit(side: side, line: line.number, text: line.text, scope: scope.name, severity: plumbing ? .low : nil))
            }
        }
        return hits
    }

    static func renested(_ context: RuleContext) -> [Hit] {
        let file = context.file
        var hits: [Hit] = []
        for (side, text) in [(RiskFlag.Side.removed, file.old), (.added, file.new)] {
            guard let text else { continue }
            for line in file.lines(side) where line.kind == .code && line.move == .renested {
                let scope = text.scope(line.number)
                guard inScope(context, scope), passesKeywords(context.rule, line.text, scope: scope.name, path: file.path) else { continue }
                hits.append(Hit(side: side, line: line.number, text: line.text, scope: scope.name))
            }
        }
        return hits
    }

    static let metricWrite = try? Pattern(#"(?:_metrics\[|\bmetrics\[|\blog_dict\(|\bself\.log\(|\bwandb\.log\(|\bstats\[["']|\blogs\[["']|\blog_metrics\(|\badd_scalar\()"#)

    static func loggedValues(_ context: RuleContext) -> [Hit] {
        let file = context.file
        guard let metric = metricWrite, let old = file.old, let new = file.new else { return [] }
        let textOnly = StatementComparison.inertHunksForMetrics(file)
        // A metric whose computation changed: hunks that add or drop metrics alone are new or
        // retired measurements, not redefined ones.
        let modified = Set(file.removed.map(\.hunk)).intersection(file.added.map(\.hunk))
        var hits: [Hit] = []
        for (side, text) in [(RiskFlag.Side.removed, old), (.added, new)] {
            for line in realChanges(file.lines(side)) where !textOnly.contains(line.hunk) && modified.contains(line.hunk)
                && !file.inWholeDefinition(side, line.number) {
                let scope = text.scope(line.number)
                if metric.matches(line.text, scratch: context.scratch) {
                    hits.append(Hit(side: side, line: line.number, text: line.text, scope: scope.name))
                    continue
                }
                // `name = ...` whose name a metrics write reads within the next few lines.
                let t = line.text.trimmedSpaces
                let name = String(t.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
                guard !name.isEmpty, t.dropFirst(name.count).trimmedLeading.hasPrefix("="),
                      !t.dropFirst(name.count).trimmedLeading.hasPrefix("==") else { continue }
                // Followed through assignments made from it (`clip_ratio = is_clipped.mean()`).
                var names = [name]
                for n in stride(from: line.number + 1, through: min(text.count, line.number + 5), by: 1) {
                    let next = text.line(n)
                    guard names.contains(where: { StructureRules.mentions(next, $0) }) else { continue }
                    if metric.matches(next, scratch: context.scratch) {
                        hits.append(Hit(side: side, line: line.number, text: line.text, scope: scope.name))
                        break
                    }
                    let assigned = String(next.trimmedSpaces.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
                    if !assigned.isEmpty { names.append(assigned) }
                }
            }
        }
        return hits
    }

    /// True when `name` occurs in `text` as a whole word.
    static func mentions(_ text: String, _ name: String) -> Bool {
        var rest = Substring(text)
        while let range = rest.firstRange(of: name) {
            let before = range.lowerBound == rest.startIndex ? nil : rest[rest.index(before: range.lowerBound)]
            let after = range.upperBound == rest.endIndex ? nil : rest[range.upperBound]
            let isWord = { (c: Character?) in c.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false }
            if !isWord(before) && !isWord(after) { return true }
            rest = rest[range.upperBound...]
        }
        return false
    }
}

extension Substring {
    var trimmedLeading: Substring { drop { $0 == " " || $0 == "\t" } }
}
