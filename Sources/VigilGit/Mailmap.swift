import CLibgit2
import Foundation
import VigilModel

/// The repository's `.mailmap` (from the work tree, `mailmap.file`, `mailmap.blob`, or `HEAD:.mailmap`
/// in a bare repository). Owns its libgit2 handle; caches each distinct identity it resolves.
public final class Mailmap {
    private let handle: OpaquePointer
    private var cache: [Key: (String, String)] = [:]

    private struct Key: Hashable { let name: String; let email: String }

    public init(repository: Repository) throws {
        var mailmap: OpaquePointer?
        // A .mailmap that cannot be read is not worth failing a scan for: identities stay as recorded.
        try check(git_mailmap_from_repository(&mailmap, repository.handle), "cannot read .mailmap", kind: .other)
        self.handle = mailmap!
    }

    /// A mailmap from text in `.mailmap` format (for tests and rule examples).
    public init(text: String) throws {
        GitLibrary.ensureInitialised()
        var mailmap: OpaquePointer?
        try text.withCString { buffer in
            try check(git_mailmap_from_buffer(&mailmap, buffer, strlen(buffer)), "cannot parse mailmap")
        }
        self.handle = mailmap!
    }

    deinit { git_mailmap_free(handle) }

    /// The canonical name and email for `identity`; the time is kept.
    public func resolve(_ identity: Identity) -> Identity {
        let key = Key(name: identity.name, email: identity.email)
        var out = identity
        if let hit = cache[key] {
            (out.name, out.email) = hit
            return out
        }
        identity.name.withCString { name in
            identity.email.withCString { email in
                var realName: UnsafePointer<CChar>?
                var realEmail: UnsafePointer<CChar>?
                guard git_mailmap_resolve(&realName, &realEmail, handle, name, email) == 0 else { return }
                // The results point into the mailmap or into our arguments: copy while both live.
                if let realName { out.name = String(cString: realName) }
                if let realEmail { out.email = String(cString: realEmail) }
            }
        }
        cache[key] = (out.name, out.email)
        return out
    }
}
