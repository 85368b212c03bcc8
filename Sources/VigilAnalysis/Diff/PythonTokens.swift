/// Python source as tokens and logical statements, read the way Python reads them (strings with
/// their prefixes, triple quotes, comments, brackets and backslashes that continue a statement),
/// but forgiving: a file that does not parse still yields tokens, and `problem` says why.
struct PythonTokens {
    struct Token: Sendable, Hashable {
        enum Kind: UInt8, Sendable { case name, number, string, op, comment }
        var kind: Kind
        var text: String
        /// First and last line the token covers (a triple-quoted string may span many).
        var line: Int
        var endLine: Int
    }

    /// A logical statement: its tokens (comments excluded) and lines.
    struct Logical: Sendable {
        var first: Int
        var last: Int
        var tokens: Range<Int>
    }

    var tokens: [Token] = []
    var logicals: [Logical] = []
    /// Comment tokens, apart from the code tokens.
    var comments: [Token] = []
    var problem: String?

    init(lines: [String]) {
        var tokens: [Token] = []
        var logicals: [Logical] = []
        var comments: [Token] = []
        var problem: String?
        var depth = 0
        var openBracketLine = 0
        var statementStart: Int?
        var statementFirstToken = 0
        // An open multi-line string: its quote, whether triple, raw, where it started, what it holds so far.
        var pending: (quote: UInt8, triple: Bool, raw: Bool, line: Int, text: [UInt8])?

        func endStatement(at line: Int) {
            if let start = statementStart, tokens.count > statementFirstToken {
                logicals.append(Logical(first: start, last: line, tokens: statementFirstToken..<tokens.count))
            }
            statementStart = nil
            statementFirstToken = tokens.count
        }

        for (index, text) in lines.enumerated() {
            let lineNumber = index + 1
            let bytes = Array(text.utf8)
            var i = 0
            var continued = false
            if var open = pending {
                // Inside a string that began on an earlier line.
                if let end = Self.closeString(bytes, from: 0, quote: open.quote, triple: open.triple, raw: open.raw) {
                    open.text += bytes[0..<end]
                    tokens.append(Token(kind: .string, text: String(decoding: open.text, as: UTF8.self), line: open.line, endLine: lineNumber))
                    pending = nil
                    i = end
                } else {
                    open.text += bytes + [0x0A]
                    pending = open
                    continue
                }
            }
            while i < bytes.count {
                let c = bytes[i]
                if c == 0x20 || c == 0x09 || c == 0x0C { i += 1; continue }
                if c == UInt8(ascii: "#") {
                    comments.append(Token(kind: .comment, text: String(decoding: bytes[i...], as: UTF8.self), line: lineNumber, endLine: lineNumber))
                    break
                }
                if c == UInt8(ascii: "\\") && i == bytes.count - 1 { continued = true; i += 1; continue }
                if statementStart == nil { statementStart = lineNumber; statementFirstToken = tokens.count }
                // A string, with any prefix letters before its quote.
                var j = i
                while j < bytes.count, j - i < 3, Self.isPrefixLetter(bytes[j]) { j += 1 }
                if j < bytes.count, bytes[j] == 0x22 || bytes[j] == 0x27, j == i || Self.isPrefix(bytes[i..<j]) {
                    let quote = bytes[j]
                    let raw = bytes[i..<j].contains { $0 == UInt8(ascii: "r") || $0 == UInt8(ascii: "R") }
                    let triple = j + 2 < bytes.count && bytes[j + 1] == quote && bytes[j + 2] == quote
                    let bodyStart = j + (triple ? 3 : 1)
                    if let end = Self.closeString(bytes, from: bodyStart, quote: quote, triple: triple, raw: raw) {
                        tokens.append(Token(kind: .string, text: String(decoding: bytes[i..<end], as: UTF8.self), line: lineNumber, endLine: lineNumber))
                        i = end
                    } else if triple || bytes.last == UInt8(ascii: "\\") {
                        pending = (quote, triple, raw, lineNumber, Array(bytes[i...]) + [0x0A])
                        i = bytes.count
                    } else {
                        // An unterminated one-line string: Python refuses it; keep reading.
                        tokens.append(Token(kind: .string, text: String(decoding: bytes[i...], as: UTF8.self), line: lineNumber, endLine: lineNumber))
                        if problem == nil { problem = "unterminated string at line \(lineNumber)" }
                        i = bytes.count
                    }
                    continue
                }
                if Self.isNameStart(c) {
                    var k = i + 1
                    while k < bytes.count, Self.isNameContinue(bytes[k]) { k += 1 }
                    tokens.append(Token(kind: .name, text: String(decoding: bytes[i..<k], as: UTF8.self), line: lineNumber, endLine: lineNumber))
                    i = k
                    continue
                }
                if Self.isDigit(c) || (c == UInt8(ascii: ".") && i + 1 < bytes.count && Self.isDigit(bytes[i + 1])) {
                    var k = i + 1
                    while k < bytes.count {
                        let d = bytes[k]
                        if Self.isNameContinue(d) || d == UInt8(ascii: ".") { k += 1; continue }
                        if (d == UInt8(ascii: "+") || d == UInt8(ascii: "-")) && (bytes[k - 1] | 0x20) == UInt8(ascii: "e")
                            && !(bytes[i] == UInt8(ascii: "0") && i + 1 < bytes.count && (bytes[i + 1] | 0x20) == UInt8(ascii: "x")) { k += 1; continue }
                        break
                    }
                    tokens.append(Token(kind: .number, text: String(decoding: bytes[i..<k], as: UTF8.self), line: lineNumber, endLine: lineNumber))
                    i = k
                    continue
                }
                // Operators: the longest of the multi-character ones, else one byte.
                var length = 1
                if i + 1 < bytes.count, Self.operatorStarts.contains(c) {
                    for op in Self.operators where bytes.count - i >= op.count {
                        var same = true
                        for k in 0..<op.count where bytes[i + k] != op[k] { same = false; break }
                        if same { length = op.count; break }
                    }
                }
                let op = String(decoding: bytes[i..<(i + length)], as: UTF8.self)
                if op == "(" || op == "[" || op == "{" {
                    if depth == 0 { openBracketLine = lineNumber }
                    depth += 1
                } else if op == ")" || op == "]" || op == "}" {
                    depth = max(0, depth - 1)
                }
                tokens.append(Token(kind: .op, text: op, line: lineNumber, endLine: lineNumber))
                i += length
            }
            if pending == nil && depth == 0 && !continued { endStatement(at: lineNumber) }
        }
        if let open = pending {
            tokens.append(Token(kind: .string, text: String(decoding: open.text, as: UTF8.self), line: open.line, endLine: lines.count))
            problem = problem ?? "string opened at line \(open.line) never closes"
        } else if depth > 0 {
            problem = problem ?? "bracket opened at line \(openBracketLine) never closes"
        }
        endStatement(at: max(lines.count, statementStart ?? 0))
        self.tokens = tokens
        self.logicals = logicals
        self.comments = comments
        self.problem = problem
    }

    static let operatorStarts: Set<UInt8> = Set("*/><.-:=!+%&|^@".utf8)
    static let operators: [[UInt8]] = ["**=", "//=", ">>=", "<<=", "...", "->", ":=", "==", "!=", "<=", ">=", "**", "//",
                                       "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "<<", ">>"].map { Array($0.utf8) }

    /// The offset just past the closing quote, or nil when the string does not close on this line.
    static func closeString(_ bytes: [UInt8], from start: Int, quote: UInt8, triple: Bool, raw: Bool) -> Int? {
        var i = start
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\\") { i += 2; continue }
            if c == quote {
                if !triple { return i + 1 }
                if i + 2 < bytes.count && bytes[i + 1] == quote && bytes[i + 2] == quote { return i + 3 }
            }
            i += 1
        }
        return nil
    }

    static func isPrefixLetter(_ c: UInt8) -> Bool {
        switch c | 0x20 {
        case UInt8(ascii: "r"), UInt8(ascii: "b"), UInt8(ascii: "u"), UInt8(ascii: "f"), UInt8(ascii: "t"): return true
        default: return false
        }
    }

    static func isPrefix(_ letters: ArraySlice<UInt8>) -> Bool {
        let lower = String(decoding: letters.map { $0 | 0x20 }, as: UTF8.self)
        return ["r", "b", "u", "f", "t", "rb", "br", "fr", "rf", "tr", "rt"].contains(lower)
    }

    static func isNameStart(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == 0x5F || c >= 0x80
    }

    static func isNameContinue(_ c: UInt8) -> Bool { isNameStart(c) || isDigit(c) }

    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
}
