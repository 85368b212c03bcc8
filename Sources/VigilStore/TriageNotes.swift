import Foundation
import VigilGit
import VigilModel

/// Triage verdicts in git notes, so they travel with the repository: one JSON note per commit
/// under `refs/notes/vigil/triage` (`{"vigil": "triage/1", "verdicts": [...]}`), merged by
/// fingerprint. Pushing and fetching the notes ref shares verdicts between machines and
/// reviewers; `vigil index` reads them back.
public enum TriageNotes {
    public static let ref = "refs/notes/vigil/triage"

    /// Adds `verdicts` to the notes of their commits (what is there is kept and merged), as `by`.
    public static func append(_ verdicts: [TriageVerdict], to repository: Repository, by: String) throws {
        let identity = committerIdentity(by)
        for (commit, group) in Dictionary(grouping: verdicts, by: \.commit).sorted(by: { $0.key < $1.key }) {
            guard let id = ObjectID(hex: commit) else { continue }
            var existing: [TriageVerdict] = []
            if let text = repository.note(on: id, ref: ref) {
                existing = TriageDocument.parse(text, commit: commit).verdicts
            }
            let merged = TriageDocument.merged(existing, group.map { var v = $0; v.repository = nil; return v })
            try repository.writeNote(TriageDocument.text(merged), on: id, ref: ref, by: identity)
        }
    }

    /// Every verdict the notes hold, and what could not be read (a note that is not a triage
    /// document, an entry with a missing field): listed, never fatal.
    public static func read(_ repository: Repository) throws -> (verdicts: [TriageVerdict], problems: [String]) {
        let (notes, problems) = try repository.notes(ref: ref)
        var verdicts: [TriageVerdict] = []
        var all = problems
        for (commit, text) in notes {
            let parsed = TriageDocument.parse(text, commit: commit.hex)
            // A verdict in a commit's note is about that commit, whatever the entry says.
            verdicts += parsed.verdicts.map { var v = $0; v.commit = commit.hex; v.repository = nil; return v }
            all += parsed.problems.map { "\(ref): note on \(commit.abbreviated()): \($0)" }
        }
        return (verdicts, all)
    }

    /// Each finding's current verdict in the notes (the newest by time), by fingerprint.
    public static func current(_ repository: Repository) throws -> (verdicts: [String: TriageVerdict], problems: [String]) {
        let (verdicts, problems) = try read(repository)
        var current: [String: TriageVerdict] = [:]
        for verdict in verdicts where (current[verdict.fingerprint]?.at ?? .min) <= verdict.at {
            current[verdict.fingerprint] = verdict
        }
        return (current, problems)
    }

    /// The notes commit's author: `Name <email>` when the reviewer is written so, else the name.
    static func committerIdentity(_ by: String) -> Identity {
        if let open = by.lastIndex(of: "<"), by.hasSuffix(">") {
            let name = by[..<open].trimmingCharacters(in: .whitespaces)
            let email = by[by.index(after: open)..<by.index(before: by.endIndex)]
            return Identity(name: name.isEmpty ? "vigil" : String(name), email: String(email), time: 0, offsetMinutes: 0)
        }
        return Identity(name: by.isEmpty ? "vigil" : by, email: "vigil@localhost", time: 0, offsetMinutes: 0)
    }
}
