import CLibgit2
import VigilModel

extension Repository {
    /// The note on `id` as the notes commit `notesCommit` holds it (a notes ref's value that is not
    /// the ref yet: the one a push brings), or nil when that notes tree has none.
    public func note(on id: ObjectID, notesCommit: ObjectID) throws -> String? {
        var commit: OpaquePointer?
        var commitOID = notesCommit.oid
        try check(git_commit_lookup(&commit, handle, &commitOID), "cannot read notes commit \(notesCommit.hex)", kind: .corrupt)
        defer { git_commit_free(commit) }
        var note: OpaquePointer?
        var oid = id.oid
        let result = git_note_commit_read(&note, handle, commit, &oid)
        if result == GIT_ENOTFOUND.rawValue { git_error_clear(); return nil }
        try check(result, "cannot read the note on \(id.hex) in \(notesCommit.hex)", kind: .corrupt)
        defer { git_note_free(note) }
        return TextDecoding.decode(cString: git_note_message(note)).text
    }

    /// Writes `text` as the note on `id` under `ref` (replacing the note there), as `by`, now.
    /// Returns the new notes commit.
    @discardableResult
    public func writeNote(_ text: String, on id: ObjectID, ref: String, by identity: Identity) throws -> ObjectID {
        var signature: UnsafeMutablePointer<git_signature>?
        try check(git_signature_now(&signature, identity.name.isEmpty ? "vigil" : identity.name,
                                    identity.email.isEmpty ? "vigil@localhost" : identity.email),
                  "bad identity for the notes commit: \(identity)")
        defer { git_signature_free(signature) }
        var out = git_oid()
        var oid = id.oid
        try check(git_note_create(&out, handle, ref, signature, signature, &oid, text, 1),
                  "cannot write the note on \(id.hex) to \(ref)")
        var commit = git_oid()
        try check(git_reference_name_to_id(&commit, handle, ref), "cannot read \(ref) after writing it")
        return ObjectID(commit)
    }

    /// The commit a ref names directly, or nil when there is no such ref.
    public func referenceID(_ name: String) -> ObjectID? {
        var oid = git_oid()
        guard git_reference_name_to_id(&oid, handle, name) == 0 else { git_error_clear(); return nil }
        return ObjectID(oid)
    }
}

extension Repository {
    /// Every note under `ref` (the annotated object and the note's text), in the notes tree's
    /// order; empty when the ref does not exist. Notes are read whole: they are small JSON
    /// documents, and a note over `maxBytes` is reported rather than read.
    public func notes(ref: String, maxBytes: Int = 16 << 20) throws -> (notes: [(ObjectID, String)], problems: [String]) {
        guard referenceID(ref) != nil else { return ([], []) }
        var iterator: OpaquePointer?
        try check(git_note_iterator_new(&iterator, handle, ref), "cannot read the notes under \(ref)", kind: .corrupt)
        defer { git_note_iterator_free(iterator) }
        var found: [(ObjectID, String)] = []
        var problems: [String] = []
        while true {
            var blob = git_oid(), annotated = git_oid()
            let result = git_note_next(&blob, &annotated, iterator)
            if result == GIT_ITEROVER.rawValue { git_error_clear(); break }
            try check(result, "cannot read the notes under \(ref)", kind: .corrupt)
            let target = ObjectID(annotated), noteBlob = ObjectID(blob)
            do {
                let header = try objectHeader(noteBlob)
                guard header.size <= maxBytes else {
                    problems.append("\(ref): the note on \(target.hex) is \(header.size) bytes; skipped")
                    continue
                }
                let object = try readObject(noteBlob)
                let text = object.withBytes { raw in TextDecoding.decode(raw.bindMemory(to: UInt8.self)).text }
                found.append((target, text))
            } catch {
                problems.append("\(ref): the note on \(target.hex) cannot be read: \(error)")
            }
        }
        return (found, problems)
    }
}
