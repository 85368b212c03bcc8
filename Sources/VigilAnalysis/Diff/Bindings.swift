import VigilModel

/// A setting as one side of a file writes it: a key, where it sits, and its value as written.
/// Read from Python assignments, keyword arguments, dataclass `field(default=...)` over several
/// lines, argparse `default=`, function defaults, dict entries and comparisons with a literal;
/// YAML, JSON, TOML and INI keys; shell `--flag value` and `VAR=value`; Colang `$var = value`
/// and comparisons. Comparing the same key across the two sides is how value findings are made.
public struct Binding: Sendable, Hashable {
    /// The name alone (`beta`, `init_kl_coef`, `trustworthiness_score<` for a comparison).
    public var key: String
    /// The key with where it sits (`GRPOConfig/field/beta`, `trainer.kl_coef`): what pairs the
    /// old value with the new one.
    public var qualifiedKey: String
    /// The value, white space folded (`0.0`, `True`, `"train"`, `args.beta`).
    public var value: String
    /// The statement's lines.
    public var first: Int
    public var last: Int
    /// The line the value is written on.
    public var valueLine: Int
    /// For a comparison with a literal: the operator (`<`, `>=`...).
    public var comparison: String?
    /// True for a plain assignment in code (`x = ...`, `self.x = ...`), where only a literal
    /// value is a setting; keyword arguments, defaults, fields and config keys name settings
    /// even when their value is a name.
    public var isAssignment = false

    public var lines: ClosedRange<Int> { first...max(first, last) }

    /// How outputs name the setting: `beta`, or `trustworthiness_score <` for a threshold.
    public var displayKey: String {
        guard let comparison else { return key }
        return String(key.dropLast(comparison.count)) + " " + comparison
    }
}

extension SourceText {
    /// Every setting this side writes whose name passes `wanted` (a cheap test made first, since
    /// most keys concern no rule).
    public func bindings(where wanted: (String) -> Bool) -> [Binding] {
        switch language {
        case .python: return PythonBindings.extract(self, wanted: wanted)
        case .yaml: return YAMLBindings.extract(self, wanted: wanted)
        case .json: return JSONBindings.extract(self, wanted: wanted)
        case .shell: return ShellBindings.extract(self, wanted: wanted)
        case .colang: return ColangBindings.extract(self, wanted: wanted)
        case .toml, .ini, .javascript, .cLike, .text, .jinja: return GenericBindings.extract(self, wanted: wanted)
        case .markdown: return []
        }
    }
}

/// Python settings, read from the logical statements' tokens.
enum PythonBindings {
    typealias Token = PythonTokens.Token

    static func extract(_ source: SourceText, wanted: (String) -> Bool) -> [Binding] {
        guard let parsed = source.python else { return [] }
        var out: [Binding] = []
        for logical in parsed.logicals {
            let tokens = Array(parsed.tokens[logical.tokens])
            guard !tokens.isEmpty else { continue }
            let scope = source.scope(logical.first).name
            func add(_ key: String, _ context: String, _ value: ArraySlice<Token>, comparison: String? = nil) {
                guard !key.isEmpty, !value.isEmpty, wanted(key) else { return }
                out.append(Binding(key: key, qualifiedKey: scope + "/" + context + "/" + key, value: render(value),
                                   first: logical.first, last: logical.last, valueLine: value.first?.line ?? logical.first,
                                   comparison: comparison, isAssignment: context.isEmpty))
            }
            // `name: T = value`, `self.name = value`, `d["name"] = value` (a field(...) default read through).
            if let assign = topLevelIndex(of: "=", in: tokens), let key = targetKey(tokens[..<assign]) {
                let value = tokens[(assign + 1)...]
                if let fieldDefault = fieldDefault(value) { add(key, "field", fieldDefault) } else { add(key, "", value) }
            }
            // Keyword arguments of every call, argparse options, function defaults.
            var i = 0
            while i < tokens.count {
                if tokens[i].kind == .op && tokens[i].text == "(", i > 0, tokens[i - 1].kind == .name {
                    let callee = tokens[i - 1].text
                    let isDef = i >= 2 && tokens[i - 2].kind == .name && tokens[i - 2].text == "def"
                    let arguments = arguments(tokens, open: i)
                    if callee == "add_argument", let option = optionName(arguments) {
                        if let value = arguments.first(where: { $0.name == "default" })?.value {
                            add(option, "argparse", value)
                        } else if let action = arguments.first(where: { $0.name == "action" })?.value.first?.text {
                            if action.contains("store_true") { add(option, "argparse", [Token(kind: .name, text: "False", line: tokens[i].line, endLine: tokens[i].line)]) }
                            if action.contains("store_false") { add(option, "argparse", [Token(kind: .name, text: "True", line: tokens[i].line, endLine: tokens[i].line)]) }
                        }
                    } else {
                        for argument in arguments where argument.name != nil {
                            add(argument.name!, isDef ? "def " + callee : callee, argument.value)
                        }
                    }
                }
                // A dict entry `"key": value`.
                if tokens[i].kind == .string, i + 1 < tokens.count, tokens[i + 1].text == ":", i > 0,
                   tokens[i - 1].text == "{" || tokens[i - 1].text == ",", let key = stringContent(tokens[i].text) {
                    let end = valueEnd(tokens, from: i + 2)
                    if end > i + 2 { add(key, "dict", tokens[(i + 2)..<end]) }
                }
                // A comparison with a number: `score < 0.5`, `0.5 > score`.
                if tokens[i].kind == .op, ["<", "<=", ">", ">=", "==", "!="].contains(tokens[i].text), i > 0, i + 1 < tokens.count {
                    let op = tokens[i].text
                    if let literal = numberAt(tokens, i + 1), let name = operandName(tokens, before: i) {
                        add(name + op, "compare", literal, comparison: op)
                    } else if tokens[i - 1].kind == .number, i + 1 < tokens.count, tokens[i + 1].kind == .name {
                        let mirrored = ["<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="][op] ?? op
                        if let name = operandName(tokens, after: i + 1) { add(name + mirrored, "compare", tokens[(i - 1)..<i], comparison: mirrored) }
                    }
                }
                i += 1
            }
        }
        return out
    }

    /// Tokens as text, white space where Python needs it (between names and numbers).
    static func render(_ tokens: ArraySlice<Token>) -> String {
        var out = ""
        var previous: Token.Kind?
        for token in tokens {
            if let p = previous, (p == .name || p == .number) && (token.kind == .name || token.kind == .number) { out += " " }
            out += token.text
            previous = token.kind
        }
        return out
    }

    static func topLevelIndex(of op: String, in tokens: [Token]) -> Int? {
        var depth = 0
        for (i, token) in tokens.enumerated() where token.kind == .op {
            switch token.text {
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            case op where depth == 0: return i
            default: break
            }
        }
        return nil
    }

    /// The name an assignment target binds: the last name before any annotation, or a subscript's string key.
    static func targetKey(_ target: ArraySlice<Token>) -> String? {
        guard let first = target.first, first.kind == .name, !["if", "elif", "while", "for", "return", "assert", "def", "class", "lambda"].contains(first.text) else { return nil }
        var end = target.endIndex
        if let colon = target.firstIndex(where: { $0.kind == .op && $0.text == ":" }) { end = colon }
        let head = target[target.startIndex..<end]
        if head.contains(where: { $0.kind == .op && $0.text == "," }) { return nil }
        if let last = head.last, last.text == "]", head.count >= 3, head[head.index(head.endIndex, offsetBy: -2)].kind == .string {
            return stringContent(head[head.index(head.endIndex, offsetBy: -2)].text)
        }
        return head.last(where: { $0.kind == .name })?.text
    }

    /// The `default=` of a `field(...)` (dataclasses, pydantic `Field`), or nil.
    static func fieldDefault(_ value: ArraySlice<Token>) -> ArraySlice<Token>? {
        let tokens = Array(value)
        guard tokens.count >= 3, tokens[0].kind == .name, tokens[0].text == "field" || tokens[0].text == "Field"
                || (tokens[0].text == "dataclasses" && tokens.count > 3 && tokens[2].text == "field"),
              let open = tokens.firstIndex(where: { $0.text == "(" }) else { return nil }
        let arguments = arguments(tokens, open: open)
        if let value = arguments.first(where: { $0.name == "default" })?.value { return value }
        if let first = arguments.first, first.name == nil { return first.value }
        return nil
    }

    /// The arguments of the call whose `(` is at `open`: each with its keyword (nil for a
    /// positional one) and value tokens.
    static func arguments(_ tokens: [Token], open: Int) -> [(name: String?, value: ArraySlice<Token>)] {
        var out: [(String?, ArraySlice<Token>)] = []
        var start = open + 1
        func finish(_ end: Int) {
            guard end > start else { return }
            let slice = tokens[start..<end]
            if slice.count >= 3, slice[start].kind == .name, slice[start + 1].kind == .op, slice[start + 1].text == "=" {
                out.append((slice[start].text, tokens[(start + 2)..<end]))
            } else if slice.count >= 2, slice[start].kind == .name, slice[start + 1].text == ":" {
                // `name: T = value` in a def's parameters.
                if let eq = slice.firstIndex(where: { $0.kind == .op && $0.text == "=" }), eq + 1 < end {
                    out.append((slice[start].text, tokens[(eq + 1)..<end]))
                }
            } else {
                out.append((nil, slice))
            }
        }
        // Each argument ends at the `,` or closing bracket at its own depth (valueEnd).
        while true {
            let end = valueEnd(tokens, from: start)
            finish(end)
            guard end < tokens.count, tokens[end].kind == .op, tokens[end].text == "," else { return out }
            start = end + 1
        }
    }

    /// `--init-kl-coef` as `init_kl_coef`: the option an `add_argument` call declares.
    static func optionName(_ arguments: [(name: String?, value: ArraySlice<Token>)]) -> String? {
        for argument in arguments where argument.name == nil {
            guard let token = argument.value.first, token.kind == .string, let text = stringContent(token.text) else { continue }
            if text.hasPrefix("--") { return String(text.dropFirst(2)).replacingDashes }
        }
        if let first = arguments.first, first.name == nil, let token = first.value.first, token.kind == .string {
            return stringContent(token.text).map { String($0.drop { $0 == "-" }).replacingDashes }
        }
        return nil
    }

    /// Where a value starting at `start` ends: the `,` or closing bracket at its own depth.
    static func valueEnd(_ tokens: [Token], from start: Int) -> Int {
        var depth = 0
        var i = start
        while i < tokens.count {
            let t = tokens[i]
            if t.kind == .op {
                switch t.text {
                case "(", "[", "{": depth += 1
                case ")", "]", "}":
                    if depth == 0 { return i }
                    depth -= 1
                case "," where depth == 0: return i
                default: break
                }
            }
            i += 1
        }
        return i
    }

    /// A number literal (with a sign) at `index`.
    static func numberAt(_ tokens: [Token], _ index: Int) -> ArraySlice<Token>? {
        guard index < tokens.count else { return nil }
        if tokens[index].kind == .number { return tokens[index...index] }
        if tokens[index].kind == .op, tokens[index].text == "-" || tokens[index].text == "+", index + 1 < tokens.count,
           tokens[index + 1].kind == .number { return tokens[index...(index + 1)] }
        return nil
    }

    /// The last name of the operand ending just before `index` (`self.args.score` → `score`,
    /// `result["score"]` → `score`).
    static func operandName(_ tokens: [Token], before index: Int) -> String? {
        var i = index - 1
        if tokens[i].text == ")" {
            // A call's result: named by the function called (`classifier(text) > 0.8`).
            var depth = 0
            while i >= 0 {
                if tokens[i].text == ")" { depth += 1 } else if tokens[i].text == "(" { depth -= 1; if depth == 0 { break } }
                i -= 1
            }
            return i >= 1 && tokens[i - 1].kind == .name ? tokens[i - 1].text : nil
        }
        if tokens[i].text == "]", i >= 1, tokens[i - 1].kind == .string { return stringContent(tokens[i - 1].text) }
        while i >= 0, tokens[i].kind != .name { i -= 1; if index - i > 3 { return nil } }
        return i >= 0 ? tokens[i].text : nil
    }

    static func operandName(_ tokens: [Token], after index: Int) -> String? {
        var i = index
        var name: String?
        while i < tokens.count, tokens[i].kind == .name || tokens[i].text == "." {
            if tokens[i].kind == .name { name = tokens[i].text }
            i += 1
        }
        return name
    }

    /// The text inside a string literal's quotes (prefixes and triple quotes removed).
    static func stringContent(_ literal: String) -> String? {
        var s = Substring(literal)
        while let c = s.first, c.isLetter { s = s.dropFirst() }
        guard let quote = s.first, quote == "\"" || quote == "'" else { return nil }
        let triple = String(repeating: quote, count: 3)
        if s.hasPrefix(triple) && s.hasSuffix(triple) && s.count >= 6 { return String(s.dropFirst(3).dropLast(3)) }
        guard s.count >= 2, s.last == quote else { return nil }
        return String(s.dropFirst().dropLast())
    }
}

/// YAML settings: each `key: value` with its key path.
enum YAMLBindings {
    static func extract(_ source: SourceText, wanted: (String) -> Bool) -> [Binding] {
        var out: [Binding] = []
        for (i, line) in source.lines.enumerated() where source.kinds[i] == .code {
            guard let parsed = YAMLAnalyser.keyLine(line), !parsed.value.isEmpty, wanted(parsed.key) else { continue }
            let value = parsed.value
            if value.first == "|" || value.first == ">" || value.hasPrefix("&") { continue }
            out.append(Binding(key: parsed.key, qualifiedKey: source.scope(i + 1).name, value: Fingerprint.normalise(value),
                               first: i + 1, last: i + 1, valueLine: i + 1, comparison: nil))
        }
        return out
    }
}

/// JSON settings: every scalar under a key, with its key path.
enum JSONBindings {
    static func extract(_ source: SourceText, wanted: (String) -> Bool) -> [Binding] {
        JSONScanner.scan(source.lines).bindings.compactMap { binding in
            guard let key = binding.path.last, key != "[]", wanted(key) else { return nil }
            return Binding(key: key, qualifiedKey: YAMLAnalyser.joined(binding.path), value: binding.value,
                           first: binding.line, last: binding.line, valueLine: binding.line, comparison: nil)
        }
    }
}

/// Shell settings: `--flag value`, `--flag=value`, a bare `--flag` (on), Hydra-style
/// `a.b.key=value`, and `VAR=value`.
enum ShellBindings {
    static func extract(_ source: SourceText, wanted: (String) -> Bool) -> [Binding] {
        var out: [Binding] = []
        for (i, line) in source.lines.enumerated() where source.kinds[i] == .code {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            var j = 0
            func add(_ key: String, _ value: String) {
                guard !key.isEmpty, wanted(key) else { return }
                out.append(Binding(key: key, qualifiedKey: source.scope(i + 1).name + "/" + key, value: value,
                                   first: i + 1, last: i + 1, valueLine: i + 1, comparison: nil))
            }
            while j < words.count {
                let word = words[j]
                if word.hasPrefix("#") { break }
                if word.hasPrefix("--"), word.count > 2 {
                    let body = word.dropFirst(2)
                    if let eq = body.firstIndex(of: "=") {
                        add(String(body[..<eq]).replacingDashes, String(body[body.index(after: eq)...]))
                    } else if j + 1 < words.count, !words[j + 1].hasPrefix("-"), words[j + 1] != "\\", !words[j + 1].hasPrefix("#") {
                        add(String(body).replacingDashes, words[j + 1])
                        j += 1
                    } else {
                        add(String(body).replacingDashes, "true")
                    }
                } else if let eq = word.firstIndex(of: "="), eq != word.startIndex,
                          word[..<eq].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "+" }) {
                    let path = word[..<eq].drop { $0 == "+" }
                    let key = path.split(separator: ".").last.map(String.init) ?? String(path)
                    add(key, String(word[word.index(after: eq)...]))
                }
                j += 1
            }
        }
        return out
    }
}

/// Colang settings: `$var = value` and comparisons with a number in conditions.
enum ColangBindings {
    static func extract(_ source: SourceText, wanted: (String) -> Bool) -> [Binding] {
        var out: [Binding] = []
        for (i, line) in source.lines.enumerated() where source.kinds[i] == .code {
            let scope = source.scope(i + 1).name
            let words = line.trimmedSpaces.split(separator: " ").map(String.init)
            if words.count >= 3, words[0].hasPrefix("$"), words[1] == "=" {
                let key = String(words[0].dropFirst())
                if wanted(key) {
                    out.append(Binding(key: key, qualifiedKey: scope + "/" + key, value: words[2...].joined(separator: " "),
                                       first: i + 1, last: i + 1, valueLine: i + 1, comparison: nil))
                }
            }
            for (k, word) in words.enumerated() where ["<", "<=", ">", ">=", "==", "!="].contains(word) && k > 0 && k + 1 < words.count {
                guard Double(words[k + 1]) != nil else { continue }
                var operand = words[k - 1]
                if let paren = operand.lastIndex(of: ")") { operand = String(operand[..<paren]) }
                let name = operand.split(whereSeparator: { $0 == "." || $0 == "$" || $0 == "(" || $0 == "\"" || $0 == "," })
                    .last.map(String.init) ?? operand
                guard wanted(name + word) || wanted(name) else { continue }
                out.append(Binding(key: name + word, qualifiedKey: scope + "/" + operand + word, value: words[k + 1],
                                   first: i + 1, last: i + 1, valueLine: i + 1, comparison: word))
            }
        }
        return out
    }
}

/// Settings in other languages, line by line: `key = value` and `key: value` with a literal.
enum GenericBindings {
    static func extract(_ source: SourceText, wanted: (String) -> Bool) -> [Binding] {
        var out: [Binding] = []
        for (i, line) in source.lines.enumerated() where source.kinds[i] == .code {
            let t = line.trimmedSpaces
            guard let sep = t.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            var key = String(t[..<sep]).trimmedSpaces
            for prefix in ["export ", "const ", "let ", "var ", "readonly ", "static ", "public ", "private "] where key.hasPrefix(prefix) {
                key = String(key.dropFirst(prefix.count))
            }
            key = key.strippingCharacters("\"'")
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }) else { continue }
            let name = key.split(separator: ".").last.map(String.init) ?? key
            guard wanted(name) else { continue }
            var value = String(t[t.index(after: sep)...]).trimmedSpaces
            while let last = value.last, last == "," || last == ";" { value.removeLast() }
            guard !value.isEmpty, !value.hasPrefix("=") else { continue }
            let table = source.scope(i + 1).name
            out.append(Binding(key: name, qualifiedKey: (table.isEmpty ? "" : table + ".") + key, value: Fingerprint.normalise(value),
                               first: i + 1, last: i + 1, valueLine: i + 1, comparison: nil))
        }
        return out
    }
}

extension String {
    /// `init-kl-coef` as `init_kl_coef`: option spellings compared as one.
    var replacingDashes: String { String(map { $0 == "-" ? "_" : $0 }) }
}

extension PythonBindings {
    /// The name of the list, tuple or set literal that line `number` is an entry of: the
    /// assignment target, keyword or dict key just before its opening bracket (`tasks = [`,
    /// `blocked_topics=(`, `"benchmarks": [`), or nil.
    static func containerKey(_ source: SourceText, line number: Int) -> String? {
        guard let parsed = source.python else { return nil }
        guard let index = source.statementNumber(number), index < parsed.logicals.count else { return nil }
        let logical = parsed.logicals[index]
        let tokens = Array(parsed.tokens[logical.tokens])
        var stack: [String?] = []
        for (i, token) in tokens.enumerated() {
            if token.line >= number { break }
            guard token.kind == .op else { continue }
            switch token.text {
            case "[", "(", "{":
                var key: String?
                // A dict's entries are keys and values, not a list's entries.
                if token.text == "{" { stack.append(nil); continue }
                if i >= 2, tokens[i - 1].text == "=" || tokens[i - 1].text == ":" {
                    key = tokens[i - 2].kind == .name ? tokens[i - 2].text : stringContent(tokens[i - 2].text)
                } else if i >= 1, tokens[i - 1].kind == .name, token.text == "(" {
                    key = nil // a call's arguments, not a literal
                }
                if i >= 3, tokens[i - 1].text == "=", let target = targetKey(tokens[0..<(i - 1)]) { key = key ?? target }
                stack.append(key)
            case "]", ")", "}":
                if !stack.isEmpty { stack.removeLast() }
            default: break
            }
        }
        return stack.last ?? nil
    }
}
