import CLibgit2
import Foundation
import VigilModel

/// An open git repository. Owns one libgit2 repository handle and its object database; use it
/// from one thread at a time (open one `Repository` per worker: libgit2 objects are not
/// thread-safe, and each handle keeps its own caches).
public final class Repository {
    let handle: OpaquePointer
    private let odb: OpaquePointer

    /// The git directory (`.git`, or the repository itself when bare), with a trailing slash.
    public let gitDirectory: String
    /// The working tree, or nil for a bare repository.
    public let workingDirectory: String?
    /// The git directory linked worktrees share (hooks, refs, objects): `gitDirectory` otherwise.
    public let commonDirectory: String
    /// Objects read from the object database so far, by kind (see `ObjectReads`).
    public private(set) var reads = ObjectReads()
    /// The object directories (the repository's own, `GIT_OBJECT_DIRECTORY`, alternates).
    private var objectDirectories: [String] = []
    /// The loose objects among them, listed the first time an object is read (see `LooseObjects`).
    private lazy var loose = LooseObjects(directories: objectDirectories)
    /// Objects only in memory (a pending commit and its trees), read before the object database.
    public var pending = PendingObjects()

    /// Opens the repository as git does: discovery upwards from `path` (default: the current
    /// directory), bare repositories, and the environment git sets for hooks (`GIT_DIR`,
    /// `GIT_OBJECT_DIRECTORY`, `GIT_ALTERNATE_OBJECT_DIRECTORIES`, `GIT_CEILING_DIRECTORIES`),
    /// so objects in a push's quarantine directory are visible.
    public convenience init(discoveringFrom path: String? = nil) throws {
        GitLibrary.ensureInitialised()
        let env = ProcessInfo.processInfo.environment
        if let path, !FileManager.default.fileExists(atPath: path) {
            throw GitError(.notARepository, "\(path): no such file or directory")
        }
        var repo: OpaquePointer?
        // libgit2 refuses GIT_OPEN_FROM_ENV when GIT_WORK_TREE or GIT_COMMON_DIR is set; then vigil
        // opens the repository plainly and applies the object-directory variables itself.
        let envUnsupported = env["GIT_WORK_TREE"] != nil || env["GIT_COMMON_DIR"] != nil
        let target = path ?? (envUnsupported ? env["GIT_DIR"] : nil)
        let flags: UInt32 = envUnsupported ? 0 : GIT_REPOSITORY_OPEN_FROM_ENV.rawValue
        let result = target.map { git_repository_open_ext(&repo, $0, flags, nil) }
            ?? git_repository_open_ext(&repo, nil, flags, nil)
        guard result >= 0, let repo else {
            let place = target ?? env["GIT_DIR"] ?? FileManager.default.currentDirectoryPath
            if result == GIT_ENOTFOUND.rawValue {
                git_error_clear()
                throw GitError(.notARepository, "\(place): not a git repository (or any parent up to the filesystem root)", code: result)
            }
            throw GitError.fromLibgit2(code: result, doing: "\(place): cannot open repository", kind: .notARepository)
        }
        try self.init(handle: repo)
        try addObjectDirectoriesLibgit2Missed(env: env, appliedByLibgit2: !envUnsupported)
        if let objects = env["GIT_OBJECT_DIRECTORY"] { objectDirectories.append(objects) }
        if let alternates = env["GIT_ALTERNATE_OBJECT_DIRECTORIES"] {
            objectDirectories += ObjectDirectoryEnvironment.parseAlternates(alternates).map(\.path)
        }
    }

    /// Opens exactly the git directory `path`, ignoring the environment (no discovery, no
    /// `GIT_OBJECT_DIRECTORY`): during a push this sees only objects that existed before it.
    public convenience init(gitDirectoryIgnoringEnvironment path: String) throws {
        GitLibrary.ensureInitialised()
        var repo: OpaquePointer?
        try check(git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil),
                  "\(path): cannot open repository", kind: .notARepository)
        try self.init(handle: repo!)
    }

    private init(handle: OpaquePointer) throws {
        var odb: OpaquePointer?
        let result = git_repository_odb(&odb, handle)
        guard result >= 0, let odb else {
            let error = GitError.fromLibgit2(code: result, doing: "cannot open the object database")
            git_repository_free(handle)
            throw error
        }
        self.handle = handle
        self.odb = odb
        gitDirectory = String(cString: git_repository_path(handle))
        workingDirectory = git_repository_workdir(handle).map { String(cString: $0) }
        let common = git_repository_commondir(handle).map { String(cString: $0) } ?? gitDirectory
        commonDirectory = common
        let objects = URL(fileURLWithPath: common).appendingPathComponent("objects").path
        objectDirectories = [objects] + Self.alternates(of: objects)
    }

    /// The directories `objects/info/alternates` names (relative ones against `objects`).
    static func alternates(of objects: String) -> [String] {
        guard let text = try? String(contentsOfFile: objects + "/info/alternates", encoding: .utf8) else { return [] }
        return text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("#") }.map {
            $0.hasPrefix("/") ? $0 : URL(fileURLWithPath: objects).appendingPathComponent($0).standardizedFileURL.path
        }
    }

    deinit {
        git_odb_free(odb)
        git_repository_free(handle)
    }

    public var isBare: Bool { git_repository_is_bare(handle) == 1 }
    public var isShallow: Bool { git_repository_is_shallow(handle) == 1 }
    public var isHeadUnborn: Bool { git_repository_head_unborn(handle) == 1 }
    public var isEmpty: Bool { git_repository_is_empty(handle) == 1 }

    /// True for a partial clone (`extensions.partialClone`, or a promisor remote): blobs may be
    /// missing by design.
    public var isPartialClone: Bool {
        if configValue("extensions.partialclone") != nil { return true }
        return configEntries(matching: "^remote\\..*\\.promisor$").contains { $0.value.lowercased() == "true" }
    }

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
        for directory in extra where FileManager.default.fileExists(atPath: directory) {
            try check(git_odb_add_disk_alternate(odb, directory), "cannot add object directory \(directory)")
        }
    }

    // MARK: Objects

    /// Reads one object from the object database (its id is checked against its content).
    public func readObject(_ id: ObjectID) throws -> RawObject {
        if let (type, content) = try pending.object(id) ?? loose.read(id) {
            reads.record(type, id)
            return RawObject(type: type, content: content)
        }
        var oid = id.oid
        var object: OpaquePointer?
        let result = git_odb_read(&object, odb, &oid)
        guard result >= 0, let object else {
            if result == GIT_ENOTFOUND.rawValue {
                git_error_clear()
                throw GitError(.notFound, "object \(id.hex) is missing from the repository", code: result)
            }
            throw GitError.fromLibgit2(code: result, doing: "cannot read object \(id.hex)", kind: .corrupt)
        }
        let raw = RawObject(handle: object)
        reads.record(raw.type, id)
        return raw
    }

    /// The kind and size of an object, without inflating it when the pack allows.
    public func objectHeader(_ id: ObjectID) throws -> (type: ObjectType, size: Int) {
        if let (type, content) = try pending.object(id) ?? loose.read(id) { return (type, content.count) }
        var oid = id.oid
        var size = 0
        var type = GIT_OBJECT_INVALID
        let result = git_odb_read_header(&size, &type, odb, &oid)
        if result == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            throw GitError(.notFound, "object \(id.hex) is missing from the repository", code: result)
        }
        try check(result, "cannot read object \(id.hex)", kind: .corrupt)
        return (ObjectType(type), size)
    }

    /// True when the object database holds `id` (false for what a shallow or partial clone lacks).
    public func contains(_ id: ObjectID) -> Bool {
        if pending.object(id) != nil { return true }
        var oid = id.oid
        return git_odb_exists(odb, &oid) == 1
    }

    /// One commit object, parsed (headers git would refuse are reported, not thrown: see
    /// `RawCommit.malformations`).
    public func readCommit(_ id: ObjectID) throws -> RawCommit {
        let object = try readObject(id)
        guard object.type == .commit else {
            throw GitError(.badRevision, "object \(id.hex) is a \(object.type.rawValue), not a commit")
        }
        return object.withBytes { RawCommit(id: id, bytes: $0) }
    }

    /// The commit `id` leads to: itself, or what a chain of annotated tags points at; nil for a
    /// tree or blob.
    public func peelToCommit(_ id: ObjectID) throws -> ObjectID? {
        var current = id
        for _ in 0..<16 {
            let object = try readObject(current)
            switch object.type {
            case .commit: return current
            case .tag:
                guard let target = object.withBytes(RawTag.target(of:)) else {
                    throw GitError(.malformed, "tag object \(current.hex) names no object")
                }
                current = target
            default: return nil
            }
        }
        throw GitError(.malformed, "tag chain from \(id.hex) is too long")
    }

    /// Resolves a revision as git users write it (`HEAD~3`, a ref name, an abbreviated or full id)
    /// to a commit.
    public func resolveCommit(_ spec: String) throws -> ObjectID {
        let target: ObjectID
        if let full = ObjectID(hex: spec) {
            target = full
        } else if let fromRef = try referenceTarget(dwim: spec) {
            target = fromRef
        } else {
            var object: OpaquePointer?
            let found = git_revparse_single(&object, handle, spec)
            guard found >= 0, let object else {
                git_error_clear()
                throw GitError(.badRevision, "unknown revision '\(spec)'", code: found)
            }
            target = ObjectID(git_object_id(object))
            git_object_free(object)
        }
        do {
            guard let commit = try peelToCommit(target) else {
                throw GitError(.badRevision, "revision '\(spec)' does not name a commit")
            }
            return commit
        } catch let error as GitError where error.kind == .notFound && ObjectID(hex: spec) == target {
            throw GitError(.badRevision, "unknown revision '\(spec)': no object \(target.hex) in the repository")
        }
    }

    /// The object a short ref name leads to, as git's "dwim" rules find it (`main`, `v1.0`,
    /// `origin/main`, `refs/heads/x`, `HEAD`), or nil when no ref has that name.
    private func referenceTarget(dwim name: String) throws -> ObjectID? {
        var ref: OpaquePointer?
        guard git_reference_dwim(&ref, handle, name) == 0, let ref else { git_error_clear(); return nil }
        defer { git_reference_free(ref) }
        var resolved: OpaquePointer?
        let result = git_reference_resolve(&resolved, ref)
        guard result >= 0, let resolved else {
            if git_repository_head_unborn(handle) == 1 && name == "HEAD" { git_error_clear(); return nil }
            throw GitError.fromLibgit2(code: result, doing: "ref '\(name)' cannot be resolved", kind: .notFound)
        }
        defer { git_reference_free(resolved) }
        guard let oid = git_reference_target(resolved) else { return nil }
        return ObjectID(oid)
    }

    // MARK: References

    /// A reference and the commit it leads to, if it leads to one.
    public struct Reference: Sendable, Hashable {
        public var name: String
        /// The object the ref names directly (a commit, or an annotated tag).
        public var direct: ObjectID?
        /// The commit it leads to; nil for a ref to a tree or blob, or one that cannot be read.
        public var target: ObjectID?
        /// Why the ref cannot be followed (a missing or corrupt object, a dangling symbolic ref).
        public var problem: String?

        public init(name: String, direct: ObjectID?, target: ObjectID?, problem: String? = nil) {
            self.name = name
            self.direct = direct
            self.target = target
            self.problem = problem
        }
    }

    /// Every reference, with symbolic ones resolved and tags peeled to commits (in Swift, so a
    /// malformed commit never makes a ref unreadable). A ref that cannot be followed is listed with
    /// its problem, never dropped.
    public func references() throws -> [Reference] {
        var iterator: OpaquePointer?
        try check(git_reference_iterator_new(&iterator, handle), "cannot list references")
        defer { git_reference_iterator_free(iterator) }
        var result: [Reference] = []
        var ref: OpaquePointer?
        while true {
            let step = git_reference_next(&ref, iterator)
            if step == GIT_ITEROVER.rawValue { git_error_clear(); break }
            try check(step, "cannot list references", kind: .corrupt)
            guard let current = ref else { break }
            defer { git_reference_free(current) }
            let name = String(cString: git_reference_name(current))
            var resolved: OpaquePointer?
            guard git_reference_resolve(&resolved, current) == 0, let resolved else {
                git_error_clear()
                result.append(Reference(name: name, direct: nil, target: nil, problem: "\(name): symbolic ref leads nowhere"))
                continue
            }
            defer { git_reference_free(resolved) }
            guard let oid = git_reference_target(resolved) else { continue }
            let direct = ObjectID(oid)
            do {
                result.append(Reference(name: name, direct: direct, target: try peelToCommit(direct)))
            } catch let error as GitError {
                result.append(Reference(name: name, direct: direct, target: nil, problem: "\(name): \(error.message)"))
            }
        }
        return result
    }

    /// The commit HEAD points at, or nil when HEAD is unborn.
    public func headCommit() throws -> ObjectID? {
        if git_repository_head_unborn(handle) == 1 { return nil }
        guard let target = try referenceTarget(dwim: "HEAD") else { return nil }
        return try peelToCommit(target)
    }

    /// The branch HEAD names (`refs/heads/main`), or nil when HEAD is detached or not symbolic.
    public func headBranch() -> String? {
        var ref: OpaquePointer?
        guard git_reference_lookup(&ref, handle, "HEAD") == 0, let ref else { git_error_clear(); return nil }
        defer { git_reference_free(ref) }
        guard git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC, let target = git_reference_symbolic_target(ref) else { return nil }
        let name = String(cString: target)
        return name.hasPrefix("refs/heads/") ? name : nil
    }

    /// True when a reference with this exact name exists.
    public func hasReference(_ name: String) -> Bool {
        var oid = git_oid()
        let found = git_reference_name_to_id(&oid, handle, name) == 0
        if !found { git_error_clear() }
        return found
    }

    /// The commits listed in the `shallow` file: boundary commits whose parents are absent.
    public var shallowBoundary: Set<ObjectID> {
        let path = URL(fileURLWithPath: gitDirectory).appendingPathComponent("shallow").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return Set(text.split(whereSeparator: \.isNewline).compactMap { ObjectID(hex: String($0)) })
    }

    // MARK: Notes

    /// The text of the note `ref` attaches to `id`, or nil when there is none.
    public func note(on id: ObjectID, ref: String) -> String? {
        var note: OpaquePointer?
        var oid = id.oid
        guard git_note_read(&note, handle, ref, &oid) == 0, let note else { git_error_clear(); return nil }
        defer { git_note_free(note) }
        return TextDecoding.decode(cString: git_note_message(note)).text
    }

    // MARK: Configuration

    /// Every configuration entry whose name matches `regex` (libgit2's syntax, case-folded names).
    public func configEntries(matching regex: String) -> [(name: String, value: String)] {
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, handle) == 0 else { git_error_clear(); return [] }
        defer { git_config_free(config) }
        var iterator: OpaquePointer?
        guard git_config_iterator_glob_new(&iterator, config, regex) == 0 else { git_error_clear(); return [] }
        defer { git_config_iterator_free(iterator) }
        var result: [(String, String)] = []
        var entry: UnsafeMutablePointer<git_config_entry>?
        while git_config_next(&entry, iterator) == 0, let entry {
            result.append((String(cString: entry.pointee.name), entry.pointee.value.map { String(cString: $0) } ?? ""))
        }
        git_error_clear()
        return result
    }

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

/// The kinds of git object.
public enum ObjectType: String, Sendable, Hashable {
    case commit, tree, blob, tag, unknown

    init(_ type: git_object_t) {
        switch type {
        case GIT_OBJECT_COMMIT: self = .commit
        case GIT_OBJECT_TREE: self = .tree
        case GIT_OBJECT_BLOB: self = .blob
        case GIT_OBJECT_TAG: self = .tag
        default: self = .unknown
        }
    }
}

/// One object read from the object database; the bytes live as long as this value. A packed
/// object is libgit2's (freed here); a loose one vigil inflated itself.
public struct RawObject: ~Copyable {
    private let handle: OpaquePointer?
    private let content: [UInt8]
    public let type: ObjectType

    init(handle: OpaquePointer) {
        self.handle = handle
        content = []
        type = ObjectType(git_odb_object_type(handle))
    }

    init(type: ObjectType, content: [UInt8]) {
        handle = nil
        self.content = content
        self.type = type
    }

    public var count: Int { handle.map { git_odb_object_size($0) } ?? content.count }

    /// The object's content (without git's `type size\0` header).
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if let handle { return try body(UnsafeRawBufferPointer(start: git_odb_object_data(handle), count: git_odb_object_size(handle))) }
        return try content.withUnsafeBytes(body)
    }

    deinit { if let handle { git_odb_object_free(handle) } }
}

/// How many objects a repository handle read, by kind, and how many of those it had read before
/// (the figure the scan keeps at zero for commits, trees and blobs).
public struct ObjectReads: Sendable, Equatable {
    public private(set) var commits = 0
    public private(set) var trees = 0
    public private(set) var blobs = 0
    public private(set) var tags = 0
    /// Reads of an object this handle had already read (only counted while `trackRepeats`).
    public private(set) var repeats: [ObjectType: Int] = [:]
    /// Remember every id read, to count repeats (tests and benchmarks; costs memory).
    public var trackRepeats = false
    private var seen: Set<ObjectID> = []

    public init() {}

    mutating func record(_ type: ObjectType, _ id: ObjectID) {
        switch type {
        case .commit: commits += 1
        case .tree: trees += 1
        case .blob: blobs += 1
        case .tag: tags += 1
        case .unknown: break
        }
        if trackRepeats, !seen.insert(id).inserted { repeats[type, default: 0] += 1 }
    }

    /// The sum of two handles' reads (workers), keeping repeats per handle.
    public static func + (a: ObjectReads, b: ObjectReads) -> ObjectReads {
        var sum = a
        sum.commits += b.commits
        sum.trees += b.trees
        sum.blobs += b.blobs
        sum.tags += b.tags
        for (type, n) in b.repeats { sum.repeats[type, default: 0] += n }
        sum.seen = []
        return sum
    }
}

extension Repository {
    /// Starts (or stops) counting repeated reads of the same object on this handle.
    public func trackRepeatedReads(_ on: Bool) { reads.trackRepeats = on }
}
