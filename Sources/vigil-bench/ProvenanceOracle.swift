import Foundation
import VigilModel

/// One repository of the explicit-mark oracle (`bench/provenance-oracle/<owner>+<name>.tsv`):
/// the head it was labelled at, how many commits that head reaches, and every commit that carries
/// a mark or is not `human`. A commit the head reaches and the file does not list is an unmarked
/// human commit.
struct ProvenanceOracle {
    struct Row {
        var expected: ProvenanceClass
        /// The oracle's labels (`coauthor:claude`, `committer-only:aider`, `trap:…`).
        var marks: [String]
    }

    var file: String
    /// `owner/name` on GitHub.
    var repository: String
    var head: String
    var commits: Int
    /// `issue` (the repositories the issue names) or `held-out` (labelled only to check the rules).
    var set: String
    /// True when the oracle did not read git notes, so a class decided by a note alone is outside it.
    var notesOutOfScope: Bool
    var rows: [String: Row]

    /// The mirror directory name: `owner+name`.
    var mirrorName: String { repository.replacingOccurrences(of: "/", with: "+") }

    static func load(_ path: String) throws -> ProvenanceOracle {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var header: [String: String] = [:]
        var rows: [String: Row] = [:]
        var sawColumns = false
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if line.hasPrefix("#") {
                guard fields.count == 2 else { throw BenchError("\(path):\(index + 1): a header line is '# key<TAB>value'") }
                header[String(fields[0].dropFirst(2))] = fields[1]
                continue
            }
            if !sawColumns {
                guard fields == ["commit", "expected", "marks"] else { throw BenchError("\(path):\(index + 1): expected the column line") }
                sawColumns = true
                continue
            }
            guard fields.count == 3, fields[0].count == 40, let expected = ProvenanceClass(rawValue: fields[1]) else {
                throw BenchError("\(path):\(index + 1): a row is 'commit<TAB>class<TAB>marks'")
            }
            rows[fields[0]] = Row(expected: expected, marks: fields[2].split(separator: ",").map(String.init))
        }
        guard let repository = header["repository"], let head = header["head"], let commits = header["commits"].flatMap({ Int($0) }) else {
            throw BenchError("\(path): the header needs repository, head and commits")
        }
        return ProvenanceOracle(file: path, repository: repository, head: head, commits: commits, set: header["set"] ?? "issue",
                                notesOutOfScope: header["notes"] == "out-of-scope", rows: rows)
    }

    func row(_ commit: String) -> Row { rows[commit] ?? Row(expected: .human, marks: []) }
}

/// A commit whose oracle label we believe is wrong (`disputes.tsv`: repository, commit, the class we
/// think right, why). Scored apart, never silently counted as agreement.
struct OracleDispute {
    var repository: String
    var commit: String
    var believed: ProvenanceClass
    var reason: String

    static func load(_ path: String) throws -> [OracleDispute] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        var disputes: [OracleDispute] = []
        for (index, line) in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").enumerated() where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4, let believed = ProvenanceClass(rawValue: fields[2]) else {
                throw BenchError("\(path):\(index + 1): a dispute is 'repository<TAB>commit<TAB>class<TAB>reason'")
            }
            disputes.append(OracleDispute(repository: fields[0], commit: fields[1], believed: believed, reason: fields[3]))
        }
        return disputes
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
