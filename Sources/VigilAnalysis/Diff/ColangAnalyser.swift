import VigilModel

/// Colang (NeMo Guardrails `.co`, 1.0 and 2.x) by indentation: `define flow`/`flow` blocks are
/// the scopes, `if`/`else`/`when`/`while` blocks the control around a line, `#` comments and
/// `"""` docstrings are not code, and quoted bot or user messages are text.
enum ColangAnalyser {
    static let controlKeywords = ["if", "elif", "else", "when", "or when", "else when", "while", "match", "try", "except"]

    static func analyse(_ lines: [String], indents: [Int], into analysis: inout LineAnalysis) {
        var stack: [(indent: Int, name: String?, header: String?)] = []
        var inDocstring = false
        for (i, line) in lines.enumerated() {
            let number = i + 1
            let trimmed = line.trimmedSpaces
            if inDocstring {
                analysis.kinds[i] = .docstring
                if trimmed.contains("\"\"\"") { inDocstring = false }
                analysis.setScope(scope(stack), line: number)
                continue
            }
            if trimmed.isEmpty { analysis.kinds[i] = .blank; analysis.setScope(scope(stack), line: number); continue }
            if trimmed.hasPrefix("#") { analysis.kinds[i] = .comment; analysis.setScope(scope(stack), line: number); continue }
            if trimmed.hasPrefix("\"\"\"") {
                analysis.kinds[i] = .docstring
                inDocstring = !(trimmed.count >= 6 && trimmed.dropFirst(3).contains("\"\"\""))
                analysis.setScope(scope(stack), line: number)
                continue
            }
            let indent = indents[i]
            while let top = stack.last, top.indent >= indent { stack.removeLast() }
            if trimmed.hasPrefix("\"") || trimmed.hasPrefix("'") { analysis.kinds[i] = .string }
            analysis.addStatement(first: number, last: number)
            let words = trimmed.split(separator: " ", maxSplits: 2).map(String.init)
            if indent == 0 && (words.first == "define" || words.first == "flow" || words.first == "@active") {
                let name = words.first == "define" ? String(trimmed.dropFirst(7)) : trimmed
                stack = [(indent, name, nil)]
                analysis.setScope(scope(stack), line: number)
                continue
            }
            analysis.setScope(scope(stack), line: number)
            let lowered = trimmed.lowercased()
            if controlKeywords.contains(where: { lowered == $0 || lowered.hasPrefix($0 + " ") }) {
                stack.append((indent, nil, SourceText.squeezed(trimmed)))
            }
        }
    }

    static func scope(_ stack: [(indent: Int, name: String?, header: String?)]) -> LineScope {
        let name = stack.compactMap(\.name).last ?? ""
        return LineScope(name: name, innermost: name, control: stack.compactMap(\.header))
    }
}
