import VigilModel

/// Turns a raw commit into the `Commit` vigil reasons about: text decoded (see `TextDecoding`),
/// trailers parsed as git parses them, identities through `.mailmap`. Runs in the scan's workers.
public struct CommitDecoder {
    public let mailmap: Mailmap?

    public init(mailmap: Mailmap?) { self.mailmap = mailmap }

    public func decode(_ raw: RawCommit) -> Commit {
        let declared = raw.encoding
        let message = raw.message.withUnsafeBufferPointer { TextDecoding.decode($0, declaredEncoding: declared) }
        let author = identity(raw.author, encoding: declared)
        let committer = identity(raw.committer, encoding: declared)
        return Commit(id: raw.id, tree: raw.tree, parents: raw.parents,
                      author: mailmap?.resolve(author) ?? author, committer: mailmap?.resolve(committer) ?? committer,
                      recordedAuthor: author, recordedCommitter: committer,
                      message: message.text, messageEncoding: message.encoding,
                      trailers: Trailer.parse(message: message.text), signature: raw.signature,
                      malformations: raw.malformations)
    }

    func identity(_ raw: RawCommit.RawIdentity, encoding: String?) -> Identity {
        Identity(name: raw.name.withUnsafeBufferPointer { TextDecoding.decode($0, declaredEncoding: encoding).text },
                 email: raw.email.withUnsafeBufferPointer { TextDecoding.decode($0, declaredEncoding: encoding).text },
                 time: raw.time, offsetMinutes: raw.offsetMinutes)
    }
}

extension Repository {
    /// One commit, read and decoded (identities through `mailmap` when given).
    public func commit(_ id: ObjectID, mailmap: Mailmap? = nil) throws -> Commit {
        CommitDecoder(mailmap: mailmap).decode(try readCommit(id))
    }
}
