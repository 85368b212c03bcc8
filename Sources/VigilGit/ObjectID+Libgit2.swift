import CLibgit2
import VigilModel

extension ObjectID {
    init(_ oid: git_oid) {
        self = Swift.withUnsafeBytes(of: oid.id) { ObjectID(rawPointer: $0.baseAddress!) }
    }

    init(_ pointer: UnsafePointer<git_oid>) { self.init(rawPointer: UnsafeRawPointer(pointer)) }

    /// libgit2's form of this id.
    var oid: git_oid {
        var oid = git_oid()
        withUnsafeBytes { source in
            Swift.withUnsafeMutableBytes(of: &oid.id) { $0.copyMemory(from: source) }
        }
        return oid
    }
}

extension ObjectID {
    /// git's id of `content` stored as an object of `type` (nil for an unknown kind).
    static func hashing(_ content: [UInt8], as type: ObjectType) throws -> ObjectID? {
        let kind: git_object_t
        switch type {
        case .commit: kind = GIT_OBJECT_COMMIT
        case .tree: kind = GIT_OBJECT_TREE
        case .blob: kind = GIT_OBJECT_BLOB
        case .tag: kind = GIT_OBJECT_TAG
        case .unknown: return nil
        }
        var hashed = git_oid()
        try check(content.withUnsafeBytes { git_odb_hash(&hashed, $0.baseAddress, $0.count, kind) }, "cannot hash an object")
        return ObjectID(hashed)
    }
}
