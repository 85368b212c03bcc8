import VigilModel

/// A tree object parsed in Swift: its entries in git's order, names kept as bytes (paths need not
/// be UTF-8). Immutable once read, so a worker's cache can hand it out freely.
final class Tree {
    let id: ObjectID
    /// Every entry's name, one after the other; `nameStarts[i]..<nameStarts[i + 1]`.
    private let names: [UInt8]
    private let nameStarts: [Int]
    let modes: [UInt32]
    let ids: [ObjectID]
    /// The object's size, for the cache's budget.
    let byteCount: Int

    static let treeMode: UInt32 = 0o040000

    var count: Int { modes.count }

    /// git's `canon_mode`: old trees hold modes such as 100664; git reads them as 100644 (or
    /// 100755 when executable), so a tree rewritten with clean modes is no change.
    static func canonical(_ mode: UInt32) -> UInt32 {
        switch mode & 0o170000 {
        case 0o100000: return mode & 0o100 != 0 ? 0o100755 : 0o100644
        case 0o120000: return 0o120000
        case 0o040000: return 0o040000
        default: return 0o160000
        }
    }

    init(id: ObjectID, bytes: UnsafeRawBufferPointer) throws {
        self.id = id
        byteCount = bytes.count
        let all = bytes.bindMemory(to: UInt8.self)
        var names: [UInt8] = [], starts: [Int] = [0], modes: [UInt32] = [], ids: [ObjectID] = []
        var i = 0
        while i < all.count {
            var mode: UInt32 = 0
            var digits = 0
            while i < all.count, all[i] != 0x20 {
                let d = all[i]
                guard (0x30...0x37).contains(d), digits < 7 else {
                    throw GitError(.corrupt, "tree \(id.hex) has a bad entry mode")
                }
                mode = mode << 3 | UInt32(d - 0x30)
                digits += 1
                i += 1
            }
            guard digits > 0, i < all.count else { throw GitError(.corrupt, "tree \(id.hex) ends inside an entry") }
            i += 1
            let nameStart = i
            while i < all.count, all[i] != 0 { i += 1 }
            guard i > nameStart, i + 1 + ObjectID.byteCount <= all.count else {
                throw GitError(.corrupt, "tree \(id.hex) ends inside an entry")
            }
            names += all[nameStart..<i]
            starts.append(names.count)
            i += 1
            ids.append(ObjectID(rawPointer: bytes.baseAddress! + i))
            i += ObjectID.byteCount
            modes.append(Self.canonical(mode))
        }
        self.names = names
        self.nameStarts = starts
        self.modes = modes
        self.ids = ids
    }

    func name(_ index: Int) -> ArraySlice<UInt8> { names[nameStarts[index]..<nameStarts[index + 1]] }

    func isTree(_ index: Int) -> Bool { modes[index] == Self.treeMode }

    /// git's entry order between `self[i]` and `other[j]`: by name, a tree's name compared as if
    /// it ended in '/'. Equal names are the same entry (a change of kind when the modes differ).
    func order(_ i: Int, _ other: Tree, _ j: Int) -> Int {
        let a = name(i), b = other.name(j)
        var ai = a.startIndex, bi = b.startIndex
        while ai < a.endIndex && bi < b.endIndex {
            if a[ai] != b[bi] { return a[ai] < b[bi] ? -1 : 1 }
            ai += 1
            bi += 1
        }
        if ai == a.endIndex && bi == b.endIndex { return 0 }
        let ac: UInt8 = ai < a.endIndex ? a[ai] : (isTree(i) ? 0x2F : 0)
        let bc: UInt8 = bi < b.endIndex ? b[bi] : (other.isTree(j) ? 0x2F : 0)
        if ac == bc { return 0 }
        return ac < bc ? -1 : 1
    }
}

/// Recently read objects kept for a worker, up to a byte budget (oldest dropped first): in a walk
/// newest first, a commit's old side is its parent's new side, so each object is inflated once.
struct ObjectCache<Value> {
    private var values: [ObjectID: (value: Value, bytes: Int)] = [:]
    private var order: [ObjectID] = []
    private var orderStart = 0
    private var bytes = 0
    let budget: Int

    init(budget: Int) { self.budget = budget }

    subscript(id: ObjectID) -> Value? { values[id]?.value }

    mutating func insert(_ value: Value, for id: ObjectID, bytes size: Int) {
        guard size <= budget, values[id] == nil else { return }
        values[id] = (value, size)
        order.append(id)
        bytes += size
        while bytes > budget, orderStart < order.count {
            let oldest = order[orderStart]
            orderStart += 1
            if let removed = values.removeValue(forKey: oldest) { bytes -= removed.bytes }
        }
        if orderStart > 4096 && orderStart * 2 > order.count {
            order.removeFirst(orderStart)
            orderStart = 0
        }
    }
}
