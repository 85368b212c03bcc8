/// A git-ai note that does not read as an authorship log, with the line where it stops.
public struct GitAINoteError: Error, CustomStringConvertible, Sendable, Equatable {
    /// 1-based line of the note, 0 when the fault is not on one line.
    public let line: Int
    public let reason: String
    public var description: String { line > 0 ? "line \(line): \(reason)" : reason }
}

extension GitAINote {
    /// Reads a note as git-ai writes it (`authorship_log_serialization.rs`): attestation lines
    /// (a path, then `  <key> <ranges>` entries), a line that is exactly `---`, then JSON metadata
    /// with `schema_version` `authorship/3.0.0`. CRLF line ends are read as LF.
    public init(parsing text: String) throws {
        // Split on the byte: Swift reads "\r\n" as one character, which is not "\n".
        var lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { line -> Substring in
            let bytes = line.last == 0x0D ? line.dropLast() : line
            return Substring(String(decoding: bytes, as: UTF8.self))
        }
        guard let divider = lines.firstIndex(of: "---") else {
            throw GitAINoteError(line: 0, reason: "no '---' line between the attestations and the metadata")
        }
        let json = lines[(divider + 1)...].joined(separator: "\n")
        lines.removeSubrange(divider...)

        var files: [File] = []
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingSuffixSpaces()
            if line.isEmpty { continue }
            if line.hasPrefix("  ") {
                guard !files.isEmpty else { throw GitAINoteError(line: index + 1, reason: "an entry before any file path") }
                files[files.count - 1].entries.append(try Self.entry(line.dropFirst(2), line: index + 1))
            } else {
                var path = line
                if path.count >= 2, path.first == "\"", path.last == "\"" { path = path.dropFirst().dropLast() }
                files.append(File(path: String(path), entries: []))
            }
        }
        files.removeAll { $0.entries.isEmpty }

        let metadata: JSONValue
        do {
            metadata = try JSONValue(parsing: json)
        } catch let error as JSONParseError {
            throw GitAINoteError(line: divider + 2, reason: "metadata: \(error)")
        }
        guard metadata.objectPairs != nil else { throw GitAINoteError(line: divider + 2, reason: "metadata is not a JSON object") }
        guard let schema = metadata["schema_version"]?.string else {
            throw GitAINoteError(line: divider + 2, reason: "metadata has no schema_version")
        }
        guard schema == Self.schema else {
            throw GitAINoteError(line: divider + 2, reason: "schema_version '\(schema)' is not \(Self.schema)")
        }
        self.init(schemaVersion: schema, gitAIVersion: metadata["git_ai_version"]?.string,
                  baseCommit: metadata["base_commit_sha"]?.string, files: files,
                  sessions: try Self.agents(metadata["sessions"], field: "sessions", line: divider + 2),
                  prompts: try Self.agents(metadata["prompts"], field: "prompts", line: divider + 2),
                  humans: try Self.humans(metadata["humans"], line: divider + 2))
    }

    /// `<key> <ranges>`, ranges `N` or `N-M` joined by commas.
    static func entry(_ text: Substring, line: Int) throws -> Entry {
        let trimmed = text.drop { $0 == " " }
        guard let space = trimmed.firstIndex(of: " ") else { throw GitAINoteError(line: line, reason: "an entry with no line ranges") }
        let key = String(trimmed[..<space])
        var ranges: [ClosedRange<Int>] = []
        for part in trimmed[trimmed.index(after: space)...].split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), let low = Self.lineNumber(bounds[0]), let high = Self.lineNumber(bounds[bounds.count - 1]),
                  low <= high else {
                throw GitAINoteError(line: line, reason: "'\(part.prefix(40))' is not a line range")
            }
            ranges.append(low...high)
        }
        return Entry(key: key, ranges: ranges)
    }

    /// A line number as git-ai writes it: decimal, at most `u32`.
    static func lineNumber(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 10, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text),
              value <= Int(UInt32.max) else { return nil }
        return value
    }

    /// `sessions` / `prompts`: key → record with `agent_id {tool, id, model}`. Absent means none.
    static func agents(_ value: JSONValue?, field: String, line: Int) throws -> [String: Agent] {
        guard let value, !value.isNull else { return [:] }
        guard let pairs = value.objectPairs else { throw GitAINoteError(line: line, reason: "metadata \(field) is not an object") }
        var result: [String: Agent] = [:]
        for (key, record) in pairs {
            guard let tool = record["agent_id"]?["tool"]?.string else {
                throw GitAINoteError(line: line, reason: "metadata \(field).\(key.prefix(40)) has no agent_id.tool")
            }
            result[key] = Agent(tool: tool, model: record["agent_id"]?["model"]?.string, id: record["agent_id"]?["id"]?.string)
        }
        return result
    }

    /// `humans`: key → `{author: "Name <email>"}`.
    static func humans(_ value: JSONValue?, line: Int) throws -> [String: String?] {
        guard let value, !value.isNull else { return [:] }
        guard let pairs = value.objectPairs else { throw GitAINoteError(line: line, reason: "metadata humans is not an object") }
        var result: [String: String?] = [:]
        for (key, record) in pairs { result[key] = .some(record["author"]?.string) }
        return result
    }
}

extension Substring {
    /// Rust's `trim_end` for the attestation lines git-ai writes: trailing spaces and tabs.
    func trimmingSuffixSpaces() -> Substring {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == " " || self[index(before: end)] == "\t" { end = index(before: end) }
        return self[..<end]
    }
}
