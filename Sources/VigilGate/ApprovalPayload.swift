import VigilModel

/// What a reviewer signs with `vigil approve`: the exact change, who approves it, when, and a
/// note. The text is canonical (LF line ends, fields in this order, one trailing LF), because
/// the signature covers its bytes:
///
///     vigil-approval 1
///     change patch-id 3f1c…
///     reviewer Bob Smith <bob@example.com>
///     time 1767225600
///     note checked the KL schedule against the paper
public struct ApprovalPayload: Sendable, Equatable {
    public var change: ChangeBinding
    public var reviewer: Identity
    /// When the reviewer signed (their clock: informational; key validity is judged at push time).
    public var time: Int64
    public var note: String?

    /// The SSHSIG namespace approvals are signed in (never `git`, so commit-signing use of the
    /// same key cannot be replayed as an approval).
    public static let namespace = "vigil-approval"
    static let header = "vigil-approval 1"

    public init(change: ChangeBinding, reviewer: Identity, time: Int64, note: String?) {
        self.change = change
        self.reviewer = Identity(name: reviewer.name, email: reviewer.email)
        self.time = time
        let flat = note?.split(whereSeparator: \.isNewline).joined(separator: " ").trimmedSpaces
        self.note = flat?.isEmpty == false ? flat : nil
    }

    public var text: String {
        var lines = [Self.header, "change \(change)", "reviewer \(reviewer.name) <\(reviewer.email)>", "time \(time)"]
        if let note { lines.append("note \(note)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads a payload back; anything but exactly the canonical form is refused.
    public init(parsing text: String) throws {
        guard text.hasSuffix("\n"), !text.contains("\r") else { throw GateError("approval payload is not LF-terminated text") }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count == 4 || lines.count == 5, lines[0] == Self.header else { throw GateError("not a vigil-approval 1 payload") }
        func field(_ index: Int, _ key: String) throws -> String {
            guard lines[index].hasPrefix(key + " ") else { throw GateError("approval payload line \(index + 1) is not '\(key) …'") }
            return String(lines[index].dropFirst(key.count + 1))
        }
        guard let change = ChangeBinding(parsing: try field(1, "change")) else { throw GateError("approval names no change it approves") }
        guard let reviewer = Identity(parsing: try field(2, "reviewer")), !reviewer.email.isEmpty else {
            throw GateError("approval names no reviewer 'Name <email>'")
        }
        guard let time = Int64(try field(3, "time")) else { throw GateError("approval time is not a number") }
        let note = lines.count == 5 ? try field(4, "note") : nil
        self.init(change: change, reviewer: reviewer, time: time, note: note)
        guard self.text == text else { throw GateError("approval payload is not in canonical form") }
    }
}

/// The note `vigil approve` keeps on a commit under `refs/notes/vigil/approvals`: one or more
/// approvals, each its payload followed by its armored SSH signature.
public enum ApprovalNote {
    public static let ref = "refs/notes/vigil/approvals"

    public struct Entry: Sendable, Equatable {
        /// The payload exactly as signed.
        public var payload: String
        public var signature: String

        public init(payload: String, signature: String) {
            self.payload = payload
            self.signature = signature
        }
    }

    /// Every approval in a note, in order. Text that is not an approval block is skipped (it can
    /// approve nothing); a block is its payload lines up to `-----BEGIN SSH SIGNATURE-----` and
    /// the armor through `-----END SSH SIGNATURE-----`.
    public static func entries(in note: String) -> [Entry] {
        var entries: [Entry] = []
        var payload: [Substring]?
        var armor: [Substring]?
        for line in note.split(separator: "\n", omittingEmptySubsequences: false) {
            if armor != nil {
                armor!.append(line)
                if line == "-----END SSH SIGNATURE-----" {
                    if let lines = payload, !lines.isEmpty {
                        entries.append(Entry(payload: lines.joined(separator: "\n") + "\n", signature: armor!.joined(separator: "\n") + "\n"))
                    }
                    payload = nil
                    armor = nil
                }
            } else if line == "-----BEGIN SSH SIGNATURE-----" {
                armor = [line]
            } else if line == Substring(ApprovalPayload.header) {
                payload = [line]
            } else if payload != nil {
                payload!.append(line)
            }
        }
        return entries
    }

    /// `existing` with `entry` appended (an identical approval is not repeated).
    public static func appending(_ entry: Entry, to existing: String?) -> String {
        let old = existing ?? ""
        if entries(in: old).contains(entry) { return old }
        let separator = old.isEmpty ? "" : (old.hasSuffix("\n") ? "\n" : "\n\n")
        return old + separator + entry.payload + entry.signature
    }
}
