import CSQLiteOptions
import Foundation
import GRDB
import VigilGit
import VigilModel

/// What went wrong with an index, in one line that names the database.
public struct IndexError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The SQLite file that holds the index, in WAL mode: readers see the last committed batch while
/// an index run writes. One file can hold several repositories.
public final class IndexDatabase: Sendable {
    public let path: String
    let pool: any DatabaseWriter
    /// Opened for reading only (queries, `show`, reports): writes are refused with a clear error.
    public let isReadOnly: Bool

    /// `file:` URIs, for immutable read-only opening, must be on before SQLite's first connection.
    private static let uriEnabled: Void = { _ = vigil_sqlite_enable_uri() }()

    /// Opens (creating when `create`) and migrates the index at `path`.
    public init(path: String, create: Bool = true) throws {
        _ = Self.uriEnabled
        self.path = path
        isReadOnly = false
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists && !create {
            throw IndexError("\(path): no index here; build one with `vigil index`")
        }
        if !exists {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw IndexError("\(path): cannot create the index's directory: \(error.localizedDescription)")
            }
        }
        var configuration = Configuration()
        // Another process writing (a second index run, triage) waits rather than failing.
        configuration.busyMode = .timeout(60)
        configuration.foreignKeysEnabled = true
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            let migrator = IndexSchema.migrator
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                throw IndexError("\(path): this index was written by a newer vigil; upgrade vigil to read it")
            }
            try migrator.migrate(pool)
        } catch let error as IndexError {
            throw error
        } catch let error as DatabaseError {
            throw IndexError("\(path): not a usable vigil index (\(error.message ?? error.description))")
        }
    }

    /// Opens the index at `path` for reading only, as a user who may not write the file or its
    /// directory (another user's index, a 0444 file in a 0555 directory): nothing is created or
    /// migrated. When SQLite cannot share the WAL (no `-shm` and no right to make one), the file
    /// is read as an immutable snapshot.
    public init(readingFrom path: String) throws {
        _ = Self.uriEnabled
        self.path = path
        isReadOnly = true
        guard FileManager.default.fileExists(atPath: path) else {
            throw IndexError("\(path): no index here; build one with `vigil index`")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw IndexError("\(path): cannot read the index (permission denied)")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(60)
        let migrator = IndexSchema.migrator
        func check(_ reader: any DatabaseReader) throws {
            try reader.read { db in
                if try migrator.hasBeenSuperseded(db) {
                    throw IndexError("\(path): this index was written by a newer vigil; upgrade vigil to read it")
                }
                if try !migrator.hasCompletedMigrations(db) {
                    throw IndexError("\(path): this index was written by an older vigil; run `vigil index` to upgrade it")
                }
            }
        }
        do {
            let shared = try DatabasePool(path: path, configuration: configuration)
            try check(shared)
            pool = shared
        } catch let error as IndexError {
            throw error
        } catch {
            do {
                let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
                let snapshot = try DatabaseQueue(path: "file:\(encoded)?immutable=1", configuration: configuration)
                try check(snapshot)
                pool = snapshot
            } catch let error as IndexError {
                throw error
            } catch let error as DatabaseError {
                throw IndexError("\(path): not a usable vigil index (\(error.message ?? error.description))")
            }
        }
    }

    /// `.git/vigil/index.sqlite` in the repository's git directory.
    public static func defaultPath(for repository: Repository) -> String {
        URL(fileURLWithPath: repository.gitDirectory).appendingPathComponent("vigil/index.sqlite").path
    }

    /// The migrations applied, oldest first.
    public func appliedMigrations() throws -> [String] {
        try pool.read { try IndexSchema.migrator.appliedMigrations($0) }
    }

    /// Runs `body` in a write transaction, turning SQLite's errors into one-line index errors.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        if isReadOnly { throw IndexError("\(path): the index is open for reading only") }
        do { return try pool.write(body) } catch let error as DatabaseError {
            throw IndexError("\(path): \(error.message ?? error.description)")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch let error as DatabaseError {
            throw IndexError("\(path): \(error.message ?? error.description)")
        }
    }
}

extension IndexDatabase {
    /// The row for `repository`, created on first use.
    public func register(_ repository: Repository) throws -> IndexedRepository {
        let path = Self.canonicalPath(repository.gitDirectory)
        let name = Self.shortName(gitDirectory: path, workingDirectory: repository.workingDirectory)
        return try write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT id, name FROM repositories WHERE path = ?", arguments: [path]) {
                return IndexedRepository(id: row["id"], path: path, name: row["name"])
            }
            try db.execute(sql: "INSERT INTO repositories (path, name) VALUES (?, ?)", arguments: [path, name])
            return IndexedRepository(id: db.lastInsertedRowID, path: path, name: name)
        }
    }

    /// The indexed repository `repository` is, or nil when it was never indexed.
    public func lookup(_ repository: Repository) throws -> IndexedRepository? {
        let path = Self.canonicalPath(repository.gitDirectory)
        return try read { db in
            try Row.fetchOne(db, sql: "SELECT id, name FROM repositories WHERE path = ?", arguments: [path]).map {
                IndexedRepository(id: $0["id"], path: path, name: $0["name"])
            }
        }
    }

    public func repositories() throws -> [IndexedRepository] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, path, name FROM repositories ORDER BY name, path").map {
                IndexedRepository(id: $0["id"], path: $0["path"], name: $0["name"])
            }
        }
    }

    static func canonicalPath(_ gitDirectory: String) -> String {
        var path = URL(fileURLWithPath: gitDirectory).resolvingSymlinksInPath().standardizedFileURL.path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    static func shortName(gitDirectory: String, workingDirectory: String?) -> String {
        if let workingDirectory {
            return URL(fileURLWithPath: workingDirectory).standardizedFileURL.lastPathComponent
        }
        let last = URL(fileURLWithPath: gitDirectory).lastPathComponent
        return last.hasSuffix(".git") && last.count > 4 ? String(last.dropLast(4)) : last
    }
}
