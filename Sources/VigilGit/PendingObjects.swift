import VigilModel

/// Objects that exist only in memory: the trees of the staged changes and the commit they would
/// make (`vigil check --staged`). A `Repository` given them reads them before its object
/// database, so the scan judges a pending commit exactly as a real one, and nothing is written
/// into the repository.
public struct PendingObjects: Sendable {
    private var objects: [ObjectID: (type: ObjectType, content: [UInt8])] = [:]

    public init() {}

    public var isEmpty: Bool { objects.isEmpty }

    /// Adds an object and returns its id (the hash git would give it).
    @discardableResult
    public mutating func add(_ type: ObjectType, _ content: [UInt8]) throws -> ObjectID {
        guard let id = try ObjectID.hashing(content, as: type) else {
            throw GitError(.malformed, "an object of unknown kind cannot be kept")
        }
        objects[id] = (type, content)
        return id
    }

    func object(_ id: ObjectID) -> (type: ObjectType, content: [UInt8])? { objects[id] }
}
