import Foundation

/// Keys that no longer sign anything (git's `gpg.ssh.revocationFile`): public keys one a line, as
/// in `.pub` files. OpenSSH's binary KRL format is refused with a clear error rather than ignored.
public struct RevokedKeys: Sendable {
    public private(set) var keys: Set<SSHPublicKey> = []

    public init() {}

    public static func load(path: String) throws -> RevokedKeys {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SignerFileError("\(path): cannot read the revoked-keys file")
        }
        if data.starts(with: Array("SSHKRL\n".utf8)) {
            throw SignerFileError("\(path): a binary KRL; list revoked keys as public key lines instead")
        }
        var revoked = RevokedKeys()
        for (index, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r")))
            if line.isEmpty || line.hasPrefix("#") { continue }
            do {
                revoked.keys.insert(try SSHPublicKey(openSSH: line))
            } catch {
                throw SignerFileError("\(path):\(index + 1): \(error)")
            }
        }
        return revoked
    }

    public func contains(_ key: SSHPublicKey) -> Bool { keys.contains(key) }
}
