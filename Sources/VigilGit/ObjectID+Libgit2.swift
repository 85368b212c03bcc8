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
