/// Everything vigil reads from one commit object, as a value that can cross threads.
public struct Commit: Sendable, Hashable {
    public var id: ObjectID
    public var parents: [ObjectID]
    /// Author and committer after `.mailmap`.
    public var author: Identity
    public var committer: Identity
    /// Author and committer as recorded, before `.mailmap`.
    public var recordedAuthor: Identity
    public var recordedCommitter: Identity
    /// The full message, decoded (see `TextDecoding`).
    public var message: String
    /// The encoding the message was decoded from when it was not UTF-8 (declared or guessed), else nil.
    public var messageEncoding: String?
    /// Trailers git parses from the message's last paragraph.
    public var trailers: [Trailer]

    public init(id: ObjectID, parents: [ObjectID], author: Identity, committer: Identity,
                recordedAuthor: Identity? = nil, recordedCommitter: Identity? = nil,
                message: String, messageEncoding: String? = nil, trailers: [Trailer]) {
        self.id = id
        self.parents = parents
        self.author = author
        self.committer = committer
        self.recordedAuthor = recordedAuthor ?? author
        self.recordedCommitter = recordedCommitter ?? committer
        self.message = message
        self.messageEncoding = messageEncoding
        self.trailers = trailers
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
