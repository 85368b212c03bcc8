import VigilModel
import VigilPatterns
import VigilRules

/// Value rules: the old and the new value of the same setting, compared. A setting counts when
/// its statement holds a real change (not a move, a re-wrap or a comment); it is paired with its
/// other side by where it sits (class and field, key path, option name), so `beta` in a
/// dataclass `field(default=...)` over several lines, an argparse `default=`, a YAML key or a
/// shell flag all compare old to new. A whole-file rewrite compares too: settings are read from
/// the whole of both sides. An added file has no old value: it is never a value change.
///
/// When a side does not parse (an unterminated string, brackets that never close), the rule
/// falls back to matching its key names on the changed lines and says so in `problem`.
enum ValueRules {
    static func evaluate(_ context: RuleContext) -> (hits: [Hit], problem: String?) {
        let rule = context.rule, file = context.file
        guard let spec = rule.value, !file.added.isEmpty || !file.removed.isEmpty else { return ([], nil) }
        // Keywords on the files' changed statements would miss `default=0.0,` under `beta: float = field(`:
        // the prefilter is on whole changed lines of either side plus the file's text near them, so
        // read the sides only when a keyword is anywhere in a changed hunk's statements.
        guard file.oldBytes != nil, file.newBytes != nil else { return ([], nil) }
        if !rule.keywordBytes.isEmpty && !mentionsKeyword(rule, file) { return ([], nil) }
        guard let old = file.old, let new = file.new else { return ([], nil) }
        if let problem = old.problem ?? new.problem {
            return (fallback(context), "\(file.path): settings not compared (\(problem)); rule \(rule.id) matched key names on lines instead")
        }
        file.assignKinds()
        let changedOld = changedLines(file.removed)
        let changedNew = changedLines(file.added)
        var decided: [String: Bool] = [:]
        let wanted = { (binding: Binding) -> Bool in
            if binding.comparison != nil && !spec.comparisons { return false }
            if let known = decided[binding.key] { return known }
            let answer = rule.wantsKey(settingName(binding.key))
            decided[binding.key] = answer
            return answer
        }
        let oldBindings = file.settings(.removed).filter(wanted)
        let newBindings = file.settings(.added).filter(wanted)
        // Hunks that only rename (`reference_KL_logps` → `ref_KL_logps`) change no setting.
        let inert = StatementComparison.hunksOnlyRenaming(file)
        let inertOld = Set(file.removed.filter { inert.contains($0.hunk) }.map(\.number))
        let inertNew = Set(file.added.filter { inert.contains($0.hunk) }.map(\.number))
        let touchedOld = oldBindings.filter { touches($0, changedOld) && !$0.lines.contains(where: inertOld.contains) }
        let touchedNew = newBindings.filter { touches($0, changedNew) && !$0.lines.contains(where: inertNew.contains) }
        guard !touchedOld.isEmpty || !touchedNew.isEmpty else { return ([], nil) }
        var oldByKey: [String: [Binding]] = [:], newByKey: [String: [Binding]] = [:]
        for b in oldBindings { oldByKey[b.qualifiedKey, default: []].append(b) }
        for b in newBindings { newByKey[b.qualifiedKey, default: []].append(b) }
        var hits: [Hit] = []
        var pairedOld = Set<Binding>(), pairedNew = Set<Binding>()
        // Same place on both sides: the values that differ, old paired with new in order.
        for key in Set(touchedOld.map(\.qualifiedKey) + touchedNew.map(\.qualifiedKey)).sorted() {
            let olds = oldByKey[key] ?? [], news = newByKey[key] ?? []
            guard !olds.isEmpty && !news.isEmpty else { continue }
            var unmatchedNew = news
            var goneOld: [Binding] = []
            for a in olds {
                if let i = unmatchedNew.firstIndex(where: { same($0.value, a.value) }) { unmatchedNew.remove(at: i) } else { goneOld.append(a) }
            }
            olds.forEach { pairedOld.insert($0) }
            news.forEach { pairedNew.insert($0) }
            for (a, b) in zip(goneOld, unmatchedNew) where touches(a, changedOld) || touches(b, changedNew) {
                if let hit = change(a, b, rule: rule, spec: spec, old: old, new: new) { hits += hit }
            }
        }
        // The same name under another scope (a class renamed, a function moved): pair when unique.
        let loneOld = touchedOld.filter { !pairedOld.contains($0) }
        let loneNew = touchedNew.filter { !pairedNew.contains($0) }
        for a in loneOld {
            let candidates = loneNew.filter { $0.key == a.key }
            guard candidates.count == 1, let b = candidates.first, !pairedNew.contains(b),
                  loneOld.filter({ $0.key == a.key }).count == 1 else { continue }
            pairedOld.insert(a)
            pairedNew.insert(b)
            if let hit = change(a, b, rule: rule, spec: spec, old: old, new: new) { hits += hit }
        }
        // Removed outright: the setting falls back to a default. Not when its class or function
        // went with it (the option itself was removed), nor a comparison (a condition removed).
        if spec.removal {
            var surviving = Set<String>()
            for n in stride(from: 1, through: new.count, by: 1) { surviving.insert(new.scope(n).name) }
            for a in touchedOld where !pairedOld.contains(a) && !newBindings.contains(where: { $0.key == a.key })
                && a.comparison == nil && Literal(a.value).isLiteral && !isOwnName(a) && !movedElsewhere(a, context)
                && surviving.contains(old.scope(a.first).name) {
                let value = RiskFlag.ValueChange(key: a.displayKey, old: Literal.display(a.value), new: nil, direction: .changed)
                hits.append(Hit(side: .removed, line: a.valueLine, text: old.line(a.valueLine), scope: scopeName(old, a), value: value,
                                severity: spec.removedSeverity))
            }
        }
        return (hits, nil)
    }

    /// The hits of one old/new pair whose values differ.
    static func change(_ a: Binding, _ b: Binding, rule: RiskRule, spec: RiskRule.ValueSpec, old: SourceText, new: SourceText) -> [Hit]? {
        guard Literal.isSetting(a.value), Literal.isSetting(b.value), !isPlumbing(a.value, b.value) else { return nil }
        // In a plain assignment only a literal is a setting: `x = other_name` is code.
        if (a.isAssignment && !Literal(a.value).isLiteral) || (b.isAssignment && !Literal(b.value).isLiteral) { return nil }
        guard let direction = ValueComparison.direction(old: a.value, new: b.value, spec: spec) else { return nil }
        let value = RiskFlag.ValueChange(key: b.displayKey, old: Literal.display(a.value), new: Literal.display(b.value), direction: direction)
        let severity = ValueComparison.severity(direction, rule: rule)
        let scope = scopeName(new, b)
        var hits = [Hit(side: .added, line: b.valueLine, text: new.line(b.valueLine), scope: scope, value: value, severity: severity)]
        if old.line(a.valueLine).trimmedSpaces != new.line(b.valueLine).trimmedSpaces {
            hits.append(Hit(side: .removed, line: a.valueLine, text: old.line(a.valueLine), scope: scope, value: nil, severity: severity))
        }
        return hits
    }

    static func scopeName(_ text: SourceText, _ binding: Binding) -> String {
        let scope = text.scope(binding.first).name
        if text.language == .yaml || text.language == .json || text.language == .toml || text.language == .ini { return binding.qualifiedKey }
        return scope.isEmpty ? binding.key : scope + "." + binding.key
    }

    /// Both sides name other settings by attribute path (`args.kl_estimator` → `args.algo.kl.estimator`):
    /// where a value is read from moved, not the value.
    static func isPlumbing(_ a: String, _ b: String) -> Bool {
        func isPath(_ v: String) -> Bool {
            guard case .expression(let t) = Literal(v) else { return false }
            return t.contains(".") && t.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
        }
        return isPath(a) && isPath(b)
    }

    /// An enum-like constant whose value is its own name (`REVERSE_KL = "reverse_kl"`).
    static func isOwnName(_ binding: Binding) -> Bool {
        guard case .text(let t) = Literal(binding.value) else { return false }
        return t.lowercased() == binding.key.lowercased()
    }

    /// True when another file of the commit adds the same setting with the same value (the
    /// setting moved, say to a shared module).
    static func movedElsewhere(_ binding: Binding, _ context: RuleContext) -> Bool {
        let value = Fingerprint.normalise(binding.value.trimmedSpaces)
        let key = binding.key.filter { !"<>=!".contains($0) }
        for other in context.commit.files where other !== context.file {
            for line in other.added where line.text.contains(key) && line.text.contains(value) { return true }
        }
        return false
    }

    /// A comparison's key without its operator (`score<` → `score`).
    static func settingName(_ key: String) -> String {
        guard let last = key.utf8.last, last == UInt8(ascii: "<") || last == UInt8(ascii: ">") || last == UInt8(ascii: "=") else { return key }
        return String(key.prefix { $0 != "<" && $0 != ">" && $0 != "=" && $0 != "!" })
    }

    static func same(_ a: String, _ b: String) -> Bool { Literal(a) == Literal(b) || a == b }

    /// Line numbers of real changes (code, not moved or re-wrapped).
    static func changedLines(_ lines: [ChangedLine]) -> Set<Int> {
        Set(lines.filter { $0.kind != .comment && $0.kind != .blank && $0.kind != .docstring && !$0.move.isNoOp }.map(\.number))
    }

    static func touches(_ binding: Binding, _ lines: Set<Int>) -> Bool { binding.lines.contains { lines.contains($0) } }

    static func touchesAny(_ bindings: [Binding], _ lines: Set<Int>) -> Bool { bindings.contains { touches($0, lines) } }

    /// True when a keyword occurs in a changed line or the few lines above it, either side (a
    /// dataclass field's or an option's name sits above its `default=`). No parsing: most files
    /// stop here.
    static func mentionsKeyword(_ rule: RiskRule, _ file: ChangedFile) -> Bool {
        for side in [RiskFlag.Side.removed, .added] {
            let raw = file.rawLines(side)
            var checked = Set<Int>()
            for line in file.lines(side) where !line.move.isNoOp {
                for n in max(1, line.number - 3)...max(1, line.number) where n <= raw.count && checked.insert(n).inserted {
                    if LineRules.passesKeywords(rule, raw[n - 1]) { return true }
                }
            }
        }
        return false
    }

    /// Key names on changed lines, for a file whose settings cannot be read.
    static func fallback(_ context: RuleContext) -> [Hit] {
        let rule = context.rule, file = context.file
        var hits: [Hit] = []
        for side in [RiskFlag.Side.removed, .added] {
            for line in file.lines(side) where !line.move.isNoOp && LineRules.passesKeywords(rule, line.text) {
                guard let key = keyName(line.text), rule.wantsKey(key) else { continue }
                hits.append(Hit(side: side, line: line.number, text: line.text, scope: nil,
                                severity: rule.value?.changedSeverity ?? rule.severity,
                                note: "settings not compared: the file does not parse; the setting's lines are listed instead"))
            }
        }
        return hits
    }

    /// The name before the first `=` or `:` of a line, if it looks like one.
    static func keyName(_ text: String) -> String? {
        var name = ""
        var started = false
        for c in text {
            if c.isLetter || c.isNumber || c == "_" || c == "-" { name.append(c); started = true; continue }
            if !started && (c == " " || c == "\t" || c == "\"" || c == "'") { continue }
            if started && (c == "\"" || c == "'" || c == " ") { continue }
            if started && (c == "=" || c == ":") { return String(name.drop { $0 == "-" }).replacingDashes }
            name = ""
            started = false
        }
        return nil
    }
}
