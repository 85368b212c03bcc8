// EmbedRulesTool RULES_DIR OUTPUT: writes the Swift source of the rules built into vigil (run by
// the EmbedRules build-tool plugin on every build). Each file becomes a raw string literal whose
// delimiter has more `#` than any run of `#` after a quote in the file, so no content can end it.
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: EmbedRulesTool RULES_DIR OUTPUT\n".utf8))
    exit(2)
}
let root = URL(fileURLWithPath: arguments[1])
var files: [(String, String)] = []
if let walk = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) {
    for case let url as URL in walk where ["yml", "yaml"].contains(url.pathExtension) {
        let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            FileHandle.standardError.write(Data("EmbedRulesTool: \(url.path): cannot read as UTF-8\n".utf8))
            exit(1)
        }
        files.append((relative, text))
    }
}
files.sort { $0.0 < $1.0 }

func delimiter(for text: String) -> String {
    var longest = 0, run = 0, afterQuote = false
    for character in text {
        if character == "\"" { afterQuote = true; run = 0; continue }
        if character == "#" && afterQuote { run += 1; longest = max(longest, run) } else { afterQuote = false; run = 0 }
    }
    return String(repeating: "#", count: longest + 1)
}

var out = "// Generated from rules/ by the EmbedRules build-tool plugin. Do not edit.\n\n"
out += "enum EmbeddedRules {\n    static let files: [String: String] = [\n"
for (relative, text) in files {
    let hashes = delimiter(for: text)
    // A multi-line literal drops the newline before its closing delimiter: add one back.
    out += "        \(hashes)\"\(relative)\"\(hashes): \(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes),\n"
}
out += "    ]\n}\n"
do {
    try out.write(to: URL(fileURLWithPath: arguments[2]), atomically: true, encoding: .utf8)
} catch {
    FileHandle.standardError.write(Data("EmbedRulesTool: cannot write \(arguments[2]): \(error)\n".utf8))
    exit(1)
}
