import VigilModel

/// What a line of a file is, for the rules: code, or text a person reads.
public enum LineKind: UInt8, Sendable {
    case code
    /// A comment (`#`, `//`, `/* */`, `{# #}`).
    case comment
    /// A docstring, prose (Markdown) or a block of text inside a string literal.
    case docstring
    /// A line holding only string literals inside an expression (a wrapped help text, a message).
    case string
    case blank

    /// Lines a rule reads unless it asks for text too.
    public var isCode: Bool { self == .code }
}

/// Where a line sits: its enclosing class and function (or heading, flow, key path), and the
/// control-flow blocks around it (`if`, `else`, `for`, `try`...), which is what re-indenting a
/// line in Python, YAML or Colang can change.
public struct LineScope: Sendable, Hashable {
    /// `GRPOConfig.__post_init__`, `trainer.kl_ctrl`, `define flow self check input`; empty at the top.
    public var name: String
    /// The last component: the function, flow or key the line is in.
    public var innermost: String
    /// The enclosing control-flow headers, white space removed, outermost first.
    public var control: [String]
    /// The line of the innermost `def`/`class` header (Python), 0 when unknown.
    public var start: Int

    public init(name: String = "", innermost: String = "", control: [String] = [], start: Int = 0) {
        self.name = name
        self.innermost = innermost
        self.control = control
        self.start = start
    }
}

/// One logical statement: a line, or several joined by brackets or a trailing backslash.
public struct Statement: Sendable, Hashable {
    /// First and last line, 1-based.
    public var first: Int
    public var last: Int
}

/// One side of a changed file, analysed for the rules: every line's kind, scope and statement.
/// Built from the file's bytes alone (no repository), once per side, only for files some rule
/// reads past its keywords.
public final class SourceText: @unchecked Sendable {
    // @unchecked: every property is set in init and never written again.
    public let language: SourceLanguage
    public let lines: [String]
    public let kinds: [LineKind]
    /// Leading white space of each line, a tab counting as advancing to the next multiple of 8.
    public let indents: [Int]
    private let scopeIndex: [Int32]
    private let scopeTable: [LineScope]
    private let statementIndex: [Int32]
    public let statements: [Statement]
    /// Python's tokens and logical statements (nil for other languages): what settings are read from.
    let python: PythonTokens?
    /// Set when the analyser could not make sense of the file (an unterminated string, brackets
    /// that never close); kinds and scopes are then a best effort.
    public let problem: String?

    public var count: Int { lines.count }

    /// The index of the statement holding line `number` among `statements` (Python: among its
    /// logical lines, which are recorded in the same order).
    func statementNumber(_ number: Int) -> Int? {
        guard number >= 1 && number <= statementIndex.count, statementIndex[number - 1] >= 0 else { return nil }
        return Int(statementIndex[number - 1])
    }

    public init(bytes: [UInt8], language: SourceLanguage) {
        self.language = language
        let lines = SourceText.split(bytes)
        self.lines = lines
        self.indents = lines.map(SourceText.indentWidth)
        var analysis = LineAnalysis(count: lines.count)
        var python: PythonTokens?
        switch language {
        case .python: python = PythonAnalyser.analyse(lines, indents: indents, into: &analysis)
        case .yaml: YAMLAnalyser.analyse(lines, indents: indents, into: &analysis)
        case .colang: ColangAnalyser.analyse(lines, indents: indents, into: &analysis)
        case .json, .javascript, .cLike: BraceAnalyser.analyse(lines, language: language, into: &analysis)
        case .shell, .toml, .ini: HashCommentAnalyser.analyse(lines, language: language, into: &analysis)
        case .markdown: MarkdownAnalyser.analyse(lines, into: &analysis)
        case .jinja: JinjaAnalyser.analyse(lines, into: &analysis)
        case .text: analysis.markBlanks(lines)
        }
        kinds = analysis.kinds
        scopeIndex = analysis.scopeIndex
        scopeTable = analysis.scopeTable
        statementIndex = analysis.statementIndex
        statements = analysis.statements
        problem = analysis.problem
        self.python = python
    }

    /// Line `number` (1-based); empty past the end.
    public func line(_ number: Int) -> String { number >= 1 && number <= lines.count ? lines[number - 1] : "" }

    public func kind(_ number: Int) -> LineKind { number >= 1 && number <= kinds.count ? kinds[number - 1] : .blank }

    public func indent(_ number: Int) -> Int { number >= 1 && number <= indents.count ? indents[number - 1] : 0 }

    public func scope(_ number: Int) -> LineScope {
        guard number >= 1 && number <= scopeIndex.count else { return LineScope() }
        return scopeTable[Int(scopeIndex[number - 1])]
    }

    /// The logical statement holding line `number` (the line alone when none was recorded).
    public func statement(_ number: Int) -> Statement {
        guard number >= 1 && number <= statementIndex.count, statementIndex[number - 1] >= 0 else {
            return Statement(first: number, last: number)
        }
        return statements[Int(statementIndex[number - 1])]
    }

    /// The statement's lines joined with single spaces (comments left in).
    public func text(of statement: Statement) -> String {
        guard statement.first >= 1, statement.last <= lines.count, statement.first <= statement.last else { return "" }
        return lines[(statement.first - 1)...(statement.last - 1)].map { Fingerprint.normalise($0) }.joined(separator: " ")
    }

    /// Lines split on LF (a CR before it dropped), decoded as UTF-8 with replacement, numbered as
    /// git numbers them.
    static func split(_ bytes: [UInt8]) -> [String] {
        var lines: [String] = []
        var start = 0
        bytes.withUnsafeBufferPointer { buffer in
            for i in 0..<buffer.count where buffer[i] == 0x0A {
                var end = i
                if end > start && buffer[end - 1] == 0x0D { end -= 1 }
                lines.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self))
                start = i + 1
            }
            if start < buffer.count {
                var end = buffer.count
                if end > start && buffer[end - 1] == 0x0D { end -= 1 }
                lines.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self))
            }
        }
        return lines
    }

    static func indentWidth(_ line: String) -> Int {
        var width = 0
        for byte in line.utf8 {
            if byte == 0x20 { width += 1 } else if byte == 0x09 { width = (width / 8 + 1) * 8 } else { break }
        }
        return width
    }
}

/// What an analyser fills in, line by line.
struct LineAnalysis {
    var kinds: [LineKind]
    var scopeIndex: [Int32]
    var scopeTable: [LineScope] = [LineScope()]
    private var scopeLookup: [LineScope: Int32] = [LineScope(): 0]
    var statementIndex: [Int32]
    var statements: [Statement] = []
    var problem: String?

    init(count: Int) {
        kinds = Array(repeating: .code, count: count)
        scopeIndex = Array(repeating: 0, count: count)
        statementIndex = Array(repeating: -1, count: count)
    }

    mutating func setScope(_ scope: LineScope, line: Int) {
        guard line >= 1 && line <= scopeIndex.count else { return }
        if let index = scopeLookup[scope] { scopeIndex[line - 1] = index; return }
        let index = Int32(scopeTable.count)
        scopeTable.append(scope)
        scopeLookup[scope] = index
        scopeIndex[line - 1] = index
    }

    mutating func addStatement(first: Int, last: Int) {
        guard first >= 1, last >= first, last <= statementIndex.count else { return }
        let index = Int32(statements.count)
        statements.append(Statement(first: first, last: last))
        for line in first...last { statementIndex[line - 1] = index }
    }

    mutating func markBlanks(_ lines: [String]) {
        for (i, line) in lines.enumerated() where SourceText.isBlank(line) { kinds[i] = .blank }
    }
}

extension SourceText {
    static func isBlank(_ line: String) -> Bool { line.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0C } }

    /// The text with every white space character removed: what a move or a re-wrap keeps.
    public static func squeezed(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { !$0.properties.isWhitespace }))
    }
}
