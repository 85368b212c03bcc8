import VigilModel
import VigilPatterns

/// A path glob as rule files write it: `**` any number of directories, `*` and `?` within one path
/// segment, `[abc]` a class. A leading `**/` also matches at the top (`**/*.py` matches `x.py`);
/// a glob without `/` matches the file name at any depth (`CODEOWNERS`), as .gitignore does, and
/// a leading `/` anchors a glob at the top of the repository (`/vigil.yml`).
public struct PathGlob: Sendable {
    public let source: String
    private let pattern: Pattern

    public init(_ glob: String) throws {
        source = glob
        let anchored = glob.hasPrefix("/")
        var body = anchored ? String(glob.dropFirst()) : glob
        var regex = "^"
        if !anchored && !body.contains("/") { regex += "(?:.*/)?" }
        if body.hasPrefix("**/") { regex += "(?:.*/)?"; body.removeFirst(3) }
        var chars = Array(body)[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            switch c {
            case "*":
                if chars.first == "*" {
                    chars = chars.dropFirst()
                    if chars.first == "/" { chars = chars.dropFirst(); regex += "(?:.*/)?" } else { regex += ".*" }
                } else {
                    regex += "[^/]*"
                }
            case "?": regex += "[^/]"
            case "[":
                var cls = "["
                while let d = chars.first, d != "]" { cls += d == "\\" ? "\\\\" : String(d); chars = chars.dropFirst() }
                chars = chars.dropFirst()
                regex += cls + "]"
            case ".", "+", "(", ")", "^", "$", "|", "{", "}", "\\": regex += "\\" + String(c)
            default: regex += String(c)
            }
        }
        pattern = try Pattern(regex + "$")
    }

    public func matches(_ path: String) -> Bool { pattern.matches(path) }
}
