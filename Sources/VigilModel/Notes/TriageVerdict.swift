/// One reviewer's verdict on one finding, as it travels between machines: in the git note
/// `refs/notes/vigil/triage` on the commit it was given on, and in `vigil triage export` files.
/// A verdict is identified by what it says (finding, reviewer, time, status, note), so the same
/// verdict arriving twice, by notes and by a file, is stored once.
public struct TriageVerdict: Sendable, Hashable {
    /// The finding's fingerprint (rule, path, side and the line's text).
    public var fingerprint: String
    public var rule: String
    /// The commit the verdict was given on.
    public var commit: String
    public var status: TriageStatus
    public var note: String
    public var by: String
    /// Seconds since the epoch.
    public var at: Int64
    /// The indexed repository's name (export files only; a note belongs to its repository).
    public var repository: String?

    public init(fingerprint: String, rule: String, commit: String, status: TriageStatus, note: String, by: String, at: Int64,
                repository: String? = nil) {
        self.fingerprint = fingerprint
        self.rule = rule
        self.commit = commit
        self.status = status
        self.note = note
        self.by = by
        self.at = at
        self.repository = repository
    }

    /// What makes two verdicts the same verdict (the repository is where it is kept, not what it says).
    public struct Identity: Hashable, Sendable {
        var fingerprint: String, by: String, at: Int64, status: TriageStatus, note: String
    }

    public var identity: Identity { Identity(fingerprint: fingerprint, by: by, at: at, status: status, note: note) }

    public var json: JSONValue {
        var fields: [(String, JSONValue)] = []
        if let repository { fields.append(("repository", .string(repository))) }
        fields += [("commit", .string(commit)), ("fingerprint", .string(fingerprint)), ("rule", .string(rule)),
                   ("status", .string(status.rawValue)), ("note", .string(note)), ("by", .string(by)),
                   ("at", .int(Int(at))), ("time", .string(Timestamp.iso8601(seconds: at, offsetMinutes: 0)))]
        return .object(fields)
    }

    /// Reads one verdict object; nil (with the reason) when a field is missing or malformed.
    /// Note and file text come from whoever could push the notes ref: every field is checked.
    public static func parse(_ value: JSONValue, commit defaultCommit: String? = nil) -> Result<TriageVerdict, TriageFileError> {
        func text(_ key: String, max: Int) -> String? {
            guard let s = value[key]?.string, s.utf8.count <= max else { return nil }
            return s
        }
        guard let fingerprint = text("fingerprint", max: 64), !fingerprint.isEmpty,
              fingerprint.allSatisfy({ $0.isHexDigit }) else { return .failure(TriageFileError("a verdict without a valid fingerprint")) }
        guard let commit = text("commit", max: 64) ?? defaultCommit, ObjectID(hex: commit) != nil else {
            return .failure(TriageFileError("verdict on \(fingerprint): no valid commit id"))
        }
        guard let statusText = text("status", max: 32), let status = TriageStatus(rawValue: statusText) else {
            return .failure(TriageFileError("verdict on \(fingerprint): unknown status"))
        }
        guard let at = value["at"]?.int, at >= 0 else { return .failure(TriageFileError("verdict on \(fingerprint): no time")) }
        guard let by = text("by", max: 512), !by.isEmpty else { return .failure(TriageFileError("verdict on \(fingerprint): no reviewer")) }
        guard let note = text("note", max: 65_536) else { return .failure(TriageFileError("verdict on \(fingerprint): no note")) }
        return .success(TriageVerdict(fingerprint: fingerprint.lowercased(), rule: text("rule", max: 256) ?? "", commit: commit.lowercased(),
                                      status: status, note: note, by: by, at: Int64(at), repository: text("repository", max: 4096)))
    }
}

public struct TriageFileError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The JSON document a triage note (and an export file) holds: `{"vigil": "triage/1", "verdicts": [...]}`.
public enum TriageDocument {
    public static let format = "triage/1"

    /// The document for `verdicts`, in a stable order (by finding, then time), each verdict once.
    public static func text(_ verdicts: [TriageVerdict]) -> String {
        JSONValue.object([("vigil", .string(format)), ("verdicts", .array(merged(verdicts).map(\.json)))]).pretty() + "\n"
    }

    /// `a` and `b` together, each verdict once, ordered by fingerprint, time, reviewer.
    public static func merged(_ a: [TriageVerdict], _ b: [TriageVerdict] = []) -> [TriageVerdict] {
        var seen = Set<TriageVerdict.Identity>()
        return (a + b).filter { seen.insert($0.identity).inserted }.sorted {
            ($0.fingerprint, $0.at, $0.by, $0.status.rawValue, $0.note) < ($1.fingerprint, $1.at, $1.by, $1.status.rawValue, $1.note)
        }
    }

    /// The verdicts of a document; entries that do not parse are listed in `problems`, never fatal
    /// (one bad entry in a shared note must not hide the others). `commit` is the annotated commit
    /// for a note, whose entries may leave theirs out.
    public static func parse(_ text: String, commit: String? = nil) -> (verdicts: [TriageVerdict], problems: [String]) {
        guard text.utf8.count <= 64 << 20 else { return ([], ["the document is larger than 64 MiB"]) }
        let value: JSONValue
        do { value = try JSONValue(parsing: text) } catch { return ([], ["not JSON: \(error)"]) }
        guard value["vigil"]?.string == format, let entries = value["verdicts"]?.array else {
            return ([], ["not a vigil triage document (expected {\"vigil\": \"\(format)\", \"verdicts\": [...]})"])
        }
        var verdicts: [TriageVerdict] = [], problems: [String] = []
        for entry in entries {
            switch TriageVerdict.parse(entry, commit: commit) {
            case .success(let v): verdicts.append(v)
            case .failure(let e): problems.append(e.description)
            }
        }
        return (verdicts, problems)
    }
}
