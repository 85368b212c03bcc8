/// A file's language, as far as the diff model needs one: how comments, strings, scopes and
/// settings are written. Decided from the path alone, so it costs nothing to ask.
public enum SourceLanguage: String, Sendable, CaseIterable {
    case python, yaml, json, toml, shell, markdown, jinja, colang, javascript
    /// C, C++, Java, Go, Rust, Swift, Kotlin...: `//` and `/* */` comments, braces.
    case cLike = "c-like"
    /// `.ini`, `.cfg`, `.env`: `key = value` lines and `#`/`;` comments.
    case ini
    /// Anything else: every line is content.
    case text

    public static func of(path: String) -> SourceLanguage {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let lower = name.lowercased()
        if lower == "makefile" || lower.hasSuffix(".mk") || lower == "dockerfile" || lower.hasPrefix("dockerfile.") { return .shell }
        if lower == "jenkinsfile" { return .cLike }
        guard let dot = lower.lastIndex(of: ".") else { return .text }
        switch lower[lower.index(after: dot)...] {
        case "py", "pyi", "pyw": return .python
        case "yml", "yaml": return .yaml
        case "json", "jsonc", "jsonl", "json5", "ipynb": return .json
        case "toml": return .toml
        case "sh", "bash", "zsh", "ksh", "bats": return .shell
        case "md", "markdown", "rst", "txt", "adoc": return .markdown
        case "j2", "jinja", "jinja2", "tmpl": return .jinja
        case "co": return .colang
        case "js", "mjs", "cjs", "jsx", "ts", "tsx", "mts", "cts": return .javascript
        case "c", "h", "cc", "cpp", "cxx", "hpp", "hh", "java", "go", "rs", "swift", "kt", "kts", "scala", "cs", "m", "mm",
             "php", "dart", "groovy", "gradle", "proto": return .cLike
        case "ini", "cfg", "env", "conf", "properties": return .ini
        default: return .text
        }
    }

    /// True where indentation is meaning: re-indenting a line can move it into or out of a block.
    public var indentationIsMeaning: Bool { self == .python || self == .yaml || self == .colang }

    /// True when every line is prose for a person, never code.
    public var isProse: Bool { self == .markdown }
}
