import VigilModel
import Foundation
import VigilRules

/// Findings to hide, in layers as mature scanners do: a baseline (fingerprints of findings already
/// known, from an earlier report) and an ignore file (fingerprints or rule/path pairs, each with a
/// reason). Fingerprints are content based, so they survive rebases and cherry-picks.
public struct Suppressions: Sendable {
    public struct IgnoreEntry: Sendable, Hashable {
        public var fingerprint: String?
        public var rule: String?
        public var path: PathGlobSource?
        public var reason: String
        public var file: String
        public var line: Int
    }

    /// A glob kept with its text, so entries stay hashable.
    public struct PathGlobSource: Sendable, Hashable {
        public let source: String
        public static func == (a: Self, b: Self) -> Bool { a.source == b.source }
        public func hash(into hasher: inout Hasher) { hasher.combine(source) }
        let glob: PathGlob
    }

    public var baseline: Set<String> = []
    public var ignores: [IgnoreEntry] = []
    private var used: Set<Int> = []

    public init() {}

    public var isEmpty: Bool { baseline.isEmpty && ignores.isEmpty }

    /// What hides `flag` and why, or nil; remembers which ignore entries were used. A fingerprint
    /// also hides a grouped finding whose every line it (or its fellows) names: baselines and
    /// ignore files written before findings were grouped hold one fingerprint per line.
    public mutating func suppression(of flag: RiskFlag) -> SuppressedFlag? {
        let lineFingerprints = Set(flag.lines.map(\.fingerprint).filter { !$0.isEmpty })
        if baseline.contains(flag.fingerprint) || (!lineFingerprints.isEmpty && lineFingerprints.isSubset(of: baseline)) {
            return SuppressedFlag(flag: flag, source: .baseline, justification: "in the baseline")
        }
        let ignored = Set(ignores.compactMap(\.fingerprint))
        let byLines = !lineFingerprints.isEmpty && lineFingerprints.isSubset(of: ignored)
        for (index, entry) in ignores.enumerated() {
            if let fingerprint = entry.fingerprint, fingerprint != flag.fingerprint && !(byLines && lineFingerprints.contains(fingerprint)) { continue }
            if let rule = entry.rule, rule != flag.rule { continue }
            if let path = entry.path, !path.glob.matches(flag.path) { continue }
            used.insert(index)
            return SuppressedFlag(flag: flag, source: .ignoreFile, justification: "\(entry.reason) (\(entry.file):\(entry.line))")
        }
        return nil
    }

    /// Takes over which ignore entries `other` (a worker's copy of these suppressions) used.
    public mutating func absorbUsage(of other: Suppressions) { used.formUnion(other.used) }

    /// Ignore entries that matched nothing in this run (candidates for removal).
    public var unusedIgnores: [IgnoreEntry] { ignores.enumerated().filter { !used.contains($0.offset) }.map(\.element) }

    /// Reads a baseline: a `vigil scan --format json` or `ndjson` report, a SARIF file, or a text
    /// file of fingerprints (one per line, `#` comments).
    public mutating func loadBaseline(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw RuleFileError(file: path, line: 0, message: "cannot read baseline")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("[") || trimmed.hasPrefix("{") {
            var objects: [Any] = []
            if let whole = try? JSONSerialization.jsonObject(with: data) {
                objects = [whole]
            } else {
                for (number, line) in text.split(separator: "\n").enumerated() {
                    guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) else {
                        throw RuleFileError(file: path, line: number + 1, message: "not JSON (expected a vigil report, SARIF, or fingerprints)")
                    }
                    objects.append(object)
                }
            }
            for object in objects { collectFingerprints(object) }
        } else {
            for line in text.split(separator: "\n") {
                let entry = line.split(separator: "#", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                if !entry.isEmpty { baseline.insert(entry) }
            }
        }
    }

    private mutating func collectFingerprints(_ object: Any) {
        if let array = object as? [Any] { for item in array { collectFingerprints(item) }; return }
        guard let dict = object as? [String: Any] else { return }
        if let flags = dict["flags"] as? [[String: Any]] {
            for flag in flags { if let fp = flag["fingerprint"] as? String { baseline.insert(fp) } }
        }
        if let partial = dict["partialFingerprints"] as? [String: Any], let hash = partial["primaryLocationLineHash"] as? String {
            baseline.insert(String(hash.split(separator: ":").first ?? ""))
        }
        for key in ["runs", "results"] { if let nested = dict[key] { collectFingerprints(nested) } }
    }

    /// Reads an ignore file. Each line: `FINGERPRINT reason...` or `rule=ID [path=GLOB] reason...`;
    /// a reason is required; `#` starts a comment line.
    public mutating func loadIgnoreFile(path: String) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw RuleFileError(file: path, line: 0, message: "cannot read ignore file")
        }
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)[...]
            var entry = IgnoreEntry(fingerprint: nil, rule: nil, path: nil, reason: "", file: path, line: index + 1)
            while let word = words.first {
                if word.hasPrefix("rule=") {
                    entry.rule = String(word.dropFirst(5))
                } else if word.hasPrefix("path=") {
                    let glob = String(word.dropFirst(5))
                    do { entry.path = PathGlobSource(source: glob, glob: try PathGlob(glob)) } catch {
                        throw RuleFileError(file: path, line: index + 1, message: "bad glob '\(glob)'")
                    }
                } else if entry.fingerprint == nil && entry.rule == nil && word.count == 16 && word.allSatisfy(\.isHexDigit) {
                    entry.fingerprint = word
                } else {
                    break
                }
                words = words.dropFirst()
            }
            entry.reason = words.joined(separator: " ")
            if entry.fingerprint == nil && entry.rule == nil {
                throw RuleFileError(file: path, line: index + 1, message: "expected a 16-digit fingerprint or rule=ID")
            }
            if entry.reason.isEmpty {
                throw RuleFileError(file: path, line: index + 1, message: "an ignore entry needs a reason")
            }
            ignores.append(entry)
        }
    }
}
