import Foundation

/// An SSH key pair made for a test with `ssh-keygen` (no passphrase), and what git and vigil read of it.
public struct SSHKeyPair: Sendable {
    public let privateKey: URL
    /// `TYPE BASE64 COMMENT`, as in the `.pub` file.
    public let publicLine: String

    /// `type` is `ed25519`, `ecdsa` (P-256) or `rsa`.
    public static func generate(_ name: String, type: String = "ed25519", in directory: URL) throws -> SSHKeyPair {
        let file = directory.appendingPathComponent(name)
        var arguments = ["-q", "-t", type, "-N", "", "-C", name, "-f", file.path]
        if type == "rsa" { arguments += ["-b", "3072"] }
        if type == "ecdsa" { arguments += ["-b", "256"] }
        let result = try ProcessRunner.run(executable: "/usr/bin/ssh-keygen", arguments: arguments)
        guard result.status == 0 else { throw FixtureError("ssh-keygen failed: \(result.stderr)") }
        let line = try String(contentsOf: URL(fileURLWithPath: file.path + ".pub"), encoding: .utf8)
        return SSHKeyPair(privateKey: file, publicLine: line.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// `TYPE BASE64` without the comment.
    public var publicKey: String { publicLine.split(separator: " ").prefix(2).joined(separator: " ") }

    /// Signs `message` with `ssh-keygen -Y sign -n namespace`: the armored signature.
    public func sign(_ message: String, namespace: String) throws -> String {
        let result = try ProcessRunner.run(executable: "/usr/bin/ssh-keygen", arguments: ["-Y", "sign", "-n", namespace, "-f", privateKey.path],
                                           input: message)
        guard result.status == 0 else { throw FixtureError("ssh-keygen -Y sign failed: \(result.stderr)") }
        return result.stdout
    }
}
