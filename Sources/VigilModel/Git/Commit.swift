/// Everything vigil reads from one commit object, as a value that can cross threads.
public struct Commit: Sendable, Hashable {
    public var id: ObjectID
    /// The commit's root tree.
    public var tree: ObjectID
    public var parents: [ObjectID]
    /// Author and committer after `.mailmap`.
    public var author: Identity
    public var committer: Identity
    /// Author and committer as recorded, before `.mailmap`.
    public var recordedAuthor: Identity
    public var recordedCommitter: Identity
    /// The full message, decoded (see `TextDecoding`); a NUL byte does not end it.
    public var message: String
    /// The encoding the message was decoded from when it was not UTF-8 (declared or guessed), else nil.
    public var messageEncoding: String?
    /// Trailers as git parses them from the message's last paragraph.
    public var trailers: [Trailer]
    /// The commit's signature, when it carries one (`gpgsig`).
    public var signature: CommitSignature?
    /// What is wrong with the object itself (a header git would refuse), in words; empty when sound.
    public var malformations: [String]

    public init(id: ObjectID, tree: ObjectID = .zero, parents: [ObjectID], author: Identity, committer: Identity,
                recordedAuthor: Identity? = nil, recordedCommitter: Identity? = nil,
                message: String, messageEncoding: String? = nil, trailers: [Trailer]? = nil,
                signature: CommitSignature? = nil, malformations: [String] = []) {
        self.id = id
        self.tree = tree
        self.parents = parents
        self.author = author
        self.committer = committer
        self.recordedAuthor = recordedAuthor ?? author
        self.recordedCommitter = recordedCommitter ?? committer
        self.message = message
        self.messageEncoding = messageEncoding
        self.trailers = trailers ?? Trailer.parse(message: message)
        self.signature = signature
        self.malformations = malformations
    }

    /// The first non-blank line of the message, trimmed.
    public var subject: String {
        // A byte scan: this runs for every commit, and Foundation's trimming is far slower.
        var utf8 = message.utf8[...]
        while let first = utf8.first, first == 0x0A || first == 0x20 || first == 0x09 || first == 0x0D { utf8 = utf8.dropFirst() }
        var line = utf8.prefix(while: { $0 != 0x0A })
        while let last = line.last, last == 0x20 || last == 0x09 || last == 0x0D { line = line.dropLast() }
        return String(line) ?? String(decoding: line, as: UTF8.self)
    }

    public var isMerge: Bool { parents.count > 1 }
    public var isRoot: Bool { parents.isEmpty }
}

/// A signature embedded in a commit (`gpgsig` header): the armored text and the exact bytes it signs.
public struct CommitSignature: Sendable, Hashable {
    public enum Format: String, Sendable { case ssh, openpgp, x509, unknown }
    public var format: Format
    /// The armored signature, as the header holds it (continuation spaces removed).
    public var armored: String
    /// The commit object without its signature header: what the signer signed.
    public var payload: [UInt8]

    public init(format: Format, armored: String, payload: [UInt8]) {
        self.format = format
        self.armored = armored
        self.payload = payload
    }
}
