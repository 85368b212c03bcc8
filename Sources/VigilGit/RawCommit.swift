import VigilModel

/// A commit object as stored, parsed in Swift: parents and times for the walk, the rest kept raw
/// until a worker decodes it (`CommitDecoder`). Parsing never fails on a malformed commit (no
/// author, a date that is not a number, a bad parent id): what git would refuse is said in
/// `malformations`, so one bad object is reported and judged instead of stopping a walk.
public struct RawCommit: Sendable {
    public let id: ObjectID
    /// The root tree (zero when the object names none).
    public var tree: ObjectID = .zero
    public var parents: [ObjectID] = []
    /// Author and committer as recorded, their text still in the commit's encoding.
    public var author = RawIdentity()
    public var committer = RawIdentity()
    /// The `encoding` header, when there is one.
    public var encoding: String?
    /// The message's bytes: everything after the blank line that ends the headers.
    public var message: [UInt8] = []
    /// The `gpgsig` header and the payload it signs, when the commit is signed.
    public var signature: CommitSignature?
    /// What is wrong with the object, in words.
    public var malformations: [String] = []

    /// The committer time, the walk's order (0 when it cannot be read).
    public var time: Int64 { committer.time }

    /// An identity line's parts: bytes for the text (decoded later, with the encoding header), a time.
    public struct RawIdentity: Sendable {
        public var name: [UInt8] = []
        public var email: [UInt8] = []
        public var time: Int64 = 0
        public var offsetMinutes: Int32 = 0
        public init() {}
    }

    public init(id: ObjectID, bytes: UnsafeRawBufferPointer) {
        self.id = id
        var sawTree = false, sawAuthor = false, sawCommitter = false
        var position = 0
        var signatureLines: [ArraySlice<UInt8>] = []
        var signatureRange: Range<Int>?
        let all = bytes.bindMemory(to: UInt8.self)
        // Headers: one per line, continuation lines start with a space, a blank line ends them.
        while position < all.count {
            let lineEnd = all[position...].firstIndex(of: 0x0A) ?? all.count
            if lineEnd == position { position += 1; break } // the blank line
            let line = all[position..<lineEnd]
            let next = min(lineEnd + 1, all.count)
            guard let space = line.firstIndex(of: 0x20) else {
                malformations.append("header line without a value")
                position = next
                continue
            }
            let key = String(decoding: line[line.startIndex..<space], as: UTF8.self)
            let value = line[(space + 1)...]
            var end = next
            switch key {
            case "tree":
                if let id = ObjectID(hex: String(decoding: value, as: UTF8.self)) { tree = id } else { malformations.append("tree id is not 40 hex digits") }
                sawTree = true
            case "parent":
                if let id = ObjectID(hex: String(decoding: value, as: UTF8.self)) { parents.append(id) } else { malformations.append("a parent id is not 40 hex digits") }
            case "author":
                author = Self.identity(ArraySlice(value), role: "author", problems: &malformations)
                sawAuthor = true
            case "committer":
                committer = Self.identity(ArraySlice(value), role: "committer", problems: &malformations)
                sawCommitter = true
            case "encoding":
                encoding = String(decoding: value, as: UTF8.self)
            case "gpgsig", "gpgsig-sha256":
                signatureLines = [ArraySlice(value)]
                while end < all.count, all[end] == 0x20 {
                    let continuationEnd = all[end...].firstIndex(of: 0x0A) ?? all.count
                    signatureLines.append(ArraySlice(all[(end + 1)..<continuationEnd]))
                    end = min(continuationEnd + 1, all.count)
                }
                signatureRange = position..<end
            default:
                // Other headers (mergetag, extra fields) may continue on lines starting with a space.
                while end < all.count, all[end] == 0x20 {
                    end = min((all[end...].firstIndex(of: 0x0A) ?? all.count) + 1, all.count)
                }
            }
            position = end
        }
        if !sawTree { malformations.append("no tree header") }
        if !sawAuthor { malformations.append("no author header") }
        if !sawCommitter { malformations.append("no committer header") }
        message = position < all.count ? Array(all[position...]) : []
        if let signatureRange {
            let armored = signatureLines.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
            var payload = Array(all[..<signatureRange.lowerBound])
            payload += all[signatureRange.upperBound...]
            signature = CommitSignature(format: Self.format(of: armored), armored: armored, payload: payload)
        }
    }

    static func format(of armored: String) -> CommitSignature.Format {
        if armored.hasPrefix("-----BEGIN SSH SIGNATURE-----") { return .ssh }
        if armored.hasPrefix("-----BEGIN PGP SIGNATURE-----") { return .openpgp }
        if armored.hasPrefix("-----BEGIN SIGNED MESSAGE-----") { return .x509 }
        return .unknown
    }

    /// `Name <email> 1767225600 +0100`, as git's `split_ident_line` reads it.
    static func identity(_ value: ArraySlice<UInt8>, role: String, problems: inout [String]) -> RawIdentity {
        var identity = RawIdentity()
        guard let open = value.firstIndex(of: UInt8(ascii: "<")),
              let close = value[open...].firstIndex(of: UInt8(ascii: ">")) else {
            problems.append("\(role) has no <email>")
            identity.name = Array(value)
            return identity
        }
        var nameEnd = open
        while nameEnd > value.startIndex, value[nameEnd - 1] == 0x20 { nameEnd -= 1 }
        identity.name = Array(value[value.startIndex..<nameEnd])
        identity.email = Array(value[(open + 1)..<close])
        var rest = value[(close + 1)...]
        while let first = rest.first, first == 0x20 { rest = rest.dropFirst() }
        let digits = rest.prefix { (0x30...0x39).contains($0) }
        guard !digits.isEmpty, digits.count <= 18, let seconds = Int64(String(decoding: digits, as: UTF8.self)) else {
            problems.append("\(role) date is not a number")
            return identity
        }
        identity.time = seconds
        rest = rest.dropFirst(digits.count)
        while let first = rest.first, first == 0x20 { rest = rest.dropFirst() }
        if rest.count >= 5, rest.first == UInt8(ascii: "+") || rest.first == UInt8(ascii: "-"),
           let zone = Int32(String(decoding: rest.dropFirst().prefix(4), as: UTF8.self)) {
            let minutes = zone / 100 * 60 + zone % 100
            identity.offsetMinutes = rest.first == UInt8(ascii: "-") ? -minutes : minutes
        } else if !rest.isEmpty {
            problems.append("\(role) time zone is not +hhmm")
        }
        return identity
    }
}

/// The object an annotated tag points at.
enum RawTag {
    static func target(of bytes: UnsafeRawBufferPointer) -> ObjectID? {
        let all = bytes.bindMemory(to: UInt8.self)
        let prefix = Array("object ".utf8)
        guard all.count >= prefix.count + 40, Array(all[0..<prefix.count]) == prefix else { return nil }
        return ObjectID(hex: String(decoding: all[prefix.count..<(prefix.count + 40)], as: UTF8.self))
    }
}
