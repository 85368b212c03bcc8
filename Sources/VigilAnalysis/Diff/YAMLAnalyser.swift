import VigilModel

/// YAML by indentation: comments and block-scalar text are not code, and each line's scope is
/// its key path (`jobs.test.steps[].run`), which is what a re-indented line can change.
enum YAMLAnalyser {
    /// A `key:` at the start of a YAML line (after any `- ` markers): the key, the value text after
    /// the colon (comment removed), and how many list markers came first.
    struct KeyLine {
        var key: String
        var value: String
        var listMarkers: Int
        /// Indentation of the key itself (past the markers).
        var keyIndent: Int
    }

    struct Entry { var indent: Int; var key: String; var isItem: Bool }

    static func analyse(_ lines: [String], indents: [Int], into analysis: inout LineAnalysis) {
        var stack: [Entry] = []
        var blockScalarIndent: Int?
        for (i, line) in lines.enumerated() {
            let number = i + 1
            let indent = indents[i]
            if SourceText.isBlank(line) { analysis.kinds[i] = .blank; analysis.setScope(scope(stack), line: number); continue }
            if let parent = blockScalarIndent {
                if indent > parent {
                    analysis.kinds[i] = .string
                    analysis.setScope(scope(stack), line: number)
                    continue
                }
                blockScalarIndent = nil
            }
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("#") { analysis.kinds[i] = .comment; analysis.setScope(scope(stack), line: number); continue }
            if trimmed.hasPrefix("---") || trimmed.hasPrefix("...") { stack = []; analysis.setScope(LineScope(), line: number); continue }
            let isItem = trimmed.hasPrefix("- ") || trimmed == "-"
            if isItem {
                // A list item: it closes deeper entries and earlier items at its indentation.
                while let top = stack.last, top.indent > indent || (top.isItem && top.indent >= indent) { stack.removeLast() }
            }
            guard let parsed = keyLine(line) else {
                while !isItem, let top = stack.last, top.indent >= indent { stack.removeLast() }
                analysis.setScope(scope(stack + (isItem ? [Entry(indent: indent, key: "[]", isItem: true)] : [])), line: number)
                continue
            }
            if isItem {
                for marker in 0..<parsed.listMarkers { stack.append(Entry(indent: indent + 2 * marker, key: "[]", isItem: true)) }
            } else {
                while let top = stack.last, top.indent >= parsed.keyIndent { stack.removeLast() }
            }
            let path = stack + [Entry(indent: parsed.keyIndent, key: parsed.key, isItem: false)]
            analysis.setScope(scope(path), line: number)
            let value = parsed.value
            if value.isEmpty || value.hasPrefix("&") {
                stack = path
            } else if let first = value.first, first == "|" || first == ">" {
                blockScalarIndent = parsed.keyIndent
            }
        }
    }

    static func scope(_ path: [Entry]) -> LineScope {
        let keys = path.map(\.key)
        return LineScope(name: joined(keys), innermost: keys.last ?? "", control: keys.isEmpty ? [] : [joined(Array(keys.dropLast()))])
    }

    static func joined(_ keys: [String]) -> String {
        var out = ""
        for key in keys {
            if key == "[]" { out += "[]" } else { out += out.isEmpty ? key : "." + key }
        }
        return out
    }

    /// The key and value of a `key: value` line, nil for anything else (list values, text).
    static func keyLine(_ line: String) -> KeyLine? {
        var bytes = Substring(line)
        var indent = 0
        while let c = bytes.first, c == " " || c == "\t" { bytes = bytes.dropFirst(); indent += 1 }
        var markers = 0
        while bytes.hasPrefix("- ") || bytes == "-" {
            bytes = bytes.dropFirst(2)
            markers += 1
            indent += 2
            while let c = bytes.first, c == " " { bytes = bytes.dropFirst(); indent += 1 }
        }
        guard let first = bytes.first else { return nil }
        var key: Substring
        var rest: Substring
        if first == "\"" || first == "'" {
            guard let close = bytes.dropFirst().firstIndex(of: first) else { return nil }
            key = bytes[bytes.index(after: bytes.startIndex)..<close]
            rest = bytes[bytes.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
        } else {
            guard let colon = bytes.firstIndex(of: ":") else { return nil }
            key = bytes[..<colon]
            rest = bytes[colon...]
            guard !key.isEmpty, !key.contains(" #"), !key.hasPrefix("{"), !key.hasPrefix("["), !key.contains("\"") else { return nil }
        }
        rest = rest.dropFirst()
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var value = String(rest).trimmedSpaces
        if let hash = commentStart(value) { value = String(value[..<hash]).trimmedSpaces }
        return KeyLine(key: String(key).trimmedSpaces, value: value, listMarkers: markers, keyIndent: indent)
    }

    /// Where a ` #` comment starts in a value, outside quotes.
    static func commentStart(_ value: String) -> String.Index? {
        var quote: Character?
        var previous: Character = " "
        for index in value.indices {
            let c = value[index]
            if let q = quote { if c == q { quote = nil } } else if c == "\"" || c == "'" { if previous == " " || index == value.startIndex { quote = c } }
            else if c == "#" && (previous == " " || previous == "\t" || index == value.startIndex) { return index }
            previous = c
        }
        return nil
    }
}
