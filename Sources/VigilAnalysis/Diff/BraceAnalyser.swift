import VigilModel

/// Languages with `//` and `/* */` comments and braces (C-like, JavaScript/TypeScript, JSON):
/// comments are not code, and a line's scope is found as git's default `funcname` finds it, the
/// nearest line above that starts with a letter, `_` or `$` (for JSON: the key path).
enum BraceAnalyser {
    static func analyse(_ lines: [String], language: SourceLanguage, into analysis: inout LineAnalysis) {
        if language == .json { return JSONScanner.analyse(lines, into: &analysis) }
        var inBlockComment = false
        var function = ""
        for (i, line) in lines.enumerated() {
            let number = i + 1
            var sawCode = false
            var sawComment = inBlockComment
            let bytes = Array(line.utf8)
            var j = 0
            var quote: UInt8?
            while j < bytes.count {
                let c = bytes[j]
                if inBlockComment {
                    if c == UInt8(ascii: "*") && j + 1 < bytes.count && bytes[j + 1] == UInt8(ascii: "/") { inBlockComment = false; j += 2; continue }
                    j += 1
                    continue
                }
                if let q = quote {
                    if c == UInt8(ascii: "\\") { j += 2; continue }
                    if c == q { quote = nil }
                    j += 1
                    continue
                }
                if c == UInt8(ascii: "/") && j + 1 < bytes.count {
                    if bytes[j + 1] == UInt8(ascii: "/") { sawComment = true; break }
                    if bytes[j + 1] == UInt8(ascii: "*") { inBlockComment = true; sawComment = true; j += 2; continue }
                }
                if c == 0x22 || c == 0x27 || (c == 0x60 && language == .javascript) { quote = c; sawCode = true; j += 1; continue }
                if c != 0x20 && c != 0x09 { sawCode = true }
                j += 1
            }
            if sawCode { analysis.kinds[i] = .code } else if sawComment { analysis.kinds[i] = .comment } else { analysis.kinds[i] = .blank }
            if sawCode, let first = bytes.first, PythonTokens.isNameStart(first) || first == UInt8(ascii: "$"),
               !line.hasSuffix(":") || line.contains("(") {
                function = String(line.trimmedSpaces.prefix(80))
            } else if language == .javascript, sawCode, let name = javascriptFunction(line) {
                function = name
            }
            analysis.setScope(LineScope(name: function, innermost: function, control: []), line: number)
        }
    }

    /// An indented JavaScript/TypeScript function or method header, which git's default misses.
    static func javascriptFunction(_ line: String) -> String? {
        let t = line.trimmedSpaces
        for prefix in ["function ", "async function ", "export function ", "export async function ", "export default function "]
            where t.hasPrefix(prefix) { return String(t.prefix(80)) }
        return nil
    }
}

/// JSON scanned for key paths: each line's scope is the path of the value it holds
/// (`compilerOptions.strict`), and `bindings` lists every scalar value with its path.
enum JSONScanner {
    struct Binding { var path: [String]; var value: String; var line: Int }

    static func analyse(_ lines: [String], into analysis: inout LineAnalysis) {
        let scan = scan(lines)
        analysis.problem = scan.problem
        for (i, line) in lines.enumerated() {
            analysis.kinds[i] = SourceText.isBlank(line) ? .blank : (line.trimmedSpaces.hasPrefix("//") ? .comment : .code)
            let path = scan.pathAtLine[i]
            analysis.setScope(LineScope(name: YAMLAnalyser.joined(path), innermost: path.last ?? "",
                                        control: [YAMLAnalyser.joined(Array(path.dropLast()))]), line: i + 1)
            analysis.addStatement(first: i + 1, last: i + 1)
        }
    }

    /// Every scalar with its key path, the path each line starts in, and a problem when the
    /// brackets do not balance.
    static func scan(_ lines: [String]) -> (bindings: [Binding], pathAtLine: [[String]], problem: String?) {
        enum Container { case object(key: String?), array }
        var stack: [Container] = []
        var bindings: [Binding] = []
        var pathAtLine: [[String]] = []
        var problem: String?
        func path() -> [String] {
            stack.compactMap { c -> String? in
                switch c {
                case .object(let key): return key
                case .array: return "[]"
                }
            }
        }
        for (i, line) in lines.enumerated() {
            pathAtLine.append(path())
            let bytes = Array(line.utf8)
            var j = 0
            while j < bytes.count {
                let c = bytes[j]
                switch c {
                case 0x22:
                    var k = j + 1
                    while k < bytes.count && bytes[k] != 0x22 { k += bytes[k] == UInt8(ascii: "\\") ? 2 : 1 }
                    let text = String(decoding: bytes[(j + 1)..<min(k, bytes.count)], as: UTF8.self)
                    var after = k + 1
                    while after < bytes.count && (bytes[after] == 0x20 || bytes[after] == 0x09) { after += 1 }
                    if after < bytes.count && bytes[after] == UInt8(ascii: ":"), case .object = stack.last {
                        stack[stack.count - 1] = .object(key: text)
                        j = after + 1
                        if i < pathAtLine.count, pathAtLine[i].count < path().count { pathAtLine[i] = path() }
                        continue
                    }
                    bindings.append(Binding(path: path(), value: "\"" + text + "\"", line: i + 1))
                    j = k + 1
                case UInt8(ascii: "{"): stack.append(.object(key: nil)); j += 1
                case UInt8(ascii: "["): stack.append(.array); j += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if stack.isEmpty { problem = problem ?? "unbalanced bracket at line \(i + 1)" } else { stack.removeLast() }
                    j += 1
                case UInt8(ascii: ","):
                    if case .object = stack.last { stack[stack.count - 1] = .object(key: nil) }
                    j += 1
                case 0x20, 0x09, UInt8(ascii: ":"): j += 1
                default:
                    var k = j
                    while k < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09].contains(bytes[k]) { k += 1 }
                    if k == j { k += 1 }
                    bindings.append(Binding(path: path(), value: String(decoding: bytes[j..<k], as: UTF8.self), line: i + 1))
                    j = k
                }
            }
        }
        if !stack.isEmpty { problem = problem ?? "a bracket never closes" }
        return (bindings, pathAtLine, problem)
    }
}
