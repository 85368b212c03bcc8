import Clibgit2
import Foundation

/// An open git repository. Owns one libgit2 handle; use it from one thread at a time
/// (open one `Repository` per worker: libgit2 objects are not thread-safe).
public final class Repository {
    let handle: OpaquePointer

    /// The git directory (`.git`, or the repository itself when bare), with a trailing slash.
    public let gitDirectory: String
    /// The working tree, or nil for a bare repository.
    public let workingDirectory: String?

    /// Opens the repository as git does: discovery upwards from `path` (default: the current
    /// directory), bare repositories, and the environment git sets for hooks (`GIT_DIR`,
    /// `GIT_OBJECT_DIRECTORY`, `GIT_ALTERNATE_OBJECT_DIRECTORIES`, `GIT_CEILING_DIRECTORIES`),
    /// so objects in a push's quarantine directory are visible.
    public init(discoveringFrom path: String? = nil) throws {
        GitLibrary.ensureInitialised()
        let env = ProcessInfo.processInfo.environment
        var repo: OpaquePointer?
        // libgit2 refuses GIT_OPEN_FROM_ENV when GIT_WORK_TREE or GIT_COMMON_DIR is set; then vigil
        // opens the repository plainly and applies the object-directory variables itself.
        let envUnsupported = env["GIT_WORK_TREE"] != nil || env["GIT_COMMON_DIR"] != nil
        let target = path ?? (envUnsupported ? env["GIT_DIR"] : nil)
        let flags: UInt32 = envUnsupported ? 0 : GIT_REPOSITORY_OPEN_FROM_ENV.rawValue
        let result = target.map { git_repository_open_ext(&repo, $0, flags, nil) }
            ?? git_repository_open_ext(&repo, nil, flags, nil)
        if result < 0 || repo == nil {
            let where_ = target ?? env["GIT_DIR"] ?? FileManager.default.currentDirectoryPath
            if result == GIT_ENOTFOUND.rawValue {
                throw GitError(code: result, message: "\(where_): not a git repository (or any parent up to the filesystem root)")
            }
            throw GitError.last(code: result, doing: "\(where_): cannot open repository")
        }
        self.handle = repo!
        self.gitDirectory = String(cString: git_repository_path(handle))
        self.workingDirectory = git_repository_workdir(handle).map { String(cString: $0) }
        try addObjectDirectoriesLibgit2Missed(env: env, appliedByLibgit2: !envUnsupported)
    }

    /// Opens exactly the git directory `path`, ignoring the environment (no discovery, no
    /// `GIT_OBJECT_DIRECTORY`): during a push this sees only objects that existed before it.
    public init(gitDirectoryIgnoringEnvironment path: String) throws {
        GitLibrary.ensureInitialised()
        var repo: OpaquePointer?
        try check(git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil), "\(path): cannot open repository")
        handle = repo!
        gitDirectory = String(cString: git_repository_path(handle))
        workingDirectory = git_repository_workdir(handle).map { String(cString: $0) }
    }

    deinit { git_repository_free(handle) }

    public var isBare: Bool { git_repository_is_bare(handle) == 1 }
    public var isShallow: Bool { git_repository_is_shallow(handle) == 1 }
    public var isHeadUnborn: Bool { git_repository_head_unborn(handle) == 1 }

    /// Adds alternates git C-quoted (libgit2 does not unquote them) and, when libgit2 did not read
    /// the environment, `GIT_OBJECT_DIRECTORY` and all alternates.
    private func addObjectDirectoriesLibgit2Missed(env: [String: String], appliedByLibgit2: Bool) throws {
        var extra: [String] = []
        if !appliedByLibgit2, let objects = env["GIT_OBJECT_DIRECTORY"] { extra.append(objects) }
        if let alternates = env["GIT_ALTERNATE_OBJECT_DIRECTORIES"] {
            for entry in ObjectDirectoryEnvironment.parseAlternates(alternates) where entry.wasQuoted || !appliedByLibgit2 {
                extra.append(entry.path)
            }
        }
        guard !extra.isEmpty else { return }
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, handle), "cannot read the object database")
        defer { git_odb_free(odb) }
        for directory in extra where FileManager.default.fileExists(atPath: directory) {
            try check(git_odb_add_disk_alternate(odb, directory), "cannot add object directory \(directory)")
        }
    }

    // MARK: Objects

    /// Resolves a revision as git users write it (`HEAD~3`, a ref name, an abbreviated id) to a commit.
    public func resolveCommit(_ spec: String) throws -> ObjectID {
        var object: OpaquePointer?
        let found = git_revparse_single(&object, handle, spec)
        if found < 0 {
            throw GitError(code: found, message: "unknown revision '\(spec)'")
        }
        defer { git_object_free(object) }
        var peeled: OpaquePointer?
        let peel = git_object_peel(&peeled, object, GIT_OBJECT_COMMIT)
        if peel < 0 {
            throw GitError(code: peel, message: "revision '\(spec)' does not name a commit")
        }
        defer { git_object_free(peeled) }
        return ObjectID(git_object_id(peeled))
    }

    /// Reads one commit. Identities go through `mailmap` when one is given.
    public func commit(_ id: ObjectID, mailmap: Mailmap? = nil) throws -> Commit {
        var commit: OpaquePointer?
        var oid = id.raw
        try check(git_commit_lookup(&commit, handle, &oid), "cannot read commit \(id.hex)")
        defer { git_commit_free(commit) }
        let encoding = git_commit_message_encoding(commit).map { String(cString: $0) }
        let recordedAuthor = Identity(git_commit_author(commit), encoding: encoding)
        let recordedCommitter = Identity(git_commit_committer(commit), encoding: encoding)
        let rawMessage = git_commit_message(commit)
        let decoded = TextDecoding.decode(cString: rawMessage, declaredEncoding: encoding)
        let trailers = rawMessage.map { Trailer.parse(rawMessage: $0, encoding: decoded.encoding) } ?? []
        let parentCount = git_commit_parentcount(commit)
        var parents: [ObjectID] = []
        parents.reserveCapacity(Int(parentCount))
        for i in 0..<parentCount {
            if let parent = git_commit_parent_id(commit, i) { parents.append(ObjectID(parent)) }
        }
        return Commit(
            id: id, parents: parents,
            author: mailmap?.resolve(recordedAuthor) ?? recordedAuthor,
            committer: mailmap?.resolve(recordedCommitter) ?? recordedCommitter,
            recordedAuthor: recordedAuthor, recordedCommitter: recordedCommitter,
            message: decoded.text, messageEncoding: decoded.encoding, trailers: trailers)
    }

    /// The parents of a commit, without decoding the rest of it.
    public func parents(of id: ObjectID) throws -> [ObjectID] {
        var commit: OpaquePointer?
        var oid = id.raw
        try check(git_commit_lookup(&commit, handle, &oid), "cannot read commit \(id.hex)")
        defer { git_commit_free(commit) }
        return (0..<git_commit_parentcount(commit)).compactMap { git_commit_parent_id(commit, $0).map(ObjectID.init) }
    }

    /// The message of a merge commit, or nil for a commit with one parent or none: one lookup,
    /// no identities or trailers decoded (a pass over every commit looking for merges).
    public func mergeMessage(of id: ObjectID) throws -> String? {
        var commit: OpaquePointer?
        var oid = id.raw
        try check(git_commit_lookup(&commit, handle, &oid), "cannot read commit \(id.hex)")
        defer { git_commit_free(commit) }
        guard git_commit_parentcount(commit) > 1 else { return nil }
        let encoding = git_commit_message_encoding(commit).map { String(cString: $0) }
        return TextDecoding.decode(cString: git_commit_message(commit), declaredEncoding: encoding).text
    }

    /// True when the object database holds `id` (false for what a shallow or partial clone lacks).
    public func contains(_ id: ObjectID) -> Bool {
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, handle) == 0 else { return false }
        defer { git_odb_free(odb) }
        var oid = id.raw
        return git_odb_exists(odb, &oid) == 1
    }

    // MARK: References

    /// A reference and the commit it leads to, if it leads to one.
    public struct Reference: Sendable, Hashable {
        public var name: String
        public var target: ObjectID?
    }

    /// Every reference, with symbolic ones resolved and tags peeled to commits.
    public func references() throws -> [Reference] {
        var iterator: OpaquePointer?
        try check(git_reference_iterator_new(&iterator, handle), "cannot list references")
        defer { git_reference_iterator_free(iterator) }
        var result: [Reference] = []
        var ref: OpaquePointer?
        while git_reference_next(&ref, iterator) == 0 {
            defer { git_reference_free(ref) }
            let name = String(cString: git_reference_name(ref))
            var peeled: OpaquePointer?
            if git_reference_peel(&peeled, ref, GIT_OBJECT_COMMIT) == 0 {
                result.append(Reference(name: name, target: ObjectID(git_object_id(peeled))))
                git_object_free(peeled)
            } else {
                result.append(Reference(name: name, target: nil))
            }
        }
        return result
    }

    /// The commit HEAD points at, or nil when HEAD is unborn or detached to nothing.
    public func headCommit() -> ObjectID? {
        try? resolveCommit("HEAD")
    }

    // MARK: Notes

    /// The text of the note `ref` attaches to `id`, or nil when there is none.
    public func note(on id: ObjectID, ref: String) -> String? {
        var note: OpaquePointer?
        var oid = id.raw
        guard git_note_read(&note, handle, ref, &oid) == 0 else { return nil }
        defer { git_note_free(note) }
        return TextDecoding.decode(cString: git_note_message(note)).text
    }

    /// True when a reference with this exact name exists.
    public func hasReference(_ name: String) -> Bool {
        var oid = git_oid()
        return git_reference_name_to_id(&oid, handle, name) == 0
    }

    // MARK: Configuration

    /// A configuration value as git reads it (repository, global and system files), or nil.
    public func configValue(_ key: String) -> String? {
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, handle) == 0 else { git_error_clear(); return nil }
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        guard git_config_get_string(&value, config, key) == 0, let value else { git_error_clear(); return nil }
        return String(cString: value)
    }
}
