/// Line kinds, scopes and statements of Python: docstrings and comments are not code, the scope
/// is the chain of `class` and `def` around a line (by indentation, as Python reads it), and the
/// control blocks are the `if`/`for`/`try`/`with`... headers between that function and the line.
enum PythonAnalyser {
    static let blockKeywords: Set<String> = ["if", "elif", "else", "for", "while", "try", "except", "finally", "with", "match", "case"]

    @discardableResult
    static func analyse(_ lines: [String], indents: [Int], into analysis: inout LineAnalysis) -> PythonTokens {
        let parsed = PythonTokens(lines: lines)
        analysis.problem = parsed.problem
        // What each physical line holds.
        var hasCode = Array(repeating: false, count: lines.count)
        var hasString = Array(repeating: false, count: lines.count)
        var inDocstring = Array(repeating: false, count: lines.count)
        var hasComment = Array(repeating: false, count: lines.count)
        for comment in parsed.comments where comment.line <= lines.count { hasComment[comment.line - 1] = true }
        for logical in parsed.logicals {
            let tokens = parsed.tokens[logical.tokens]
            let isDocstring = tokens.allSatisfy { $0.kind == .string || ($0.kind == .op && $0.text == "+") }
            for token in tokens {
                for line in token.line...min(token.endLine, lines.count) {
                    if isDocstring { inDocstring[line - 1] = true; continue }
                    if token.kind == .string { hasString[line - 1] = true; continue }
                    if token.kind == .op && [",", "(", ")", "[", "]", "{", "}", "+", "%"].contains(token.text) { continue }
                    hasCode[line - 1] = true
                }
            }
            analysis.addStatement(first: logical.first, last: logical.last)
        }
        for i in 0..<lines.count {
            if hasCode[i] { analysis.kinds[i] = .code }
            else if inDocstring[i] { analysis.kinds[i] = .docstring }
            else if hasString[i] { analysis.kinds[i] = .string }
            else if hasComment[i] { analysis.kinds[i] = .comment }
            else if SourceText.isBlank(lines[i]) { analysis.kinds[i] = .blank }
            else { analysis.kinds[i] = .code } // a bracket alone on its line
        }
        // Scopes: a stack of open blocks by indentation.
        struct Block { var indent: Int; var name: String?; var header: String?; var line: Int }
        var stack: [Block] = []
        var current = LineScope()
        var nextLine = 1
        for logical in parsed.logicals {
            let tokens = Array(parsed.tokens[logical.tokens])
            let indent = indents[logical.first - 1]
            while let top = stack.last, top.indent >= indent { stack.removeLast() }
            current = scope(of: stack.map { ($0.name, $0.header, $0.line) })
            // Lines before this statement (comments, blanks) share the scope they sit in.
            while nextLine < logical.first { analysis.setScope(current, line: nextLine); nextLine += 1 }
            var own = current
            if let block = opener(tokens) {
                if let name = block.name {
                    own = scope(of: stack.map { ($0.name, $0.header, $0.line) } + [(name, nil, logical.first)])
                }
                if block.opensBlock { stack.append(Block(indent: indent, name: block.name, header: block.header, line: logical.first)) }
            }
            for line in logical.first...logical.last { analysis.setScope(own, line: line) }
            nextLine = logical.last + 1
        }
        while nextLine <= lines.count { analysis.setScope(current, line: nextLine); nextLine += 1 }
        return parsed
    }

    /// The scope a stack of blocks makes: names of `class`/`def`, control headers after the last of them.
    static func scope(of blocks: [(name: String?, header: String?, line: Int)]) -> LineScope {
        var names: [String] = []
        var control: [String] = []
        var start = 0
        for block in blocks {
            if let name = block.name { names.append(name); control = []; start = block.line } else if let header = block.header { control.append(header) }
        }
        return LineScope(name: names.joined(separator: "."), innermost: names.last ?? "", control: control, start: start)
    }

    /// What a statement opens: a named scope (`def`, `class`) or a control block, and whether a
    /// body follows on later lines (`if x: return y` keeps its body on the line).
    static func opener(_ tokens: [PythonTokens.Token]) -> (name: String?, header: String?, opensBlock: Bool)? {
        guard var first = tokens.first else { return nil }
        var start = 0
        if first.kind == .name && first.text == "async" && tokens.count > 1 { start = 1; first = tokens[1] }
        guard first.kind == .name else { return nil }
        // The colon that ends the header: the last top-level one.
        var depth = 0
        var colon: Int?
        for (i, token) in tokens.enumerated() where i > start && token.kind == .op {
            switch token.text {
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            case ":" where depth == 0: colon = i
            default: break
            }
            if colon != nil { break }
        }
        guard let colon else { return nil }
        let opensBlock = colon == tokens.count - 1
        if first.text == "def" || first.text == "class" {
            guard tokens.count > start + 1, tokens[start + 1].kind == .name else { return nil }
            return (tokens[start + 1].text, nil, opensBlock)
        }
        guard blockKeywords.contains(first.text) else { return nil }
        // `match` and `case` are soft keywords: only a header when a colon ends the statement.
        let header = tokens[start...colon].map(\.text).joined()
        return (nil, header, opensBlock)
    }
}
