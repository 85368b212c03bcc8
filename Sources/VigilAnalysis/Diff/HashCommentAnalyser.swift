import VigilModel

/// Shell, TOML and INI files: `#` comments (and `;` in INI), heredoc bodies and TOML multi-line
/// strings are text, and a line's scope is its shell function or its `[table]`/`[section]`.
enum HashCommentAnalyser {
    static func analyse(_ lines: [String], language: SourceLanguage, into analysis: inout LineAnalysis) {
        var scope = ""
        var heredoc: String?
        var multiline: String?
        for (i, line) in lines.enumerated() {
            let number = i + 1
            let trimmed = line.trimmedSpaces
            defer { analysis.setScope(LineScope(name: scope, innermost: scope, control: []), line: number) }
            if let end = heredoc {
                analysis.kinds[i] = .string
                if trimmed == end { heredoc = nil }
                continue
            }
            if let quote = multiline {
                analysis.kinds[i] = .string
                if trimmed.contains(quote) { multiline = nil }
                continue
            }
            if trimmed.isEmpty { analysis.kinds[i] = .blank; continue }
            if trimmed.hasPrefix("#") || (language == .ini && trimmed.hasPrefix(";")) { analysis.kinds[i] = .comment; continue }
            analysis.addStatement(first: number, last: number)
            switch language {
            case .shell:
                if let marker = heredocMarker(trimmed) { heredoc = marker }
                if let name = shellFunction(trimmed) { scope = name }
            case .toml, .ini:
                if trimmed.hasPrefix("[") && trimmed.hasSuffix("]") {
                    scope = trimmed.strippingCharacters("[]")
                } else {
                    for quote in ["\"\"\"", "'''"] {
                        if trimmed.occurrences(of: quote) % 2 == 1 { multiline = quote }
                    }
                }
            default: break
            }
        }
    }

    /// The word ending a heredoc opened on this line (`<<EOF`, `<<-'END'`).
    static func heredocMarker(_ line: String) -> String? {
        guard let range = line.firstRange(of: "<<") else { return nil }
        var rest = line[range.upperBound...]
        if rest.hasPrefix("<") { return nil } // a here-string
        if rest.hasPrefix("-") { rest = rest.dropFirst() }
        rest = rest.drop { $0 == " " }
        let word = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "'" || $0 == "\"" }
        let marker = word.filter { $0 != "'" && $0 != "\"" }
        return marker.isEmpty ? nil : String(marker)
    }

    /// The name of a shell function defined on this line.
    static func shellFunction(_ line: String) -> String? {
        if line.hasPrefix("function ") {
            return String(line.dropFirst(9).prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
        }
        guard let paren = line.firstRange(of: "()") else { return nil }
        let name = String(line[..<paren.lowerBound]).trimmedSpaces
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else { return nil }
        return name
    }
}

/// Markdown, reStructuredText and plain text: prose for a person, never code.
enum MarkdownAnalyser {
    static func analyse(_ lines: [String], into analysis: inout LineAnalysis) {
        var heading = ""
        for (i, line) in lines.enumerated() {
            if SourceText.isBlank(line) { analysis.kinds[i] = .blank } else { analysis.kinds[i] = .docstring }
            if line.hasPrefix("#") { heading = line.strippingCharacters("# ") }
            analysis.setScope(LineScope(name: heading, innermost: heading, control: []), line: i + 1)
        }
    }
}

/// Jinja templates (prompt templates): `{# #}` comments are not content; the rest is.
enum JinjaAnalyser {
    static func analyse(_ lines: [String], into analysis: inout LineAnalysis) {
        var inComment = false
        for (i, line) in lines.enumerated() {
            let trimmed = line.trimmedSpaces
            if trimmed.isEmpty && !inComment { analysis.kinds[i] = .blank; continue }
            var rest = Substring(line)
            var content = false
            while !rest.isEmpty {
                if inComment {
                    guard let end = rest.firstRange(of: "#}") else { rest = ""; break }
                    inComment = false
                    rest = rest[end.upperBound...]
                } else if let start = rest.firstRange(of: "{#") {
                    if !String(rest[..<start.lowerBound]).trimmedSpaces.isEmpty { content = true }
                    inComment = true
                    rest = rest[start.upperBound...]
                } else {
                    if !String(rest).trimmedSpaces.isEmpty { content = true }
                    rest = ""
                }
            }
            analysis.kinds[i] = content ? .code : .comment
            analysis.addStatement(first: i + 1, last: i + 1)
        }
    }
}

extension String {
    /// How many times `needle` occurs, not overlapping.
    func occurrences(of needle: String) -> Int {
        var count = 0
        var rest = Substring(self)
        while let range = rest.firstRange(of: needle) { count += 1; rest = rest[range.upperBound...] }
        return count
    }

    /// Without leading and trailing characters from `set`.
    func strippingCharacters(_ set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s = s.dropFirst() }
        while let c = s.last, set.contains(c) { s = s.dropLast() }
        return String(s)
    }
}
